// Sigma rules in a rules directory: a YAML file whose top level has `detection` and `logsource`
// is one Sigma rule. Rules for other log sources than Kubernetes audit are skipped with a warning;
// rule collections (several documents, action: global), correlation rules and filters are rejected.

import { LineCounter, isMap, isScalar, parseAllDocuments, type Document } from 'yaml';
import type { CompiledRule } from '../compiled-rule.js';
import type { Diagnostic } from '../diagnostics.js';
import { compileSigmaRule } from './compile.js';
import { readSigmaDocument } from './parse.js';
import { makeLocation } from './source.js';

const SIGMA_KEY = /^(detection|logsource|correlation|action)[ \t]*:/m;

function topKeys(doc: Document.Parsed): Set<string> {
  const root = doc.contents;
  const keys = new Set<string>();
  if (isMap(root)) for (const p of root.items) if (isScalar(p.key)) keys.add(String(p.key.value));
  return keys;
}

function isSigmaKeys(k: Set<string>): boolean {
  return (k.has('detection') && k.has('logsource')) || (k.has('correlation') && k.has('title')) || (k.has('filter') && k.has('logsource')) || k.has('action');
}

function parse(src: string): { docs: Document.Parsed[]; lc: LineCounter } {
  const lc = new LineCounter();
  const docs = parseAllDocuments(src, { lineCounter: lc, prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
  return { docs: docs.filter((d) => d.contents !== null || d.errors.length > 0), lc };
}

/** True when the YAML source is a Sigma document rather than a Vigil rule file. */
export function isSigmaDocument(src: string): boolean {
  if (!SIGMA_KEY.test(src)) return false;
  return parse(src).docs.some((d) => isSigmaKeys(topKeys(d)));
}

function logsourceOf(doc: Document.Parsed): { category: string; product: string; service: string } {
  const ls = (doc.toJSON() as { logsource?: unknown } | null)?.logsource;
  const o = typeof ls === 'object' && ls !== null ? (ls as Record<string, unknown>) : {};
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return { category: s(o.category), product: s(o.product), service: s(o.service) };
}

/** Loads the Sigma rule in one file; problems go to diagnostics (a rule with errors is left out). */
export function loadSigmaFile(file: string, src: string, diagnostics: Diagnostic[]): CompiledRule[] {
  const { docs, lc } = parse(src);
  const at = (offset: number) => makeLocation(lc, file, offset);
  let syntax = false;
  for (const d of docs)
    for (const e of d.errors) {
      syntax = true;
      diagnostics.push({ code: 'RULE_YAML_SYNTAX', severity: 'error', message: e.message.split('\n')[0] ?? e.message, location: at(e.pos[0]) });
    }
  if (syntax) return [];
  const first = docs[0];
  if (!first) return [];
  const keys = topKeys(first);
  const where = at(first.contents?.range?.[0] ?? 0);
  const reject = (message: string) => {
    diagnostics.push({ code: 'RULE_SIGMA', severity: 'error', message, location: where });
    return [];
  };
  if (docs.length > 1 || keys.has('action'))
    return reject('Sigma rule collections (several YAML documents, action: global) are not supported; write one rule per file');
  if (keys.has('correlation')) return reject('Sigma correlation rules are not supported; a Vigil rule with the threshold detector counts events');
  if (!keys.has('detection') && keys.has('filter')) return reject('Sigma filters are not supported; add the exclusion to the rule itself');
  const ls = logsourceOf(first);
  if (ls.product !== 'kubernetes' || ls.service !== 'audit' || (ls.category !== '' && ls.category !== 'application')) {
    const what = Object.entries(ls).filter(([, v]) => v !== '').map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    diagnostics.push({ code: 'RULE_SIGMA_SKIPPED', severity: 'warning', message: `skipped: the Sigma rule's logsource (${what}) is not product kubernetes, service audit`, location: where });
    return [];
  }
  const rule = readSigmaDocument(first, src, lc, file, diagnostics);
  if (!rule) return [];
  const compiled = compileSigmaRule(rule, diagnostics);
  return compiled ? [compiled] : [];
}
