// The pipeline: raw items (audit events or a runtime sensor's events) -> normalize -> dedupe ->
// enrich -> detect -> findings -> store.
// Batches run one at a time through a bounded queue; a batch's findings, detector state, seen
// request keys and counters are committed in one store transaction before ingest() resolves, so a
// caller that answers 200 after ingest() never acknowledges anything that is not stored.

import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import type { Finding, Occurrence } from '../core/finding.js';
import type { DetectionEngine } from '../detect/engine.js';
import type { StateCapacities } from '../detect/state/capacities.js';
import type { IntelIndex } from '../enrich/threat-intel/intel-index.js';
import type { FindingContext } from '../findings/build-finding.js';
import { NO_SUPPRESSIONS, compileSuppressions, type Suppressions } from '../findings/suppression.js';
import type { Ruleset } from '../rules/load.js';
import type { ArchivedEventInput, Cluster, CursorWrite, FindingFilter, IngestCounts, NodeSighting, Store } from '../store/store.js';
import { archiveRow } from './event-archive.js';
import { Judge, type EventFormat, type Origin } from './judge.js';
import { SeenRequests } from './seen-requests.js';

export interface RejectedItem {
  /** 0-based position in the submitted items. */
  index: number;
  code: string;
  reason: string;
}

export interface BatchResult {
  accepted: number;
  skipped: number;
  duplicates: number;
  rejected: RejectedItem[];
  created: Finding[];
  updated: Finding[];
}

/** Counts of pieces a source skipped or rejected before judging; added to the batch's ingest counters. */
export interface UnjudgedCounts {
  skipped: number;
  rejected: Record<string, number>;
}

export interface PipelineOptions {
  store: Store;
  ruleset: Ruleset;
  clock: Clock;
  finding: Omit<FindingContext, 'now'>;
  /** Batches waiting or running before ingest() refuses with VIGIL_OVERLOADED. Default 64. */
  maxQueuedBatches?: number;
  /** Request keys remembered for idempotent re-delivery. Default 200000. */
  seenCapacity?: number;
  /** How long a seen request key is kept. Default 24 h. */
  seenRetentionMs?: number;
  /** Threat-intelligence lists; replace later with setIntel(). */
  intel?: IntelIndex;
  /** Caps of the detector and enricher states. Default DEFAULT_STATE_CAPACITIES. */
  stateCapacities?: StateCapacities;
  /** Keep accepted events of these planes in the store's event archive, committed with their batch. Default none. */
  archiveEvents?: { audit: boolean; runtime: boolean };
}

export class AuditPipeline {
  readonly #opts: PipelineOptions;
  readonly #judge: Judge;
  readonly #seen: SeenRequests;
  #suppressions: Suppressions = NO_SUPPRESSIONS;
  readonly #listeners: ((created: Finding[], updated: Finding[]) => void)[] = [];
  /** Store commit timings (seconds) and overload refusals, for /metrics. */
  readonly commitStats = { count: 0, sumSeconds: 0, maxSeconds: 0, failures: 0, overloaded: 0 };
  #tail: Promise<unknown> = Promise.resolve();
  #queued = 0;

  constructor(opts: PipelineOptions) {
    this.#opts = opts;
    this.#judge = new Judge(opts.ruleset, opts.clock, opts.intel, opts.stateCapacities);
    this.#seen = new SeenRequests(opts.seenCapacity ?? 200_000);
  }

  get queued(): number {
    return this.#queued;
  }

  /** Called with the created and updated findings of every committed batch (finding outputs). */
  onCommitted(listener: (created: Finding[], updated: Finding[]) => void): void {
    this.#listeners.push(listener);
  }

