// /api/v1/filters: saved filters and suppression rules (write: analyst and up; read: viewer).

import type { FastifyInstance } from 'fastify';
import { saveFilter, type FilterInput } from '../../app/filters.js';
import type { Store } from '../../store/store.js';
import { requireRole } from '../auth.js';
import { problem, sendProblem } from '../problem.js';

export function filterRoutes(app: FastifyInstance, deps: { store: Store; now: () => number; onChange: () => Promise<void> }): void {
  app.get('/api/v1/filters', async () => ({ filters: await deps.store.listFilters() }));
  app.get<{ Params: { name: string } }>('/api/v1/filters/:name', async (req, reply) => {
    const f = await deps.store.getFilter(req.params.name);
    return f ?? sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no filter named ${req.params.name}`));
  });
  app.post<{ Body: FilterInput }>('/api/v1/filters', { preHandler: requireRole('analyst') }, async (req, reply) => {
    const f = await saveFilter(deps.store, req.body ?? {}, deps.now());
    await deps.onChange();
    await deps.store.recordAudit({ at: deps.now(), actor: req.token?.id ?? '?', action: 'filters.put', details: { name: f.name, action: f.action, criteria: f.criteria, reason: f.reason } });
    return reply.code(201).send(f);
  });
  app.delete<{ Params: { name: string } }>('/api/v1/filters/:name', { preHandler: requireRole('analyst') }, async (req, reply) => {
    if (!(await deps.store.deleteFilter(req.params.name))) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no filter named ${req.params.name}`));
    await deps.onChange();
    await deps.store.recordAudit({ at: deps.now(), actor: req.token?.id ?? '?', action: 'filters.delete', details: { name: req.params.name } });
    return reply.code(204).send();
  });
}
