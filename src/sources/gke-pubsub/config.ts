// The `gke` section of the configuration: GKE clusters whose Kubernetes audit logs `vigil serve`
// pulls from a Pub/Sub subscription fed by a Cloud Logging sink (docs/operations.md#gke-via-pubsub).

export interface GkeSpec {
  /** The Vigil cluster the events go to. */
  cluster: string;
  /** projects/<project>/subscriptions/<name>. */
  subscription: string;
  /** resource.labels.cluster_name of the entries taken; default: the Vigil cluster name. */
  gkeCluster: string;
  /** host:port of another Pub/Sub endpoint (Private Service Connect, tests); default pubsub.googleapis.com. */
  endpoint?: string;
  /** Messages per committed batch. */
  batchSize: number;
  /** Longest wait for a batch to fill before it is committed anyway. */
  batchMs: number;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_BATCH_MS = 1000;
const KEYS = ['cluster', 'subscription', 'gkeCluster', 'endpoint', 'batchSize', 'batchMs'];
const SUBSCRIPTION = /^projects\/(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]\/subscriptions\/[A-Za-z][\w.~+%-]{2,254}$/;

/** The specs, or every problem with its position (gke[1].subscription ...). */
export function parseGkeConfig(raw: unknown): { specs: GkeSpec[]; errors: string[] } {
  const errors: string[] = [];
  const specs: GkeSpec[] = [];
  if (raw === undefined || raw === null) return { specs, errors };
  if (!Array.isArray(raw)) return { specs, errors: ['gke must be a list of {cluster, subscription, gkeCluster?, endpoint?, batchSize?, batchMs?}'] };
  raw.forEach((item: unknown, i) => {
    const at = `gke[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push(`${at} must be a mapping with at least cluster and subscription`);
      return;
    }
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!KEYS.includes(k)) errors.push(`unknown key ${at}.${k}`);
    if (typeof o.cluster !== 'string' || o.cluster === '') errors.push(`${at}.cluster must be a registered cluster name`);
    if (typeof o.subscription !== 'string' || !SUBSCRIPTION.test(o.subscription)) errors.push(`${at}.subscription must be a full subscription name: projects/<project-id>/subscriptions/<name>`);
    if (o.gkeCluster !== undefined && (typeof o.gkeCluster !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(o.gkeCluster))) errors.push(`${at}.gkeCluster must be a GKE cluster name (lower-case letters, digits and -, at most 40)`);
    if (o.endpoint !== undefined && (typeof o.endpoint !== 'string' || !/^[\w.-]+(:\d{1,5})?$/.test(o.endpoint))) errors.push(`${at}.endpoint must be host or host:port (no scheme)`);
    const batchSize = o.batchSize ?? DEFAULT_BATCH_SIZE;
    if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) errors.push(`${at}.batchSize must be an integer from 1 to 5000`);
    const batchMs = o.batchMs ?? DEFAULT_BATCH_MS;
    if (typeof batchMs !== 'number' || !(batchMs >= 10 && batchMs <= 60_000)) errors.push(`${at}.batchMs must be a number from 10 to 60000`);
    if (specs.some((s) => s.subscription === o.subscription)) errors.push(`${at}.subscription ${String(o.subscription)} is pulled twice`);
    specs.push({
      cluster: String(o.cluster),
      subscription: String(o.subscription),
      gkeCluster: typeof o.gkeCluster === 'string' ? o.gkeCluster : String(o.cluster),
      ...(typeof o.endpoint === 'string' ? { endpoint: o.endpoint } : {}),
      batchSize: Number(batchSize),
      batchMs: Number(batchMs),
    });
  });
  return { specs: errors.length ? [] : specs, errors };
}
