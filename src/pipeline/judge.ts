// Judging one raw audit event: normalize -> enrich -> detect. Shared by the pipeline and by the
// rule fixture runner, so fixtures exercise exactly the code that ingest runs.

import type { Clock } from '../core/clock.js';
import type { AuditEvent } from '../core/event.js';
import { DetectionEngine } from '../detect/engine.js';
import { StateJournal, type BoundedState } from '../detect/state/bounded-state.js';
import type { Enricher } from '../enrich/enricher.js';
import { rbacRolesEnricher } from '../enrich/rbac-roles/index.js';
import { tacticEnricher } from '../enrich/tactic/index.js';
import { threatIntelEnricher } from '../enrich/threat-intel/index.js';
import { workloadKnowledgeEnricher } from '../enrich/workload-knowledge/index.js';
import { IntelIndex } from '../enrich/threat-intel/intel-index.js';
import { normalizeAuditEvent, type NormalizeResult } from '../normalize/k8s-audit/audit-event.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import type { Ruleset } from '../rules/load.js';

export class Judge {
  readonly engine: DetectionEngine;
  readonly journal = new StateJournal();
  readonly #enrichers: Enricher[];

  /** The threat-intelligence lists in force; replaced whole when the lists change. */
  intel: IntelIndex = IntelIndex.EMPTY;

  constructor(ruleset: Pick<Ruleset, 'rules' | 'tactics'>, clock: Clock, intel?: IntelIndex) {
    if (intel) this.intel = intel;
    this.engine = new DetectionEngine(ruleset.rules, { clock, journal: this.journal });
    this.#enrichers = [tacticEnricher(ruleset.tactics), threatIntelEnricher(() => this.intel), rbacRolesEnricher(this.journal), workloadKnowledgeEnricher(this.journal)];
  }

  /** Every bounded state (detectors and enrichers), to restore from and persist to the store. */
  states(): BoundedState[] {
    const s = this.engine.states();
    for (const e of this.#enrichers) if (e.state) s.push(e.state);
    return s;
  }

  normalize(raw: unknown, cluster: string): NormalizeResult {
    return normalizeAuditEvent(raw, cluster);
  }

  /** Enriches the event and returns the rules that fire on it. */
  detect(e: AuditEvent): CompiledRule[] {
    for (const en of this.#enrichers) en.enrich(e);
    return this.engine.evaluate(e);
  }
}
