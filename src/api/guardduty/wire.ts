// What every GuardDuty operation shares: the dependencies, the operation shape, reading restJson1
// input members (camelCase wire names, validated with GuardDuty-style BadRequestExceptions),
// detector lookup, page tokens, timestamps and the audit trail.

import type { AuditPipeline } from '../../pipeline/audit-pipeline.js';
import type { Ruleset } from '../../rules/load.js';
import type { AccessKeyRecord, Cluster, Store, TokenRole } from '../../store/store.js';
import { badRequest, noSuchDetector } from './errors.js';

export interface GuardDutyDeps {
  store: Store;
  pipeline: AuditPipeline;
  ruleset: Ruleset;
  /** accountId and region of findings and ARNs (config). */
  accountId: string;
  region: string;
  /** Epoch ms. */
  now: () => number;
  /** A runtime node is stale after this silence (coverage). */
  staleAfterMs: number;
  /** Folder that CreateIPSet / CreateThreatIntelSet may read local list files from; null: only http(s) URLs. */
  listDir: string | null;
  /** Called after filters changed (reloads the pipeline's suppression rules). */
  onFiltersChange: () => Promise<void>;
  /** Called after threat-intelligence lists changed. */
  onIntelChange: () => Promise<void>;
}

export interface OperationInput {
  /** Path labels, decoded: DetectorId, FilterName. */
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  caller: AccessKeyRecord;
}

export interface Operation {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** fastify route path with :DetectorId / :FilterName labels. */
  path: string;
  /** The least role that may call it. */
  role: TokenRole;
  run(deps: GuardDutyDeps, input: OperationInput): Promise<Record<string, unknown>>;
}

/** A timestamp member: epoch seconds as a JSON number (fractional allowed). */
export const epochSeconds = (ms: number): number => ms / 1000;

export async function detectorOf(deps: GuardDutyDeps, input: OperationInput): Promise<Cluster> {
  const id = input.params.DetectorId ?? '';
  const c = (await deps.store.listClusters()).find((x) => x.detectorId === id);
  if (!c) throw noSuchDetector();
  return c;
}

export async function audit(deps: GuardDutyDeps, caller: AccessKeyRecord, action: string, details: Record<string, unknown>): Promise<void> {
  await deps.store.recordAudit({ at: deps.now(), actor: caller.accessKeyId, action, details: { ...details, via: 'guardduty-api' } });
}

const invalid = (name: string, what: string) => badRequest(`The request is rejected because the input ${name} is invalid: ${what}.`);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function optString(b: Record<string, unknown>, name: string, min = 0, max = 1024): string | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length < min || v.length > max) throw invalid(name, `must be a string of ${min} to ${max} characters`);
  return v;
}

export function reqString(b: Record<string, unknown>, name: string, min = 1, max = 1024): string {
  const v = optString(b, name, min, max);
  if (v === undefined) throw badRequest(`The request is rejected because the required input ${name} is missing.`);
  return v;
}

export function optBool(b: Record<string, unknown>, name: string): boolean | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(name, 'must be true or false');
  return v;
}

export function reqBool(b: Record<string, unknown>, name: string): boolean {
  const v = optBool(b, name);
  if (v === undefined) throw badRequest(`The request is rejected because the required input ${name} is missing.`);
  return v;
}

/** An integer member; query members arrive as strings. */
export function optInt(b: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const raw = b[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const v = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(name, `must be an integer from ${min} to ${max}`);
  return v;
}

export function optEnum<T extends string>(b: Record<string, unknown>, name: string, values: readonly T[]): T | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !values.includes(v as T)) throw invalid(name, `must be one of ${values.join(', ')}`);
  return v as T;
}

export function optStringList(b: Record<string, unknown>, name: string, maxItems: number, maxLength = 300): string[] | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > maxItems || !v.every((x) => typeof x === 'string' && x.length >= 1 && x.length <= maxLength)) {
    throw invalid(name, `must be a list of at most ${maxItems} strings of 1 to ${maxLength} characters`);
  }
  return v as string[];
}

/** Tags: a map of 1-128 character keys to 0-256 character values, at most 200. */
export function optTags(b: Record<string, unknown>, name = 'tags'): Record<string, string> | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalid(name, 'must be a map of strings');
  const entries = Object.entries(v);
  if (entries.length > 200 || !entries.every(([k, x]) => k.length >= 1 && k.length <= 128 && typeof x === 'string' && x.length <= 256)) {
    throw invalid(name, 'must map at most 200 keys of 1-128 characters to values of at most 256 characters');
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** maxResults / nextToken over an in-memory list: the token is the offset, opaque to clients. */
export function paginate<T>(items: readonly T[], maxResults: number, nextToken: string | undefined): { page: T[]; nextToken: string | undefined } {
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    const m = /^o(\d{1,9})$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!m) throw badRequest('The request is rejected because the input nextToken is invalid.');
    start = Number(m[1]);
  }
  const page = items.slice(start, start + maxResults);
  const next = start + maxResults < items.length ? Buffer.from(`o${start + maxResults}`, 'utf8').toString('base64url') : undefined;
  return { page, nextToken: next };
}

/** The list members of GET list operations: maxResults (1-50, default 50) and nextToken from the query. */
export function listQuery(input: OperationInput): { maxResults: number; nextToken: string | undefined } {
  return { maxResults: optInt(input.query, 'maxResults', 1, 50) ?? 50, nextToken: optString(input.query, 'nextToken', 0, 4096) };
}
