// The API -> tactic table (rules/audit/tactics.yaml): which MITRE tactic a request serves, keyed on
// (verb, resource/subresource, non-resource URL). Used by the anonymous-access rules and, later, by
// the threat-list caller rules. First matching class wins; `exclude` (health endpoints) never gets one.

import type { Diagnostic, Location } from './diagnostics.js';
import { compileMatcher, validatePattern, type RequestFacts, type RequestMatcher, type RequestPattern } from './request-matcher.js';

export const TACTICS = ['CredentialAccess', 'DefenseEvasion', 'Discovery', 'Impact', 'Persistence'] as const;
export type Tactic = (typeof TACTICS)[number];

export interface TacticTable {
  classify(e: RequestFacts): Tactic | '';
  classes: { tactic: Tactic; patterns: RequestPattern[] }[];
  exclude: RequestPattern[];
}

const PATTERN_KEYS = new Set(['verbs', 'resources', 'nonResourceURLs', 'users']);

export function compileTacticTable(section: unknown, at: Location, diagnostics: Diagnostic[]): TacticTable | null {
  const bad = (message: string) => {
    diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: `tactics: ${message}`, location: at });
    return null;
  };
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return bad('must be a mapping with exclude and classes');
  const s = section as Record<string, unknown>;
  const patterns = (v: unknown, where: string): RequestPattern[] | null => {
    if (!Array.isArray(v)) return bad(`${where} must be a list of patterns`);
    const out: RequestPattern[] = [];
    for (const p of v) {
      if (typeof p !== 'object' || p === null) return bad(`${where}: each pattern must be a mapping`);
      for (const [k, x] of Object.entries(p as Record<string, unknown>)) {
        if (!PATTERN_KEYS.has(k)) return bad(`${where}: unknown key ${k}`);
        if (!Array.isArray(x) || !x.every((y) => typeof y === 'string')) return bad(`${where}.${k} must be a list of strings`);
      }
      const problems = validatePattern(p as RequestPattern);
      if (problems.length > 0) return bad(`${where}: ${problems.join('; ')}`);
      out.push(p as RequestPattern);
    }
    return out;
  };
  const exclude = patterns(s.exclude ?? [], 'exclude');
  if (!exclude) return null;
  if (!Array.isArray(s.classes)) return bad('classes must be a list');
  const classes: TacticTable['classes'] = [];
  for (const c of s.classes as Record<string, unknown>[]) {
    const tactic = c?.tactic as Tactic;
    if (!TACTICS.includes(tactic)) return bad(`unknown tactic ${JSON.stringify(c?.tactic)}; expected one of ${TACTICS.join(', ')}`);
    const ps = patterns(c.match, `${tactic}.match`);
    if (!ps) return null;
    classes.push({ tactic, patterns: ps });
  }
  // In table order: the excludes (answer ''), then each class's patterns (answer its tactic).
  const ordered: { answer: Tactic | ''; m: RequestMatcher }[] = [
    ...exclude.map((p) => ({ answer: '' as const, m: compileMatcher(p) })),
    ...classes.flatMap((c) => c.patterns.map((p) => ({ answer: c.tactic, m: compileMatcher(p) }))),
  ];
  // The same list filtered per verb (patterns without verbs, or with "*", apply to every verb), so
  // an event is tried only against patterns that can match its verb; order, and so the first
  // match, stays the table's.
  const anyVerb = (p: RequestPattern) => !p.verbs || p.verbs.length === 0 || p.verbs.includes('*');
  const forOtherVerbs = ordered.filter((o) => anyVerb(o.m.pattern));
  const byVerb = new Map<string, typeof ordered>();
  for (const o of ordered) for (const v of o.m.pattern.verbs ?? []) if (v !== '*') byVerb.set(v, []);
  for (const [verb, list] of byVerb) for (const o of ordered) if (anyVerb(o.m.pattern) || o.m.pattern.verbs!.includes(verb)) list.push(o);
  return {
    classes,
    exclude,
    classify(e) {
      for (const o of byVerb.get(e.verb) ?? forOtherVerbs) if (o.m.matches(e)) return o.answer;
      return '';
    },
  };
}
