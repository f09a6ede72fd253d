// The finding-type catalog of a rule set: one entry per type, described in plain words by the
// rule's title (its {{ }} parts, which need an event, shown as "…") and its notes.

import type { Ruleset } from '../rules/load.js';

export interface FindingTypeInfo {
  type: string;
  severity: number;
  catalog: string;
  source: 'k8s-audit' | 'runtime';
  description: string;
  notes: string;
  rules: string[];
}

function plain(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, '…').replace(/\s+/g, ' ').trim();
}

export function findingTypeCatalog(rs: Pick<Ruleset, 'rules'>): FindingTypeInfo[] {
  const byType = new Map<string, FindingTypeInfo>();
  const sorted = [...rs.rules].sort((a, b) => a.id.localeCompare(b.id));
  for (const r of sorted) {
    const seen = byType.get(r.type);
    if (seen) {
      seen.rules.push(r.id);
      if (!seen.notes && r.notes) seen.notes = plain(r.notes);
      continue;
    }
    byType.set(r.type, {
      type: r.type,
      severity: r.severity,
      catalog: r.catalog,
      source: r.source,
      description: plain(r.titleText ?? ''),
      notes: plain(r.notes),
      rules: [r.id],
    });
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}
