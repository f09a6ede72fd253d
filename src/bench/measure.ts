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

export interface Alternated<P> {
  /** Lines parsed by the parse-only pass. */
  events: number;
  /** Medians of the parse-only passes and of Vigil's passes, seconds. */
  parseSec: number;
  vigilSec: number;
  passes: P[];
  /** parse-only time / Vigil time, round by round. */
  roundRatios: number[];
  last: P;
}

/**
 * The parse-only limit and Vigil's pass on the same file, measured in alternation `rounds` times
 * (this machine's speed drifts by tens of percent from minute to minute) and compared by medians.
 */
export async function alternate<P extends { sec: number }>(file: string, rounds: number, pass: (file: string) => Promise<P>): Promise<Alternated<P>> {
  const parseSecs: number[] = [];
  const passes: P[] = [];
  let events = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    events = await parseOnly(file);
    parseSecs.push((performance.now() - t) / 1000);
    globalThis.gc?.();
    passes.push(await pass(file));
    globalThis.gc?.();
  }
  return {
    events,
    parseSec: median(parseSecs),
    vigilSec: median(passes.map((p) => p.sec)),
    passes,
    roundRatios: passes.map((p, i) => +(parseSecs[i]! / p.sec).toFixed(3)),
    last: passes[passes.length - 1]!,
  };
}
