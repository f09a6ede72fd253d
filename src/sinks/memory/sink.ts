// The standard test double: keeps every batch it is sent, and answers with whatever `respond`
// returns (default success), so tests can script failures, delays and hangs.

import type { Finding } from '../../core/finding.js';
import { CLOSED, OK, type SendResult, type Sink } from '../sink.js';

export interface MemorySinkOptions {
  /** Decides the result of send number `call` (0-based); may wait. Default: success. */
  respond?: (batch: Finding[], call: number) => SendResult | Promise<SendResult>;
}

export class MemorySink implements Sink {
  readonly name: string;
  /** Batches whose send succeeded. */
  readonly batches: Finding[][] = [];
  /** Every call, successful or not. */
  readonly calls: Finding[][] = [];
  closed = false;
  readonly #respond: NonNullable<MemorySinkOptions['respond']>;

  constructor(name = 'memory', o: MemorySinkOptions = {}) {
    this.name = name;
    this.#respond = o.respond ?? (() => OK);
  }

  /** Findings delivered, in order. */
  get findings(): Finding[] {
    return this.batches.flat();
  }

  async send(findings: Finding[]): Promise<SendResult> {
    if (this.closed) return CLOSED;
    const call = this.calls.length;
    this.calls.push([...findings]);
    const r = await this.#respond(findings, call);
    if (r.ok) this.batches.push([...findings]);
    else if (r.delivered) this.batches.push(findings.slice(0, r.delivered));
    return r;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
