// Coverage: per cluster, whether the audit stream and the runtime sensors are reporting (the
// equivalent of GuardDuty's runtime coverage tab). A node is healthy while its newest event is
// younger than staleAfterMs; a cluster's runtime coverage is healthy when it has nodes and all of
// them are.

import type { Store } from '../store/store.js';

export interface NodeCoverage {
  node: string;
  sensor: string;
  version: string;
  firstSeenAt: number;
  lastEventAt: number;
  events: number;
  status: 'healthy' | 'stale';
}

export interface ClusterCoverage {
  name: string;
  platform: string;
  audit: { lastEventAt: number | null; sources: string[]; status: 'receiving' | 'stale' | 'never' };
  runtime: { status: 'HEALTHY' | 'UNHEALTHY'; issue: string; nodes: NodeCoverage[] };
}

export async function coverageReport(store: Store, now: number, staleAfterMs: number): Promise<ClusterCoverage[]> {
  const [clusters, stats, nodes] = await Promise.all([store.listClusters(), store.ingestStats(), store.runtimeNodes()]);
  return clusters.map((c) => {
    const audit = stats.filter((s) => s.cluster === c.name && !s.source.startsWith('runtime/'));
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
    };
  });
}
