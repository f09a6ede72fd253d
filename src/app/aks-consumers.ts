// Starting the configured AKS Event Hub consumers (config `aks`) for `vigil serve`: each AKS
// cluster's audit records are read from its Event Hub into the pipeline for that cluster, with the
// per-partition positions kept in the store's cursors (sources/aks-eventhub).

import { VigilError } from '../core/errors.js';
import type { SecretSources } from '../sources/aks-eventhub/client.js';
import { parseAksConfig } from '../sources/aks-eventhub/config.js';
import type { AksEventHubConsumer } from '../sources/aks-eventhub/consumer.js';
import type { Cluster } from '../store/store.js';
import type { VigilConfig } from './config.js';
import type { Vigil } from './open.js';

type Log = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;

/** Checks every entry (clusters registered, secrets readable) before starting any consumer. */
export async function startAksConsumers(vigil: Vigil, config: Pick<VigilConfig, 'aks'>, log: Log, secrets?: SecretSources): Promise<AksEventHubConsumer[]> {
  const { specs, errors } = parseAksConfig(config.aks);
  if (errors.length) throw new VigilError('VIGIL_CONFIG', `invalid configuration: ${errors.join('; ')}`);
  const clusters: Cluster[] = [];
  for (const spec of specs) {
    const cluster = await vigil.store.getCluster(spec.cluster);
    if (!cluster) throw new VigilError('VIGIL_CONFIG', `aks: cluster ${spec.cluster} is not registered (vigil clusters add ${spec.cluster} --platform aks)`);
    clusters.push(cluster);
  }
  if (specs.length === 0) return [];
  // Loaded only when configured: the Azure SDK is not needed by anything else.
  const { openHub } = await import('../sources/aks-eventhub/client.js');
  const { AksEventHubConsumer } = await import('../sources/aks-eventhub/consumer.js');
  const hubs = specs.map((spec) => openHub(spec, secrets));
  return specs.map((spec, i) => {
    const cluster = clusters[i]!;
    const c: AksEventHubConsumer = new AksEventHubConsumer({
      spec,
      hub: hubs[i]!,
      cursors: vigil.store,
      log,
      submit: async (items, unjudged, cursor) => {
        await vigil.pipeline.ingest(cluster, items, c.source, 'k8s-audit', '', '', unjudged, cursor);
      },
    });
    c.start();
    log('info', 'starting the AKS Event Hub consumer', { cluster: spec.cluster, aksName: spec.resourceId ?? spec.aksName, hub: `${hubs[i]!.namespace}/${hubs[i]!.hub}`, consumerGroup: spec.consumerGroup, startAt: spec.startAt });
    return c;
  });
}
