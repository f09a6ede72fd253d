// The detection engine: for each event, its candidate rules (RuleIndex) -> match block -> CEL
// condition -> optional stateful detector. Pure apart from the detectors' bounded state, which is
// journaled for the store. Evaluation errors never stop the pipeline: they count against the rule.

import type { Clock } from '../core/clock.js';
import type { AuditEvent } from '../core/event.js';
import type { RuntimeEvent } from '../core/runtime-event.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import { matchingException } from '../rules/exceptions.js';
import { celToKeys } from '../rules/expression.js';
import type { DetectorContext } from './detector.js';
import { RuleIndex } from './rule-index.js';
import { BoundedState, type StateJournal } from './state/bounded-state.js';
import { DEFAULT_STATE_CAPACITIES } from './state/capacities.js';

export interface RuleStats {
  evaluated: number;
  matched: number;
  /** Matches suppressed by a structured exception. */
  excepted: number;
  errors: number;
  lastError: string;
}

export class DetectionEngine {
  readonly rules: CompiledRule[];
  readonly stats = new Map<string, RuleStats>();
  readonly #index: RuleIndex;
  readonly #detectorCtx = new Map<string, DetectorContext>();

  /** defaultCapacity: a stateful rule's cap when its detector sets none. */
  constructor(rules: CompiledRule[], opts: { clock: Clock; journal: StateJournal; defaultCapacity?: number }) {
    this.rules = rules;
    this.#index = new RuleIndex(rules);
    for (const r of rules) {
      this.stats.set(r.id, { evaluated: 0, matched: 0, excepted: 0, errors: 0, lastError: '' });
      if (r.detector) {
        const p = r.detector.params as { capacity?: number } | null;
        const capacity = typeof p?.capacity === 'number' ? p.capacity : (opts.defaultCapacity ?? DEFAULT_STATE_CAPACITIES.detectorDefault);
        this.#detectorCtx.set(r.id, { clock: opts.clock, state: new BoundedState(stateComponent(r), capacity, opts.journal) });
      }
    }
  }

  /** The bounded states of stateful rules, by store component name (to load and report them). */
  states(): BoundedState[] {
    return [...this.#detectorCtx.values()].map((c) => c.state);
  }

  /** Rules whose condition (and detector) hold for the event. */
  evaluate(e: AuditEvent | RuntimeEvent): CompiledRule[] {
    const out: CompiledRule[] = [];
    this.#index.forEachCandidate(e, (r) => {
      // The index hands out only rules of the event's kind, so the matcher fits the event.
      if (!(r.matcher.matches as (x: AuditEvent | RuntimeEvent) => boolean)(e)) return;
      const s = this.stats.get(r.id) as RuleStats;
      s.evaluated++;
      let hit: unknown;
      try {
        hit = r.condition(e);
      } catch (err) {
        s.errors++;
        s.lastError = (err as Error).message.split('\n')[0] ?? '';
        return;
      }
      if (hit !== true) return;
      if (r.exceptions.length > 0 && matchingException(r, e)) {
        s.excepted++;
        return;
      }
      if (r.detector) {
        let keys: string[];
        let distinct: string[] | undefined;
        try {
          keys = celToKeys(r.detector.key(e));
          if (r.detector.distinct) distinct = celToKeys(r.detector.distinct(e));
        } catch (err) {
          s.errors++;
          s.lastError = (err as Error).message.split('\n')[0] ?? '';
          return;
        }
        const ctx = this.#detectorCtx.get(r.id) as DetectorContext;
        if (!r.detector.def.judge({ cluster: e.cluster, keys, time: e.time, ...(distinct ? { distinct } : {}) }, r.detector.params, ctx)) return;
      }
      s.matched++;
      out.push(r);
    });
    return out;
  }
}

export function stateComponent(r: CompiledRule): string {
  return `detector/${r.detector?.def.name ?? 'none'}/${r.id}`;
}
