// Liveness and readiness: the only routes without authentication.

import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';

export function healthRoutes(app: FastifyInstance, deps: { store: Store }): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.store.listClusters();
      return { status: 'ready' };
    } catch (e) {
      return reply.code(503).send({ status: 'not ready', detail: (e as Error).message });
    }
  });
}
