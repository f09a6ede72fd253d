// Registered clusters with their ingest counters (accepted, skipped, duplicates, rejected by
// reason, newest event time) per source; served by GET /api/v1/clusters and vigil clusters list.

import type { Cluster, IngestStats, Store } from '../store/store.js';

export interface ClusterStatus extends Cluster {
  ingest: Omit<IngestStats, 'cluster'>[];
}

export async function clusterStatuses(store: Store): Promise<ClusterStatus[]> {
  const [clusters, stats] = await Promise.all([store.listClusters(), store.ingestStats()]);
  return clusters.map((c) => ({
    ...c,
    ingest: stats.filter((s) => s.cluster === c.name).map(({ cluster: _c, ...rest }) => rest),
  }));
}
