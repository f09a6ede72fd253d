// POST /ingest/gke/pubsub: a Pub/Sub push subscription on the topic of a Cloud Logging sink that
// exports a GKE cluster's Kubernetes audit logs. Pub/Sub POSTs one message per request in its push
// envelope {"message":{"data":<base64 LogEntry>,"attributes","messageId","publishTime"},"subscription"}
// (or, with payload unwrapping, the LogEntry itself with the message id in x-goog-pubsub-message-id).
//
// Pub/Sub push sends no custom headers, so the cluster's ingest token comes in the URL
// (?token=<ingest token>); a Bearer header works too. Entries must be of the GKE cluster named like
// the token's Vigil cluster, or of the one named by ?gkeCluster=<GKE name>; others are counted as
// other_cluster, never mixed in. We answer 200 only after the message is committed: every other
// answer makes Pub/Sub redeliver. A message that can never be decoded is answered 200 and counted
// with its reason, so it does not come back forever. Overload answers 429/503 with Retry-After.

import type { FastifyInstance } from 'fastify';
import { requirePushedIngestToken } from '../../api/auth.js';
import { problem, sendProblem } from '../../api/problem.js';
import { parseJson } from '../../normalize/k8s-audit/envelope.js';
import { isObject } from '../../normalize/k8s-audit/values.js';
import type { BatchResult } from '../../pipeline/audit-pipeline.js';
import type { AuditPushDeps } from '../audit-push-deps.js';
import { DeliveryIds } from '../delivery-ids.js';
import { DecodedBatch, base64Data, decodeMessage } from './decode.js';

export const GKE_PUSH_PATH = '/ingest/gke/pubsub';
export const GKE_PUSH_SOURCE = 'gke-pubsub';
const DEFAULT_REMEMBERED_MESSAGES = 10_000;

export interface GkePushDeps extends AuditPushDeps {
  /** Committed message ids remembered for answering redeliveries. Default 10,000. */
  rememberedMessages?: number;
}

/** What a committed message did; the 200 answer carries it. */
export interface GkePushSummary {
  messageId: string;
  accepted: number;
  duplicates: number;
  /** Entries skipped as not Kubernetes audit (code -> count), and events the pipeline skipped. */
  skipped: Record<string, number>;
  rejected: { code: string; reason: string }[];
  findings: { created: number; updated: number };
  refused?: string;
}

export async function gkePushRoutes(app: FastifyInstance, deps: GkePushDeps): Promise<void> {
  const auth = requirePushedIngestToken(
    deps.store,
    // Pub/Sub push cannot send headers: the token is in the endpoint URL.
    (req) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      return typeof q.token === 'string' && q.token !== '' ? q.token : null;
    },
    'missing ingest token (?token=<ingest token> in the push endpoint URL, or Authorization: Bearer <ingest token>)',
  );
  const ids = new DeliveryIds<GkePushSummary>(deps.rememberedMessages ?? DEFAULT_REMEMBERED_MESSAGES);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.post(GKE_PUSH_PATH, { preHandler: [auth, ...(deps.limit ? [deps.limit] : [])] }, async (req, reply) => {
      const cluster = req.token?.cluster ? await deps.store.getCluster(req.token.cluster) : null;
      if (!cluster) return sendProblem(reply, problem(403, 'VIGIL_FORBIDDEN', 'the ingest token is not bound to a registered cluster'));
      const query = req.query as Record<string, unknown>;
      const gkeCluster = typeof query.gkeCluster === 'string' && query.gkeCluster !== '' ? query.gkeCluster.slice(0, 253) : cluster.name;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const msg = pushedMessage(body, req.headers['x-goog-pubsub-message-id']);
      if (msg.messageId !== '' && ids.committed(cluster.name, msg.messageId)) return { messageId: msg.messageId, duplicateMessage: true };

      const work = async (): Promise<GkePushSummary> => {
        const batch = new DecodedBatch();
        if (msg.data) batch.add(decodeMessage(msg.data, gkeCluster, deps.maxBodyBytes));
        else batch.reject(msg.code, msg.reason);
        if (!(await deps.store.getClusterFeatures(cluster.name)).auditLogs) {
          await deps.refuse(cluster, GKE_PUSH_SOURCE, batch.items.length, 'feature_disabled');
          return { ...summarize(msg.messageId, batch, null), refused: `audit log monitoring is disabled for cluster ${cluster.name}: nothing was ingested` };
        }
        return summarize(msg.messageId, batch, await deps.submit(cluster, batch.items, GKE_PUSH_SOURCE, batch.unjudged()));
      };
      const result = msg.messageId === '' ? await work() : (await ids.once(cluster.name, msg.messageId, work)).result;
      if (result.rejected.length > 0) req.log.warn({ cluster: cluster.name, messageId: msg.messageId, rejected: result.rejected[0] }, 'GKE Pub/Sub message not ingested');
      return result;
    });
  });
}

type Pushed = { messageId: string; data: Buffer; code?: undefined; reason?: undefined } | { messageId: string; data: null; code: 'bad_base64' | 'not_json'; reason: string };

/** The message of a push request: the envelope's, or (payload unwrapping) the body itself. */
function pushedMessage(body: Buffer, idHeader: unknown): Pushed {
  const headerId = typeof idHeader === 'string' ? idHeader.slice(0, 256) : '';
  const doc = parseJson(body.toString('utf8'));
  if (!doc.ok) return { messageId: headerId, data: null, code: 'not_json', reason: `request body is ${doc.reason}` };
  const env = doc.value;
  if (!isObject(env) || !isObject(env.message)) return { messageId: headerId, data: body };
  const m = env.message;
  const rawId = typeof m.messageId === 'string' ? m.messageId : m.message_id;
  const messageId = typeof rawId === 'string' ? rawId.slice(0, 256) : headerId;
  const data = base64Data(m.data ?? '');
  if (!data) return { messageId, data: null, code: 'bad_base64', reason: 'message.data is not valid base64' };
  return { messageId, data };
}

function summarize(messageId: string, b: DecodedBatch, r: BatchResult | null): GkePushSummary {
  const rejected = [...Object.keys(b.rejected).map((code) => ({ code, reason: b.reasons[code] ?? '' })), ...(r?.rejected ?? []).map((x) => ({ code: x.code, reason: x.reason }))];
  return {
    messageId,
    accepted: r?.accepted ?? 0,
    duplicates: r?.duplicates ?? 0,
    skipped: { ...b.skipped, ...(r?.skipped ? { events: r.skipped } : {}) },
    rejected,
    findings: { created: r?.created.length ?? 0, updated: r?.updated.length ?? 0 },
  };
}
