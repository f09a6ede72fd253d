// GET /api/v1/findings and GET /api/v1/findings/{id}.

import type { FastifyInstance } from 'fastify';
import { SEVERITY_RANGES, isSeverityLabel } from '../../core/severity.js';
import type { FindingQuery, FindingSort, Store } from '../../store/store.js';
import { problem, sendProblem } from '../problem.js';
import { badRequest as bad, list, number, pageTokenError } from '../query-params.js';

const SORTS = new Set<FindingSort>(['updatedAt', 'createdAt', 'severity', 'count', 'eventLastSeen']);
const PARAMS = new Set(['type', 'severity', 'minSeverity', 'maxSeverity', 'cluster', 'namespace', 'archived', 'sort', 'order', 'limit', 'nextToken']);

/** Query string -> FindingQuery, with a 400 for anything unknown or malformed. */
export function parseFindingQuery(q: Record<string, unknown>): FindingQuery {
  for (const k of Object.keys(q)) if (!PARAMS.has(k)) throw bad(`unknown query parameter ${JSON.stringify(k)}; known: ${[...PARAMS].join(', ')}`);
  const out: FindingQuery = {};
  const types = list(q.type);
  if (types.length) out.types = types;
  const sev = list(q.severity);
  if (sev.length) {
    let min = 11;
    let max = 0;
    for (const s of sev) {
      if (!isSeverityLabel(s)) throw bad(`severity must be low, medium, high or critical, got ${JSON.stringify(s)}`);
      min = Math.min(min, SEVERITY_RANGES[s].min);
      max = Math.max(max, SEVERITY_RANGES[s].max);
    }
    out.minSeverity = min;
    out.maxSeverity = max;
  }
  if (q.minSeverity !== undefined) out.minSeverity = number(q.minSeverity, 'minSeverity');
  if (q.maxSeverity !== undefined) out.maxSeverity = number(q.maxSeverity, 'maxSeverity');
  const clusters = list(q.cluster);
  if (clusters.length) out.clusters = clusters;
  const namespaces = list(q.namespace);
  if (namespaces.length) out.namespaces = namespaces;
  if (q.archived !== undefined) {
    if (q.archived !== 'true' && q.archived !== 'false') throw bad('archived must be true or false');
    out.archived = q.archived === 'true';
  }
  if (q.sort !== undefined) {
    if (!SORTS.has(q.sort as FindingSort)) throw bad(`sort must be one of ${[...SORTS].join(', ')}`);
    out.sort = q.sort as FindingSort;
  }
  if (q.order !== undefined) {
    if (q.order !== 'asc' && q.order !== 'desc') throw bad('order must be asc or desc');
    out.order = q.order;
  }
  if (q.limit !== undefined) {
    const n = number(q.limit, 'limit');
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw bad('limit must be an integer from 1 to 1000');
    out.limit = n;
  }
  if (typeof q.nextToken === 'string' && q.nextToken !== '') out.nextToken = q.nextToken;
  return out;
}

export function findingRoutes(app: FastifyInstance, deps: { store: Store }): void {
  app.get('/api/v1/findings', async (req) => {
    const query = parseFindingQuery(req.query as Record<string, unknown>);
    return deps.store.listFindings(query).catch(pageTokenError);
  });
  app.get<{ Params: { id: string } }>('/api/v1/findings/:id', async (req, reply) => {
    const id = req.params.id;
    if (!/^[0-9a-f]{32}$/.test(id)) return sendProblem(reply, problem(400, 'VIGIL_BAD_REQUEST', 'finding ids are 32 lower-case hex characters'));
    const f = await deps.store.getFinding(id);
    if (!f) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no finding with id ${id}`));
    return f;
  });
}
