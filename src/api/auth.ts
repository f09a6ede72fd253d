// Bearer-token authentication and roles. Every route except /healthz and /readyz requires a token:
// API tokens reach /api with their role (viewer reads; analyst also archives, gives feedback and
// manages filters; admin does everything), ingest tokens only ingest, for their own cluster.

import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../app/tokens.js';
import type { Store, TokenKind, TokenRecord, TokenRole } from '../store/store.js';
import { problem, sendProblem, type Problem } from './problem.js';

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

/**
 * The password of `Authorization: Basic` (any user name). Sensors that cannot set headers (Tracee's
 * webhook output) send the ingest token as the password of the URL's user info, which Go's HTTP
 * client turns into this header; accepted for ingest only.
 */
function basicPassword(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h);
  if (!m) return null;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}

/**
 * Ingest over TLS may authenticate with a client certificate instead of a token: a certificate
 * that verified against the configured client CA and whose subject CN is a registered cluster.
 */
async function clientCertCluster(req: FastifyRequest, store: Store): Promise<TokenRecord | null> {
  const sock = req.raw.socket as TLSSocket;
  if (typeof sock.getPeerCertificate !== 'function' || !sock.authorized) return null;
  const cn = sock.getPeerCertificate().subject?.CN;
  const name = Array.isArray(cn) ? cn[0] : cn;
  if (!name || !(await store.getCluster(name))) return null;
  return { id: `cert:${name}`, kind: 'ingest', role: null, cluster: name, createdAt: 0, revokedAt: null, description: 'client certificate' };
}

/** A preHandler that admits only valid, unrevoked tokens of the given kind. */
export function requireToken(store: Store, kind: TokenKind) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (kind === 'ingest' && !req.headers.authorization) {
      const viaCert = await clientCertCluster(req, store);
      if (viaCert) {
        req.token = viaCert;
        return;
      }
    }
    const secret = bearer(req) ?? (kind === 'ingest' ? basicPassword(req) : null);
    if (!secret) {
      await sendProblem(reply, problem(401, 'VIGIL_UNAUTHORIZED', 'missing bearer token (Authorization: Bearer <token>)'));
      return;
    }
    const r = await resolveToken(store, secret, kind);
    if (!r.ok) {
      await sendProblem(reply, r.problem);
      return;
    }
    req.token = r.token;
  };
}

/** Looks a presented secret up: a valid, unrevoked token of the given kind, or the problem to answer. */
export async function resolveToken(store: Store, secret: string, kind: TokenKind): Promise<{ ok: true; token: TokenRecord } | { ok: false; problem: Problem }> {
  const rec = secret.length <= 512 ? await store.findTokenByHash(hashToken(secret)) : null;
  if (!rec || rec.revokedAt !== null) return { ok: false, problem: problem(401, 'VIGIL_UNAUTHORIZED', 'invalid or revoked token') };
  if (rec.kind !== kind) return { ok: false, problem: problem(403, 'VIGIL_FORBIDDEN', `this route needs ${kind === 'api' ? 'an API' : 'an ingest'} token`) };
  return { ok: true, token: rec };
}

/**
 * A preHandler for push sources whose sender cannot use the Authorization header: the ingest token
 * comes from `secretOf` (Firehose's access-key header, Pub/Sub push's endpoint URL), else from
 * `Authorization: Bearer`. `missing` is the 401 message when neither holds one.
 */
export function requirePushedIngestToken(store: Store, secretOf: (req: FastifyRequest) => string | null, missing: string) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const secret = secretOf(req) ?? bearer(req);
    if (!secret) {
      await sendProblem(reply, problem(401, 'VIGIL_UNAUTHORIZED', missing));
      return;
    }
    const r = await resolveToken(store, secret, 'ingest');
    if (!r.ok) {
      await sendProblem(reply, r.problem);
      return;
    }
    req.token = r.token;
  };
}

const RANK: Record<TokenRole, number> = { viewer: 1, analyst: 2, admin: 3 };

export function hasRole(token: TokenRecord | undefined, min: TokenRole): boolean {
  return token?.role != null && RANK[token.role] >= RANK[min];
}

/** A preHandler (after requireToken) that admits API tokens of at least the given role. */
export function requireRole(min: TokenRole) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!hasRole(req.token, min)) await sendProblem(reply, problem(403, 'VIGIL_FORBIDDEN', `this action needs the ${min} role; the token has ${req.token?.role ?? 'none'}`));
  };
}
