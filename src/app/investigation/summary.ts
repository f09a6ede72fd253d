// The console's front page: current (not archived) findings of the last N days, counted per UTC day
// of last update by severity band, the top types, clusters, namespaces and actors, and the newest
// high and critical findings.

import { SEVERITY_RANGES } from '../../core/severity.js';
import type { DailySeverityCounts, FindingDimension, FindingScope, Store } from '../../store/store.js';
import { findingBrief, type FindingBrief } from './views.js';

export interface Counted {
  key: string;
  count: number;
}

export interface DashboardSummary {
  days: number;
  /** ISO 8601: the start (UTC midnight) of the first day counted. */
  from: string;
  /** One entry per day, oldest first, days without findings included. */
  series: DailySeverityCounts[];
  topTypes: Counted[];
  topClusters: Counted[];
  topNamespaces: Counted[];
  topActors: Counted[];
  /** Severity 7 and above, most recently updated first. */
  newestHigh: FindingBrief[];
}

export const TOP = 10;
const DAY = 86_400_000;

export async function buildSummary(store: Store, opts: { days: number; clusters: string[]; now: number }): Promise<DashboardSummary> {
  const start = Math.floor(opts.now / DAY) * DAY - (opts.days - 1) * DAY;
  const from = new Date(start).toISOString();
  const scope: FindingScope = { archived: false, updatedFrom: from, ...(opts.clusters.length ? { clusters: opts.clusters } : {}) };
  const top = (by: FindingDimension) => store.topFindingValues(scope, by, TOP);
  const [counted, topTypes, topClusters, topNamespaces, topActors, high] = await Promise.all([
    store.findingDailySeverity(scope, from),
    top('type'),
    top('cluster'),
    top('namespace'),
    top('actor'),
    store.listFindings({
      archived: false, minSeverity: SEVERITY_RANGES.high.min, sort: 'updatedAt', order: 'desc', limit: TOP,
      ...(opts.clusters.length ? { clusters: opts.clusters } : {}),
    }),
  ]);
  const byDay = new Map(counted.map((c) => [c.day, c]));
  const series: DailySeverityCounts[] = [];
  for (let i = 0; i < opts.days; i++) {
    const day = new Date(start + i * DAY).toISOString().slice(0, 10);
    series.push(byDay.get(day) ?? { day, low: 0, medium: 0, high: 0, critical: 0 });
  }
  return { days: opts.days, from, series, topTypes, topClusters, topNamespaces, topActors, newestHigh: high.findings.map(findingBrief) };
}
