// Slack incoming webhook: one message per up to ten findings. Slack answers 200 "ok"; 429 carries
// Retry-After; 400/403/404/410 (bad payload, revoked or archived channel) need a person.

import type { Finding } from '../../core/finding.js';
import { postJson } from '../http-post.js';
import { CLOSED, OK, sendInChunks, type SendResult, type Sink } from '../sink.js';
import { FINDINGS_PER_MESSAGE, renderSlackMessage } from './render.js';

export interface SlackSinkOptions {
  name: string;
  /** https://hooks.slack.com/services/...: a secret; never logged. */
  webhookUrl: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

export class SlackSink implements Sink {
  readonly name: string;
  readonly #o: SlackSinkOptions;
  readonly #closing = new AbortController();

  constructor(o: SlackSinkOptions) {
    this.name = o.name;
    this.#o = o;
  }

  async send(findings: Finding[]): Promise<SendResult> {
    if (this.#closing.signal.aborted) return CLOSED;
    if (findings.length === 0) return OK;
    return sendInChunks(findings, FINDINGS_PER_MESSAGE, (chunk) =>
      postJson(this.#o.webhookUrl, JSON.stringify(renderSlackMessage(chunk)), { timeoutMs: this.#o.timeoutMs ?? 10_000, signal: this.#closing.signal }),
    );
  }

  async close(): Promise<void> {
    this.#closing.abort();
  }
}
