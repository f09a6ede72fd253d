// The `sinks:` configuration section: a list of sinks, each `{ type, name, ...options of its type,
// minSeverity?, types?, clusters?, cadence?, batch?, retry? }`. Strict: unknown keys are problems,
// and every problem is reported with its path (sinks[1].retry.maxAttempts) in one pass.

import { isSeverityLabel } from '../core/severity.js';
import { CADENCES, DEFAULT_CADENCE, type Cadence } from './cadence.js';
import { acceptedKeys, readFields, type ConfigProblem, type Fields, type SecretSources } from './config-fields.js';
import type { SinkDefinition } from './definition.js';
import type { LaneOptions } from './lane.js';
import { typePatternProblem, type RouteOptions } from './routing.js';

export interface SinkConfig {
  type: string;
  name: string;
  /** The sink type's own options, validated, defaults filled, secrets resolved. */
  options: Record<string, unknown>;
  route: RouteOptions;
  lane: Omit<LaneOptions, 'route'> & { cadence: Cadence };
}

export interface SinksConfigResult {
  sinks: SinkConfig[];
  problems: ConfigProblem[];
}

const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/i;
const COMMON = ['type', 'name', 'minSeverity', 'types', 'clusters', 'cadence', 'batch', 'retry'];

const BATCH: Fields = {
  maxSize: { kind: 'int', min: 1, max: 10_000 },
  maxDelay: { kind: 'duration', max: 3_600_000 },
  queueSize: { kind: 'int', min: 1, max: 10_000_000 },
};
const RETRY: Fields = {
  maxAttempts: { kind: 'int', min: 1, max: 100 },
  initialBackoff: { kind: 'duration', min: 1, max: 3_600_000 },
  maxBackoff: { kind: 'duration', min: 1, max: 86_400_000 },
};

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(raw: Record<string, unknown>, known: string[], path: string, problems: ConfigProblem[]): void {
  for (const k of Object.keys(raw)) if (!known.includes(k)) problems.push({ path: `${path}.${k}`, message: 'unknown key' });
}

function readSection(raw: unknown, fields: Fields, path: string, problems: ConfigProblem[]): Record<string, unknown> {
  if (raw === undefined) return {};
  if (!isMap(raw)) {
    problems.push({ path, message: 'must be a mapping' });
    return {};
  }
  unknownKeys(raw, Object.keys(fields), path, problems);
  return readFields(raw, fields, path, problems);
}

function readStrings(v: unknown, path: string, problems: ConfigProblem[], check?: (s: string) => string | null): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.length > 0)) {
    problems.push({ path, message: 'must be a non-empty list of non-empty strings' });
    return undefined;
  }
  v.forEach((s: string, i) => {
    const problem = check?.(s);
    if (problem) problems.push({ path: `${path}[${i}]`, message: problem });
  });
  return v as string[];
}

function readRoute(raw: Record<string, unknown>, path: string, problems: ConfigProblem[]): RouteOptions {
  const route: RouteOptions = {};
  const min = raw.minSeverity;
  if (typeof min === 'number' && min >= 0 && min <= 10) route.minSeverity = min;
  else if (typeof min === 'string' && isSeverityLabel(min)) route.minSeverity = min;
  else if (min !== undefined) problems.push({ path: `${path}.minSeverity`, message: 'must be a number from 0 to 10 or one of low, medium, high, critical' });
  const types = readStrings(raw.types, `${path}.types`, problems, typePatternProblem);
  if (types) route.types = types;
  const clusters = readStrings(raw.clusters, `${path}.clusters`, problems);
  if (clusters) route.clusters = clusters;
  return route;
}

function readLane(raw: Record<string, unknown>, def: SinkDefinition, path: string, problems: ConfigProblem[]): SinkConfig['lane'] {
  let cadence: Cadence = DEFAULT_CADENCE;
  if (typeof raw.cadence === 'string' && Object.hasOwn(CADENCES, raw.cadence)) cadence = raw.cadence as Cadence;
  else if (raw.cadence !== undefined) problems.push({ path: `${path}.cadence`, message: `must be one of ${Object.keys(CADENCES).join(', ')}` });
  const b = readSection(raw.batch, BATCH, `${path}.batch`, problems);
  const r = readSection(raw.retry, RETRY, `${path}.retry`, problems);
  const lane: SinkConfig['lane'] = { cadence, ...def.laneDefaults };
  if (b.maxSize !== undefined) lane.maxBatchSize = b.maxSize as number;
  if (b.maxDelay !== undefined) lane.maxDelayMs = b.maxDelay as number;
  if (b.queueSize !== undefined) lane.maxQueueSize = b.queueSize as number;
  const retry: NonNullable<LaneOptions['retry']> = {};
  if (r.maxAttempts !== undefined) retry.maxAttempts = r.maxAttempts as number;
  if (r.initialBackoff !== undefined) retry.initialBackoffMs = r.initialBackoff as number;
  if (r.maxBackoff !== undefined) retry.maxBackoffMs = r.maxBackoff as number;
  if ((retry.initialBackoffMs ?? 1000) > (retry.maxBackoffMs ?? 60_000)) problems.push({ path: `${path}.retry.initialBackoff`, message: 'must not exceed maxBackoff' });
  if (Object.keys(retry).length) lane.retry = retry;
  return lane;
}

/**
 * Validates a raw `sinks:` section (as parsed from YAML) against the known sink types.
 * A missing section is an empty list. Nothing is built: see registry.ts.
 */
export function parseSinksConfig(raw: unknown, definitions: readonly SinkDefinition[], src: SecretSources = {}, path = 'sinks'): SinksConfigResult {
  const problems: ConfigProblem[] = [];
  const sinks: SinkConfig[] = [];
  if (raw === undefined || raw === null) return { sinks, problems };
  if (!Array.isArray(raw)) return { sinks, problems: [{ path, message: 'must be a list of sinks' }] };
  const names = new Set<string>();
  for (const [i, item] of (raw as unknown[]).entries()) {
    const p = `${path}[${i}]`;
    if (!isMap(item)) {
      problems.push({ path: p, message: 'must be a mapping with type and name' });
      continue;
    }
    const before = problems.length;
    const def = definitions.find((d) => d.type === item.type);
    if (!def) problems.push({ path: `${p}.type`, message: `must be one of ${definitions.map((d) => d.type).join(', ')}` });
    const name = item.name;
    if (typeof name !== 'string' || !NAME.test(name)) problems.push({ path: `${p}.name`, message: 'must be 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit' });
    else if (names.has(name)) problems.push({ path: `${p}.name`, message: `another sink is already named ${name}` });
    else names.add(name);
    const route = readRoute(item, p, problems);
    if (!def) continue;
    unknownKeys(item, [...COMMON, ...acceptedKeys(def.fields)], p, problems);
    const lane = readLane(item, def, p, problems);
    const options = readFields(item, def.fields, p, problems, src);
    if (problems.length === before) for (const [k, message] of def.check?.(options) ?? []) problems.push({ path: `${p}.${k}`, message });
    if (problems.length === before) sinks.push({ type: def.type, name: name as string, options, route, lane });
  }
  return { sinks, problems };
}
