// Per-token rate limits: a token bucket per token id (refilled continuously), with the answer 429
// and Retry-After when it is empty. Bounded: idle buckets are dropped past `maxTokens`.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem.js';
import { LruMap } from '../lib/lru-map.js';

export interface RateLimitOptions {
  /** Requests a token may make per minute (bucket size and refill rate). */
  perMinute: number;
  now?: () => number;
  maxTokens?: number;
}

export function rateLimiter(opts: RateLimitOptions) {
  const buckets = new LruMap<string, { tokens: number; at: number }>(opts.maxTokens ?? 10_000);
  const now = opts.now ?? Date.now;
  const rate = opts.perMinute / 60_000;
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const id = req.token?.id;
    if (!id) return;
    const t = now();
    let b = buckets.get(id);
    b ??= { tokens: opts.perMinute, at: t };
    b.tokens = Math.min(opts.perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    buckets.set(id, b);
    if (b.tokens < 1) {
      const wait = Math.ceil((1 - b.tokens) / rate / 1000);
      await sendProblem(reply, problem(429, 'VIGIL_OVERLOADED', `rate limit of ${opts.perMinute} requests per minute for this token reached`, { retryAfterSeconds: wait }));
      return;
    }
    b.tokens -= 1;
  };
}
