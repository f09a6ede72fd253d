// POST /api/v1/findings/archive, /unarchive and /feedback (analyst role and up), recorded in the
// audit trail. Bodies follow GuardDuty's ArchiveFindings / UpdateFindingsFeedback: findingIds, and
// feedback USEFUL | NOT_USEFUL with optional comments.

import type { FastifyInstance } from 'fastify';
import { VigilError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { requireRole } from '../auth.js';

const MAX_IDS = 1000;

function findingIds(body: unknown): string[] {
  const ids = (body as { findingIds?: unknown } | undefined)?.findingIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS || !ids.every((x) => typeof x === 'string' && /^[0-9a-f]{32}$/.test(x))) {
    throw new VigilError('VIGIL_BAD_REQUEST', `findingIds must be a list of 1 to ${MAX_IDS} finding ids (32 lower-case hex characters)`);
  }
  return ids as string[];
}

export function findingActionRoutes(app: FastifyInstance, deps: { store: Store; now: () => number }): void {
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
