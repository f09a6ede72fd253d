// One sink's lane in the dispatcher: route -> repeat cadence -> bounded queue -> batches -> retries
// -> dead letter. One batch is in flight per lane, so a slow or failing sink only ever delays itself.

import type { Clock } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import { DEFAULT_CADENCE, RepeatCadence, type Cadence } from './cadence.js';
import type { DeadLetter } from './dead-letter.js';
import { RetryingSink, type RetryOptions } from './retrying-sink.js';
import type { FindingRoute } from './routing.js';
import type { Cancel, Scheduler } from './scheduler.js';
import type { Sink } from './sink.js';

export interface LaneOptions {
  /** Which findings this sink receives; default all. */
  route?: FindingRoute;
  /** Re-send cadence for updated findings; default SIX_HOURS (GuardDuty's default). */
  cadence?: Cadence;
  /** Finding ids remembered for the cadence. Default 100000. */
  cadenceCapacity?: number;
  /** Findings per send. Default 100. */
  maxBatchSize?: number;
  /** Longest a queued finding waits for a batch to fill. Default 1000 ms. */
  maxDelayMs?: number;
  /** Findings waiting beyond the batch in flight; more are dropped and counted. Default 10000. */
  maxQueueSize?: number;
  retry?: Omit<RetryOptions, 'scheduler' | 'random' | 'onRetry'>;
}

export interface SinkStats {
  /** Findings delivered. */
  sent: number;
  /** Findings whose delivery finally failed (retries exhausted, non-retryable, or shutdown). */
  failed: number;
  /** Retry attempts. */
  retried: number;
  /** Findings dropped because the queue was full or the dispatcher was closing. */
  dropped: number;
  /** Failed findings written to the dead-letter file. */
  deadLettered: number;
  /** Findings waiting in the queue now. */
  queued: number;
  /** Updated findings held for the cadence now. */
  held: number;
}

export type SinkLog = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;

export interface LaneDeps {
  clock: Clock;
  scheduler: Scheduler;
  random?: () => number;
  deadLetter?: DeadLetter;
  log: SinkLog;
}

const DROP_LOG_INTERVAL_MS = 60_000;

export class SinkLane {
  readonly name: string;
  readonly #sink: RetryingSink;
  readonly #d: LaneDeps;
  readonly #route: FindingRoute;
  readonly #cadence: RepeatCadence;
  readonly #maxBatch: number;
  readonly #maxDelay: number;
  readonly #maxQueue: number;
  /** Insertion-ordered; a newer version of a queued finding replaces it in place. */
  readonly #queue = new Map<string, Finding>();
  #oldestAt = 0;
  #inFlight: Promise<void> | null = null;
  #batchTimer: Cancel | null = null;
  #cadenceTimer: { at: number; cancel: Cancel } | null = null;
  #urgent = 0;
  #closing = false;
  #idleWaiters: (() => void)[] = [];
  #dropsUnlogged = 0;
  #lastDropLog = -Infinity;
  readonly #stats = { sent: 0, failed: 0, retried: 0, dropped: 0, deadLettered: 0 };

  constructor(sink: Sink, o: LaneOptions, d: LaneDeps) {
    this.name = sink.name;
    this.#d = d;
    this.#route = o.route ?? (() => true);
    this.#cadence = new RepeatCadence(o.cadence ?? DEFAULT_CADENCE, o.cadenceCapacity);
    this.#maxBatch = Math.max(1, o.maxBatchSize ?? 100);
    this.#maxDelay = Math.max(0, o.maxDelayMs ?? 1000);
    this.#maxQueue = Math.max(1, o.maxQueueSize ?? 10_000);
    this.#sink = new RetryingSink(sink, { ...o.retry, scheduler: d.scheduler, random: d.random, onRetry: () => void this.#stats.retried++ });
  }

