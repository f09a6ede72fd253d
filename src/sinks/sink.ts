// The one interface every finding output implements (OpenTelemetry's exporter shape). A sink only
// renders and sends; batching, retries, routing, cadence and dead letters live in the dispatcher.

import type { Finding } from '../core/finding.js';

export type SendResult =
  | { ok: true }
  | {
      ok: false;
      /** True when the same findings may succeed later (network errors, 429, 5xx, full disk). */
      retryable: boolean;
      error: string;
      /** Leading findings of the batch that were delivered before the failure; only the rest is retried. */
      delivered?: number;
      /** The receiver asked to wait this long before retrying (HTTP Retry-After). */
      retryAfterMs?: number;
    };

export interface Sink {
  /** Unique among configured sinks; used in stats, logs and dead-letter lines. */
  readonly name: string;
  /** Delivers the findings in order. Never throws: failures are results. */
  send(findings: Finding[]): Promise<SendResult>;
  /** Releases sockets and aborts requests in flight. Idempotent; send() afterwards fails. */
  close(): Promise<void>;
}

export const OK: SendResult = { ok: true };

export function failure(retryable: boolean, error: string, extra: { delivered?: number; retryAfterMs?: number } = {}): SendResult {
  const r: SendResult = { ok: false, retryable, error };
  if (extra.delivered) r.delivered = extra.delivered;
  if (extra.retryAfterMs !== undefined) r.retryAfterMs = extra.retryAfterMs;
  return r;
}

export const CLOSED: SendResult = { ok: false, retryable: false, error: 'sink is closed' };

/** Sends findings in consecutive chunks, one `sendChunk` per chunk, stopping at the first failure. */
export async function sendInChunks(findings: Finding[], size: number, sendChunk: (chunk: Finding[]) => Promise<SendResult>): Promise<SendResult> {
  for (let i = 0; i < findings.length; i += size) {
    const r = await sendChunk(findings.slice(i, i + size));
    if (!r.ok) return failure(r.retryable, r.error, { delivered: i + (r.delivered ?? 0), ...(r.retryAfterMs === undefined ? {} : { retryAfterMs: r.retryAfterMs }) });
  }
  return OK;
}

/** A short, single-line description of a thrown error (code first when there is one). */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const inner = e?.cause && typeof e.cause === 'object' ? e.cause : e;
  const code = typeof inner?.code === 'string' ? `${inner.code}: ` : '';
  const msg = typeof inner?.message === 'string' ? inner.message : String(err);
  return `${code}${msg}`.replace(/\s+/g, ' ').slice(0, 300);
}
