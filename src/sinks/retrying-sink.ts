// A wrapper that retries a sink's retryable failures with exponential backoff and jitter. Only the
// part of a batch not yet delivered is retried. abort() (used at shutdown) ends waiting at once.

import type { Finding } from '../core/finding.js';
import { backoffDelay } from './backoff.js';
import type { Scheduler } from './scheduler.js';
import { OK, describeError, failure, type SendResult, type Sink } from './sink.js';

export interface RetryOptions {
  /** Sends in all, the first included. Default 6. */
  maxAttempts?: number;
  /** Default 1 s. */
  initialBackoffMs?: number;
  /** Default 60 s. */
  maxBackoffMs?: number;
  scheduler: Scheduler;
  random?: () => number;
  /** Called before each retry (for the `retried` counter). */
  onRetry?: (error: string, retry: number) => void;
}

/** Calls sink.send and turns a throw (a defect in the sink) into a non-retryable failure. */
export async function safeSend(sink: Sink, findings: Finding[]): Promise<SendResult> {
  try {
    return await sink.send(findings);
  } catch (err) {
    return failure(false, `sink threw: ${describeError(err)}`);
  }
}

export class RetryingSink implements Sink {
  readonly name: string;
  readonly #inner: Sink;
  readonly #o: RetryOptions;
  #aborted = false;
  readonly #sleepers = new Set<() => void>();

  constructor(inner: Sink, o: RetryOptions) {
    this.name = inner.name;
    this.#inner = inner;
    this.#o = o;
  }

  async send(findings: Finding[]): Promise<SendResult> {
    const max = Math.max(1, this.#o.maxAttempts ?? 6);
    let rest = findings;
    let delivered = 0;
    for (let attempt = 1; ; attempt++) {
      const r = await safeSend(this.#inner, rest);
      if (r.ok) return OK;
      const d = Math.min(rest.length, Math.max(0, r.delivered ?? 0));
      delivered += d;
      rest = rest.slice(d);
      if (!r.retryable || attempt >= max || this.#aborted) return failure(r.retryable, r.error, { delivered });
      this.#o.onRetry?.(r.error, attempt);
      const wait = backoffDelay(attempt, { initialMs: this.#o.initialBackoffMs ?? 1000, maxMs: this.#o.maxBackoffMs ?? 60_000, random: this.#o.random }, r.retryAfterMs);
      await this.#sleep(wait);
      if (this.#aborted) return failure(true, `${r.error} (retries stopped at shutdown)`, { delivered });
    }
  }

  /** Stops retrying: a send waiting for its next attempt returns its last failure now. */
  abort(): void {
    this.#aborted = true;
    for (const wake of this.#sleepers) wake();
  }

  async close(): Promise<void> {
    this.abort();
    await this.#inner.close();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        cancel();
        this.#sleepers.delete(wake);
        resolve();
      };
      const cancel = this.#o.scheduler.schedule(ms, wake);
      this.#sleepers.add(wake);
    });
  }
}
