// vigil deploy manifests|bootstrap: Kubernetes manifests for Vigil and the Tracee sensor, and the
// init step that registers the Secret's tokens in the store.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleset, openStore } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import { bootstrap, readTokenFile } from '../../deploy/bootstrap.js';
import { buildManifests, fileName, toYaml } from '../../deploy/manifests.js';
import { secretCommands } from '../../deploy/secrets.js';
import { loadValues } from '../../deploy/values.js';
import { UsageError, parse, str } from '../args.js';

export const DEPLOY_HELP = `Usage:
  vigil deploy manifests [--values FILE] [--out DIR|-] [--generate-secrets] [--rules DIR]
      writes Kubernetes YAML for Vigil (Deployment, PVC, Service, optional Ingress, NetworkPolicy)
      and the Tracee DaemonSet; every object validated against the Kubernetes schemas. --out DIR:
      one file per object (default: - for stdout). The token Secrets are referenced, not printed;
      --generate-secrets adds them with new random tokens (files mode 600). See docs/deploy.md
  vigil deploy bootstrap --cluster NAME --ingest-token-file F [--admin-token-file F] [--platform P] [--data DIR]
      (the Deployment's init container) registers the cluster and the Secret's tokens in the store`;

export async function deployCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(`deploy ${sub ?? ''}`.trim(), rest, {
    values: { type: 'string' },
    out: { type: 'string' },
    'generate-secrets': { type: 'boolean' },
    rules: { type: 'string', multiple: true },
    data: { type: 'string' },
    cluster: { type: 'string' },
    platform: { type: 'string' },
    'ingest-token-file': { type: 'string' },
    'admin-token-file': { type: 'string' },
  });
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(DEPLOY_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'manifests') {
    const v = loadValues(str(values.values));
    const m = buildManifests(v, loadRuleset((values.rules as string[] | undefined) ?? []), { generateSecrets: values['generate-secrets'] === true });
    const out = str(values.out) ?? '-';
    if (out === '-') process.stdout.write(toYaml(m.objects));
    else {
      mkdirSync(out, { recursive: true });
      m.objects.forEach((o, i) => {
        const file = join(out, fileName(o, i));
        writeFileSync(file, toYaml([o]), { mode: o.kind === 'Secret' ? 0o600 : 0o644 });
        if (o.kind === 'Secret') chmodSync(file, 0o600);
      });
      process.stderr.write(`wrote ${m.objects.length} objects to ${out}\n`);
    }
    process.stderr.write(`Tracee traces ${m.traceeEvents.length} events: ${m.traceeEvents.join(', ')}\n`);
    if (!m.tokens) process.stderr.write(`The manifests reference the Secret ${v.tokens.secretName}; create it first (docs/deploy.md):\n${secretCommands(v)}\n`);
    else process.stderr.write(`The Secrets hold new tokens${out === '-' ? ' (in the YAML above: keep it private)' : ` (${out}, mode 600)`}.\n`);
    return 0;
  }
  if (sub === 'bootstrap') {
    const cluster = str(values.cluster);
    const ingestFile = str(values['ingest-token-file']);
    if (!cluster || !ingestFile) throw new UsageError('deploy bootstrap: --cluster and --ingest-token-file are required');
    const adminFile = str(values['admin-token-file']);
    const ingestToken = readTokenFile(ingestFile, 'ingest');
    const adminToken = adminFile ? readTokenFile(adminFile, 'admin') : undefined;
    const data = str(values.data) ?? './data';
    const store = openStore(data);
    try {
      const done = await bootstrap(store, data, { cluster, platform: str(values.platform) ?? 'self-managed', ingestToken, ...(adminToken ? { adminToken } : {}), now: systemClock.now() });
      process.stdout.write(`bootstrap: ${done.length ? done.join('; ') : 'nothing to change'}\n`);
    } finally {
      await store.close();
    }
    return 0;
  }
  throw new UsageError(`deploy: unknown subcommand ${JSON.stringify(sub)}\n${DEPLOY_HELP}`);
}
