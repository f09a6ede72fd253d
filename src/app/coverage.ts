// Coverage: per cluster, whether the audit stream and the runtime sensors are reporting (the
// equivalent of GuardDuty's runtime coverage tab), and each source feeding it with its lag. A node is healthy while its newest event is
// younger than staleAfterMs; a cluster's runtime coverage is healthy when it has nodes and all of
// them are.

import type { IngestStats, Store } from '../store/store.js';
import { sourceKind } from './source-kinds.js';

export interface NodeCoverage {
  node: string;
  sensor: string;
  version: string;
  firstSeenAt: number;
  lastEventAt: number;
  events: number;
  status: 'healthy' | 'stale';
}

/** One source feeding a cluster: what it delivered, when, and how far behind its events were. */
export interface SourceCoverage {
  source: string;
  plane: 'audit' | 'runtime';
  label: string;
  accepted: number;
  skipped: number;
  duplicates: number;
  rejected: number;
  lastEventAt: number | null;
  lastReceivedAt: number | null;
  /** Delivery delay of the newest event of its last batch with events (ms). */
  lagMs: number | null;
  /** receiving: delivered within the stale window; stale: silent longer; never: nothing accepted yet. */
  status: 'receiving' | 'stale' | 'never';
}

export interface ClusterCoverage {
  name: string;
  platform: string;
  audit: { lastEventAt: number | null; sources: string[]; status: 'receiving' | 'stale' | 'never' };
  runtime: { status: 'HEALTHY' | 'UNHEALTHY'; issue: string; nodes: NodeCoverage[] };
  sources: SourceCoverage[];
}

function sourceCoverage(s: IngestStats, now: number, staleAfterMs: number): SourceCoverage {
  const kind = sourceKind(s.source);
  // Silence is measured from the last delivery when it is known (older databases: the newest event).
  const last = s.lastReceivedAt ?? s.lastEventAt;
  return {
    source: s.source,
    plane: kind.plane,
    label: kind.label,
    accepted: s.accepted,
    skipped: s.skipped,
    duplicates: s.duplicates,
    rejected: Object.values(s.rejected).reduce((a, b) => a + b, 0),
    lastEventAt: s.lastEventAt,
    lastReceivedAt: s.lastReceivedAt,
    lagMs: s.lagMs,
    status: s.accepted === 0 || last === null ? 'never' : now - last > staleAfterMs ? 'stale' : 'receiving',
  };
}

export async function coverageReport(store: Store, now: number, staleAfterMs: number): Promise<ClusterCoverage[]> {
  const [clusters, stats, nodes] = await Promise.all([store.listClusters(), store.ingestStats(), store.runtimeNodes()]);
  return clusters.map((c) => {
    const mine = stats.filter((s) => s.cluster === c.name);
    const audit = mine.filter((s) => sourceKind(s.source).plane === 'audit');
    const last = audit.reduce<number | null>((m, s) => (s.lastEventAt !== null && (m === null || s.lastEventAt > m) ? s.lastEventAt : m), null);
    const ns: NodeCoverage[] = nodes
      .filter((n) => n.cluster === c.name)
      .map((n) => ({ node: n.node, sensor: n.sensor, version: n.version, firstSeenAt: n.firstSeenAt, lastEventAt: n.lastEventAt, events: n.events, status: now - n.lastEventAt > staleAfterMs ? 'stale' : 'healthy' }));
    const stale = ns.filter((n) => n.status === 'stale');
    const issue = ns.length === 0 ? 'No runtime sensor has sent events' : stale.length ? `Agent not reporting: ${stale.map((n) => n.node || '(unnamed node)').join(', ')}` : '';
    return {
      name: c.name,
      platform: c.platform,
      audit: { lastEventAt: last, sources: audit.map((s) => s.source), status: last === null ? 'never' : now - last > staleAfterMs ? 'stale' : 'receiving' },
      runtime: { status: ns.length > 0 && stale.length === 0 ? 'HEALTHY' : 'UNHEALTHY', issue, nodes: ns },
      sources: mine.map((s) => sourceCoverage(s, now, staleAfterMs)),
    };
  });
}
