// /api/v1/tokens (admin): list, create (the secret is shown once) and revoke API and ingest tokens;
// GET /api/v1/audit-log (admin): who changed what.

import type { FastifyInstance } from 'fastify';
import { issueToken } from '../../app/tokens.js';
import { VigilError } from '../../core/errors.js';
import type { Store, TokenRole } from '../../store/store.js';
import { requireRole } from '../auth.js';
import { problem, sendProblem } from '../problem.js';

const ROLES = new Set<TokenRole>(['viewer', 'analyst', 'admin']);

export function tokenRoutes(app: FastifyInstance, deps: { store: Store; now: () => number }): void {
  const admin = { preHandler: requireRole('admin') };
  app.get('/api/v1/tokens', admin, async () => ({ tokens: await deps.store.listTokens() }));
  app.post('/api/v1/tokens', admin, async (req, reply) => {
    const b = (req.body ?? {}) as { role?: unknown; cluster?: unknown; description?: unknown };
    const description = typeof b.description === 'string' ? b.description.slice(0, 200) : '';
    let issued;
    if (typeof b.cluster === 'string') {
      if (!(await deps.store.getCluster(b.cluster))) throw new VigilError('VIGIL_BAD_REQUEST', `no cluster named ${b.cluster}`);
      issued = await issueToken(deps.store, 'ingest', { cluster: b.cluster, description, now: deps.now() });
    } else {
      if (!ROLES.has(b.role as TokenRole)) throw new VigilError('VIGIL_BAD_REQUEST', 'role must be viewer, analyst or admin (or give cluster for an ingest token)');
      issued = await issueToken(deps.store, 'api', { role: b.role as TokenRole, description, now: deps.now() });
    }
    await deps.store.recordAudit({ at: deps.now(), actor: req.token?.id ?? '?', action: 'tokens.create', details: { id: issued.record.id, kind: issued.record.kind, role: issued.record.role, cluster: issued.record.cluster } });
    return reply.code(201).send({ token: issued.secret, record: issued.record });
  });
  app.delete<{ Params: { id: string } }>('/api/v1/tokens/:id', admin, async (req, reply) => {
    if (!(await deps.store.revokeToken(req.params.id, deps.now()))) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no active token with id ${req.params.id}`));
    await deps.store.recordAudit({ at: deps.now(), actor: req.token?.id ?? '?', action: 'tokens.revoke', details: { id: req.params.id } });
    return reply.code(204).send();
  });
  app.get<{ Querystring: { limit?: string } }>('/api/v1/audit-log', admin, async (req) => ({ entries: await deps.store.listAudit(Number(req.query.limit ?? 100) || 100) }));
}
