// GET /api/v1/clusters: registered clusters with their ingest counters.

import type { FastifyInstance } from 'fastify';
import { clusterStatuses } from '../../app/cluster-status.js';
import type { Store } from '../../store/store.js';

export function clusterRoutes(app: FastifyInstance, deps: { store: Store }): void {
  app.get('/api/v1/clusters', async () => ({ clusters: await clusterStatuses(deps.store) }));
}
