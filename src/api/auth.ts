// Bearer-token authentication. Every route except /healthz and /readyz requires a token; admin
// tokens reach /api, ingest tokens only ingest, and only for their own cluster.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../app/tokens.js';
import type { Store, TokenKind, TokenRecord } from '../store/store.js';
import { problem, sendProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    token?: TokenRecord;
  }
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? (m[1] as string) : null;
}

/** A preHandler that admits only valid, unrevoked tokens of the given kind. */
export function requireToken(store: Store, kind: TokenKind) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const secret = bearer(req);
    if (!secret) {
      await sendProblem(reply, problem(401, 'VIGIL_UNAUTHORIZED', 'missing bearer token (Authorization: Bearer <token>)'));
      return;
    }
    const rec = secret.length <= 512 ? await store.findTokenByHash(hashToken(secret)) : null;
    if (!rec || rec.revokedAt !== null) {
      await sendProblem(reply, problem(401, 'VIGIL_UNAUTHORIZED', 'invalid or revoked token'));
      return;
    }
    if (rec.kind !== kind) {
      await sendProblem(reply, problem(403, 'VIGIL_FORBIDDEN', `this route needs an ${kind} token`));
      return;
    }
    req.token = rec;
  };
}