  stats(): SinkStats {
    return { ...this.#stats, queued: this.#queue.size, held: this.#cadence.held };
  }

  /** Takes the findings of one committed batch; never blocks. */
  offer(created: readonly Finding[], updated: readonly Finding[]): void {
    if (this.#closing) return this.#drop([...created, ...updated].filter((f) => !f.service.archived && this.#route(f)).length);
    for (const f of created) this.#take(f, true);
    for (const f of updated) this.#take(f, false);
    this.#pump();
  }

  #take(f: Finding, isNew: boolean): void {
    // GuardDuty does not export findings archived by suppression rules.
    if (f.service.archived || !this.#route(f)) return this.#cadence.discard(f.id);
    // Still waiting to go out: the newer version goes in its place (the first event covers early repeats).
    if (this.#queue.has(f.id)) return void this.#queue.set(f.id, f);
    if (this.#cadence.admit(f, isNew, this.#d.clock.now())) return this.#enqueue(f);
    const due = this.#cadence.dueOf(f.id);
    if (due !== null && (this.#cadenceTimer === null || due < this.#cadenceTimer.at)) this.#armCadence(due);
  }

  /** Sends everything queued without waiting for batches to fill; resolves when the lane is idle. */
  async flush(): Promise<void> {
    this.#urgent++;
    try {
      this.#pump();
      await this.#whenIdle();
    } finally {
      this.#urgent--;
    }
  }

  /** Stops taking findings; held repeats are queued (`releaseHeld`) so their newest state goes out. */
  beginClose(releaseHeld: boolean): void {
    this.#closing = true;
    this.#cadenceTimer?.cancel();
    this.#cadenceTimer = null;
    if (releaseHeld) for (const f of this.#cadence.release(this.#d.clock.now(), true)) this.#enqueue(f);
    this.#pump();
  }

  whenIdle(): Promise<void> {
    return this.#whenIdle();
  }

  /** Shutdown deadline passed: stop retrying and dead-letter whatever is still queued. */
  async abort(): Promise<void> {
    this.#sink.abort();
    this.#batchTimer?.();
    this.#batchTimer = null;
    const rest = [...this.#queue.values()];
    this.#queue.clear();
    if (rest.length) await this.#fail(rest, 'not delivered before shutdown');
  }

  /** Closes the sink (aborting requests in flight) and waits for the batch in flight to settle. */
  async closeSink(): Promise<void> {
    try {
      await this.#sink.close();
    } catch (err) {
      this.#d.log('warn', 'sink close failed', { sink: this.name, error: String(err) });
    }
    await this.#inFlight;
  }

  #enqueue(f: Finding): void {
    if (this.#queue.has(f.id)) {
      this.#queue.set(f.id, f);
      return;
    }
    if (this.#queue.size >= this.#maxQueue) return this.#drop(1);
    if (this.#queue.size === 0) this.#oldestAt = this.#d.clock.now();
    this.#queue.set(f.id, f);
  }

  #pump(): void {
    if (this.#inFlight || this.#queue.size === 0) return;
    const waited = this.#d.clock.now() - this.#oldestAt;
    if (this.#queue.size >= this.#maxBatch || this.#urgent > 0 || this.#closing || waited >= this.#maxDelay) return this.#startBatch();
    this.#batchTimer ??= this.#d.scheduler.schedule(this.#maxDelay - waited, () => {
      this.#batchTimer = null;
      this.#pump();
    });
  }

  #startBatch(): void {
    this.#batchTimer?.();
    this.#batchTimer = null;
    const batch: Finding[] = [];
    for (const [id, f] of this.#queue) {
      if (batch.length >= this.#maxBatch) break;
      batch.push(f);
      this.#queue.delete(id);
    }
    this.#oldestAt = this.#d.clock.now();
    this.#inFlight = this.#deliver(batch).finally(() => {
      this.#inFlight = null;
      this.#pump();
      if (!this.#inFlight && this.#queue.size === 0) for (const w of this.#idleWaiters.splice(0)) w();
    });
  }

  async #deliver(batch: Finding[]): Promise<void> {
    try {
      const r = await this.#sink.send(batch);
      if (r.ok) {
        this.#stats.sent += batch.length;
        return;
      }
      const delivered = Math.min(batch.length, r.delivered ?? 0);
      this.#stats.sent += delivered;
      await this.#fail(batch.slice(delivered), r.error);
    } catch (err) {
      this.#d.log('error', 'sink lane defect', { sink: this.name, error: String(err) });
    }
  }

  async #fail(findings: Finding[], error: string): Promise<void> {
    this.#stats.failed += findings.length;
    this.#d.log('error', 'findings not delivered', { sink: this.name, count: findings.length, error });
    if (!this.#d.deadLetter) return;
    const w = await this.#d.deadLetter.write(this.name, findings, error);
    if (w.ok) this.#stats.deadLettered += findings.length;
    else this.#d.log('error', 'dead-letter write failed; findings lost', { sink: this.name, count: findings.length, error: w.error });
  }

  #whenIdle(): Promise<void> {
    if (!this.#inFlight && this.#queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #armCadence(at: number): void {
    this.#cadenceTimer?.cancel();
    const cancel = this.#d.scheduler.schedule(Math.max(0, at - this.#d.clock.now()), () => {
      this.#cadenceTimer = null;
      for (const f of this.#cadence.release(this.#d.clock.now())) this.#enqueue(f);
      this.#pump();
      const next = this.#cadence.nextDue();
      if (next !== null) this.#armCadence(next);
    });
    this.#cadenceTimer = { at, cancel };
  }

  #drop(n: number): void {
    if (n === 0) return;
    this.#stats.dropped += n;
    this.#dropsUnlogged += n;
    const now = this.#d.clock.now();
    if (now - this.#lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.#d.log('warn', 'sink queue full; findings dropped', { sink: this.name, dropped: this.#dropsUnlogged, maxQueueSize: this.#maxQueue });
    this.#dropsUnlogged = 0;
    this.#lastDropLog = now;
  }
}
