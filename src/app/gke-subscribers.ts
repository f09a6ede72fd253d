// Starting the configured Pub/Sub subscribers (config `gke`) for `vigil serve`: each GKE cluster's
// Kubernetes audit logs, exported by a Cloud Logging sink to a Pub/Sub topic, are pulled from the
// configured subscription into the pipeline for that cluster (sources/gke-pubsub).

import { VigilError } from '../core/errors.js';
import { parseGkeConfig } from '../sources/gke-pubsub/config.js';
import { PubSubPuller } from '../sources/gke-pubsub/pull.js';
import type { Cluster } from '../store/store.js';
import type { VigilConfig } from './config.js';
import type { Vigil } from './open.js';

type Log = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;

/** Checks every entry (clusters registered) before starting any subscriber. */
export async function startGkeSubscribers(vigil: Vigil, config: Pick<VigilConfig, 'gke'>, log: Log): Promise<PubSubPuller[]> {
  const { specs, errors } = parseGkeConfig(config.gke);
  if (errors.length) throw new VigilError('VIGIL_CONFIG', `invalid configuration: ${errors.join('; ')}`);
  const clusters: Cluster[] = [];
  for (const spec of specs) {
    const cluster = await vigil.store.getCluster(spec.cluster);
    if (!cluster) throw new VigilError('VIGIL_CONFIG', `gke ${spec.subscription}: cluster ${spec.cluster} is not registered (vigil clusters add ${spec.cluster} --platform gke)`);
    clusters.push(cluster);
  }
  if (specs.length === 0) return [];
  // Loaded only when configured: the Google client and gRPC take a while to import.
  const { pubsubSubscription } = await import('../sources/gke-pubsub/client.js');
  return specs.map((spec, i) => {
    const cluster = clusters[i]!;
    const source = `pubsub:${spec.subscription}`;
    const p = new PubSubPuller({
      subscription: spec.subscription,
      gkeCluster: spec.gkeCluster,
      source: pubsubSubscription({ subscription: spec.subscription, maxMessages: spec.batchSize * 2, ...(spec.endpoint ? { endpoint: spec.endpoint } : {}) }),
      cursors: vigil.store,
      batchSize: spec.batchSize,
      batchMs: spec.batchMs,
      log,
      submit: async (items, unjudged) => {
        await vigil.pipeline.ingest(cluster, items, source, 'k8s-audit', '', '', unjudged);
      },
    });
    p.start();
    log('info', 'pulling GKE audit logs from Pub/Sub', { subscription: spec.subscription, cluster: spec.cluster, gkeCluster: spec.gkeCluster, endpoint: spec.endpoint ?? 'pubsub.googleapis.com' });
    return p;
  });
}
