// The GuardDuty-compatible API: its own fastify instance on its own port, restJson1 at /. Every
// request body is kept as raw bytes so the SigV4 signature is checked over exactly what arrived
// (sigv4.ts); only then is it parsed as JSON. Then the caller's role is checked (viewer reads;
// analyst archives, gives feedback, manages filters and creates samples; admin manages detectors
// and lists), and the operation runs. Errors are GuardDuty's (errors.ts). Create operations are
// idempotent for an hour by clientToken, which the AWS SDKs fill in and keep across retries.

import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TokenRole } from '../../store/store.js';
import { lookupAccessKey, type SecretBox } from './access-keys.js';
import { detectorOperations } from './detectors.js';
import { GuardDutyError, badRequest, sendGuardDutyError } from './errors.js';
import { filterOperations } from './filters.js';
import { findingOperations } from './findings.js';
import { listOperations } from './lists.js';
import { sampleCoverageOperations } from './samples-coverage.js';
import { verifySigV4 } from './sigv4.js';
import { isObject, type GuardDutyDeps, type Operation } from './wire.js';
import { LruMap } from '../../lib/lru-map.js';

export const OPERATIONS: readonly Operation[] = [
  ...detectorOperations,
  ...findingOperations,
  ...filterOperations,
  ...listOperations,
  ...sampleCoverageOperations,
];

export interface GuardDutyServerOptions extends GuardDutyDeps {
  /** Opens the sealed secrets of access keys. */
  secrets: SecretBox;
  /** HTTPS: PEM key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
  logger?: boolean | { level: string };
  /** Requests per minute per access key (429 TooManyRequestsException above); default 600. */
  perMinute?: number;
}

const RANK: Record<TokenRole, number> = { viewer: 1, analyst: 2, admin: 3 };
const BODY_LIMIT = 1024 * 1024;
const IDEMPOTENT = new Set(['CreateDetector', 'CreateFilter', 'CreateIPSet', 'CreateThreatIntelSet']);
const IDEMPOTENCY_MS = 3_600_000;
const MAX_REMEMBERED = 10_000;

/** JSON object body; an empty body is {}. Keys that could reach an object's prototype are refused. */
function parseBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw.toString('utf8'), (k, x: unknown) => {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new Error(`key ${k} is not allowed`);
      return x;
    });
  } catch (e) {
    throw new GuardDutyError('BadRequestException', `The request body is not valid JSON: ${(e as Error).message}`, 'SerializationException');
  }
  if (!isObject(v)) throw new GuardDutyError('BadRequestException', 'The request body must be a JSON object.', 'SerializationException');
  return v;
}

function queryOf(url: string): Record<string, string> {
  const q = url.indexOf('?');
  const out: Record<string, string> = {};
  if (q < 0) return out;
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) if (!(k in out)) out[k] = v;
  return out;
}

/** A token bucket per access key, like the /api per-token limits. */
function throttle(perMinute: number, now: () => number): (id: string) => void {
  const buckets = new LruMap<string, { tokens: number; at: number }>(MAX_REMEMBERED);
  const rate = perMinute / 60_000;
  return (id) => {
    const t = now();
    const b = buckets.get(id) ?? { tokens: perMinute, at: t };
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    buckets.set(id, b);
    if (b.tokens < 1) throw new GuardDutyError('TooManyRequestsException', `Rate exceeded: at most ${perMinute} requests per minute per access key.`);
    b.tokens -= 1;
  };
}

export async function buildGuardDutyServer(opts: GuardDutyServerOptions): Promise<FastifyInstance> {
  const { secrets, tls, logger, perMinute, ...deps } = opts;
  const app = Fastify({
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    logger: logger ?? false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 1024 },
  });
  // Every body, whatever its Content-Type (or none), as the exact bytes received.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler(async (err, req, reply) => {
    const e = err as { code?: string; statusCode?: number; message?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendGuardDutyError(reply, badRequest(`The request body is larger than ${BODY_LIMIT} bytes.`));
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return sendGuardDutyError(reply, badRequest(e.message ?? 'bad request'));
    req.log.error({ err }, 'guardduty request failed');
    return sendGuardDutyError(reply, new GuardDutyError('InternalServerErrorException', 'Internal server error; see the Vigil log.'));
  });
  app.setNotFoundHandler(async (req, reply) =>
    sendGuardDutyError(reply, new GuardDutyError('UnknownOperationException', `No GuardDuty operation is served at ${req.method} ${req.url.split('?')[0] ?? ''}.`)));

  const limit = throttle(perMinute ?? 600, deps.now);
  const remembered = new Map<string, { at: number; result: Promise<Record<string, unknown>> }>();
  const idempotent = (key: string, run: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> => {
    const t = deps.now();
    for (const [k, v] of remembered) {
      if (t - v.at < IDEMPOTENCY_MS && remembered.size <= MAX_REMEMBERED) break;
      remembered.delete(k);
    }
    const hit = remembered.get(key);
    if (hit) return hit.result;
    const result = run();
    remembered.set(key, { at: t, result });
    result.catch(() => remembered.delete(key));
    return result;
  };

  for (const op of OPERATIONS) {
    app.route({
      method: op.method,
      url: op.path,
      handler: async (req, reply) => {
        const requestId = randomUUID();
        try {
          const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const url = req.raw.url ?? req.url;
          const { key } = await verifySigV4(
            { method: req.raw.method ?? req.method, url, headers: req.raw.headers, body: raw },
            (id) => lookupAccessKey(deps.store, secrets, id),
            deps.now(),
          );
          limit(key.accessKeyId);
          if (RANK[key.role] < RANK[op.role]) {
            throw new GuardDutyError('AccessDeniedException', `User: ${key.accessKeyId} (role ${key.role}) is not authorized to perform: guardduty:${op.name}; it needs the ${op.role} role.`);
          }
          const input = { params: req.params as Record<string, string>, query: queryOf(url), body: parseBody(raw), caller: key };
          const token = input.body.clientToken;
          const out = IDEMPOTENT.has(op.name) && typeof token === 'string' && token !== ''
            ? await idempotent(`${key.accessKeyId}\n${op.name}\n${input.params.DetectorId ?? ''}\n${token}`, () => op.run(deps, input))
            : await op.run(deps, input);
          return reply.code(200).header('x-amzn-requestid', requestId).type('application/json').send(JSON.stringify(out));
        } catch (e) {
          if (e instanceof GuardDutyError) return sendGuardDutyError(reply, e, requestId);
          req.log.error({ err: e, operation: op.name }, 'guardduty operation failed');
          return sendGuardDutyError(reply, new GuardDutyError('InternalServerErrorException', 'Internal server error; see the Vigil log.'), requestId);
        }
      },
    });
  }
  return app;
}
