// Errors -> RFC 9457 problem+json responses, in one place.

import type { FastifyReply } from 'fastify';
import { VigilError, type ErrorCode } from '../core/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://vigil.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  if (p.status === 401) reply.header('www-authenticate', 'Bearer realm="vigil"');
  const retry = p.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  return reply.code(p.status).type('application/problem+json').send(p);
}

/** Maps any thrown error (ours or fastify's) to a problem. Unknown errors become a 500 without internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof VigilError) return problem(err.status, err.code, err.message, err.details ?? {});
  const e = err as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'VIGIL_BODY_TOO_LARGE', 'request body is larger than the configured limit (ingest.maxBodyBytes)');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'VIGIL_UNSUPPORTED_MEDIA_TYPE', 'unsupported Content-Type; send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'VIGIL_BAD_JSON', 'request body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'VIGIL_BAD_JSON', `request body is not valid JSON: ${e.message ?? ''}`);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return problem(e.statusCode, 'VIGIL_BAD_REQUEST', e.message ?? 'bad request');
  }
  return problem(500, 'VIGIL_INTERNAL', 'internal error; see the server log');
}
