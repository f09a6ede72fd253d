// Service configuration: defaults, then an optional YAML file, then command-line flags.
// Unknown keys are errors: a typo must not silently fall back to a default.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { VigilError } from '../core/errors.js';
import { parseCloudWatchConfig } from '../sources/eks-cloudwatch/config.js';
import { parseAksConfig } from '../sources/aks-eventhub/config.js';
import { parseTailConfig } from '../sources/file-tail/config.js';
import { parseGkeConfig } from '../sources/gke-pubsub/config.js';
import { DEFAULT_STATE_CAPACITIES, capacityErrors, type StateCapacities } from '../detect/state/capacities.js';

export interface VigilConfig {
  /** Folder holding vigil.db and admin.token. */
  data: string;
  host: string;
  port: number;
  /** Port of the GuardDuty-compatible API (docs/guardduty-api.md); null: not served. */
  guarddutyPort: number | null;
  /** Value of accountId in findings (GuardDuty's 12-digit account; here the owner of this Vigil). */
  accountId: string;
  /** Value of region in findings and ARNs. */
  region: string;
  /** Extra rule directories loaded after the built-in rules. */
  rules: string[];
  /** Findings not updated for this many days are deleted (GuardDuty keeps 90). */
  retentionDays: number;
  /** Finding outputs (docs/sinks.md); validated by sinks/config when the service starts. */
  sinks: unknown;
  /** Log files to follow ([{path, cluster, format}]; sources/file-tail/config). */
  tail: unknown;
  /** EKS log groups to poll in CloudWatch Logs ([{cluster, logGroup?, ...}]; sources/eks-cloudwatch/config). */
  cloudwatch: unknown;
  /** GKE audit logs to pull from Pub/Sub ([{cluster, subscription, ...}]; sources/gke-pubsub/config). */
  gke: unknown;
  /** AKS clusters whose audit records to read from Event Hubs ([{cluster, connectionStringEnv, ...}]; sources/aks-eventhub/config). */
  aks: unknown;
  /** Requests per minute per token (429 with Retry-After above). */
  rateLimit: { apiPerMinute: number; ingestPerMinute: number };
  /** Serve HTTPS: certificate and key files (PEM); clientCa: verify client certificates for ingest. */
  tls: { cert: string; key: string; clientCa: string } | null;
  ingest: {
    /** Largest accepted request body (413 above). */
    maxBodyBytes: number;
    /** Batches waiting in the ingest queue before 503 + Retry-After. */
    maxQueuedBatches: number;
    /** Bytes of ingest requests in flight (received, parsed, queued, judged) before 503 + Retry-After. */
    maxInFlightBytes: number;
  };
  /** Entries each bounded detector and enricher state may hold (LRU past the cap). */
  state: StateCapacities;
  /** The event archive: accepted raw events kept for investigation (timelines, entity pages). */
  archive: {
    enabled: boolean;
    /** Archived events older than this are deleted (checked hourly). */
    retentionHours: number;
    /** Archive runtime sensor events too (off by default: they cost several times an audit event). */
    runtime: boolean;
  };
}

export const DEFAULT_CONFIG: VigilConfig = {
  data: './data',
  host: '127.0.0.1',
  port: 8080,
  guarddutyPort: null,
  accountId: '000000000000',
  region: 'local',
  rules: [],
  retentionDays: 90,
  sinks: [],
  tail: [],
  cloudwatch: [],
  gke: [],
  aks: [],
  rateLimit: { apiPerMinute: 600, ingestPerMinute: 6000 },
  tls: null,
  ingest: { maxBodyBytes: 64 * 1024 * 1024, maxQueuedBatches: 64, maxInFlightBytes: 256 * 1024 * 1024 },
  state: DEFAULT_STATE_CAPACITIES,
  archive: { enabled: true, retentionHours: 168, runtime: false },
};

/** 'any': validated elsewhere (the sinks section, by sinks/config). */
type Shape = { [k: string]: 'string' | 'number' | 'boolean' | 'string[]' | 'any' | Shape };
const SHAPE: Shape = {
  data: 'string',
  host: 'string',
  port: 'number',
  guarddutyPort: 'number',
  accountId: 'string',
  region: 'string',
  rules: 'string[]',
  retentionDays: 'number',
  sinks: 'any',
  tail: 'any',
  cloudwatch: 'any',
  gke: 'any',
  aks: 'any',
  rateLimit: { apiPerMinute: 'number', ingestPerMinute: 'number' },
  tls: { cert: 'string', key: 'string', clientCa: 'string' },
  ingest: { maxBodyBytes: 'number', maxQueuedBatches: 'number', maxInFlightBytes: 'number' },
  state: 'any',
  archive: { enabled: 'boolean', retentionHours: 'number', runtime: 'boolean' },
};

