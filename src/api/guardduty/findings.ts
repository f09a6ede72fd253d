// Findings of one detector (= one cluster): ListFindings and GetFindingsStatistics filter with
// GuardDuty FindingCriteria (findings/criteria.ts) over the cluster's findings, GetFindings returns
// them as stored (Vigil's findings are already GuardDuty wire-format JSON), Archive/Unarchive and
// UpdateFindingsFeedback change them. Criteria on type, severity and service.archived narrow the
// store query first; the rest is evaluated in memory.

import { compileCriteria, valuesAt, type FindingCriteria, type FindingPredicate } from '../../findings/criteria.js';
import type { Finding } from '../../core/finding.js';
import type { Cluster, FindingQuery } from '../../store/store.js';
import { badRequest } from './errors.js';
import {
  audit, detectorOf, epochSeconds, isObject, optEnum, optInt, optString, optStringList,
  type GuardDutyDeps, type Operation, type OperationInput,
} from './wire.js';

const FIELD_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/** Compiles body.findingCriteria, plus the store-side narrowing it allows (a superset of the matches). */
export function readCriteria(body: Record<string, unknown>, name = 'findingCriteria'): { test: FindingPredicate; query: FindingQuery; criteria: FindingCriteria | undefined } {
  const raw = body[name];
  if (raw === undefined || raw === null) return { test: () => true, query: {}, criteria: undefined };
  if (!isObject(raw) || (raw.criterion !== undefined && !isObject(raw.criterion))) throw badRequest(`The request is rejected because the input ${name} must be {criterion: {...}}.`);
  const criteria: FindingCriteria = { criterion: (raw.criterion as FindingCriteria['criterion'] | undefined) ?? {} };
  let test: FindingPredicate;
  try {
    test = compileCriteria(criteria);
  } catch (e) {
    throw badRequest(`The request is rejected because the input ${name} is invalid: ${(e as Error).message}.`);
  }
  const query: FindingQuery = {};
  for (const [field, cond] of Object.entries(criteria.criterion)) {
    for (const [op, v] of Object.entries(cond)) {
      const n = typeof v === 'number' ? v : NaN;
      if (field === 'type' && (op === 'equals' || op === 'eq') && Array.isArray(v) && v.length > 0) query.types = v.map(String);
      if (field === 'severity' && Number.isFinite(n)) {
        if (op === 'gt' || op === 'gte' || op === 'greaterThan' || op === 'greaterThanOrEqual') query.minSeverity = Math.max(query.minSeverity ?? -Infinity, n);
        if (op === 'lt' || op === 'lte' || op === 'lessThan' || op === 'lessThanOrEqual') query.maxSeverity = Math.min(query.maxSeverity ?? Infinity, n);
      }
      if (field === 'service.archived' && (op === 'equals' || op === 'eq') && Array.isArray(v) && v.length === 1 && (v[0] === 'true' || v[0] === 'false')) query.archived = v[0] === 'true';
    }
  }
  return { test, query, criteria };
}

/** Every finding of the cluster that passes the criteria (pages through the store). */
export async function matchingFindings(deps: GuardDutyDeps, c: Cluster, body: Record<string, unknown>): Promise<Finding[]> {
  const { test, query } = readCriteria(body);
  const out: Finding[] = [];
  let nextToken: string | null = null;
  do {
    const page = await deps.store.listFindings({ ...query, clusters: [c.name], limit: 1000, nextToken });
    for (const f of page.findings) if (test(f)) out.push(f);
    nextToken = page.nextToken;
  } while (nextToken !== null);
  return out;
}

type Key = string | number | undefined;

