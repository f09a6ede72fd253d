// Polling an EKS cluster's control-plane log group (/aws/eks/<cluster>/cluster) in CloudWatch Logs
// for its audit streams (kube-apiserver-audit-*) with FilterLogEvents, paging with nextToken. Each
// log event's message is one audit Event JSON; events go to the pipeline in batches and the cursor
// (cursor.ts: last timestamp + the eventIds committed at it) is committed with each batch, in the
// same transaction, under `cloudwatch:<logGroup>`.
//
// Same millisecond: a poll starts at the cursor's timestamp inclusive and drops the ids already
// committed there, so a page or batch boundary inside one millisecond loses nothing and repeats
// nothing (cursor.ts says why a plain timestamp cursor cannot do that).
//
// Late delivery: EKS delivers control-plane logs to CloudWatch "best effort", often minutes after
// the request. An event that arrives after the cursor moved past its timestamp would never be
// selected by "startTime = cursor". So each poll starts `lookback` earlier (default 2 minutes):
// start = cursor.t - lookback. Keeping every id of that window in the saved cursor would make it
// large, so the saved cursor keeps only the ids at cursor.t. Between polls of one process an
// in-memory map of recently committed ids (bounded) drops the overlap; after a restart the
// overlap (up to `lookback` of events) is sent to the pipeline again and its idempotency is what
// keeps it harmless: events that raised findings are known by cluster + auditID and counted as
// duplicates; events that raised none are judged again, which changes no finding (they are counted
// as accepted a second time). An event arriving more than `lookback` late, with a timestamp older
// than cursor - lookback, is still missed: raise lookbackSeconds, or use the Firehose push path,
// which has no such window.
//
// Errors (ThrottlingException, network, AccessDenied, a refused batch): the pass ends without
// moving the cursor past what was committed, is logged, and the next pass waits an exponential
// backoff (retryMs doubling up to maxRetryMs) instead of the poll interval. Nothing is thrown to the
// server. A message that is not an audit event is skipped and counted with its reason.

import { AUDIT_STREAM_PREFIX, auditItemFromLogMessage } from '../../normalize/k8s-audit/eks-log-event.js';
import type { LogEvent, LogEventsSource } from './client.js';
import { advance, decodeCursor, encodeCursor, type CloudWatchCursor } from './cursor.js';
import type { UnjudgedCounts } from '../../pipeline/audit-pipeline.js';
import type { CursorWrite } from '../../store/store.js';
import { RecentIds } from './recent-ids.js';

/** Most ids the in-memory lookback map keeps (older ones fall back on the pipeline's idempotency). */
const MAX_RECENT = 200_000;
/** Code of log events without an eventId or timestamp. */
const MALFORMED = 'malformed_log_event';

export interface PollStats {
  polls: number;
  pages: number;
  events: number;
  items: number;
  /** Events dropped because their id was already committed (cursor set or recent map). */
  alreadyTaken: number;
  /** Messages skipped, by reason (first 80 characters). */
  rejected: Record<string, number>;
  /** Failed passes (throttling, network, refused batch). */
  errors: number;
}

export interface PollOptions {
  logGroup: string;
  source: LogEventsSource;
  cursors: { getCursor(source: string): Promise<string | null>; setCursor(source: string, value: string, now: number): Promise<void> };
  /** Hands one batch of raw audit events to the pipeline; resolves once committed. */
  /** `unjudged`: messages of the batch that were not audit events, by reason, committed with its counters. */
  /** Commits a batch; `cursor`, when given, is the source's position after it, saved in the batch's transaction. */
  submit: (items: unknown[], unjudged: UnjudgedCounts, cursor?: CursorWrite) => Promise<void>;
  pollMs?: number;
  lookbackMs?: number;
  /** Items per submitted batch. Default 500. */
  batchSize?: number;
  /** First backoff after a failed pass; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
  log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
}

interface Taken {
  event: LogEvent;
  item: unknown;
  /** Why the message gave no item (undefined for taken items). */
  code?: string;
}

export class CloudWatchPoller {
  readonly stats: PollStats = { polls: 0, pages: 0, events: 0, items: 0, alreadyTaken: 0, rejected: {}, errors: 0 };
  readonly cursorName: string;
  readonly #o: PollOptions;
  #cursor: CloudWatchCursor | null = null;
  /** Ids committed by this process with their timestamps, for the lookback overlap. */
  readonly #recent = new RecentIds(MAX_RECENT);
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<boolean> = Promise.resolve(true);
  #stopped = false;
  #failures = 0;
  #firstStart: number | null = null;

  constructor(opts: PollOptions) {
    this.#o = opts;
    this.cursorName = `cloudwatch:${opts.logGroup}`;
  }

  /** Starts polling (now, then every pollMs, or after a backoff) until stop(). */
  start(): void {
    void this.#tick().then((ok) => this.#schedule(ok));
  }

  /** Stops polling; resolves after the batch in flight is committed and the cursor saved. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    this.#o.source.close();
  }

  /** One pass over everything after the cursor; false when it failed (exposed for tests). */
  poll(): Promise<boolean> {
    return this.#tick();
  }

