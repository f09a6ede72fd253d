// Sets event.tactic from the tactic table (rules/audit/tactics.yaml).

import type { TacticTable } from '../../rules/tactics.js';
import type { Enricher } from '../enricher.js';

export function tacticEnricher(table: TacticTable | null): Enricher {
  return {
    name: 'tactic',
    enrich(e) {
      e.tactic = table ? table.classify(e) : '';
    },
  };
}
