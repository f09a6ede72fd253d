// Polling an EKS cluster's control-plane log group (/aws/eks/<cluster>/cluster) in CloudWatch Logs
// for its audit streams (kube-apiserver-audit-*) with FilterLogEvents, paging with nextToken. Each
// log event's message is one audit Event JSON; events go to the pipeline in batches and the cursor
// (cursor.ts: last timestamp + the eventIds committed at it) is saved in the store after each
// committed batch, under `cloudwatch:<logGroup>`.
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

import { auditItems, parseJson } from '../../normalize/k8s-audit/envelope.js';
import type { LogEvent, LogEventsSource } from './client.js';
import { advance, decodeCursor, encodeCursor, type CloudWatchCursor } from './cursor.js';

export const AUDIT_STREAM_PREFIX = 'kube-apiserver-audit-';
const TRUNCATED_SUFFIX = '[Truncated...]';
/** Most ids the in-memory lookback map keeps (older ones fall back on the pipeline's idempotency). */
const MAX_RECENT = 200_000;

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
  submit: (items: unknown[]) => Promise<void>;
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
}

export class CloudWatchPoller {
  readonly stats: PollStats = { polls: 0, pages: 0, events: 0, items: 0, alreadyTaken: 0, rejected: {}, errors: 0 };
  readonly cursorName: string;
  readonly #o: PollOptions;
  #cursor: CloudWatchCursor | null = null;
  /** Ids committed by this process with their timestamps, for the lookback overlap. */
  readonly #recent = new Map<string, number>();
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
    for (const [id, t] of this.#recent) if (t < startTime) this.#recent.delete(id);
    const batchSize = this.#o.batchSize ?? 500;
    let pending: Taken[] = [];
    let items = 0;
    let nextToken: string | undefined;
    do {
      if (this.#stopped) break;
      const page = await this.#o.source.filterPage({ logGroupName: this.#o.logGroup, logStreamNamePrefix: AUDIT_STREAM_PREFIX, startTime, ...(nextToken ? { nextToken } : {}) });
      this.stats.pages++;
      nextToken = page.nextToken;
      if (page.malformed) {
        const key = 'log event without eventId or timestamp';
        this.stats.events += page.malformed;
        this.stats.rejected[key] = (this.stats.rejected[key] ?? 0) + page.malformed;
        this.#o.log?.('warn', 'CloudWatch log events skipped', { logGroup: this.#o.logGroup, count: page.malformed, reason: key });
      }
      for (const event of page.events) {
        this.stats.events++;
        if (this.#recent.has(event.eventId)) {
          this.stats.alreadyTaken++;
          continue;
        }
        const taken = this.#parse(event);
        pending.push(...taken);
        items += taken.filter((t) => t.item !== undefined).length;
        if (items >= batchSize) {
          await this.#commit(pending);
          pending = [];
          items = 0;
        }
      }
    } while (nextToken);
    if (pending.length) await this.#commit(pending);
  }

  /** The event's audit items (or one entry with no item when the message is skipped). */
  #parse(event: LogEvent): Taken[] {
    const msg = event.message.trimEnd();
    let reason: string | null = null;
    let parsedItems: unknown[] = [];
    if (msg.endsWith(TRUNCATED_SUFFIX)) reason = 'message truncated by CloudWatch Logs ([Truncated...]); not JSON';
    else {
      const parsed = parseJson(msg);
      if (!parsed.ok) reason = parsed.reason;
      else {
        const env = auditItems(parsed.value);
        if (!env.ok) reason = env.reason;
        else parsedItems = env.items;
      }
    }
    if (reason !== null) {
      const key = reason.slice(0, 80);
      this.stats.rejected[key] = (this.stats.rejected[key] ?? 0) + 1;
      this.#o.log?.('warn', 'CloudWatch log event skipped', { logGroup: this.#o.logGroup, eventId: event.eventId, reason: key });
      return [{ event, item: undefined }];
    }
    return parsedItems.length ? parsedItems.map((item) => ({ event, item })) : [{ event, item: undefined }];
  }

  /** Submits the items (until committed), then moves and saves the cursor. */
  async #commit(taken: Taken[]): Promise<void> {
    const items = taken.filter((t) => t.item !== undefined).map((t) => t.item);
    if (items.length) await this.#o.submit(items);
    this.stats.items += items.length;
    const events = taken.map((t) => t.event);
    for (const e of events) this.#remember(e.eventId, e.timestamp);
    const before = encodeCursor(this.#cursor!);
    this.#cursor = advance(this.#cursor!, events);
    const after = encodeCursor(this.#cursor);
    if (after !== before) await this.#o.cursors.setCursor(this.cursorName, after, this.#now());
  }

  /** Past MAX_RECENT the oldest remembered id goes (the pipeline's idempotency still holds). */
  #remember(id: string, t: number): void {
    this.#recent.set(id, t);
    if (this.#recent.size > MAX_RECENT) this.#recent.delete(this.#recent.keys().next().value as string);
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }
}