  #schedule(ok: boolean): void {
    if (this.#stopped) return;
    const wait = ok ? (this.#o.pollMs ?? 10_000) : Math.min((this.#o.retryMs ?? 1000) * 2 ** (this.#failures - 1), this.#o.maxRetryMs ?? 60_000);
    this.#timer = setTimeout(() => void this.#tick().then((r) => this.#schedule(r)), wait);
    this.#timer.unref();
  }

  #tick(): Promise<boolean> {
    const run = this.#running.then(() => this.#pass()).then(
      () => {
        this.#failures = 0;
        return true;
      },
      (e: unknown) => {
        this.#failures++;
        this.stats.errors++;
        const err = e as { name?: string; message?: string };
        this.#o.log?.('warn', 'polling CloudWatch Logs failed; the cursor stays, retrying after a backoff', { logGroup: this.#o.logGroup, error: err.name ?? 'Error', message: err.message, failures: this.#failures });
        return false;
      },
    );
    this.#running = run;
    return run;
  }

  async #pass(): Promise<void> {
    if (this.#stopped) return;
    this.stats.polls++;
    const lookback = this.#o.lookbackMs ?? 120_000;
    if (!this.#cursor) {
      const saved = decodeCursor(await this.#o.cursors.getCursor(this.cursorName));
      this.#cursor = saved ?? { t: 0, ids: [] };
      if (saved) for (const id of saved.ids) this.#remember(id, saved.t);
    }
    // Nothing committed yet: start `lookback` before the first poll (older history is not read).
    this.#firstStart ??= this.#now() - lookback;
    const startTime = Math.max(0, this.#cursor.t > 0 ? this.#cursor.t - lookback : this.#firstStart);
    this.#recent.expireBefore(startTime);
    const batchSize = this.#o.batchSize ?? 500;
    let pending: Taken[] = [];
    let items = 0;
    /** Events of the pages so far without an id or timestamp, counted with the next batch. */
    let malformed = 0;
    let nextToken: string | undefined;
    do {
      if (this.#stopped) break;
      const page = await this.#o.source.filterPage({ logGroupName: this.#o.logGroup, logStreamNamePrefix: AUDIT_STREAM_PREFIX, startTime, ...(nextToken ? { nextToken } : {}) });
      this.stats.pages++;
      nextToken = page.nextToken;
      if (page.malformed) {
        const key = MALFORMED;
        this.stats.events += page.malformed;
        this.stats.rejected[key] = (this.stats.rejected[key] ?? 0) + page.malformed;
        malformed += page.malformed;
        this.#o.log?.('warn', 'CloudWatch log events skipped', { logGroup: this.#o.logGroup, count: page.malformed, reason: 'log event without eventId or timestamp' });
      }
      for (const event of page.events) {
        this.stats.events++;
        if (this.#recent.has(event.eventId)) {
          this.stats.alreadyTaken++;
          continue;
        }
        const taken = this.#parse(event);
        pending.push(taken);
        if (taken.item !== undefined) items++;
        if (items >= batchSize) {
          await this.#commit(pending, malformed);
          pending = [];
          items = 0;
          malformed = 0;
        }
      }
    } while (nextToken);
    if (pending.length || malformed) await this.#commit(pending, malformed);
  }

  /** The event's audit item, or the code of why its message is not one (counted and logged). */
  #parse(event: LogEvent): Taken {
    const r = auditItemFromLogMessage(event.message);
    if (r.ok) return { event, item: r.item };
    this.stats.rejected[r.code] = (this.stats.rejected[r.code] ?? 0) + 1;
    this.#o.log?.('warn', 'CloudWatch log event skipped', { logGroup: this.#o.logGroup, eventId: event.eventId, reason: r.reason });
    return { event, item: undefined, code: r.code };
  }

  /** Submits the items with the cursor after them (committed together), then moves the cursor. */
  async #commit(taken: Taken[], malformed = 0): Promise<void> {
    const items = taken.filter((t) => t.item !== undefined).map((t) => t.item);
    const unjudged: UnjudgedCounts = { skipped: 0, rejected: {} };
    for (const t of taken) if (t.code !== undefined) unjudged.rejected[t.code] = (unjudged.rejected[t.code] ?? 0) + 1;
    if (malformed) unjudged.rejected[MALFORMED] = malformed;
    const events = taken.map((t) => t.event);
    const before = encodeCursor(this.#cursor!);
    const next = advance(this.#cursor!, events);
    const after = encodeCursor(next);
    const moved = after !== before;
    // The new position is committed with the batch; with nothing to submit it is saved alone.
    const submitted = items.length > 0 || Object.keys(unjudged.rejected).length > 0;
    if (submitted) await this.#o.submit(items, unjudged, moved ? { source: this.cursorName, value: after } : undefined);
    this.stats.items += items.length;
    for (const e of events) this.#remember(e.eventId, e.timestamp);
    this.#cursor = next;
    if (moved && !submitted) await this.#o.cursors.setCursor(this.cursorName, after, this.#now());
  }

  /** Past MAX_RECENT the oldest remembered id goes (the pipeline's idempotency still holds). */
  #remember(id: string, t: number): void {
    this.#recent.remember(id, t);
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }
}
