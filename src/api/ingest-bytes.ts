// A bound on the bytes of ingest requests in flight (being received, parsed, queued or judged), so
// memory stays bounded however many senders push large batches at once: the queue bounds batches,
// this bounds their bytes. A request whose declared length (or, without Content-Length, the body
// limit) would take the total past the bound is refused before its body is read, with 503 and
// Retry-After, unless nothing else is in flight (one request up to the body limit always fits).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem.js';

export interface InFlightBytes {
  /** Bytes of ingest requests in flight now. */
  readonly inFlight: number;
  /** Requests refused because the bound was reached. */
  readonly refused: number;
}

const held = new WeakMap<FastifyRequest, number>();

export function limitIngestBytes(app: FastifyInstance, opts: { maxInFlightBytes: number; maxBodyBytes: number; prefix?: string }): InFlightBytes {
  const prefix = opts.prefix ?? '/ingest/';
  const state = { inFlight: 0, refused: 0 };
  const release = (req: FastifyRequest) => {
    const n = held.get(req);
    if (n === undefined) return;
    held.delete(req);
    state.inFlight -= n;
  };
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.url.startsWith(prefix)) return;
    const declared = Number(req.headers['content-length']);
    const n = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, opts.maxBodyBytes) : opts.maxBodyBytes;
    if (state.inFlight > 0 && state.inFlight + n > opts.maxInFlightBytes) {
      state.refused++;
      return sendProblem(reply, problem(503, 'VIGIL_OVERLOADED', `ingest is busy: ${state.inFlight} bytes of batches in flight (limit ${opts.maxInFlightBytes}); retry later`, { retryAfterSeconds: 5 }));
    }
    state.inFlight += n;
    held.set(req, n);
  });
  app.addHook('onResponse', async (req) => release(req));
  app.addHook('onRequestAbort', async (req) => release(req));
  return {
    get inFlight() {
      return state.inFlight;
    },
    get refused() {
      return state.refused;
    },
  };
}
