// Finding rows: the finding document plus the columns derived from it, timestamps in sortable
// form, and the opaque page tokens of listFindings. Pure helpers of SqliteStore.

import type { Finding } from '../../core/finding.js';

export interface FindingRow {
  id: string; fingerprint: string; type: string; severity: number; cluster: string; namespace: string; archived: number;
  count: number; created_at: string; updated_at: string; first_seen: string; last_seen: string; doc: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

/** The row for a finding: the doc plus the columns derived from it, kept in sync on every write. */
export function findingParams(fingerprint: string, f: Finding): Record<string, unknown> {
  const { service: sv, resource } = f;
  const namespace = resource.kubernetesDetails.kubernetesWorkloadDetails?.namespace
    ?? sv.action?.kubernetesApiCallAction?.namespace ?? '';
  return {
    id: f.id, fingerprint, type: f.type, severity: f.severity, cluster: resource.eksClusterDetails.name, namespace,
    archived: sv.archived ? 1 : 0, count: sv.count, created_at: f.createdAt, updated_at: f.updatedAt,
    first_seen: sv.eventFirstSeen, last_seen: sv.eventLastSeen, doc: JSON.stringify(f),
  };
}

export function rowToFinding(row: FindingRow): Finding {
  const f = JSON.parse(row.doc) as Finding;
  f.updatedAt = row.updated_at;
  f.service.count = row.count;
  f.service.archived = row.archived === 1;
  f.service.eventFirstSeen = row.first_seen;
  f.service.eventLastSeen = row.last_seen;
  return f;
}

/** ISO 8601 in toISOString form, so the TEXT columns sort in time order; unparseable input is kept. */
function iso(s: string): string {
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : s;
}

export function normaliseTimes(f: Finding): Finding {
  [f.createdAt, f.updatedAt] = [iso(f.createdAt), iso(f.updatedAt)];
  [f.service.eventFirstSeen, f.service.eventLastSeen] = [iso(f.service.eventFirstSeen), iso(f.service.eventLastSeen)];
  return f;
}

export function pickTime(a: string, b: string, which: 'min' | 'max'): string {
  const ta = Date.parse(a), tb = Date.parse(b);
  const aFirst = Number.isFinite(ta) && Number.isFinite(tb) ? ta <= tb : a <= b;
  return which === 'min' ? (aFirst ? a : b) : (aFirst ? b : a);
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit)));
}

export interface PageToken { s: string; o: string; v: unknown; id: string }

export function encodeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

export function decodeToken(token: string, sort: string, order: string, kind: 'string' | 'number'): PageToken {
  let parsed: unknown = null;
  try {
    if (/^[A-Za-z0-9_-]+$/.test(token)) parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch { /* reported below */ }
  const p = parsed as Partial<PageToken> | null;
  if (typeof p !== 'object' || p === null || typeof p.id !== 'string' || typeof p.v !== kind
    || (kind === 'number' && !Number.isFinite(p.v))) {
    throw new Error('invalid nextToken: malformed');
  }
  if (p.s !== sort || p.o !== order) throw new Error('invalid nextToken: issued for a different sort or order');
  return p as PageToken;
}