  #notify(created: Finding[], updated: Finding[]): void {
    if (created.length === 0 && updated.length === 0) return;
    for (const l of this.#listeners) {
      try {
        l(created, updated);
      } catch {
        // A listener's failure must not fail a committed batch.
      }
    }
  }

  /** Swaps in new suppression rules (saved filters with action ARCHIVE). */
  setFilters(filters: readonly FindingFilter[]): void {
    this.#suppressions = compileSuppressions(filters);
  }

  /** Swaps in new threat-intelligence lists; batches judged after this call use them. */
  setIntel(index: IntelIndex): void {
    this.#judge.intel = index;
  }

  /** Every bounded state (detectors and enrichers): size, capacity, evictions. */
  states(): { component: string; size: number; capacity: number; bytes: number; maxBytes: number; evictions: number }[] {
    return this.#judge.states().map((s) => ({ component: s.component, size: s.size, capacity: s.capacity, bytes: s.bytes, maxBytes: s.maxBytes, evictions: s.evictions }));
  }

  get engine(): DetectionEngine {
    return this.#judge.engine;
  }

  /** Loads detector and enricher state and recent seen request keys from the store. */
  async restore(): Promise<void> {
    this.setFilters(await this.#opts.store.listFilters());
    for (const s of this.#judge.states()) s.restore(await this.#opts.store.loadState(s.component));
    const since = this.#opts.clock.now() - (this.#opts.seenRetentionMs ?? 86_400_000);
    this.#seen.restore(await this.#opts.store.loadSeenKeys(since, this.#seen.capacity));
    this.#judge.journal.drain();
  }

  /** Deletes seen request keys past their retention. */
  async prune(): Promise<number> {
    return this.#opts.store.pruneSeen(this.#opts.clock.now() - (this.#opts.seenRetentionMs ?? 86_400_000));
  }

  /** Counts events refused without judging (a disabled feature), so the refusal is visible. */
  recordRefused(cluster: Cluster, source: string, n: number, reason: string): Promise<void> {
    const run = this.#tail.then(async () => {
      const counts: IngestCounts = { source, accepted: 0, skipped: 0, duplicates: 0, rejected: { [reason]: n }, lastEventAt: null };
      await this.#opts.store.commitBatch({ cluster: cluster.name, occurrences: [], seenKeys: [], stateChanges: [], counts }, this.#opts.clock.now());
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Commits ready-made occurrences (sample findings) in the queue's order; resolves once stored. */
  commitOccurrences(cluster: Cluster, occurrences: Occurrence[], source: string): Promise<BatchResult> {
    const run = this.#tail.then(async () => {
      const now = this.#opts.clock.now();
      const counts: IngestCounts = { source, accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null };
      // Suppression rules apply to every finding, samples included.
      for (const o of occurrences) this.#suppressions.apply(o, cluster.name, now);
      const r = await this.#opts.store.commitBatch({ cluster: cluster.name, occurrences, seenKeys: [], stateChanges: [], counts }, now);
      this.#notify(r.created, r.updated);
      return { accepted: 0, skipped: 0, duplicates: 0, rejected: [], created: r.created, updated: r.updated };
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Queues one batch of raw events of `format` from `source`; resolves once its effects are committed.
   * `unjudged`: pieces the source dropped before judging (e.g. undecodable records), committed with
   * the batch's counters so they are counted exactly when the batch is. `cursor`: a pulling source's
   * position after this batch, saved in the batch's transaction.
   */
  ingest(cluster: Cluster, items: unknown[], source: string, format: EventFormat = 'k8s-audit', node = '', sensorVersion = '', unjudged?: UnjudgedCounts, cursor?: CursorWrite): Promise<BatchResult> {
    const max = this.#opts.maxQueuedBatches ?? 64;
    if (this.#queued >= max) {
      this.commitStats.overloaded++;
      return Promise.reject(new VigilError('VIGIL_OVERLOADED', `ingest queue is full (${max} batches waiting); retry later`, 503, { retryAfterSeconds: 5 }));
    }
    this.#queued++;
    const run = this.#tail.then(() => this.#process(cluster, items, source, format, node, sensorVersion, unjudged, cursor));
    this.#tail = run.catch(() => undefined);
    return run.finally(() => {
      this.#queued--;
    });
  }

  async #process(cluster: Cluster, items: unknown[], source: string, format: EventFormat, node: string, sensorVersion: string, unjudged?: UnjudgedCounts, cursor?: CursorWrite): Promise<BatchResult> {
    const result: BatchResult = { accepted: 0, skipped: 0, duplicates: 0, rejected: [], created: [], updated: [] };
    const counts: IngestCounts = { source, accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null };
    const occurrences: Occurrence[] = [];
    const newKeys: string[] = [];
    const archived: ArchivedEventInput[] = [];
    const archive = this.#opts.archiveEvents !== undefined && (format === 'k8s-audit' ? this.#opts.archiveEvents.audit : this.#opts.archiveEvents.runtime);
    const now = this.#opts.clock.now();
    const ctx: FindingContext = { ...this.#opts.finding, now, severityModifiers: this.#opts.ruleset.severityModifiers };
    const nodes = new Map<string, NodeSighting>();
    const sighted = (o: Origin | undefined, time: number | null) => {
      if (!o || time === null) return;
      const k = `${o.node}\u0000${o.sensor}`;
      const n = nodes.get(k);
      if (n) {
        n.events++;
        n.lastEventAt = Math.max(n.lastEventAt, time);
      } else nodes.set(k, { node: o.node, sensor: o.sensor, version: sensorVersion, lastEventAt: time, events: 1 });
    };
    const reject = (index: number, code: string, reason: string) => {
      result.rejected.push({ index, code, reason });
      counts.rejected[code] = (counts.rejected[code] ?? 0) + 1;
    };
    try {
      for (let i = 0; i < items.length; i++) {
        const j = this.#judge.judge(items[i], cluster.name, format, node);
        if (j.status === 'rejected') {
          reject(i, j.code, j.reason);
          continue;
        }
        if (j.time !== null && (counts.lastEventAt === null || j.time > counts.lastEventAt)) counts.lastEventAt = j.time;
        sighted(j.origin, j.time);
        if (j.status === 'skipped') {
          result.skipped++;
          continue;
        }
        if (this.#seen.has(j.key)) {
          result.duplicates++;
          continue;
        }
        try {
          const built = j.detect().map((rule) => j.build(rule, cluster, ctx));
          for (const o of built) this.#suppressions.apply(o, cluster.name, now);
          if (archive) archived.push(archiveRow(j.event, items[i]));
          result.accepted++;
          if (built.length === 0) continue;
          this.#seen.add(j.key);
          newKeys.push(j.key);
          occurrences.push(...built);
        } catch (err) {
          // A defect judging one event must not cost the rest of the batch: count it, say why.
          reject(i, 'internal_error', `could not judge the event: ${(err as Error).message}`);
        }
      }
      counts.accepted = result.accepted;
      counts.skipped = result.skipped;
      counts.duplicates = result.duplicates;
      if (unjudged) {
        counts.skipped += unjudged.skipped;
        for (const [code, n] of Object.entries(unjudged.rejected)) counts.rejected[code] = (counts.rejected[code] ?? 0) + n;
      }
      const started = performance.now();
      const committed = await this.#opts.store.commitBatch(
        { cluster: cluster.name, occurrences, seenKeys: newKeys, stateChanges: this.#judge.journal.drain(), counts, nodes: [...nodes.values()], events: archived, ...(cursor ? { cursor } : {}) },
        now,
      );
      const took = (performance.now() - started) / 1000;
      this.commitStats.count++;
      this.commitStats.sumSeconds += took;
      this.commitStats.maxSeconds = Math.max(this.commitStats.maxSeconds, took);
      result.created = committed.created;
      result.updated = committed.updated;
      this.#notify(committed.created, committed.updated);
      return result;
    } catch (err) {
      this.commitStats.failures++;
      // Nothing of this batch is stored: forget its in-memory effects so a re-delivery is judged again.
      for (const k of newKeys) this.#seen.delete(k);
      this.#judge.journal.drain();
      await this.restore().catch(() => undefined);
      throw new VigilError('VIGIL_STORE', `could not store the batch: ${(err as Error).message}`, 503, { retryAfterSeconds: 5 });
    }
  }
}
