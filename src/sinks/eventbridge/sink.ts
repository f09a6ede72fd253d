// EventBridge-shaped events to an HTTP endpoint (one POST per event, as an EventBridge target or
// API destination receives them; optionally signed like the webhook) or appended to a JSON-lines file.

import type { Clock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import { AppendFile } from '../append-file.js';
import { postJson } from '../http-post.js';
import { CLOSED, OK, sendInChunks, type SendResult, type Sink } from '../sink.js';
import { signatureHeaders } from '../webhook/signature.js';
import { renderEvent, renderEventLines } from './render.js';

export type EventBridgeTarget = { url: string; secret?: string; headers?: Record<string, string>; timeoutMs?: number } | { file: string };

export type EventBridgeSinkOptions = { name: string; clock: Clock } & EventBridgeTarget;

export class EventBridgeSink implements Sink {
  readonly name: string;
  readonly #o: EventBridgeSinkOptions;
  readonly #file: AppendFile | undefined;
  readonly #closing = new AbortController();

  constructor(o: EventBridgeSinkOptions) {
    this.name = o.name;
    this.#o = o;
    this.#file = 'file' in o ? new AppendFile(o.file) : undefined;
  }

  async send(findings: Finding[]): Promise<SendResult> {
    if (this.#closing.signal.aborted) return CLOSED;
    if (findings.length === 0) return OK;
    if (this.#file) return this.#file.append(renderEventLines(findings));
    const o = this.#o;
    if (!('url' in o)) return OK;
    return sendInChunks(findings, 1, ([f]) => {
      const body = JSON.stringify(renderEvent(f as Finding));
      const headers = { ...o.headers, ...(o.secret ? signatureHeaders(o.secret, body, o.clock.now()) : {}) };
      return postJson(o.url, body, { headers, timeoutMs: o.timeoutMs ?? 10_000, signal: this.#closing.signal });
    });
  }

  async close(): Promise<void> {
    this.#closing.abort();
    await this.#file?.idle();
  }
}
