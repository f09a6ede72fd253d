// A progress bar on stderr, drawn only when stderr is a terminal (never in pipes or CI logs).

export class Progress {
  readonly #total: number;
  readonly #label: string;
  readonly #enabled: boolean;
  #last = 0;

  constructor(label: string, totalBytes: number, enabled = process.stderr.isTTY === true) {
    this.#label = label;
    this.#total = totalBytes;
    this.#enabled = enabled && totalBytes > 0;
  }

  update(bytes: number, events: number): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#last < 100) return;
    this.#last = now;
    const frac = Math.min(1, bytes / this.#total);
    const width = 30;
    const filled = Math.round(frac * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    process.stderr.write(`\r${this.#label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  ${events} events`);
  }

  done(): void {
    if (this.#enabled) process.stderr.write('\r\x1b[2K');
  }
}
