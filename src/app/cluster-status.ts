// Registered clusters with their ingest counters (accepted, skipped, duplicates, rejected by
// reason, newest event time) per source; served by GET /api/v1/clusters and vigil clusters list.

import type { Cluster, ClusterFeatures, IngestStats, Store } from '../store/store.js';

export interface ClusterStatus extends Cluster {
  features: ClusterFeatures;
  ingest: Omit<IngestStats, 'cluster'>[];
}

export async function clusterStatuses(store: Store): Promise<ClusterStatus[]> {
  const [clusters, stats] = await Promise.all([store.listClusters(), store.ingestStats()]);
  const features = await Promise.all(clusters.map((c) => store.getClusterFeatures(c.name)));
  return clusters.map((c, i) => ({
    ...c,
    features: features[i] as ClusterFeatures,
    ingest: stats.filter((s) => s.cluster === c.name).map(({ cluster: _c, ...rest }) => rest),
  }));
}
