// POST /api/v1/findings/archive, /unarchive and /feedback (analyst role and up), recorded in the
// audit trail. Bodies follow GuardDuty's ArchiveFindings / UpdateFindingsFeedback: findingIds, and
// feedback USEFUL | NOT_USEFUL with optional comments.

import type { FastifyInstance } from 'fastify';
import { VigilError } from '../../core/errors.js';
import type { Cluster, Store } from '../../store/store.js';
import { requireRole } from '../auth.js';

const MAX_IDS = 1000;

function findingIds(body: unknown): string[] {
  const ids = (body as { findingIds?: unknown } | undefined)?.findingIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS || !ids.every((x) => typeof x === 'string' && /^[0-9a-f]{32}$/.test(x))) {
    throw new VigilError('VIGIL_BAD_REQUEST', `findingIds must be a list of 1 to ${MAX_IDS} finding ids (32 lower-case hex characters)`);
  }
  return ids as string[];
}

export function findingActionRoutes(
  app: FastifyInstance,
  deps: { store: Store; now: () => number; samples?: (cluster: Cluster, types: string[]) => Promise<{ created: number; unknown: string[] }> },
): void {
  const audit = (actor: string | undefined, action: string, details: Record<string, unknown>) =>
    deps.store.recordAudit({ at: deps.now(), actor: actor ?? '?', action, details });
  for (const [path, archived] of [
    ['/api/v1/findings/archive', true],
    ['/api/v1/findings/unarchive', false],
  ] as const) {
    app.post(path, { preHandler: requireRole('analyst') }, async (req) => {
      const ids = findingIds(req.body);
      const n = await deps.store.setArchived(ids, archived);
      await audit(req.token?.id, archived ? 'findings.archive' : 'findings.unarchive', { findingIds: ids, found: n });
      return { [archived ? 'archived' : 'unarchived']: n, unknown: ids.length - n };
    });
  }
  app.get<{ Querystring: { archived?: string; cluster?: string } }>('/api/v1/findings/statistics', async (req) => {
    const q = req.query;
    if (q.archived !== undefined && q.archived !== 'true' && q.archived !== 'false') throw new VigilError('VIGIL_BAD_REQUEST', 'archived must be true or false');
    return deps.store.findingStatistics({
      ...(q.archived !== undefined ? { archived: q.archived === 'true' } : {}),
      ...(q.cluster ? { clusters: q.cluster.split(',') } : {}),
    });
  });
  app.post('/api/v1/findings/samples', { preHandler: requireRole('analyst') }, async (req, reply) => {
    const b = (req.body ?? {}) as { types?: unknown; cluster?: unknown };
    if (b.types !== undefined && (!Array.isArray(b.types) || b.types.length > 100 || !b.types.every((t) => typeof t === 'string'))) throw new VigilError('VIGIL_BAD_REQUEST', 'types must be a list of finding type names');
    const clusters = await deps.store.listClusters();
    const cluster = typeof b.cluster === 'string' ? clusters.find((c) => c.name === b.cluster) : clusters[0];
    if (!cluster) throw new VigilError('VIGIL_BAD_REQUEST', 'register a cluster first (vigil clusters add), or name an existing one');
    if (!deps.samples) throw new VigilError('VIGIL_INTERNAL', 'sample findings are not available', 500);
    const r = await deps.samples(cluster, (b.types) ?? []);
    await audit(req.token?.id, 'findings.samples', { cluster: cluster.name, created: r.created, unknown: r.unknown });
    return reply.code(201).send(r);
  });
  app.post('/api/v1/findings/feedback', { preHandler: requireRole('analyst') }, async (req) => {
    const ids = findingIds(req.body);
    const b = req.body as { feedback?: unknown; comments?: unknown };
    if (b.feedback !== 'USEFUL' && b.feedback !== 'NOT_USEFUL') throw new VigilError('VIGIL_BAD_REQUEST', 'feedback must be USEFUL or NOT_USEFUL');
    if (b.comments !== undefined && (typeof b.comments !== 'string' || b.comments.length > 2000)) throw new VigilError('VIGIL_BAD_REQUEST', 'comments must be a string of at most 2000 characters');
    const n = await deps.store.setFeedback(ids, b.feedback);
    await audit(req.token?.id, 'findings.feedback', { findingIds: ids, feedback: b.feedback, ...(b.comments ? { comments: b.comments } : {}) });
    return { updated: n, unknown: ids.length - n };
  });
}
