// Pulling a GKE cluster's Kubernetes audit logs from a Pub/Sub subscription on the topic of a Cloud
// Logging sink. Messages (one LogEntry each) are collected into batches of up to batchSize or for
// at most batchMs, decoded (decode.ts) and committed to the pipeline in one transaction per batch.
//
// Acknowledgement: a batch's messages are acked only after the batch is committed; if the commit
// is refused (queue full, store error) they are nacked after a backoff, so Pub/Sub redelivers them
// and nothing is lost. Messages that can never become an audit event (bad JSON, another cluster)
// are committed as counted rejections and acked, so a poison message does not loop. A message id
// already committed by this process (Pub/Sub delivers at least once) is acked without judging it
// again; across restarts, the pipeline's per-event keys keep findings from doubling.
//
// Position: after each commit the newest publishTime and its messageId are saved in the store's
// source cursors under `pubsub:<subscription>`. Pub/Sub keeps the position itself (unacked
// messages); the cursor says how far this subscriber got (lag).

import { SeenRequests } from '../../pipeline/seen-requests.js';
import type { UnjudgedCounts } from '../../pipeline/audit-pipeline.js';
import type { MessageSubscription, PulledMessage } from './client.js';
import { DecodedBatch, decodeMessage } from './decode.js';

const REMEMBERED_IDS = 100_000;

export interface PullStats {
  messages: number;
  batches: number;
  items: number;
  acked: number;
  nacked: number;
  /** Messages whose id this process had already committed (acked again, not judged). */
  duplicates: number;
  /** Entries skipped and rejected before judging, by code. */
  skipped: Record<string, number>;
  rejected: Record<string, number>;
  /** Refused commits and stream errors. */
  errors: number;
}

export interface PullOptions {
  subscription: string;
  gkeCluster: string;
  source: MessageSubscription;
  cursors: { setCursor(source: string, value: string, now: number): Promise<void> };
  /** Commits one batch; resolves once committed, rejects when refused. */
  submit: (items: unknown[], unjudged: UnjudgedCounts) => Promise<void>;
  batchSize?: number;
  batchMs?: number;
  /** Largest message data taken (bigger ones are rejected as message_too_large). Default 8 MiB. */
  maxMessageBytes?: number;
  /** Wait before nacking a refused batch; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
  log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
}

export class PubSubPuller {
  readonly stats: PullStats = { messages: 0, batches: 0, items: 0, acked: 0, nacked: 0, duplicates: 0, skipped: {}, rejected: {}, errors: 0 };
  readonly cursorName: string;
  readonly #o: PullOptions;
  readonly #committed = new SeenRequests(REMEMBERED_IDS);
  #pending: PulledMessage[] = [];
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();
  #failures = 0;
  #stopped = false;
  #wake: () => void = () => undefined;

  constructor(opts: PullOptions) {
    this.#o = opts;
    this.cursorName = `pubsub:${opts.subscription}`;
  }

  start(): void {
    this.#o.source.start(
      (m) => this.#receive(m),
      (e) => {
        this.stats.errors++;
        const err = e as Error & { code?: unknown };
        this.#o.log?.('warn', 'Pub/Sub subscription error', { subscription: this.#o.subscription, error: err.name, code: err.code, message: err.message });
      },
    );
  }

  /** Commits what is pending and the batch in flight, then closes the subscription (unacked messages are nacked). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#flush();
    await this.#running;
    await this.#o.source.close();
  }

  /** Resolves when every message received so far is committed or given back (tests). */
  async idle(): Promise<void> {
    if (this.#pending.length) this.#flush();
    await this.#running;
  }

  #receive(m: PulledMessage): void {
    this.stats.messages++;
    if (this.#stopped) {
      m.nack();
      this.stats.nacked++;
      return;
    }
    this.#pending.push(m);
    if (this.#pending.length >= (this.#o.batchSize ?? 500)) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), this.#o.batchMs ?? 1000);
  }

  /** Queues the pending messages as one batch behind the one in flight. */
  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#running = this.#running.then(() => this.#commit(batch));
  }

  async #commit(messages: PulledMessage[]): Promise<void> {
    const fresh: PulledMessage[] = [];
    for (const m of messages) {
      if (this.#committed.has(m.id)) {
        this.stats.duplicates++;
        this.#ack(m);
      } else fresh.push(m);
    }
    if (fresh.length === 0) return;
    const batch = new DecodedBatch();
    for (const m of fresh) batch.add(decodeMessage(m.data, this.#o.gkeCluster, this.#o.maxMessageBytes ?? 8 * 1024 * 1024));
    try {
      await this.#o.submit(batch.items, batch.unjudged());
    } catch (e) {
      this.#failures++;
      this.stats.errors++;
      const wait = Math.min((this.#o.retryMs ?? 1000) * 2 ** (this.#failures - 1), this.#o.maxRetryMs ?? 60_000);
      this.#o.log?.('warn', 'committing Pub/Sub messages failed; they are given back for redelivery after a backoff', { subscription: this.#o.subscription, messages: fresh.length, error: (e as Error).message, waitMs: wait });
      await this.#sleep(wait);
      for (const m of fresh) m.nack();
      this.stats.nacked += fresh.length;
      return;
    }
    this.#failures = 0;
    this.stats.batches++;
    this.stats.items += batch.items.length;
    for (const [k, n] of Object.entries(batch.skipped)) this.stats.skipped[k] = (this.stats.skipped[k] ?? 0) + n;
    for (const [k, n] of Object.entries(batch.rejected)) this.stats.rejected[k] = (this.stats.rejected[k] ?? 0) + n;
    if (Object.keys(batch.rejected).length) this.#o.log?.('warn', 'Pub/Sub messages rejected', { subscription: this.#o.subscription, rejected: batch.rejected, first: batch.reasons });
    let newest = fresh[0]!;
    for (const m of fresh) {
      this.#committed.add(m.id);
      this.#ack(m);
      if (m.publishTime >= newest.publishTime) newest = m;
    }
    const now = (this.#o.now ?? Date.now)();
    try {
      await this.#o.cursors.setCursor(this.cursorName, JSON.stringify({ publishTime: new Date(newest.publishTime).toISOString(), messageId: newest.id }), now);
    } catch (e) {
      this.#o.log?.('warn', 'saving the Pub/Sub cursor failed', { subscription: this.#o.subscription, error: (e as Error).message });
    }
  }

  /** Waits, or less when stop() is called (shutdown gives refused messages back at once). */
  #sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.#wake = done;
    });
  }

  #ack(m: PulledMessage): void {
    m.ack();
    this.stats.acked++;
  }
}