function check(value: unknown, shape: Shape, path: string, errors: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(`${path || 'config'} must be a mapping`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    const want = shape[k];
    if (want === undefined) errors.push(`unknown key ${p}`);
    else if (want === 'any') continue;
    else if (typeof want === 'object') check(v, want, p, errors);
    else if (want === 'string[]') {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) errors.push(`${p} must be a list of strings`);
    } else if (typeof v !== want) errors.push(`${p} must be a ${want}`);
  }
}

export function validateConfig(c: VigilConfig): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) errors.push('port must be an integer from 0 to 65535');
  if (c.guarddutyPort !== null && (!Number.isInteger(c.guarddutyPort) || c.guarddutyPort < 0 || c.guarddutyPort > 65535)) errors.push('guarddutyPort must be an integer from 0 to 65535');
  if (!/^\d{12}$/.test(c.accountId)) errors.push('accountId must be 12 digits');
  if (!/^[a-z0-9-]{1,32}$/.test(c.region)) errors.push('region must be 1-32 lower-case letters, digits or dashes');
  if (!Number.isInteger(c.retentionDays) || c.retentionDays < 1 || c.retentionDays > 3650) errors.push('retentionDays must be an integer from 1 to 3650');
  if (!(c.rateLimit.apiPerMinute >= 1) || !(c.rateLimit.ingestPerMinute >= 1)) errors.push('rateLimit values must be at least 1');
  if (c.tls && (!c.tls.cert || !c.tls.key)) errors.push('tls needs cert and key files');
  if (!(c.ingest.maxBodyBytes >= 1024)) errors.push('ingest.maxBodyBytes must be at least 1024');
  if (!(c.ingest.maxQueuedBatches >= 1)) errors.push('ingest.maxQueuedBatches must be at least 1');
  if (!(c.ingest.maxInFlightBytes >= c.ingest.maxBodyBytes)) errors.push('ingest.maxInFlightBytes must be at least ingest.maxBodyBytes');
  errors.push(...parseTailConfig(c.tail).errors);
  errors.push(...parseCloudWatchConfig(c.cloudwatch).errors);
  errors.push(...parseGkeConfig(c.gke).errors);
  errors.push(...parseAksConfig(c.aks).errors);
  if (typeof c.state !== 'object' || c.state === null || Array.isArray(c.state)) errors.push('state must be a mapping');
  else errors.push(...capacityErrors(c.state));
  if (!Number.isInteger(c.archive.retentionHours) || c.archive.retentionHours < 1 || c.archive.retentionHours > 87_600) errors.push('archive.retentionHours must be an integer from 1 to 87600 (10 years)');
  return errors;
}

export function loadConfig(file: string | undefined, overrides: Partial<VigilConfig>): VigilConfig {
  let fromFile: Partial<VigilConfig> = {};
  if (file) {
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new VigilError('VIGIL_CONFIG', `cannot read config ${file}: ${(e as Error).message}`);
    }
    const errors: string[] = [];
    check(raw ?? {}, SHAPE, '', errors);
    if (errors.length) throw new VigilError('VIGIL_CONFIG', `config ${file}: ${errors.join('; ')}`);
    fromFile = (raw ?? {});
  }
  const tls = overrides.tls ?? fromFile.tls ?? null;
  const c: VigilConfig = {
    ...DEFAULT_CONFIG,
    ...fromFile,
    ...overrides,
    rateLimit: { ...DEFAULT_CONFIG.rateLimit, ...(fromFile.rateLimit ?? {}), ...(overrides.rateLimit ?? {}) },
    tls: tls ? { cert: tls.cert, key: tls.key, clientCa: tls.clientCa ?? '' } : null,
    ingest: { ...DEFAULT_CONFIG.ingest, ...(fromFile.ingest ?? {}), ...(overrides.ingest ?? {}) },
    state: { ...DEFAULT_CONFIG.state, ...(fromFile.state ?? {}), ...(overrides.state ?? {}) },
    archive: { ...DEFAULT_CONFIG.archive, ...(fromFile.archive ?? {}), ...(overrides.archive ?? {}) },
  };
  const errors = validateConfig(c);
  if (errors.length) throw new VigilError('VIGIL_CONFIG', `invalid configuration: ${errors.join('; ')}`);
  return c;
}
