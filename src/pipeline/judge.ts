// Judging one raw event: normalize -> enrich -> detect, for Kubernetes audit events and for
// runtime sensor events. Shared by the pipeline and by the rule fixture runner, so fixtures
// exercise exactly the code that ingest runs.

import type { Clock } from '../core/clock.js';
import type { AuditEvent } from '../core/event.js';
import type { Occurrence } from '../core/finding.js';
import type { RuntimeEvent } from '../core/runtime-event.js';
import { DetectionEngine } from '../detect/engine.js';
import { StateJournal, type BoundedState } from '../detect/state/bounded-state.js';
import { DEFAULT_STATE_CAPACITIES, type StateCapacities } from '../detect/state/capacities.js';
import { commandLineEnricher } from '../enrich/command-line/index.js';
import { containerFilesEnricher, type RuntimeEnricher } from '../enrich/container-files/index.js';
import type { Enricher } from '../enrich/enricher.js';
import { processTreeEnricher } from '../enrich/process-tree/index.js';
import { rbacRolesEnricher } from '../enrich/rbac-roles/index.js';
import { runtimeIntelEnricher } from '../enrich/runtime-intel/index.js';
import { tacticEnricher } from '../enrich/tactic/index.js';
import { threatIntelEnricher } from '../enrich/threat-intel/index.js';
import { IntelIndex } from '../enrich/threat-intel/intel-index.js';
import { workloadKnowledgeEnricher } from '../enrich/workload-knowledge/index.js';
import { buildOccurrence, type FindingContext } from '../findings/build-finding.js';
import { buildRuntimeOccurrence } from '../findings/build-runtime-finding.js';
import { normalizeAuditEvent, type NormalizeResult } from '../normalize/k8s-audit/audit-event.js';
import type { RuntimeNormalizeResult } from '../normalize/runtime/builder.js';
import { isFalcoEvent, normalizeFalcoEvent } from '../normalize/falco/falco.js';
import { isTetragonEvent, normalizeTetragonEvent } from '../normalize/tetragon/tetragon.js';
import { normalizeTraceeEvent } from '../normalize/tracee/tracee.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import type { Ruleset } from '../rules/load.js';
import type { Cluster } from '../store/store.js';

/** What a batch holds: Kubernetes audit events, or one runtime sensor's events. */
export type EventFormat = 'k8s-audit' | 'tracee' | 'tetragon' | 'falco';
export const RUNTIME_FORMATS: readonly EventFormat[] = ['tracee', 'tetragon', 'falco'];

const RUNTIME_NORMALIZERS: Record<Exclude<EventFormat, 'k8s-audit'>, (raw: unknown, cluster: string, node?: string) => RuntimeNormalizeResult> = {
  tracee: normalizeTraceeEvent,
  tetragon: normalizeTetragonEvent,
  falco: normalizeFalcoEvent,
};

/** Which sensor wrote a raw runtime event, by its shape (for fixtures and mixed files). */
export function runtimeFormatOf(raw: unknown): Exclude<EventFormat, 'k8s-audit'> | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.eventName === 'string' || (typeof r.name === 'string' && typeof r.workload === 'object')) return 'tracee';
  if (isTetragonEvent(raw)) return 'tetragon';
  if (isFalcoEvent(raw)) return 'falco';
  return null;
}

export type Judgement =
  | { status: 'rejected'; code: string; reason: string }
  /** A valid event that is not judged (audit stage RequestReceived, a sensor event Vigil does not use). */
  | { status: 'skipped'; time: number | null; origin?: Origin }
  /** detect() enriches and evaluates (call it once, after the duplicate check); build() makes the finding. */
  | JudgedEvent;

/** A valid event to judge. detect() enriches and evaluates (call it once, after the duplicate check); build() makes the finding. */
export interface JudgedEvent {
  status: 'judged';
  key: string;
  time: number;
  origin?: Origin;
  event: AuditEvent | RuntimeEvent;
  detect(): CompiledRule[];
  build(rule: CompiledRule, cluster: Cluster, ctx: FindingContext): Occurrence;
}