function sortKey(f: Finding, attr: string): Key {
  const v = valuesAt(f, attr)[0];
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** ASC order of sort keys; absent values last. */
function compareKeys(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

interface Sort {
  attr: string;
  desc: boolean;
}

/** sortCriteria {attributeName, orderBy}; none: updatedAt, newest first. */
function readSort(body: Record<string, unknown>): Sort {
  const s = body.sortCriteria;
  if (s === undefined || s === null) return { attr: 'updatedAt', desc: true };
  if (!isObject(s)) throw badRequest('The request is rejected because the input sortCriteria is invalid.');
  const attr = optString(s, 'attributeName', 1, 256) ?? 'updatedAt';
  if (!FIELD_PATH.test(attr)) throw badRequest(`The request is rejected because the sortCriteria attributeName ${JSON.stringify(attr)} is not a finding field path.`);
  return { attr, desc: (optEnum(s, 'orderBy', ['ASC', 'DESC'] as const) ?? 'ASC') === 'DESC' };
}

function sortFindings(fs: Finding[], sort: Sort): { f: Finding; k: Key }[] {
  const keyed = fs.map((f) => ({ f, k: sortKey(f, sort.attr) }));
  keyed.sort((a, b) => {
    const c = compareKeys(a.k, b.k);
    if (c !== 0) return a.k === undefined || b.k === undefined ? c : sort.desc ? -c : c;
    return a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0;
  });
  return keyed;
}

/** A ListFindings page token: where the previous page ended in the sort order (keyset, not offset). */
function encodeToken(sort: Sort, k: Key, id: string): string {
  return Buffer.from(JSON.stringify({ a: sort.attr, d: sort.desc, k: k ?? null, id }), 'utf8').toString('base64url');
}

function decodeToken(token: string, sort: Sort): { k: Key; id: string } {
  let t: unknown;
  try {
    t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    t = null;
  }
  if (!isObject(t) || typeof t.id !== 'string' || t.a !== sort.attr || t.d !== sort.desc || !(t.k === null || typeof t.k === 'string' || typeof t.k === 'number')) {
    throw badRequest('The request is rejected because the input nextToken is invalid or was issued for another sortCriteria.');
  }
  return { k: t.k ?? undefined, id: t.id };
}

function findingIds(body: Record<string, unknown>): string[] {
  const ids = optStringList(body, 'findingIds', 50);
  if (ids === undefined) throw badRequest('The request is rejected because the required input findingIds is missing.');
  return ids;
}

/** The findings among `ids` that belong to the detector. */
async function ownFindings(deps: GuardDutyDeps, c: Cluster, ids: string[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const id of new Set(ids)) {
    const f = await deps.store.getFinding(id);
    if (f && (f.service.detectorId === c.detectorId || f.resource.eksClusterDetails.name === c.name)) out.push(f);
  }
  return out;
}

/** GuardDuty's countBySeverity keys are the severity as a double ("8.0", "5.5"). */
const severityKey = (s: number): string => (Number.isInteger(s) ? s.toFixed(1) : String(s));

const GROUP_BY = ['ACCOUNT', 'DATE', 'FINDING_TYPE', 'RESOURCE', 'SEVERITY'] as const;

interface Group {
  total: number;
  last: number;
  maxSeverity: number;
  sample: Finding;
}

function groupStatistics(findings: Finding[], groupBy: (typeof GROUP_BY)[number], desc: boolean, max: number): Record<string, unknown>[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const updated = Date.parse(f.updatedAt);
    const key =
      groupBy === 'ACCOUNT' ? f.accountId
      : groupBy === 'DATE' ? f.updatedAt.slice(0, 10)
      : groupBy === 'FINDING_TYPE' ? f.type
      : groupBy === 'RESOURCE' ? f.resource.eksClusterDetails.name
      : severityKey(f.severity);
    const g = groups.get(key) ?? { total: 0, last: 0, maxSeverity: 0, sample: f };
    g.total++;
    g.last = Math.max(g.last, Number.isFinite(updated) ? updated : 0);
    g.maxSeverity = Math.max(g.maxSeverity, f.severity);
    groups.set(key, g);
  }
  const rows = [...groups.entries()].sort((a, b) => (desc ? b[1].total - a[1].total : a[1].total - b[1].total) || (a[0] < b[0] ? -1 : 1)).slice(0, max);
  return rows.map(([key, g]) => {
    const common = { lastGeneratedAt: epochSeconds(g.last), totalFindings: g.total };
    switch (groupBy) {
      case 'ACCOUNT':
        return { accountId: key, ...common };
      case 'DATE':
        return { date: epochSeconds(Date.parse(`${key}T00:00:00Z`)), severity: g.maxSeverity, ...common };
      case 'FINDING_TYPE':
        return { findingType: key, ...common };
      case 'RESOURCE':
        return { accountId: g.sample.accountId, resourceId: key, resourceType: g.sample.resource.resourceType, ...common };
      case 'SEVERITY':
        return { severity: g.sample.severity, ...common };
    }
  });
}

const GROUP_MEMBER: Record<(typeof GROUP_BY)[number], string> = {
  ACCOUNT: 'groupedByAccount',
  DATE: 'groupedByDate',
  FINDING_TYPE: 'groupedByFindingType',
  RESOURCE: 'groupedByResource',
  SEVERITY: 'groupedBySeverity',
};

function archiveOperation(name: 'ArchiveFindings' | 'UnarchiveFindings', archived: boolean): Operation {
  return {
    name,
    method: 'POST',
    path: `/detector/:DetectorId/findings/${archived ? 'archive' : 'unarchive'}`,
    role: 'analyst',
    async run(deps: GuardDutyDeps, input: OperationInput) {
      const c = await detectorOf(deps, input);
      const ids = findingIds(input.body);
      const own = (await ownFindings(deps, c, ids)).map((f) => f.id);
      const n = own.length ? await deps.store.setArchived(own, archived) : 0;
      await audit(deps, input.caller, archived ? 'findings.archive' : 'findings.unarchive', { findingIds: ids, found: n });
      return {};
    },
  };
}

export const findingOperations: Operation[] = [
  {
    name: 'ListFindings',
    method: 'POST',
    path: '/detector/:DetectorId/findings',
    role: 'viewer',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const maxResults = optInt(input.body, 'maxResults', 1, 50) ?? 50;
      const token = optString(input.body, 'nextToken', 0, 4096);
      const sort = readSort(input.body);
      const sorted = sortFindings(await matchingFindings(deps, c, input.body), sort);
      let start = 0;
      if (token) {
        const after = decodeToken(token, sort);
        const pos = sorted.findIndex((x) => {
          const cmp = compareKeys(x.k, after.k);
          const ordered = x.k === undefined || after.k === undefined ? cmp : sort.desc ? -cmp : cmp;
          return ordered > 0 || (ordered === 0 && x.f.id > after.id);
        });
        start = pos < 0 ? sorted.length : pos;
      }
      const page = sorted.slice(start, start + maxResults);
      const last = page.at(-1);
      const more = start + maxResults < sorted.length;
      return { findingIds: page.map((x) => x.f.id), nextToken: more && last ? encodeToken(sort, last.k, last.f.id) : undefined };
    },
  },
  {
    name: 'GetFindings',
    method: 'POST',
    path: '/detector/:DetectorId/findings/get',
    role: 'viewer',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const own = await ownFindings(deps, c, findingIds(input.body));
      const findings = input.body.sortCriteria === undefined || input.body.sortCriteria === null ? own : sortFindings(own, readSort(input.body)).map((x) => x.f);
      return { findings };
    },
  },
  {
    name: 'GetFindingsStatistics',
    method: 'POST',
    path: '/detector/:DetectorId/findings/statistics',
    role: 'viewer',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const types = optStringList(input.body, 'findingStatisticTypes', 10);
      if (types?.some((t) => t !== 'COUNT_BY_SEVERITY')) throw badRequest('The request is rejected because findingStatisticTypes may only hold COUNT_BY_SEVERITY.');
      const groupBy = optEnum(input.body, 'groupBy', GROUP_BY);
      if (!types?.length && !groupBy) throw badRequest('The request is rejected because either findingStatisticTypes or groupBy is required.');
      const desc = (optEnum(input.body, 'orderBy', ['ASC', 'DESC'] as const) ?? 'DESC') === 'DESC';
      const max = optInt(input.body, 'maxResults', 1, 100) ?? 25;
      const findings = await matchingFindings(deps, c, input.body);
      const stats: Record<string, unknown> = {};
      if (types?.length) {
        const counts: Record<string, number> = {};
        for (const f of findings) counts[severityKey(f.severity)] = (counts[severityKey(f.severity)] ?? 0) + 1;
        stats.countBySeverity = counts;
      }
      if (groupBy) stats[GROUP_MEMBER[groupBy]] = groupStatistics(findings, groupBy, desc, max);
      return { findingStatistics: stats };
    },
  },
  archiveOperation('ArchiveFindings', true),
  archiveOperation('UnarchiveFindings', false),
  {
    name: 'UpdateFindingsFeedback',
    method: 'POST',
    path: '/detector/:DetectorId/findings/feedback',
    role: 'analyst',
    async run(deps, input) {
      const c = await detectorOf(deps, input);
      const ids = findingIds(input.body);
      const feedback = optEnum(input.body, 'feedback', ['USEFUL', 'NOT_USEFUL'] as const);
      if (!feedback) throw badRequest('The request is rejected because the required input feedback (USEFUL or NOT_USEFUL) is missing.');
      const comments = optString(input.body, 'comments', 0, 2000);
      const own = (await ownFindings(deps, c, ids)).map((f) => f.id);
      const n = own.length ? await deps.store.setFeedback(own, feedback) : 0;
      await audit(deps, input.caller, 'findings.feedback', { findingIds: ids, feedback, found: n, ...(comments ? { comments } : {}) });
      return {};
    },
  },
];
