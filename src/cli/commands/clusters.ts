// vigil clusters add|list|webhook-config: register clusters and connect their API servers.

import { randomBytes } from 'node:crypto';
import { openStore } from '../../app/open.js';
import { issueToken } from '../../app/tokens.js';
import { clusterStatuses } from '../../app/cluster-status.js';
import { systemClock } from '../../core/clock.js';
import { ConflictError, type Cluster } from '../../store/store.js';
import { UsageError, parse, str } from '../args.js';
import { AUDIT_POLICY, webhookKubeconfig } from './webhook-config.js';

export const CLUSTERS_HELP = `Usage:
  vigil clusters add NAME [--platform eks|gke|aks|self-managed] [--arn ARN] [--data DIR]
      registers a cluster and prints its ingest token (last line of stdout; shown once)
  vigil clusters list [--data DIR] [--json]
  vigil clusters features NAME [--audit-logs on|off] [--runtime on|off] [--data DIR]
      shows or switches what the cluster's detector monitors; a disabled feature ingests nothing
  vigil clusters webhook-config NAME --url URL [--token TOKEN | --new-token] [--insecure] [--data DIR]
      prints the kubeconfig for kube-apiserver's --audit-webhook-config-file and a recommended
      audit Policy for --audit-policy-file; URL is http(s)://HOST:PORT/ingest/k8s-audit`;

const NAME = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;
const PLATFORMS = new Set(['eks', 'gke', 'aks', 'self-managed', 'other']);

export async function clustersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(`clusters ${sub ?? ''}`.trim(), rest, {
    data: { type: 'string' },
    platform: { type: 'string' },
    arn: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    'new-token': { type: 'boolean' },
    insecure: { type: 'boolean' },
    json: { type: 'boolean' },
    'audit-logs': { type: 'string' },
    runtime: { type: 'string' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(CLUSTERS_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  const store = openStore(str(values.data) ?? './data');
  try {
    if (sub === 'add') {
      const name = positionals[0];
      if (!name || !NAME.test(name)) throw new UsageError('clusters add: NAME must be 1-64 lower-case letters, digits, ".", "_" or "-"');
      const platform = str(values.platform) ?? 'self-managed';
      if (!PLATFORMS.has(platform)) throw new UsageError(`clusters add: --platform must be one of ${[...PLATFORMS].join(', ')}`);
      const cluster: Cluster = { name, detectorId: randomBytes(16).toString('hex'), createdAt: systemClock.now(), platform, arn: str(values.arn) ?? null };
      try {
        await store.addCluster(cluster);
      } catch (e) {
        if (e instanceof ConflictError) throw new UsageError(`clusters add: a cluster named ${name} already exists`);
        throw e;
      }
      const { secret } = await issueToken(store, 'ingest', { cluster: name, description: `ingest for ${name}`, now: systemClock.now() });
      process.stdout.write(`Registered cluster ${name} (platform ${platform}, detector ${cluster.detectorId}).\n`);
      process.stdout.write(`Ingest token (shown once; Vigil stores only its hash). Next: vigil clusters webhook-config ${name} --url URL --token TOKEN\n`);
      process.stdout.write(secret + '\n');
      return 0;
    }
    if (sub === 'list') {
      const clusters = await clusterStatuses(store);
      if (values.json) process.stdout.write(JSON.stringify(clusters) + '\n');
      for (const c of values.json ? [] : clusters) {
        process.stdout.write(`${c.name}  platform ${c.platform}  detector ${c.detectorId}  registered ${new Date(c.createdAt).toISOString()}\n`);
        for (const s of c.ingest) {
          const rejected = Object.entries(s.rejected).map(([k, v]) => `${k}=${v}`).join(' ');
          const last = s.lastEventAt === null ? 'never' : new Date(s.lastEventAt).toISOString();
          process.stdout.write(`  ${s.source}: ${s.accepted} judged, ${s.skipped} skipped, ${s.duplicates} duplicates, rejected ${rejected || 0}; last event ${last}\n`);
        }
      }
      return 0;
    }
    if (sub === 'features') {
      const name = positionals[0];
      if (!name || !(await store.getCluster(name))) throw new UsageError(`clusters features: no cluster named ${name ?? '(none)'}`);
      const cur = await store.getClusterFeatures(name);
      const onOff = (v: unknown, flag: string): boolean | undefined => {
        if (v === undefined) return undefined;
        if (v === 'on' || v === 'off') return v === 'on';
        throw new UsageError(`clusters features: --${flag} must be on or off`);
      };
      const audit = onOff(values['audit-logs'], 'audit-logs');
      const runtime = onOff(values.runtime, 'runtime');
      if (audit !== undefined || runtime !== undefined) {
        const next = { auditLogs: audit ?? cur.auditLogs, runtimeMonitoring: runtime ?? cur.runtimeMonitoring };
        await store.setClusterFeatures(name, next, systemClock.now());
        await store.recordAudit({ at: systemClock.now(), actor: 'cli', action: 'clusters.features', details: { cluster: name, ...next } });
        Object.assign(cur, next);
      }
      process.stdout.write(`${name}: audit logs ${cur.auditLogs ? 'on' : 'off'}, runtime monitoring ${cur.runtimeMonitoring ? 'on' : 'off'}\n`);
      return 0;
    }
    if (sub === 'webhook-config') {
      const name = positionals[0];
      const url = str(values.url);
      if (!name) throw new UsageError('clusters webhook-config: give the cluster NAME');
      if (!url || !/^https?:\/\/[^/\s]+\/ingest\/k8s-audit$/.test(url)) throw new UsageError('clusters webhook-config: --url must be http(s)://HOST:PORT/ingest/k8s-audit');
      if (!(await store.getCluster(name))) throw new UsageError(`clusters webhook-config: no cluster named ${name}; run vigil clusters add ${name}`);
      let token = str(values.token);
      if (values['new-token']) token = (await issueToken(store, 'ingest', { cluster: name, description: `ingest for ${name}`, now: systemClock.now() })).secret;
      if (!token) {
        process.stderr.write('note: no --token given; replace <INGEST_TOKEN> with the token printed by "vigil clusters add", or pass --new-token\n');
        token = '<INGEST_TOKEN>';
      }
      process.stdout.write(`# kube-apiserver --audit-webhook-config-file (kubeconfig):\n${webhookKubeconfig({ cluster: name, url, token, insecure: values.insecure === true })}---\n`);
      process.stdout.write(`# kube-apiserver --audit-policy-file:\n${AUDIT_POLICY}`);
      return 0;
    }
    throw new UsageError(`clusters: unknown subcommand ${JSON.stringify(sub)}\n${CLUSTERS_HELP}`);
  } finally {
    await store.close();
  }
}
