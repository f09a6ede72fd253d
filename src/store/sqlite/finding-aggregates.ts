// Counting findings: the statistics of GetFindingsStatistics and /findings/statistics, the daily
// severity series and the top values of a dimension (dashboard summary, entity pages). Severity
// bands come from core/severity.ts, so SQL and code agree on where Medium ends. Used by SqliteStore.

import type Database from 'better-sqlite3';
import { SEVERITY_RANGES } from '../../core/severity.js';
import type { DailySeverityCounts, FindingDimension, FindingScope, FindingStatistics } from '../store.js';
import { aboutAny } from './finding-entities.js';

/** The severity band label of the row's severity, as core/severity.ts severityLabel computes it. */
export const SEVERITY_BAND_SQL = `CASE WHEN severity >= ${SEVERITY_RANGES.critical.min} THEN 'critical'
  WHEN severity >= ${SEVERITY_RANGES.high.min} THEN 'high' WHEN severity >= ${SEVERITY_RANGES.medium.min} THEN 'medium' ELSE 'low' END`;

/** Dimensions -> grouping expressions over findings (a fixed whitelist). actor is joined from finding_entities. */
const DIMENSIONS: Record<FindingDimension, string> = {
  type: 'type',
  cluster: 'cluster',
  namespace: "NULLIF(namespace, '')",
  severity: SEVERITY_BAND_SQL,
  actor: 'fe.value',
};

function scopeWhere(s: FindingScope): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (s.archived !== undefined) { where.push('archived = ?'); params.push(s.archived ? 1 : 0); }
  if (s.clusters?.length) { where.push('cluster IN (SELECT value FROM json_each(?))'); params.push(JSON.stringify(s.clusters)); }
  if (s.updatedFrom !== undefined) { where.push('updated_at >= ?'); params.push(s.updatedFrom); }
  if (s.entity) {
    const about = aboutAny('id', [s.entity]);
    where.push(about.sql);
    params.push(about.param);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export class SqliteFindingAggregates {
  readonly #query: (sql: string) => Database.Statement;

  /** query: prepares (and caches) a statement. */
  constructor(query: (sql: string) => Database.Statement) {
    this.#query = query;
  }

  statistics(q: { archived?: boolean; clusters?: string[] }): FindingStatistics {
    const w = scopeWhere({ ...(q.archived !== undefined ? { archived: q.archived } : {}), ...(q.clusters ? { clusters: q.clusters } : {}) });
    const group = (expr: string) =>
      Object.fromEntries((this.#query(`SELECT ${expr} AS k, COUNT(*) AS n FROM findings ${w.sql} GROUP BY k ORDER BY k`).all(...w.params) as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    const sev = group(SEVERITY_BAND_SQL);
    const bySeverity = { low: sev.low ?? 0, medium: sev.medium ?? 0, high: sev.high ?? 0, critical: sev.critical ?? 0 };
    return {
      total: bySeverity.low + bySeverity.medium + bySeverity.high + bySeverity.critical,
      bySeverity,
      byType: group('type'),
      byCluster: group('cluster'),
      byDay: group('substr(updated_at, 1, 10)'),
    };
  }

  dailySeverity(scope: FindingScope, fromIso: string): DailySeverityCounts[] {
    const w = scopeWhere({ ...scope, updatedFrom: scope.updatedFrom !== undefined && scope.updatedFrom > fromIso ? scope.updatedFrom : fromIso });
    const rows = this.#query(`SELECT substr(updated_at, 1, 10) AS day, ${SEVERITY_BAND_SQL} AS band, COUNT(*) AS n
      FROM findings ${w.sql} GROUP BY day, band ORDER BY day`).all(...w.params) as { day: string; band: keyof Omit<DailySeverityCounts, 'day'>; n: number }[];
    const days = new Map<string, DailySeverityCounts>();
    for (const r of rows) {
      let d = days.get(r.day);
      if (!d) days.set(r.day, (d = { day: r.day, low: 0, medium: 0, high: 0, critical: 0 }));
      d[r.band] = r.n;
    }
    return [...days.values()];
  }

  top(scope: FindingScope, by: FindingDimension, limit: number): { key: string; count: number }[] {
    if (!Object.hasOwn(DIMENSIONS, by)) throw new Error(`invalid dimension: ${String(by)}`);
    const w = scopeWhere(scope);
    const from = by === 'actor' ? `findings JOIN finding_entities fe ON fe.finding_id = findings.id AND fe.kind = 'actor'` : 'findings';
    const sql = `SELECT ${DIMENSIONS[by]} AS key, COUNT(*) AS count FROM ${from} ${w.sql}
      GROUP BY key HAVING key IS NOT NULL ORDER BY count DESC, key LIMIT ?`;
    return this.#query(sql).all(...w.params, Math.max(1, Math.min(1000, Math.trunc(limit) || 1))) as { key: string; count: number }[];
  }
}
