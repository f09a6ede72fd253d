// The `aks` section of the configuration: AKS clusters whose audit logs (diagnostic settings
// kube-audit / kube-audit-admin) `vigil serve` reads from an Event Hub
// (docs/operations.md#aks-via-event-hub--exported-files). Secrets are never in the file: the
// connection string or key is read from an environment variable or a file when serving starts.

export type AksCredential =
  | { kind: 'connectionString'; env?: string; file?: string }
  | { kind: 'sharedKey'; fullyQualifiedNamespace: string; keyName: string; env?: string; file?: string };

export interface AksSpec {
  /** Registered Vigil cluster the events go to. */
  cluster: string;
  /** The AKS cluster's name as in its resource id (.../managedClusters/<name>); default: cluster. Compared ignoring case. */
  aksName: string;
  /** The AKS cluster's full resource id; when given, records must carry exactly this id (ignoring case). */
  resourceId?: string;
  credential: AksCredential;
  /** Needed when the connection string has no EntityPath (and always with a shared key). */
  eventHubName?: string;
  consumerGroup: string;
  /** Where a partition without a saved position starts. */
  startAt: 'earliest' | 'latest';
  /** Most Event Hub messages per committed batch. */
  maxBatchSize: number;
}

export const DEFAULT_CONSUMER_GROUP = '$Default';
export const DEFAULT_MAX_BATCH_SIZE = 100;
const KEYS = ['cluster', 'aksName', 'resourceId', 'connectionStringEnv', 'connectionStringFile', 'fullyQualifiedNamespace', 'sharedAccessKeyName', 'sharedAccessKeyEnv', 'sharedAccessKeyFile', 'eventHubName', 'consumerGroup', 'startAt', 'maxBatchSize'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+$/i;

/** The specs, or every problem with its position (aks[1].consumerGroup ...). */
export function parseAksConfig(raw: unknown): { specs: AksSpec[]; errors: string[] } {
  const errors: string[] = [];
  const specs: AksSpec[] = [];
  if (raw === undefined || raw === null) return { specs, errors };
  if (!Array.isArray(raw)) return { specs, errors: ['aks must be a list of {cluster, connectionStringEnv | connectionStringFile | fullyQualifiedNamespace + sharedAccessKeyName + sharedAccessKeyEnv/File, eventHubName?, consumerGroup?, ...}'] };
  raw.forEach((item: unknown, i) => {
    const at = `aks[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push(`${at} must be a mapping with at least cluster and a connection`);
      return;
    }
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!KEYS.includes(k)) errors.push(`unknown key ${at}.${k}${/^(connectionString|sharedAccessKey)$/.test(k) ? ` (secrets are not kept in the configuration: use ${k}Env or ${k}File)` : ''}`);
    if (typeof o.cluster !== 'string' || o.cluster === '') errors.push(`${at}.cluster must be a registered cluster name`);
    const aksName = o.aksName ?? o.cluster;
    if (typeof aksName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(aksName)) errors.push(`${at}.aksName must be an AKS cluster name (letters, digits, - and _)`);
    if (o.resourceId !== undefined && (typeof o.resourceId !== 'string' || !RESOURCE_ID.test(o.resourceId))) errors.push(`${at}.resourceId must be a managed cluster's id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>)`);
    for (const k of ['connectionStringEnv', 'sharedAccessKeyEnv']) if (o[k] !== undefined && (typeof o[k] !== 'string' || !ENV_NAME.test(o[k]))) errors.push(`${at}.${k} must be an environment variable name`);
    for (const k of ['connectionStringFile', 'sharedAccessKeyFile', 'eventHubName', 'consumerGroup', 'fullyQualifiedNamespace', 'sharedAccessKeyName']) if (o[k] !== undefined && (typeof o[k] !== 'string' || o[k] === '')) errors.push(`${at}.${k} must be a non-empty string`);
    const credential = credentialOf(o, at, errors);
    if (credential?.kind === 'sharedKey' && o.eventHubName === undefined) errors.push(`${at}.eventHubName is needed with a shared access key`);
    const startAt = o.startAt ?? 'earliest';
    if (startAt !== 'earliest' && startAt !== 'latest') errors.push(`${at}.startAt must be earliest or latest`);
    const batch = o.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (typeof batch !== 'number' || !Number.isInteger(batch) || batch < 1 || batch > 5000) errors.push(`${at}.maxBatchSize must be an integer from 1 to 5000`);
    if (!credential) return;
    specs.push({
      cluster: String(o.cluster),
      aksName: String(aksName),
      ...(typeof o.resourceId === 'string' ? { resourceId: o.resourceId } : {}),
      credential,
      ...(typeof o.eventHubName === 'string' ? { eventHubName: o.eventHubName } : {}),
      consumerGroup: typeof o.consumerGroup === 'string' ? o.consumerGroup : DEFAULT_CONSUMER_GROUP,
      startAt: startAt as AksSpec['startAt'],
      maxBatchSize: Number(batch),
    });
  });
  return { specs: errors.length ? [] : specs, errors };
}

function credentialOf(o: Record<string, unknown>, at: string, errors: string[]): AksCredential | null {
  const cs = o.connectionStringEnv !== undefined || o.connectionStringFile !== undefined;
  const key = o.fullyQualifiedNamespace !== undefined || o.sharedAccessKeyName !== undefined || o.sharedAccessKeyEnv !== undefined || o.sharedAccessKeyFile !== undefined;
  const source = (env: unknown, file: unknown) => ({ ...(typeof env === 'string' ? { env } : {}), ...(typeof file === 'string' ? { file } : {}) });
  if (cs && key) errors.push(`${at}: give either connectionStringEnv/connectionStringFile or fullyQualifiedNamespace + sharedAccessKeyName + sharedAccessKeyEnv/File, not both`);
  else if (cs) {
    if (o.connectionStringEnv !== undefined && o.connectionStringFile !== undefined) errors.push(`${at}: give connectionStringEnv or connectionStringFile, not both`);
    else return { kind: 'connectionString', ...source(o.connectionStringEnv, o.connectionStringFile) };
  } else if (key) {
    const missing = ['fullyQualifiedNamespace', 'sharedAccessKeyName'].filter((k) => o[k] === undefined);
    if (o.sharedAccessKeyEnv === undefined && o.sharedAccessKeyFile === undefined) missing.push('sharedAccessKeyEnv or sharedAccessKeyFile');
    if (missing.length) errors.push(`${at}: a shared access key also needs ${missing.join(', ')}`);
    else if (o.sharedAccessKeyEnv !== undefined && o.sharedAccessKeyFile !== undefined) errors.push(`${at}: give sharedAccessKeyEnv or sharedAccessKeyFile, not both`);
    else return { kind: 'sharedKey', fullyQualifiedNamespace: String(o.fullyQualifiedNamespace), keyName: String(o.sharedAccessKeyName), ...source(o.sharedAccessKeyEnv, o.sharedAccessKeyFile) };
  } else errors.push(`${at} needs a connection: connectionStringEnv, connectionStringFile, or fullyQualifiedNamespace + sharedAccessKeyName + sharedAccessKeyEnv/File`);
  return null;
}

/**
 * Whether a record's resource id is this spec's cluster: the whole id when `resourceId` is set,
 * else the managedClusters/<name> segment; ignoring case (AKS writes resource ids upper-case).
 */
export function matchesCluster(spec: Pick<AksSpec, 'aksName' | 'resourceId'>, resourceId: string, clusterName: string): boolean {
  if (spec.resourceId !== undefined) return resourceId.toLowerCase() === spec.resourceId.toLowerCase();
  return clusterName.toLowerCase() === spec.aksName.toLowerCase();
}
