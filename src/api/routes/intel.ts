// /api/v1/intel: list, add (content in the body, or a URL to fetch) and remove threat-intelligence
// lists. Changes take effect for the next batch.

import type { FastifyInstance } from 'fastify';
import { BUILTIN_LISTS, putList, readListSource } from '../../app/intel.js';
import { VigilError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { requireRole } from '../auth.js';
import { problem, sendProblem } from '../problem.js';

interface AddBody {
  name?: unknown;
  list?: unknown;
  format?: unknown;
  content?: unknown;
  url?: unknown;
}

export function intelRoutes(app: FastifyInstance, deps: { store: Store; now: () => number; onChange: () => Promise<void> }): void {
  app.get('/api/v1/intel', async () => {
    const stored = await deps.store.listIntelLists();
    return {
      lists: stored,
      builtin: BUILTIN_LISTS.filter((b) => !stored.some((s) => s.name === b.name)).map((b) => ({ name: b.name, kind: b.kind })),
    };
  });
  app.post<{ Body: AddBody }>('/api/v1/intel', { bodyLimit: 64 * 1024 * 1024, preHandler: requireRole('admin') }, async (req, reply) => {
    const b = req.body ?? {};
    if (typeof b.name !== 'string' || typeof b.list !== 'string') throw new VigilError('VIGIL_BAD_REQUEST', 'body needs name and list (threat, trusted, tor or malicious)');
    if ((typeof b.content === 'string') === (typeof b.url === 'string')) throw new VigilError('VIGIL_BAD_REQUEST', 'give exactly one of content (the list text) or url');
    const source = typeof b.url === 'string' ? b.url : 'api';
    if (typeof b.url === 'string' && !/^https?:\/\//i.test(b.url)) throw new VigilError('VIGIL_BAD_REQUEST', 'url must be http(s)');
    const content = typeof b.content === 'string' ? b.content : await readListSource(source);
    const r = await putList(deps.store, { name: b.name, kind: b.list, source, content, ...(typeof b.format === 'string' ? { format: b.format } : {}) }, deps.now());
    await deps.onChange();
    await deps.store.recordAudit({ at: deps.now(), actor: req.token?.id ?? '?', action: 'intel.put', details: { name: r.info.name, kind: r.info.kind, entries: r.info.entries } });
    return reply.code(201).send({ list: r.info, refused: r.errors.slice(0, 100) });
  });
  app.delete<{ Params: { name: string } }>('/api/v1/intel/:name', { preHandler: requireRole('admin') }, async (req, reply) => {
    if (!(await deps.store.deleteIntelList(req.params.name))) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no stored list named ${req.params.name}`));
    await deps.onChange();
    await deps.store.recordAudit({ at: deps.now(), actor: req.token?.id ?? '?', action: 'intel.delete', details: { name: req.params.name } });
    return reply.code(204).send();
  });
}
