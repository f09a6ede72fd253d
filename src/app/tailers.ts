// Starting the configured log-file tailers (config `tail`) for `vigil serve`: each file's events go
// through the pipeline for its cluster, and its position is kept in the store's cursors.

import { VigilError } from '../core/errors.js';
import { auditItems } from '../normalize/k8s-audit/envelope.js';
import { parseTailConfig } from '../sources/file-tail/config.js';
import { FileTailer } from '../sources/file-tail/tail.js';
import { sensorItems } from '../sources/k8s-audit-file/read.js';
import type { VigilConfig } from './config.js';
import type { Vigil } from './open.js';

type Log = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;

export async function startTailers(vigil: Vigil, config: Pick<VigilConfig, 'tail'>, log: Log): Promise<FileTailer[]> {
  const { specs, errors } = parseTailConfig(config.tail);
  if (errors.length) throw new VigilError('VIGIL_CONFIG', `invalid configuration: ${errors.join('; ')}`);
  const out: FileTailer[] = [];
  for (const spec of specs) {
    const cluster = await vigil.store.getCluster(spec.cluster);
    if (!cluster) throw new VigilError('VIGIL_CONFIG', `tail ${spec.path}: cluster ${spec.cluster} is not registered (vigil clusters add ${spec.cluster})`);
    const source = `file:${spec.path}`;
    const t = new FileTailer({
      path: spec.path,
      source,
      cursors: vigil.store,
      envelope: spec.format === 'k8s-audit' ? auditItems : sensorItems,
      log,
      submit: async (items, unjudged, cursor) => {
        await vigil.pipeline.ingest(cluster, items, source, spec.format, '', '', unjudged, cursor);
      },
    });
    t.start();
    log('info', 'tailing log file', { path: spec.path, cluster: spec.cluster, format: spec.format });
    out.push(t);
  }
  return out;
}
