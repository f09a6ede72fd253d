// Reads rule files: YAML -> plain items that remember where each key and value came from, so the
// compiler can point at the exact line and column of a problem.

import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Diagnostic, Location } from './diagnostics.js';
import { makeLocation, scalarLocator } from './yaml-positions.js';

/** A YAML mapping read as a plain object, with the location of each key's value. */
export interface SourceMap {
  file: string;
  value: Record<string, unknown>;
  at: Location;
  keyAt(key: string): Location;
  /** Location of a character offset inside the string value of `key` (for CEL error positions). */
  offsetAt(key: string, offset: number): Location;
}

export interface RuleFile {
  file: string;
  rules: SourceMap[];
  lists: SourceMap[];
  /** Other top-level sections, read as plain values (tactics.yaml uses `tactics`). */
  sections: Map<string, { value: unknown; at: Location }>;
}

const TOP_LEVEL = new Set(['rules', 'lists', 'tactics', 'severityModifiers', 'exceptions']);

function toSourceMap(src: string, lc: LineCounter, file: string, node: Node): SourceMap | null {
  if (!isMap(node)) return null;
  const value = node.toJSON() as Record<string, unknown>;
  const pairs = new Map<string, Pair>();
  for (const pair of node.items) if (isScalar(pair.key)) pairs.set(String(pair.key.value), pair);
  const at = makeLocation(lc, file, node.range?.[0] ?? 0);
  return {
    file,
    value,
    at,
    keyAt(key) {
      const p = pairs.get(key);
      const n = (p?.value ?? p?.key) as Node | undefined;
      return n?.range ? makeLocation(lc, file, n.range[0]) : at;
    },
    offsetAt(key, offset) {
      const p = pairs.get(key);
      if (p && isScalar(p.value)) return scalarLocator(src, lc, file, p.value)(offset);
      return this.keyAt(key);
    },
  };
}

export function readRuleFile(file: string, src: string, diagnostics: Diagnostic[]): RuleFile {
  const out: RuleFile = { file, rules: [], lists: [], sections: new Map() };
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  for (const err of doc.errors) {
    diagnostics.push({ code: 'RULE_YAML_SYNTAX', severity: 'error', message: err.message.split('\n')[0] ?? err.message, location: makeLocation(lc, file, err.pos[0]) });
  }
  if (doc.errors.length > 0) return out;
  const root = doc.contents;
  if (root === null) return out;
  if (!isMap(root)) {
    diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: 'a rule file must be a mapping with `rules:` and/or `lists:`', location: makeLocation(lc, file, root.range?.[0] ?? 0) });
    return out;
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyLoc = makeLocation(lc, file, (pair.key as Node | null)?.range?.[0] ?? 0);
    if (!TOP_LEVEL.has(key)) {
      diagnostics.push({ code: 'RULE_UNKNOWN_KEY', severity: 'error', message: `unknown top-level key ${JSON.stringify(key)} (expected rules, lists, tactics, severityModifiers or exceptions)`, location: keyLoc });
      continue;
    }
    const v = pair.value as Node | null;
    if (key === 'rules') {
      if (!isSeq(v)) {
        diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: '`rules` must be a list', location: keyLoc });
        continue;
      }
      for (const item of v.items) {
        const sm = toSourceMap(src, lc, file, item as Node);
        if (sm) out.rules.push(sm);
        else diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: 'each rule must be a mapping', location: makeLocation(lc, file, (item as Node).range?.[0] ?? 0) });
      }
    } else if (key === 'lists') {
      const sm = v ? toSourceMap(src, lc, file, v) : null;
      if (sm) out.lists.push(sm);
      else diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: '`lists` must be a mapping of name: [values]', location: keyLoc });
    } else {
      out.sections.set(key, { value: v ? (v.toJSON() as unknown) : null, at: keyLoc });
    }
  }
  return out;
}
