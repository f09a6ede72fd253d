// Appends findings to a local JSON-lines file (mode 600); each batch is one write.

import type { Finding } from '../../core/finding.js';
import { AppendFile } from '../append-file.js';
import { CLOSED, OK, type SendResult, type Sink } from '../sink.js';
import { renderJsonLines } from './render.js';

export interface JsonlFileSinkOptions {
  name: string;
  path: string;
}

export class JsonlFileSink implements Sink {
  readonly name: string;
  readonly #file: AppendFile;
  #closed = false;

  constructor(o: JsonlFileSinkOptions) {
    this.name = o.name;
    this.#file = new AppendFile(o.path);
  }

  async send(findings: Finding[]): Promise<SendResult> {
    if (this.#closed) return CLOSED;
    if (findings.length === 0) return OK;
    return this.#file.append(renderJsonLines(findings));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#file.idle();
  }
}
