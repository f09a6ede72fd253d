// The detection section of a Sigma rule: search identifiers (a map of `field|modifiers: values`, or
// a list of such maps) and the condition text. Structure errors are reported here; the meaning of
// fields, modifiers and the condition is checked in compile.ts.

import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Location } from '../diagnostics.js';
import { pairsOf, scalarLocator, scalarValue, type Reader } from './source.js';

export type SigmaScalar = string | number | boolean | null;

export interface SigmaValue {
  value: SigmaScalar;
  at: Location;
}

/** `field|mod1|mod2: value` or `field: [values]`. */
export interface SigmaFieldItem {
  field: string;
  modifiers: string[];
  values: SigmaValue[];
  /** The value was written as a list (an `all` modifier needs one). */
  isList: boolean;
  at: Location;
}

export type SigmaSearch =
  | { kind: 'maps'; name: string; at: Location; maps: SigmaFieldItem[][] }
  | { kind: 'keywords'; name: string; at: Location };

export interface SigmaCondition {
  text: string;
  /** Location of a character offset inside the condition text. */
  at: (offset: number) => Location;
}

function readFieldItem(r: Reader, key: string, keyNode: Node | null, value: Node | null, at: Location): SigmaFieldItem | null {
  const [field = '', ...modifiers] = key.split('|');
  const keyAt = r.loc(keyNode, at);
  if (field === '') {
    r.error('RULE_SIGMA', `${JSON.stringify(key)}: a field name is required (keyword searches are not supported)`, keyAt);
    return null;
  }
  const one = (n: Node | null): SigmaValue | null => {
    const v = scalarValue(n);
    if (v.ok) return { value: v.value, at: r.loc(n, keyAt) };
    r.error('RULE_SIGMA', `${field}: a value must be a string, number, boolean or null (nested maps are not allowed; use dotted field names)`, r.loc(n, keyAt));
    return null;
  };
  if (isSeq(value)) {
    if (value.items.length === 0) {
      r.error('RULE_SIGMA', `${field}: the list of values is empty`, keyAt);
      return null;
    }
    const values: SigmaValue[] = [];
    for (const item of value.items) {
      const v = one(item as Node | null);
      if (!v) return null;
      if (v.value === null) {
        r.error('RULE_SIGMA', `${field}: null cannot be part of a list of values; put it in its own selection`, v.at);
        return null;
      }
      values.push(v);
    }
    return { field, modifiers, values, isList: true, at: keyAt };
  }
  const v = one(value);
  return v ? { field, modifiers, values: [v], isList: false, at: keyAt } : null;
}

function readFieldMap(r: Reader, map: YAMLMap, at: Location): SigmaFieldItem[] | null {
  const items: SigmaFieldItem[] = [];
  let ok = true;
  for (const p of pairsOf(map)) {
    const item = readFieldItem(r, p.key, p.keyNode, p.value, at);
    if (item) items.push(item);
    else ok = false;
  }
  if (items.length === 0 && ok) {
    r.error('RULE_SIGMA', 'a selection map must have at least one field', at);
    return null;
  }
  return ok ? items : null;
}

function readSearch(r: Reader, name: string, node: Node | null, at: Location): SigmaSearch | null {
  if (isMap(node)) {
    const items = readFieldMap(r, node, at);
    return items ? { kind: 'maps', name, at, maps: [items] } : null;
  }
  if (isSeq(node) && node.items.length > 0) {
    if (node.items.every((i) => isMap(i))) {
      const maps: SigmaFieldItem[][] = [];
      for (const m of node.items) {
        const items = isMap(m) ? readFieldMap(r, m, r.loc(m, at)) : null;
        if (items) maps.push(items);
      }
      return maps.length === node.items.length ? { kind: 'maps', name, at, maps } : null;
    }
    if (node.items.every((i) => isScalar(i))) return { kind: 'keywords', name, at };
  }
  r.error('RULE_SIGMA', `search identifier ${name} must be a map of field: value, or a list of such maps`, at);
  return null;
}

export function readDetection(r: Reader, node: Node | null, at: Location): { searches: Map<string, SigmaSearch>; conditions: SigmaCondition[] } {
  const searches = new Map<string, SigmaSearch>();
  const conditions: SigmaCondition[] = [];
  if (!isMap(node)) {
    r.error('RULE_SIGMA', 'detection must be a map of search identifiers and a condition', at);
    return { searches, conditions };
  }
  let sawCondition = false;
  for (const p of pairsOf(node)) {
    const keyAt = r.loc(p.keyNode, at);
    if (p.key === 'condition') {
      sawCondition = true;
      const texts = isSeq(p.value) ? (p.value.items as Node[]) : [p.value];
      for (const t of texts) {
        if (isScalar(t) && typeof t.value === 'string' && t.value.trim() !== '') conditions.push({ text: t.value, at: scalarLocator(r.src, r.lc, r.file, t) });
        else r.error('RULE_SIGMA', 'condition must be a non-empty string or a list of strings', r.loc(t, keyAt));
      }
      if (texts.length === 0) r.error('RULE_SIGMA', 'condition must not be an empty list', keyAt);
    } else if (p.key === 'timeframe') {
      r.error('RULE_SIGMA', 'timeframe (aggregations over time) is not supported; use a Vigil rule with the threshold detector', keyAt);
    } else if (!/^[^\s()|]+$/.test(p.key)) {
      r.error('RULE_SIGMA', `search identifier ${JSON.stringify(p.key)} must not contain spaces, parentheses or "|"`, keyAt);
    } else {
      const s = readSearch(r, p.key, p.value, keyAt);
      if (s) searches.set(p.key, s);
    }
  }
  if (!sawCondition) r.error('RULE_MISSING_KEY', 'detection has no condition', at);
  return { searches, conditions };
}
