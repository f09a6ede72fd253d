// What every throughput bench shares: the physical limit (read the lines, JSON.parse each, nothing
// else) and a sampler of the process's peak resident memory.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Reads `file` and JSON.parses every non-empty line; returns the number of lines parsed. */
export async function parseOnly(file: string): Promise<number> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (line === '') continue;
    JSON.parse(line);
    n++;
  }
  return n;
}

/** Samples RSS every 100 ms until stop(), which returns the peak in bytes. */
export function peakRssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
