// GET /api/v1/coverage: audit stream freshness and runtime sensor nodes per cluster.

import type { FastifyInstance } from 'fastify';
import { coverageReport } from '../../app/coverage.js';
import type { Store } from '../../store/store.js';

export function coverageRoutes(app: FastifyInstance, deps: { store: Store; now: () => number; staleAfterMs: number }): void {
  app.get('/api/v1/coverage', async () => ({ staleAfterSeconds: deps.staleAfterMs / 1000, clusters: await coverageReport(deps.store, deps.now(), deps.staleAfterMs) }));
}
