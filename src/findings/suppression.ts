// Suppression rules: saved filters with action ARCHIVE. A new or repeated finding that matches one
// is stored archived (and stays archived on recurrence), is not sent to outputs, and says which
// rule suppressed it (additionalInfo.suppressedBy). Expired rules no longer apply.

import type { Occurrence } from '../core/finding.js';
import type { FindingFilter } from '../store/store.js';
import { compileCriteria, type FindingCriteria, type FindingPredicate } from './criteria.js';

export interface Suppressions {
  /** Marks the occurrence suppressed when a rule matches; returns the rule's name or null. */
  apply(o: Occurrence, cluster: string, now: number): string | null;
  readonly count: number;
}

export const NO_SUPPRESSIONS: Suppressions = { apply: () => null, count: 0 };

export function compileSuppressions(filters: readonly FindingFilter[]): Suppressions {
  const rules: { name: string; cluster: string | null; expiresAt: number | null; test: FindingPredicate }[] = [];
  for (const f of filters) {
    if (f.action !== 'ARCHIVE') continue;
    try {
      rules.push({ name: f.name, cluster: f.cluster, expiresAt: f.expiresAt, test: compileCriteria(f.criteria as FindingCriteria) });
    } catch {
      // Stored filters were validated when saved; one that no longer compiles is skipped, not fatal.
    }
  }
  return {
    count: rules.length,
    apply(o, cluster, now) {
      for (const r of rules) {
        if (r.expiresAt !== null && r.expiresAt <= now) continue;
        if (r.cluster !== null && r.cluster !== cluster) continue;
        if (!r.test(o.finding)) continue;
        o.suppressed = true;
        o.finding.service.archived = true;
        const info = JSON.parse(o.finding.service.additionalInfo.value) as Record<string, unknown>;
        info.suppressedBy = r.name;
        o.finding.service.additionalInfo.value = JSON.stringify(info);
        return r.name;
      }
      return null;
    },
  };
}
