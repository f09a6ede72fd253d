// POST /ingest/firehose: a Kinesis Data Firehose HTTP-endpoint destination fed by a CloudWatch Logs
// subscription filter on an EKS cluster's log group. The stream's access key is the cluster's ingest
// token. We answer 200 {requestId, timestamp} only after the request's audit events are committed;
// every other answer is non-200 with {requestId, timestamp, errorMessage}, and Firehose re-sends it.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePushedIngestToken } from '../../api/auth.js';
import { problem, sendProblem } from '../../api/problem.js';
import { parseJson } from '../../normalize/k8s-audit/envelope.js';
import type { BatchResult, UnjudgedCounts } from '../../pipeline/audit-pipeline.js';
import { decodeRecords, firehoseRequest, gunzipBounded, type DecodedRecords } from './decode.js';
import type { AuditPushDeps } from '../audit-push-deps.js';
import { DeliveryIds } from '../delivery-ids.js';

export const FIREHOSE_PATH = '/ingest/firehose';
export const FIREHOSE_SOURCE = 'eks-firehose';
const MAX_LISTED_REJECTIONS = 20;
const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;
const DEFAULT_REMEMBERED_REQUESTS = 10_000;

export interface FirehoseDeps extends AuditPushDeps {
  /** Largest request body, compressed or not (and what a gzip'd body may expand to). */
  maxBodyBytes: number;
  /** Most bytes one record may decompress to. Default 8 MiB (at most maxBodyBytes). */
  maxRecordBytes?: number;
  /** Most bytes a request's records may decompress to together. Default maxBodyBytes. */
  maxRequestBytes?: number;
  /** Committed request ids remembered for answering retries. Default 10,000. */
  rememberedRequests?: number;
  /** Epoch ms; defaults to Date.now. */
  now?: () => number;
}

/** What a committed request did; the 200 answer carries it under `vigil`. */
export interface FirehoseSummary {
  records: number;
  events: number;
  accepted: number;
  duplicates: number;
  skipped: { controlMessages: number; otherStreams: number; events: number };
  rejected: number;
  rejections: { record: number; code: string; reason: string }[];
  findings: { created: number; updated: number };
  refused?: string;
}

const requestIds = new WeakMap<FastifyRequest, string>();

export async function firehoseRoutes(app: FastifyInstance, deps: FirehoseDeps): Promise<void> {
  const auth = requirePushedIngestToken(
    deps.store,
    (req) => {
      const header = req.headers['x-amz-firehose-access-key'];
      return typeof header === 'string' && header !== '' ? header : null;
    },
    'missing access key (X-Amz-Firehose-Access-Key or Authorization: Bearer <ingest token>)',
  );
  const now = deps.now ?? Date.now;
  const limits = {
    maxRecordBytes: Math.min(deps.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES, deps.maxBodyBytes),
    maxRequestBytes: deps.maxRequestBytes ?? deps.maxBodyBytes,
  };
  const ids = new DeliveryIds<FirehoseSummary>(deps.rememberedRequests ?? DEFAULT_REMEMBERED_REQUESTS);

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, done) => done(null, body));
    // Every refusal in this scope (ours, the rate limit's, fastify's) in Firehose's error shape.
    scope.addHook('onSend', async (req, reply, payload) => {
      if (!String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json')) return payload;
      const p = typeof payload === 'string' ? parseJson(payload) : { ok: false as const };
      const detail = p.ok && typeof (p.value as { detail?: unknown }).detail === 'string' ? (p.value as { detail: string }).detail : 'request failed';
      reply.type('application/json');
      return JSON.stringify({ requestId: requestIdOf(req), timestamp: now(), errorMessage: detail });
    });
    scope.post(FIREHOSE_PATH, { preHandler: [auth, ...(deps.limit ? [deps.limit] : [])] }, async (req, reply) => {
      const cluster = req.token?.cluster ? await deps.store.getCluster(req.token.cluster) : null;
      if (!cluster) return sendProblem(reply, problem(403, 'VIGIL_FORBIDDEN', 'the access key is not bound to a registered cluster'));
      const text = bodyText(req, deps.maxBodyBytes);
      if (!text.ok) return sendProblem(reply, text.problem);
      const parsed = parseJson(text.value);
      if (!parsed.ok) return sendProblem(reply, problem(400, 'VIGIL_BAD_JSON', `request body is ${parsed.reason}`));
      const fh = firehoseRequest(parsed.value);
      if (!fh.ok) return sendProblem(reply, problem(400, 'VIGIL_BAD_REQUEST', `request body is not a Firehose delivery: ${fh.reason}`));
      const { requestId, records } = fh.value;
      requestIds.set(req, requestId);
      const answer = (vigil: FirehoseSummary | { duplicateRequest: true }) => ({ requestId, timestamp: now(), vigil });
      if (ids.committed(cluster.name, requestId)) return answer({ duplicateRequest: true });

      const { result } = await ids.once(cluster.name, requestId, async () => {
        const decoded = decodeRecords(records, limits);
        if (!(await deps.store.getClusterFeatures(cluster.name)).auditLogs) {
          await deps.refuse(cluster, FIREHOSE_SOURCE, decoded.items.length, 'feature_disabled');
          return { ...summarize(records.length, decoded, null), refused: `audit log monitoring is disabled for cluster ${cluster.name}: nothing was ingested` };
        }
        const r = await deps.submit(cluster, decoded.items, FIREHOSE_SOURCE, unjudgedOf(decoded));
        return summarize(records.length, decoded, r);
      });
      if (result.rejected > 0) req.log.warn({ cluster: cluster.name, requestId, rejected: result.rejected, first: result.rejections[0] }, 'firehose records or events rejected');
      return answer(result);
    });
  });
}

