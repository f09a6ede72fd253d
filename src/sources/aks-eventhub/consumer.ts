// Reading an AKS cluster's audit logs from the Event Hub its diagnostic settings send to, with the
// official client's EventHubConsumerClient.subscribe (all partitions, one batch of messages of one
// partition at a time). Each message body is `{"records":[...]}`; each kube-audit /
// kube-audit-admin record's properties.log is one audit Event (normalize/k8s-audit/aks-record).
//
// Positions: per partition, the sequence number of the last message whose batch was committed,
// kept in the store's source cursors (`aks:<namespace>/<hub>/<consumerGroup>/<partition>`) and
// written in the batch's own transaction. On start every partition starts after its saved sequence
// number (exclusive), so a restart neither skips nor repeats; a partition without one starts at
// `startAt` (earliest: the hub's retention; latest: only new messages). No Azure Blob checkpoint
// store is used.
//
// A refused batch (store error, overload) is retried in place with a backoff, never thrown to the
// client: the client would restart the partition from the position given at subscribe time.
// Records of other categories and of other clusters (resource id, see config.matchesCluster) are
// skipped and counted; broken messages and records are counted with their reason.

import type { EventPosition, PartitionContext, ReceivedEventData, Subscription } from '@azure/event-hubs';
import { aksMessageRecords, auditItemFromAksRecord, TOO_BIG_CODE } from '../../normalize/k8s-audit/aks-record.js';
import type { UnjudgedCounts } from '../../pipeline/audit-pipeline.js';
import type { CursorWrite } from '../../store/store.js';
import type { HubConnection } from './client.js';
import { matchesCluster, type AksSpec } from './config.js';
import { decodePosition, encodePosition } from './position.js';

export interface ConsumerStats {
  messages: number;
  records: number;
  /** Audit events committed. */
  items: number;
  /** Records skipped by code (other_category, other_cluster). */
  skipped: Record<string, number>;
  /** Messages and records refused by code (bad_message, bad_record, bad_log). */
  rejected: Record<string, number>;
  /** Events judged without a body AKS left out, by code (object_too_big: objects removed). */
  noted: Record<string, number>;
  /** Failed batches (retried) and client errors. */
  errors: number;
}

export interface ConsumerOptions {
  spec: Pick<AksSpec, 'aksName' | 'resourceId' | 'startAt' | 'maxBatchSize'>;
  hub: Pick<HubConnection, 'namespace' | 'hub' | 'consumerGroup'> & { client: Pick<HubConnection['client'], 'getPartitionIds' | 'subscribe' | 'close'> };
  cursors: { getCursor(source: string): Promise<string | null>; setCursor(source: string, value: string, now: number): Promise<void> };
  /** Hands one batch to the pipeline; resolves once committed. */
  /** Commits a batch; `cursor`, when given, is the source's position after it, saved in the batch's transaction. */
  submit: (items: unknown[], unjudged: UnjudgedCounts, cursor?: CursorWrite) => Promise<void>;
  /** Seconds the client waits to fill a batch. Default 5. */
  maxWaitSeconds?: number;
  /** First backoff after a refused batch or a failed start; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
}

export class AksEventHubConsumer {
  readonly stats: ConsumerStats = { messages: 0, records: 0, items: 0, skipped: {}, rejected: {}, noted: {}, errors: 0 };
  /** Where each partition started (for logs and tests). */
  readonly startPositions: Record<string, EventPosition> = {};
  readonly #o: ConsumerOptions;
  readonly #inflight = new Set<Promise<void>>();
  readonly #warned = new Set<string>();
  #sub: Subscription | null = null;
  #starting: Promise<void> = Promise.resolve();
  #stopped = false;
  readonly #wakers = new Set<() => void>();
  /** Cancels the client's start-up calls (they retry for up to a minute) when stopping. */
  readonly #abort = new AbortController();

  constructor(opts: ConsumerOptions) {
    this.#o = opts;
  }

  /** `aks:<namespace>/<hub>`: the ingest source name. */
  get source(): string {
    return `aks:${this.#o.hub.namespace}/${this.#o.hub.hub}`;
  }

  cursorName(partitionId: string): string {
    const h = this.#o.hub;
    return `aks:${h.namespace}/${h.hub}/${h.consumerGroup}/${partitionId}`;
  }

  /** Starts reading (retrying the start with a backoff while the hub cannot be reached) until stop(). */
  start(): void {
    this.#starting = this.#subscribe();
  }