// One object per event with its methods on the prototype (not two closures per event).
class JudgedAudit implements JudgedEvent {
  readonly status = 'judged' as const;
  constructor(
    readonly key: string,
    readonly time: number,
    readonly event: AuditEvent,
    readonly judge: Judge,
  ) {}
  detect(): CompiledRule[] {
    return this.judge.detect(this.event);
  }
  build(rule: CompiledRule, cluster: Cluster, ctx: FindingContext): Occurrence {
    return buildOccurrence(rule, this.event, cluster, ctx);
  }
}

class JudgedRuntime implements JudgedEvent {
  readonly status = 'judged' as const;
  constructor(
    readonly key: string,
    readonly time: number,
    readonly origin: Origin,
    readonly event: RuntimeEvent,
    readonly judge: Judge,
  ) {}
  detect(): CompiledRule[] {
    return this.judge.detectRuntime(this.event);
  }
  build(rule: CompiledRule, cluster: Cluster, ctx: FindingContext): Occurrence {
    return buildRuntimeOccurrence(rule, this.event, cluster, ctx);
  }
}

/** Where a runtime event came from (for coverage). */
export interface Origin {
  node: string;
  sensor: string;
}

export class Judge {
  readonly engine: DetectionEngine;
  readonly journal = new StateJournal();
  readonly #enrichers: Enricher[];
  readonly #runtimeEnrichers: RuntimeEnricher[];

  /** The threat-intelligence lists in force; replaced whole when the lists change. */
  intel: IntelIndex = IntelIndex.EMPTY;

  constructor(ruleset: Pick<Ruleset, 'rules' | 'tactics'>, clock: Clock, intel?: IntelIndex, caps: StateCapacities = DEFAULT_STATE_CAPACITIES) {
    if (intel) this.intel = intel;
    const j = this.journal;
    this.engine = new DetectionEngine(ruleset.rules, { clock, journal: j, defaultCapacity: caps.detectorDefault });
    this.#enrichers = [tacticEnricher(ruleset.tactics), threatIntelEnricher(() => this.intel), rbacRolesEnricher(j, caps.rbacRoles), workloadKnowledgeEnricher(j, caps.privilegedPods)];
    this.#runtimeEnrichers = [commandLineEnricher(), processTreeEnricher(j, caps.processTree), containerFilesEnricher(j, caps.containerFiles, caps.containerStarts), runtimeIntelEnricher(() => this.intel)];
  }

  /** Every bounded state (detectors and enrichers), to restore from and persist to the store. */
  states(): BoundedState[] {
    const s = this.engine.states();
    for (const e of [...this.#enrichers, ...this.#runtimeEnrichers]) s.push(...(e.states ?? []));
    return s;
  }

  normalize(raw: unknown, cluster: string): NormalizeResult {
    return normalizeAuditEvent(raw, cluster);
  }

  /** Enriches the audit event and returns the rules that fire on it. */
  detect(e: AuditEvent): CompiledRule[] {
    for (const en of this.#enrichers) en.enrich(e);
    return this.engine.evaluate(e);
  }

  /** node: the node name when the transport knows it and the event does not carry it. */
  normalizeRuntime(raw: unknown, cluster: string, format: Exclude<EventFormat, 'k8s-audit'>, node = ''): RuntimeNormalizeResult {
    return RUNTIME_NORMALIZERS[format](raw, cluster, node);
  }

  /** Enriches the runtime event and returns the rules that fire on it. */
  detectRuntime(e: RuntimeEvent): CompiledRule[] {
    for (const en of this.#runtimeEnrichers) en.enrich(e);
    return this.engine.evaluate(e);
  }

  /** One raw event of the given format, judged. Request keys make re-delivery idempotent. */
  judge(raw: unknown, cluster: string, format: EventFormat, node = ''): Judgement {
    if (format === 'k8s-audit') {
      const r = this.normalize(raw, cluster);
      if (!r.ok) return { status: 'rejected', code: r.code, reason: r.reason };
      const e = r.event;
      if (e.stage === 'RequestReceived') return { status: 'skipped', time: e.time };
      return new JudgedAudit(`${cluster}\u0000${e.auditId}`, e.time, e, this);
    }
    const r = this.normalizeRuntime(raw, cluster, format, node);
    if (!r.ok) return r.skip ? { status: 'skipped', time: null } : { status: 'rejected', code: r.code, reason: r.reason };
    const e = r.event;
    return new JudgedRuntime(`${cluster}\u0000${e.dedupeKey}`, e.time, { node: e.node, sensor: e.sensor }, e, this);
  }
}
