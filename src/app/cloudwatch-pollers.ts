// Starting the configured CloudWatch Logs pollers (config `cloudwatch`) for `vigil serve`: each
// EKS cluster's audit log streams are polled into the pipeline for that cluster, with the position
// kept in the store's cursors (sources/eks-cloudwatch).

import { VigilError } from '../core/errors.js';
import type { ClientOptions } from '../sources/eks-cloudwatch/client.js';
import { parseCloudWatchConfig } from '../sources/eks-cloudwatch/config.js';
import { CloudWatchPoller } from '../sources/eks-cloudwatch/poll.js';
import type { Cluster } from '../store/store.js';
import type { VigilConfig } from './config.js';
import type { Vigil } from './open.js';

type Log = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;

/** Checks every entry (clusters registered) before starting any poller. */
export async function startCloudWatchPollers(vigil: Vigil, config: Pick<VigilConfig, 'cloudwatch'>, log: Log, client: Pick<ClientOptions, 'credentials' | 'maxAttempts'> = {}): Promise<CloudWatchPoller[]> {
  const { specs, errors } = parseCloudWatchConfig(config.cloudwatch);
  if (errors.length) throw new VigilError('VIGIL_CONFIG', `invalid configuration: ${errors.join('; ')}`);
  const clusters: Cluster[] = [];
  for (const spec of specs) {
    const cluster = await vigil.store.getCluster(spec.cluster);
    if (!cluster) throw new VigilError('VIGIL_CONFIG', `cloudwatch ${spec.logGroup}: cluster ${spec.cluster} is not registered (vigil clusters add ${spec.cluster})`);
    clusters.push(cluster);
  }
  if (specs.length === 0) return [];
  // Loaded only when configured: the AWS SDK adds about half a second to every CLI start.
  const { cloudWatchLogsSource } = await import('../sources/eks-cloudwatch/client.js');
  return specs.map((spec, i) => {
    const cluster = clusters[i]!;
    const source = `cloudwatch:${spec.logGroup}`;
    const p = new CloudWatchPoller({
      logGroup: spec.logGroup,
      source: cloudWatchLogsSource({ region: spec.region, endpoint: spec.endpoint, ...client }),
      cursors: vigil.store,
      pollMs: spec.pollSeconds * 1000,
      lookbackMs: spec.lookbackSeconds * 1000,
      log,
      submit: async (items, unjudged, cursor) => {
        await vigil.pipeline.ingest(cluster, items, source, 'k8s-audit', '', '', unjudged, cursor);
      },
    });
    p.start();
    log('info', 'polling CloudWatch Logs', { logGroup: spec.logGroup, cluster: spec.cluster, region: spec.region ?? '(provider chain)', pollSeconds: spec.pollSeconds, lookbackSeconds: spec.lookbackSeconds });
    return p;
  });
}