/** The request body as text; a gzip Content-Encoding is undone, bounded by the body limit. */
function bodyText(req: FastifyRequest, maxBytes: number): { ok: true; value: string } | { ok: false; problem: ReturnType<typeof problem> } {
  const body = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) return { ok: false, problem: problem(400, 'VIGIL_BAD_JSON', 'request body is empty') };
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return { ok: true, value: body.toString('utf8') };
  if (encoding !== 'gzip') return { ok: false, problem: problem(415, 'VIGIL_UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding.slice(0, 32)} is not supported; use gzip or none`) };
  if (body[0] !== 0x1f || body[1] !== 0x8b) return { ok: false, problem: problem(400, 'VIGIL_BAD_REQUEST', 'Content-Encoding is gzip but the body is not gzip data') };
  const g = gunzipBounded(body, maxBytes);
  if (g.ok) return { ok: true, value: g.value.toString('utf8') };
  if (g.code === 'too_large') return { ok: false, problem: problem(413, 'VIGIL_BODY_TOO_LARGE', `decompressed request body is larger than the configured limit (ingest.maxBodyBytes, ${maxBytes} bytes)`) };
  return { ok: false, problem: problem(400, 'VIGIL_BAD_REQUEST', `request body is not valid gzip: ${g.reason}`) };
}

function requestIdOf(req: FastifyRequest): string {
  const known = requestIds.get(req);
  if (known) return known;
  const h = req.headers['x-amz-firehose-request-id'];
  return typeof h === 'string' ? h.slice(0, 256) : '';
}

function unjudgedOf(d: DecodedRecords): UnjudgedCounts {
  const rejected: Record<string, number> = {};
  for (const m of d.malformed) rejected[m.code] = (rejected[m.code] ?? 0) + 1;
  return { skipped: d.controlMessages + d.otherStreams, rejected };
}

function summarize(records: number, d: DecodedRecords, r: BatchResult | null): FirehoseSummary {
  const judged = (r?.rejected ?? []).map((x) => ({ record: d.itemRecords[x.index] ?? -1, code: x.code, reason: x.reason }));
  const rejections = [...d.malformed, ...judged];
  return {
    records,
    events: d.items.length,
    accepted: r?.accepted ?? 0,
    duplicates: r?.duplicates ?? 0,
    skipped: { controlMessages: d.controlMessages, otherStreams: d.otherStreams, events: r?.skipped ?? 0 },
    rejected: rejections.length,
    rejections: rejections.slice(0, MAX_LISTED_REJECTIONS).map((x) => ({ record: x.record, code: x.code, reason: x.reason })),
    findings: { created: r?.created.length ?? 0, updated: r?.updated.length ?? 0 },
  };
}
