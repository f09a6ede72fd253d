// Fans committed findings out to every configured sink. offer() never blocks the ingest path: each
// sink has its own lane (routing, cadence, bounded queue, batching, retries, dead letter), and a
// failing or slow sink never delays another. See docs/sinks.md.

import { systemClock, type Clock } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import { DeadLetterFile, type DeadLetter } from './dead-letter.js';
import { SinkLane, type LaneOptions, type SinkLog, type SinkStats } from './lane.js';
import { realScheduler, type Scheduler } from './scheduler.js';
import type { Sink } from './sink.js';

/** A sink with its lane settings (routing, cadence, batching, retry). */
export interface SinkSpec extends LaneOptions {
  sink: Sink;
}

export interface DispatcherOptions {
  sinks: SinkSpec[];
  clock?: Clock;
  /** Timers for batching, backoff and cadence; tests pass manualScheduler(fakeClock). */
  scheduler?: Scheduler;
  random?: () => number;
  /** JSON-lines file for undeliverable findings (mode 600). Without it failures are only counted and logged. */
  deadLetterPath?: string;
  /** Replaces the dead-letter file (tests). */
  deadLetter?: DeadLetter;
  log?: SinkLog;
}

export interface CloseOptions {
  /** How long close() may take to drain queues and retries before dead-lettering the rest. Default 10 s. */
  deadlineMs?: number;
  /** Send held repeats now rather than lose their newest state. Default true. */
  releaseHeld?: boolean;
}

const noLog: SinkLog = () => undefined;

export class FindingDispatcher {
  readonly #lanes: SinkLane[];
  readonly #scheduler: Scheduler;
  readonly #deadLetter: DeadLetter | undefined;
  readonly #log: SinkLog;
  #closed: Promise<void> | null = null;

  constructor(o: DispatcherOptions) {
    const names = new Set<string>();
    for (const s of o.sinks) {
      if (names.has(s.sink.name)) throw new Error(`two sinks are named ${JSON.stringify(s.sink.name)}`);
      names.add(s.sink.name);
    }
    const clock = o.clock ?? systemClock;
    this.#scheduler = o.scheduler ?? realScheduler;
    this.#log = o.log ?? noLog;
    this.#deadLetter = o.deadLetter ?? (o.deadLetterPath ? new DeadLetterFile(o.deadLetterPath, clock) : undefined);
    const deps = { clock, scheduler: this.#scheduler, random: o.random, deadLetter: this.#deadLetter, log: this.#log };
    this.#lanes = o.sinks.map(({ sink, ...lane }) => new SinkLane(sink, lane, deps));
  }

  get sinkNames(): string[] {
    return this.#lanes.map((l) => l.name);
  }

  /**
   * Takes the findings of one committed batch (BatchResult.created and .updated). Returns at once;
   * delivery happens in the background. After close() began, findings are dropped and counted.
   */
  offer(created: readonly Finding[], updated: readonly Finding[]): void {
    for (const lane of this.#lanes) {
      try {
        lane.offer(created, updated);
      } catch (err) {
        this.#log('error', 'sink lane rejected findings', { sink: lane.name, error: String(err) });
      }
    }
  }

  /** Sends everything queued now (held repeats keep waiting for their window); resolves when sent or dead-lettered. */
  async flush(): Promise<void> {
    await Promise.all(this.#lanes.map((l) => l.flush()));
    await this.#deadLetter?.idle();
  }

  /** Per-sink counters for metrics, keyed by sink name. */
  stats(): Record<string, SinkStats> {
    return Object.fromEntries(this.#lanes.map((l) => [l.name, l.stats()]));
  }

  /**
   * Drains every lane until the deadline; what is still undelivered then is dead-lettered, requests in
   * flight are aborted and the sinks are closed. Idempotent.
   */
  close(o: CloseOptions = {}): Promise<void> {
    this.#closed ??= this.#close(o.deadlineMs ?? 10_000, o.releaseHeld ?? true);
    return this.#closed;
  }

  async #close(deadlineMs: number, releaseHeld: boolean): Promise<void> {
    for (const l of this.#lanes) l.beginClose(releaseHeld);
    const drained = await this.#within(deadlineMs, Promise.all(this.#lanes.map((l) => l.whenIdle())));
    if (!drained) this.#log('warn', 'sinks did not drain before the shutdown deadline', { deadlineMs });
    await Promise.all(this.#lanes.map((l) => l.abort()));
    const closed = await this.#within(Math.min(deadlineMs, 2000), Promise.all(this.#lanes.map((l) => l.closeSink())));
    if (!closed) this.#log('warn', 'a sink did not close in time', {});
    await this.#deadLetter?.idle();
  }

  /** True when `p` settles within `ms`. */
  async #within(ms: number, p: Promise<unknown>): Promise<boolean> {
    let cancel: (() => void) | undefined;
    const timeout = new Promise<false>((resolve) => {
      cancel = this.#scheduler.schedule(ms, () => resolve(false), true);
    });
    try {
      return await Promise.race([p.then(() => true as const), timeout]);
    } finally {
      cancel?.();
    }
  }
}