  /** Stops reading; resolves after the batches in flight are committed and their positions saved. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    for (const wake of this.#wakers) wake();
    await this.#starting;
    await this.#sub?.close().catch(() => undefined);
    await Promise.all([...this.#inflight]);
    await this.#o.hub.client.close().catch(() => undefined);
  }

  async #subscribe(): Promise<void> {
    for (let failures = 0; !this.#stopped; ) {
      try {
        const ids = await this.#o.hub.client.getPartitionIds({ abortSignal: this.#abort.signal });
        const startPosition: Record<string, EventPosition> = {};
        for (const id of ids) {
          const saved = decodePosition(await this.#o.cursors.getCursor(this.cursorName(id)));
          startPosition[id] = saved ? { sequenceNumber: saved.sequenceNumber, isInclusive: false } : this.#o.spec.startAt === 'earliest' ? { offset: '-1' } : { offset: '@latest' };
        }
        if (this.#stopped) return;
        Object.assign(this.startPositions, startPosition);
        this.#sub = this.#o.hub.client.subscribe(
          { processEvents: (events, ctx) => this.#track(this.#process(events, ctx)), processError: async (err, ctx) => this.#clientError(err, ctx) },
          { startPosition, maxBatchSize: this.#o.spec.maxBatchSize, maxWaitTimeInSeconds: this.#o.maxWaitSeconds ?? 5, skipParsingBodyAsJson: true },
        );
        this.#o.log?.('info', 'reading AKS audit logs from Event Hub', { hub: `${this.#o.hub.namespace}/${this.#o.hub.hub}`, consumerGroup: this.#o.hub.consumerGroup, partitions: ids.length, startPositions: startPosition });
        return;
      } catch (e) {
        if (this.#stopped) return;
        failures++;
        this.stats.errors++;
        this.#o.log?.('warn', 'cannot start reading the Event Hub; retrying after a backoff', { hub: `${this.#o.hub.namespace}/${this.#o.hub.hub}`, error: (e as Error).name, message: (e as Error).message, failures });
        await this.#sleep(this.#backoff(failures));
      }
    }
  }

  #track(p: Promise<void>): Promise<void> {
    this.#inflight.add(p);
    return p.finally(() => this.#inflight.delete(p));
  }

  async #process(events: ReceivedEventData[], ctx: PartitionContext): Promise<void> {
    if (this.#stopped || events.length === 0) return;
    const items: unknown[] = [];
    const unjudged: UnjudgedCounts = { skipped: 0, rejected: {} };
    for (const event of events) {
      this.stats.messages++;
      const doc = aksMessageRecords(event.body);
      if (!doc.ok) {
        this.#count('rejected', 'bad_message', unjudged, `message ${ctx.partitionId}/${event.sequenceNumber}: ${doc.reason}`);
        continue;
      }
      for (const record of doc.records) {
        this.stats.records++;
        const r = auditItemFromAksRecord(record);
        if (!r.ok) {
          this.#count(r.code === 'other_category' ? 'skipped' : 'rejected', r.code, unjudged, r.reason);
        } else if (!matchesCluster(this.#o.spec, r.resourceId, r.clusterName)) {
          this.#count('skipped', 'other_cluster', unjudged, `records of AKS cluster ${r.clusterName || '(no managedClusters id)'} are not ${this.#o.spec.resourceId ?? this.#o.spec.aksName}'s`);
        } else {
          if (r.tooBig) {
            this.stats.noted[TOO_BIG_CODE] = (this.stats.noted[TOO_BIG_CODE] ?? 0) + r.tooBig;
            this.#warnOnce(TOO_BIG_CODE, 'AKS left request or response bodies out of audit events (skipped-too-big-size-object); those events are judged without them', {});
          }
          items.push(r.item);
        }
      }
    }
    const last = events.at(-1)!;
    // The partition's position after this batch, committed with it: a restart resumes right after it.
    const cursor: CursorWrite = { source: this.cursorName(ctx.partitionId), value: encodePosition({ sequenceNumber: last.sequenceNumber, offset: String(last.offset), enqueuedAt: last.enqueuedTimeUtc.getTime() }) };
    for (let failures = 0; ; ) {
      try {
        await this.#o.submit(items, unjudged, cursor);
        break;
      } catch (e) {
        failures++;
        this.stats.errors++;
        this.#o.log?.('warn', 'a batch from the Event Hub was refused; retrying it', { partition: ctx.partitionId, error: (e as Error).name, message: (e as Error).message, failures });
        if (this.#stopped) return; // not committed: read again after restart from the saved position
        await this.#sleep(this.#backoff(failures));
        if (this.#stopped) return;
      }
    }
    this.stats.items += items.length;
    // The client's own in-memory checkpoint: if it restarts a partition after a link error, it resumes here.
    await ctx.updateCheckpoint(last).catch(() => undefined);
  }

  #count(kind: 'skipped' | 'rejected', code: string, unjudged: UnjudgedCounts, reason: string): void {
    this.stats[kind][code] = (this.stats[kind][code] ?? 0) + 1;
    if (kind === 'skipped') unjudged.skipped++;
    else unjudged.rejected[code] = (unjudged.rejected[code] ?? 0) + 1;
    this.#warnOnce(`${code}\u0000${reason}`, kind === 'skipped' ? 'Event Hub records skipped' : 'Event Hub records refused', { code, reason });
  }

  /** Logs each distinct reason once per consumer (a hub shared by many clusters would flood the log). */
  #warnOnce(key: string, msg: string, fields: Record<string, unknown>): void {
    if (this.#warned.has(key) || this.#warned.size > 1000) return;
    this.#warned.add(key);
    this.#o.log?.('warn', msg, { hub: `${this.#o.hub.namespace}/${this.#o.hub.hub}`, ...fields });
  }

  #clientError(err: Error, ctx: PartitionContext): void {
    if (this.#stopped) return;
    this.stats.errors++;
    this.#o.log?.('warn', 'Event Hub client error (the client reconnects by itself)', { partition: ctx.partitionId, error: err.name, message: err.message });
  }

  #backoff(failures: number): number {
    return Math.min((this.#o.retryMs ?? 1000) * 2 ** (failures - 1), this.#o.maxRetryMs ?? 60_000);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#wakers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      t.unref();
      this.#wakers.add(done);
    });
  }
}
