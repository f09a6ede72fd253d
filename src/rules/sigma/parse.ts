// Reading one Sigma rule document: YAML -> a typed SigmaRule that remembers where everything came
// from. Metadata is checked here, the detection's structure in detection.ts, its meaning (fields,
// modifiers, condition) in compile.ts. Unknown top-level keys are allowed: the Sigma specification
// permits custom fields.

import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import type { Diagnostic, Location } from '../diagnostics.js';
import { readDetection, type SigmaCondition, type SigmaSearch } from './detection.js';
import { Reader, pairsOf } from './source.js';

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface SigmaRule {
  file: string;
  at: Location;
  title: string;
  id: string | null;
  status: string;
  description: string;
  level: SigmaLevel | null;
  tags: string[];
  author: string;
  references: string[];
  falsepositives: string[];
  logsource: { category: string; product: string; service: string; at: Location };
  searches: Map<string, SigmaSearch>;
  conditions: SigmaCondition[];
}

const STATUSES = new Set(['stable', 'test', 'experimental', 'deprecated', 'unsupported']);
const LEVELS = new Set<string>(['informational', 'low', 'medium', 'high', 'critical']);

function readString(r: Reader, node: Node | null, key: string, at: Location): string | null {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  r.error('RULE_BAD_VALUE', `${key} must be a string`, r.loc(node, at));
  return null;
}

/** A string or a list of strings (falsepositives, author) -> list. */
function readStrings(r: Reader, node: Node | null, key: string, at: Location, allowScalar: boolean): string[] {
  if (allowScalar && isScalar(node) && typeof node.value === 'string') return [node.value];
  if (isSeq(node) && node.items.every((i) => isScalar(i) && typeof i.value === 'string')) return node.items.map((i) => String((i as Scalar).value));
  r.error('RULE_BAD_VALUE', `${key} must be a list of strings`, r.loc(node, at));
  return [];
}

/** Reads one parsed Sigma document; returns null (with diagnostics) when it has errors. */
export function readSigmaDocument(doc: Document.Parsed, src: string, lc: LineCounter, file: string, diagnostics: Diagnostic[]): SigmaRule | null {
  const r = new Reader(src, lc, file, diagnostics);
  const root = doc.contents;
  const docAt = r.loc(root, { file, line: 1, col: 1 });
  if (!isMap(root)) {
    r.error('RULE_SIGMA', 'a Sigma rule must be a YAML map', docAt);
    return null;
  }
  const top = new Map(pairsOf(root).map((p) => [p.key, p]));
  const valueAt = (k: string) => r.loc(top.get(k)?.value ?? top.get(k)?.keyNode, docAt);
  const rule: SigmaRule = {
    file,
    at: docAt,
    title: '',
    id: null,
    status: '',
    description: '',
    level: null,
    tags: [],
    author: '',
    references: [],
    falsepositives: [],
    logsource: { category: '', product: '', service: '', at: docAt },
    searches: new Map(),
    conditions: [],
  };
  for (const k of ['title', 'logsource', 'detection']) if (!top.has(k)) r.error('RULE_MISSING_KEY', `missing required key ${JSON.stringify(k)}`, docAt);
  const node = (k: string) => top.get(k)?.value ?? null;
  if (top.has('title')) {
    const t = readString(r, node('title'), 'title', valueAt('title'));
    if (t !== null && (t.trim() === '' || t.length > 256)) r.error('RULE_BAD_VALUE', 'title must be 1 to 256 characters', valueAt('title'));
    rule.title = t?.trim() ?? '';
  }
  if (top.has('id')) rule.id = readString(r, node('id'), 'id', valueAt('id'));
  if (top.has('status')) {
    const s = readString(r, node('status'), 'status', valueAt('status')) ?? '';
    if (s && !STATUSES.has(s)) r.error('RULE_BAD_VALUE', `status must be one of ${[...STATUSES].join(', ')}`, valueAt('status'));
    rule.status = s;
  }
  if (top.has('description')) rule.description = readString(r, node('description'), 'description', valueAt('description'))?.trim() ?? '';
  if (top.has('level')) {
    const l = readString(r, node('level'), 'level', valueAt('level')) ?? '';
    if (l && !LEVELS.has(l)) r.error('RULE_BAD_VALUE', `level must be one of ${[...LEVELS].join(', ')}`, valueAt('level'));
    else if (l) rule.level = l as SigmaLevel;
  }
  if (top.has('tags')) rule.tags = readStrings(r, node('tags'), 'tags', valueAt('tags'), false);
  if (top.has('author')) rule.author = readStrings(r, node('author'), 'author', valueAt('author'), true).join(', ');
  if (top.has('references')) rule.references = readStrings(r, node('references'), 'references', valueAt('references'), false);
  if (top.has('falsepositives')) rule.falsepositives = readStrings(r, node('falsepositives'), 'falsepositives', valueAt('falsepositives'), true);
  if (top.has('logsource')) {
    const ls = node('logsource');
    rule.logsource.at = valueAt('logsource');
    if (!isMap(ls)) r.error('RULE_BAD_VALUE', 'logsource must be a map (category, product, service)', rule.logsource.at);
    else {
      for (const p of pairsOf(ls)) {
        if (p.key !== 'category' && p.key !== 'product' && p.key !== 'service') continue;
        const v = readString(r, p.value, `logsource.${p.key}`, r.loc(p.keyNode, rule.logsource.at));
        if (v !== null) rule.logsource[p.key] = v;
      }
    }
  }
  if (top.has('detection')) Object.assign(rule, readDetection(r, node('detection'), valueAt('detection')));
  return r.failed ? null : rule;
}
