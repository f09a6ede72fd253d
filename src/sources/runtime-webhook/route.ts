// POST /ingest/runtime/{format}: runtime sensors' webhook outputs (Tracee's webhook output posts
// its JSON events). The body is one event object, a JSON array of events, or JSON lines. Same
// token rule and the same promise as audit ingest: 200 only once the batch is committed.
// ?node=NAME names the node when the sensor's events do not carry it (Tracee v0.24); ?version=V
// records the sensor's version for coverage.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireToken } from '../../api/auth.js';
import { problem, sendProblem } from '../../api/problem.js';
import { parseJson } from '../../normalize/k8s-audit/envelope.js';
import type { BatchResult, UnjudgedCounts } from '../../pipeline/audit-pipeline.js';
import { RUNTIME_FORMATS, type EventFormat } from '../../pipeline/judge.js';
import type { Cluster, Store } from '../../store/store.js';

export interface RuntimeWebhookDeps {
  store: Store;
  /** Per-token rate limit, run after authentication. */
  limit?: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** unjudged: lines of the body that were not JSON, counted with the batch. */
  submit(cluster: Cluster, items: unknown[], source: string, format: EventFormat, node: string, version: string, unjudged: UnjudgedCounts): Promise<BatchResult>;
  /** Records events refused because the cluster's runtime-monitoring feature is disabled. */
  refuse(cluster: Cluster, source: string, n: number, reason: string): Promise<void>;
  maxBodyBytes: number;
}

/** One object, an array, or one JSON value a line; every unreadable line is reported. */
export function runtimeBodyItems(text: string): { items: unknown[]; errors: { line: number; reason: string }[] } {
  const whole = parseJson(text);
  if (whole.ok) return { items: Array.isArray(whole.value) ? whole.value : [whole.value], errors: [] };
  const items: unknown[] = [];
  const errors: { line: number; reason: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const p = parseJson(line);
    if (p.ok) items.push(p.value);
    else errors.push({ line: i + 1, reason: p.reason });
  });
  return { items, errors };
}

export async function runtimeWebhookRoutes(app: FastifyInstance, deps: RuntimeWebhookDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { format: string }; Querystring: { node?: string; version?: string } }>('/ingest/runtime/:format', { preHandler: [requireToken(deps.store, 'ingest'), ...(deps.limit ? [deps.limit] : [])] }, async (req, reply) => {
      const format = req.params.format as EventFormat;
      if (!RUNTIME_FORMATS.includes(format)) return sendProblem(reply, problem(404, 'VIGIL_NOT_FOUND', `no runtime sensor format ${JSON.stringify(req.params.format)}; supported: ${RUNTIME_FORMATS.join(', ')}`));
      const cluster = req.token?.cluster ? await deps.store.getCluster(req.token.cluster) : null;
      if (!cluster) return sendProblem(reply, problem(403, 'VIGIL_FORBIDDEN', 'the ingest token is not bound to a registered cluster'));
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) return sendProblem(reply, problem(400, 'VIGIL_BAD_JSON', 'request body is empty'));
      const { items, errors } = runtimeBodyItems(body.toString('utf8'));
      if (items.length === 0) return sendProblem(reply, problem(400, 'VIGIL_BAD_JSON', `request body holds no JSON event: ${errors[0]?.reason ?? 'empty'}`));
      if (!(await deps.store.getClusterFeatures(cluster.name)).runtimeMonitoring) {
        await deps.refuse(cluster, `runtime/${format}`, items.length, 'feature_disabled');
        return { accepted: 0, refused: items.length, reason: `runtime monitoring is disabled for cluster ${cluster.name}: nothing was ingested` };
      }
      const node = typeof req.query.node === 'string' ? req.query.node.slice(0, 253) : '';
      const version = typeof req.query.version === 'string' ? req.query.version.slice(0, 64) : '';
      const unjudged: UnjudgedCounts = { skipped: 0, rejected: errors.length ? { not_json: errors.length } : {} };
      const r = await deps.submit(cluster, items, `runtime/${format}`, format, node, version, unjudged);
      return {
        accepted: r.accepted,
        skipped: r.skipped,
        duplicates: r.duplicates,
        rejected: r.rejected.length + errors.length,
        rejections: [...errors.map((e) => ({ line: e.line, reason: e.reason })), ...r.rejected.slice(0, 20).map((x) => ({ index: x.index, reason: x.reason }))].slice(0, 20),
        findings: { created: r.created.length, updated: r.updated.length },
      };
    });
  });
}
