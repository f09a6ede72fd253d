// Generic HTTP webhook: POSTs findings as JSON, signed with a shared secret (see signature.ts).

import type { Clock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import { postJson } from '../http-post.js';
import { CLOSED, OK, sendInChunks, type SendResult, type Sink } from '../sink.js';
import { renderWebhookBody } from './render.js';
import { signatureHeaders } from './signature.js';

export interface WebhookSinkOptions {
  name: string;
  url: string;
  secret: string;
  /** `batch`: one request per batch (default); `per-finding`: one request per finding. */
  mode?: 'batch' | 'per-finding';
  /** Extra headers (Authorization, routing keys); the signature headers cannot be overridden. */
  headers?: Record<string, string>;
  /** Default 10 s. */
  timeoutMs?: number;
  clock: Clock;
}

export class WebhookSink implements Sink {
  readonly name: string;
  readonly #o: WebhookSinkOptions;
  readonly #closing = new AbortController();

  constructor(o: WebhookSinkOptions) {
    this.name = o.name;
    this.#o = o;
  }

  async send(findings: Finding[]): Promise<SendResult> {
    if (this.#closing.signal.aborted) return CLOSED;
    if (findings.length === 0) return OK;
    if (this.#o.mode === 'per-finding') return sendInChunks(findings, 1, (one) => this.#post(one));
    return this.#post(findings);
  }

  async close(): Promise<void> {
    this.#closing.abort();
  }

  #post(findings: Finding[]): Promise<SendResult> {
    const now = this.#o.clock.now();
    const body = renderWebhookBody(findings, now);
    const headers = { ...this.#o.headers, ...signatureHeaders(this.#o.secret, body, now) };
    return postJson(this.#o.url, body, { headers, timeoutMs: this.#o.timeoutMs ?? 10_000, signal: this.#closing.signal });
  }
}
