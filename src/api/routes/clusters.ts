// GET /api/v1/clusters: registered clusters with their ingest counters.

import type { FastifyInstance } from 'fastify';
import { clusterStatuses } from '../../app/cluster-status.js';
import { VigilError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { requireRole } from '../auth.js';
import { problem, sendProblem } from '../problem.js';

export function clusterRoutes(app: FastifyInstance, deps: { store: Store; now: () => number }): void {
  app.get('/api/v1/clusters', async () => ({ clusters: await clusterStatuses(deps.store) }));
  // Detector features: a disabled feature ingests nothing (and the ingest answer says so).
  app.put<{ Params: { name: string }; Body: { auditLogs?: unknown; runtimeMonitoring?: unknown } }>(
    '/api/v1/clusters/:name/features',
    { preHandler: requireRole('admin') },
    async (req, reply) => {
      if (!(await deps.store.getCluster(req.params.name))) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no cluster named ${req.params.name}`));
      const cur = await deps.store.getClusterFeatures(req.params.name);
      const b = req.body ?? {};
      for (const k of ['auditLogs', 'runtimeMonitoring'] as const) {
        if (b[k] !== undefined && typeof b[k] !== 'boolean') throw new VigilError('VIGIL_BAD_REQUEST', `${k} must be true or false`);
      }
      const next = { auditLogs: (b.auditLogs as boolean | undefined) ?? cur.auditLogs, runtimeMonitoring: (b.runtimeMonitoring as boolean | undefined) ?? cur.runtimeMonitoring };
      await deps.store.setClusterFeatures(req.params.name, next, deps.now());
      await deps.store.recordAudit({ at: deps.now(), actor: req.token?.id ?? '?', action: 'clusters.features', details: { cluster: req.params.name, ...next } });
      return next;
    },
  );
}
