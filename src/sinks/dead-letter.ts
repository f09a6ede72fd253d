// The dead-letter file: findings a sink could not deliver (retries exhausted, a non-retryable
// failure, or shutdown before delivery), one JSON line per finding with the sink, error and time,
// so an operator can see what was missed and replay it.

import type { Clock } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import { AppendFile } from './append-file.js';

export interface DeadLetterLine {
  time: string;
  sink: string;
  error: string;
  finding: Finding;
}

export interface DeadLetter {
  /** Records undeliverable findings; resolves false when they could not be recorded either. */
  write(sink: string, findings: Finding[], error: string): Promise<{ ok: boolean; error?: string }>;
  idle(): Promise<void>;
}

export class DeadLetterFile implements DeadLetter {
  readonly #file: AppendFile;
  readonly #clock: Clock;

  constructor(path: string, clock: Clock) {
    this.#file = new AppendFile(path);
    this.#clock = clock;
  }

  get path(): string {
    return this.#file.path;
  }

  async write(sink: string, findings: Finding[], error: string): Promise<{ ok: boolean; error?: string }> {
    const time = new Date(this.#clock.now()).toISOString();
    const text = findings.map((finding) => JSON.stringify({ time, sink, error, finding } satisfies DeadLetterLine) + '\n').join('');
    const r = await this.#file.append(text);
    return r.ok ? { ok: true } : { ok: false, error: r.error };
  }

  idle(): Promise<void> {
    return this.#file.idle();
  }
}
