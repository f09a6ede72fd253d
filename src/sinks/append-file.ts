// Appending lines to a local file (JSON lines sink, EventBridge file target, dead letters): created
// with mode 600 in a folder made on demand, opened per write so rename-based log rotation just works,
// writes serialized so lines from concurrent batches never interleave.

import { appendFile, chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OK, describeError, failure, type SendResult } from './sink.js';

/** Errors that may pass by themselves (space, descriptors, I/O); others (EACCES, EISDIR) need a person. */
const RETRYABLE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR']);

export function isRetryableFsError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

export class AppendFile {
  readonly path: string;
  #tail: Promise<unknown> = Promise.resolve();
  #checkedMode = false;

  constructor(path: string) {
    this.path = path;
  }

  /** Appends `text` (already newline-terminated) in one write. */
  append(text: string): Promise<SendResult> {
    const run = this.#tail.then(() => this.#write(text));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every append started so far has finished. */
  async idle(): Promise<void> {
    await this.#tail;
  }

  async #write(text: string): Promise<SendResult> {
    if (text.length === 0) return OK;
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      await appendFile(this.path, text, { encoding: 'utf8', mode: 0o600, flag: 'a' });
      if (!this.#checkedMode) {
        // A file created before (or by someone else) may be wider open; findings are sensitive.
        await chmod(this.path, 0o600);
        this.#checkedMode = true;
      }
      return OK;
    } catch (err) {
      return failure(isRetryableFsError(err), `cannot append to ${this.path}: ${describeError(err)}`);
    }
  }
}
