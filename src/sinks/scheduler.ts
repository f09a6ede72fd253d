// Timers behind an interface so the dispatcher's batching delays, retry backoff and cadence windows
// run on fake time in tests. Real timers are unref'd: a pending flush never keeps the process alive.

import type { FakeClock } from '../core/clock.js';

export type Cancel = () => void;

export interface Scheduler {
  /**
   * Runs `fn` once after `ms`; the returned function cancels it. `keepAlive`: the timer holds the
   * process open (a shutdown deadline must fire even when only unref'd retry waits remain).
   */
  schedule(ms: number, fn: () => void, keepAlive?: boolean): Cancel;
}

export const realScheduler: Scheduler = {
  schedule(ms, fn, keepAlive = false) {
    const t = setTimeout(fn, Math.max(0, ms));
    if (!keepAlive) t.unref();
    return () => clearTimeout(t);
  },
};

export interface ManualScheduler extends Scheduler {
  /** Moves the clock forward, firing due timers in time order and letting their promises settle. */
  advance(ms: number): Promise<void>;
  /** Timers not yet fired. */
  readonly pending: number;
}

/** Lets queued promise callbacks and I/O-free async chains run to completion. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A scheduler driven by a fake clock: nothing fires until advance(). */
export function manualScheduler(clock: FakeClock): ManualScheduler {
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    schedule(ms, fn) {
      const id = ++seq;
      timers.set(id, { at: clock.now() + Math.max(0, ms), fn });
      return () => {
        timers.delete(id);
      };
    },
    get pending() {
      return timers.size;
    },
    async advance(ms) {
      const target = clock.now() + ms;
      await settle();
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const e of timers) if (e[1].at <= target && (!next || e[1].at < next[1].at)) next = e;
        if (!next) break;
        timers.delete(next[0]);
        if (next[1].at > clock.now()) clock.set(next[1].at);
        next[1].fn();
        await settle();
      }
      clock.set(target);
      await settle();
    },
  };
}
