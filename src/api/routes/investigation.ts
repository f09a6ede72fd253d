// The investigation API (read-only; any API token): GET /api/v1/events (the event archive),
// /api/v1/findings/{id}/timeline, /api/v1/entities/{kind}/{id} and /api/v1/summary. The work is
// done in app/investigation/; here parameters are checked (400 problem+json naming the parameter).

import type { FastifyInstance } from 'fastify';
import { buildEntityProfile } from '../../app/investigation/entity-profile.js';
import { buildSummary } from '../../app/investigation/summary.js';
import { buildTimeline } from '../../app/investigation/timeline.js';
import { eventView } from '../../app/investigation/views.js';
import type { EventQuery, Store } from '../../store/store.js';
import { problem, sendProblem } from '../problem.js';
import { badRequest, integer, isoTime, list, onlyKnown, order, pageTokenError, single, type Query } from '../query-params.js';

const EVENT_PARAMS = ['cluster', 'actor', 'workload', 'pod', 'image', 'node', 'sourceIp', 'from', 'to', 'order', 'maxResults', 'nextToken'];
const ENTITY_FILTERS = ['actor', 'workload', 'pod', 'image', 'node', 'sourceIp'] as const;

/** Query string -> EventQuery, with a 400 for anything unknown or malformed. */
export function parseEventQuery(q: Query): EventQuery {
  onlyKnown(q, EVENT_PARAMS);
  const out: EventQuery = { order: order(q, 'desc'), limit: integer(q, 'maxResults', 1, 1000, 50) };
  const clusters = list(q.cluster);
  if (clusters.length) out.clusters = clusters;
  for (const k of ENTITY_FILTERS) {
    const v = single(q, k);
    if (v !== undefined) out[k] = v;
  }
  const from = isoTime(q, 'from');
  const to = isoTime(q, 'to');
  if (from !== undefined) out.from = from;
  if (to !== undefined) out.to = to;
  if (from !== undefined && to !== undefined && from > to) throw badRequest('from must not be after to');
  const token = single(q, 'nextToken', 4096);
  if (token !== undefined) out.nextToken = token;
  return out;
}

export function investigationRoutes(app: FastifyInstance, deps: { store: Store; now: () => number }): void {
  app.get('/api/v1/events', async (req) => {
    const page = await deps.store.listEvents(parseEventQuery(req.query as Query)).catch(pageTokenError);
    return { events: page.events.map(eventView), nextToken: page.nextToken };
  });

  app.get<{ Params: { id: string } }>('/api/v1/findings/:id/timeline', async (req, reply) => {
    const q = req.query as Query;
    onlyKnown(q, ['windowMinutes']);
    const windowMinutes = integer(q, 'windowMinutes', 1, 7 * 24 * 60, 60);
    const id = req.params.id;
    if (!/^[0-9a-f]{32}$/.test(id)) throw badRequest('finding ids are 32 lower-case hex characters');
    const finding = await deps.store.getFinding(id);
    if (!finding) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no finding with id ${id}`));
    return buildTimeline(deps.store, finding, windowMinutes * 60_000);
  });

  // The id may hold "/" (a pod is NAMESPACE/NAME): encoded as %2F or not, it is the rest of the path.
  app.get<{ Params: { kind: string; '*': string } }>('/api/v1/entities/:kind/*', async (req) => {
    onlyKnown(req.query as Query, []);
    return buildEntityProfile(deps.store, req.params.kind, req.params['*']);
  });

  app.get('/api/v1/summary', async (req) => {
    const q = req.query as Query;
    onlyKnown(q, ['days', 'cluster']);
    return buildSummary(deps.store, { days: integer(q, 'days', 1, 90, 14), clusters: list(q.cluster), now: deps.now() });
  });
}
