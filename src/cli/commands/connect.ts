// vigil connect PLATFORM: prints everything to do on the platform's side to send a cluster's audit
// log to Vigil, with the cluster's values and ingest token filled in. A cluster not yet registered
// is registered (with a new ingest token); for a registered one, pass its token or --new-token.

import { randomBytes } from 'node:crypto';
import { openStore } from '../../app/open.js';
import { hashToken, issueToken } from '../../app/tokens.js';
import { systemClock } from '../../core/clock.js';
import type { Store } from '../../store/store.js';
import { UsageError, parse, str } from '../args.js';
import { aksSteps } from '../connect/aks.js';
import { type ConnectContext, ConnectError, baseUrl } from '../connect/context.js';
import { eksNames } from '../connect/eks-names.js';
import { eksSteps } from '../connect/eks.js';
import { eksTerraform } from '../connect/eks-terraform.js';
import { gkeSteps } from '../connect/gke.js';
import { selfManagedSteps } from '../connect/self-managed.js';

export const CONNECT_HELP = `Usage: vigil connect self-managed|eks|gke|aks --cluster NAME [--url URL] [options] [--data DIR]
  prints the steps that send the cluster's audit log to Vigil, values filled in. A cluster not yet
  registered is registered now with a new ingest token (filled into the steps); for a registered
  cluster give --token TOKEN (its ingest token) or --new-token.
  --url URL        Vigil's base URL as the platform reaches it (https://vigil.example.com);
                   required except for aks
  self-managed     [--ca-file PATH] [--insecure]   (the webhook kubeconfig's CA, or no TLS check)
  eks              --region R --account-id N [--bucket NAME] [--terraform]
                   (--terraform prints only the Terraform file)
  gke              --project P [--delivery push|pull]
  aks              --resource-group G --subscription ID --location L [--category kube-audit|kube-audit-admin]
                   [--eventhubs-namespace NAME]`;

const PLATFORMS = ['self-managed', 'eks', 'gke', 'aks'] as const;
type Platform = (typeof PLATFORMS)[number];
const NAME = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;

/** The ingest token to fill in: new for a new cluster or with --new-token, else --token checked. */
async function ingestToken(store: Store, cluster: string, platform: Platform, given: string | undefined, renew: boolean): Promise<{ token: string; note: string }> {
  const now = systemClock.now();
  const existing = await store.getCluster(cluster);
  if (!existing) {
    await store.addCluster({ name: cluster, detectorId: randomBytes(16).toString('hex'), createdAt: now, platform, arn: null });
    const { secret } = await issueToken(store, 'ingest', { cluster, description: `ingest for ${cluster} (vigil connect)`, now });
    return { token: secret, note: `Registered cluster ${cluster} (platform ${platform}); its new ingest token is filled in below (Vigil keeps only its hash).` };
  }
  if (renew) {
    const { secret } = await issueToken(store, 'ingest', { cluster, description: `ingest for ${cluster} (vigil connect)`, now });
    return { token: secret, note: `Issued a new ingest token for ${cluster}; it is filled in below. Earlier tokens stay valid until revoked (vigil tokens revoke ID).` };
  }
  if (given === undefined) {
    throw new UsageError(`connect: cluster ${cluster} is already registered and Vigil keeps only its tokens' hashes: pass --token TOKEN (its ingest token) or --new-token`);
  }
  const rec = await store.findTokenByHash(hashToken(given));
  if (!rec || rec.revokedAt !== null || rec.kind !== 'ingest' || rec.cluster !== cluster) {
    throw new UsageError(`connect: --token is not a valid ingest token of cluster ${cluster}`);
  }
  const note = existing.platform !== platform ? `Note: cluster ${cluster} was registered with platform ${existing.platform}.` : '';
  return { token: given, note };
}

export async function connectCommand(argv: string[]): Promise<number> {
  const [platform, ...rest] = argv;
  const { values } = parse(`connect ${platform ?? ''}`.trim(), rest, {
    data: { type: 'string' },
    cluster: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    'new-token': { type: 'boolean' },
    region: { type: 'string' },
    'account-id': { type: 'string' },
    bucket: { type: 'string' },
    terraform: { type: 'boolean' },
    project: { type: 'string' },
    delivery: { type: 'string' },
    'resource-group': { type: 'string' },
    subscription: { type: 'string' },
    location: { type: 'string' },
    category: { type: 'string' },
    'eventhubs-namespace': { type: 'string' },
    'ca-file': { type: 'string' },
    insecure: { type: 'boolean' },
  });
  if (values.help || platform === undefined || platform === 'help') {
    process.stdout.write(CONNECT_HELP + '\n');
    return platform === undefined ? 2 : 0;
  }
  if (!(PLATFORMS as readonly string[]).includes(platform)) throw new UsageError(`connect: platform must be one of ${PLATFORMS.join(', ')}`);
  const p = platform as Platform;
  const cluster = str(values.cluster);
  if (!cluster || !NAME.test(cluster)) throw new UsageError('connect: --cluster NAME is required: 1-64 lower-case letters, digits, ".", "_" or "-"');
  const rawUrl = str(values.url);
  if (!rawUrl && p !== 'aks') throw new UsageError(`connect ${p}: --url is required: Vigil's base URL as the platform reaches it, e.g. https://vigil.example.com`);
  const options: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' || v === true) options[k] = String(v);
  const build = (ctx: ConnectContext): string => {
    try {
      return p === 'self-managed' ? selfManagedSteps(ctx)
        : p === 'eks' ? (values.terraform ? eksTerraform(eksNames(ctx), ctx.token, { bare: true }) : eksSteps(ctx))
          : p === 'gke' ? gkeSteps(ctx)
            : aksSteps(ctx);
    } catch (e) {
      if (e instanceof ConnectError) throw new UsageError(`connect ${p}: ${e.message}`);
      throw e;
    }
  };
  let url = '';
  try {
    url = rawUrl ? baseUrl(rawUrl).origin : '';
  } catch (e) {
    if (e instanceof ConnectError) throw new UsageError(`connect ${p}: ${e.message}`);
    throw e;
  }
  const ctx: ConnectContext = { cluster, url, token: '', options };
  build(ctx); // every option checked before anything is registered
  const store = openStore(str(values.data) ?? './data');
  let note = '';
  try {
    if (p !== 'aks') ({ token: ctx.token, note } = await ingestToken(store, cluster, p, str(values.token), values['new-token'] === true));
    else if (!(await store.getCluster(cluster))) {
      await store.addCluster({ name: cluster, detectorId: randomBytes(16).toString('hex'), createdAt: systemClock.now(), platform: 'aks', arn: null });
      note = `Registered cluster ${cluster} (platform aks). Vigil reads its Event Hub: no ingest token is needed.`;
    }
  } finally {
    await store.close();
  }
  const text = build(ctx);
  if (note) process.stderr.write(note + '\n');
  if (p === 'eks' && values.terraform) process.stderr.write(`export TF_VAR_vigil_ingest_token=${ctx.token}\n`);
  process.stdout.write(text);
  return 0;
}
