// POST /ingest/k8s-audit: kube-apiserver's audit webhook backend. It POSTs EventList batches with
// the cluster's ingest token; we answer 200 only after the batch is committed to the store, so a
// batch is either stored or re-sent (kube-apiserver retries every non-2xx answer).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireToken } from '../../api/auth.js';
import { problem, sendProblem } from '../../api/problem.js';
import { auditItems, parseJson } from '../../normalize/k8s-audit/envelope.js';
import type { BatchResult } from '../../pipeline/audit-pipeline.js';
import type { Cluster, Store } from '../../store/store.js';

export const AUDIT_WEBHOOK_PATH = '/ingest/k8s-audit';
const MAX_LISTED_REJECTIONS = 20;

export interface AuditWebhookDeps {
  store: Store;
  /** Per-token rate limit, run after authentication. */
  limit?: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  submit(cluster: Cluster, items: unknown[], source: string): Promise<BatchResult>;
  /** Records events refused because the cluster's audit-log feature is disabled. */
  refuse(cluster: Cluster, source: string, n: number, reason: string): Promise<void>;
  maxBodyBytes: number;
}

/** Registers the route in its own context, with a raw-body parser so JSON errors are ours to report. */
export async function auditWebhookRoutes(app: FastifyInstance, deps: AuditWebhookDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.post(AUDIT_WEBHOOK_PATH, { preHandler: [requireToken(deps.store, 'ingest'), ...(deps.limit ? [deps.limit] : [])] }, async (req, reply) => {
      const token = req.token;
      const cluster = token?.cluster ? await deps.store.getCluster(token.cluster) : null;
      if (!cluster) return sendProblem(reply, problem(403, 'VIGIL_FORBIDDEN', 'the ingest token is not bound to a registered cluster'));
      const ctype = String(req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase();
      if (ctype !== 'application/json' && ctype !== '') {
        return sendProblem(reply, problem(415, 'VIGIL_UNSUPPORTED_MEDIA_TYPE', `Content-Type ${ctype} is not supported; send application/json`));
      }
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) return sendProblem(reply, problem(400, 'VIGIL_BAD_JSON', 'request body is empty'));
      const parsed = parseJson(body.toString('utf8'));
      if (!parsed.ok) return sendProblem(reply, problem(400, 'VIGIL_BAD_JSON', `request body is ${parsed.reason}`));
      const env = auditItems(parsed.value);
      if (!env.ok) return sendProblem(reply, problem(400, 'VIGIL_NOT_AUDIT', `request body is not an audit batch: ${env.reason}`));
      if (!(await deps.store.getClusterFeatures(cluster.name)).auditLogs) {
        await deps.refuse(cluster, 'k8s-audit-webhook', env.items.length, 'feature_disabled');
        return { accepted: 0, refused: env.items.length, reason: `audit log monitoring is disabled for cluster ${cluster.name}: nothing was ingested` };
      }
      const r = await deps.submit(cluster, env.items, 'k8s-audit-webhook');
      if (r.rejected.length > 0) {
        req.log.warn({ cluster: cluster.name, rejected: r.rejected.length, first: r.rejected[0] }, 'audit events rejected');
      }
      return {
        accepted: r.accepted,
        skipped: r.skipped,
        duplicates: r.duplicates,
        rejected: r.rejected.length,
        rejections: r.rejected.slice(0, MAX_LISTED_REJECTIONS).map((x) => ({ index: x.index, reason: x.reason })),
        findings: { created: r.created.length, updated: r.updated.length },
      };
    });
  });
}
