// Title and description templates: text with {{ CEL expression }} parts, compiled once.

import type { CelEnvironments } from './cel-env.js';
import type { Diagnostic, Location } from './diagnostics.js';
import { celToString, compileExpression, type Evaluator } from './expression.js';

export type Template = (activation: object) => string;

const PART = /\{\{([\s\S]*?)\}\}/g;

export function compileTemplate(
  envs: CelEnvironments,
  text: string,
  where: { at: (offset: number) => Location; ruleId: string; what: string },
  diagnostics: Diagnostic[],
): Template | null {
  const pieces: (string | Evaluator)[] = [];
  let last = 0;
  let ok = true;
  for (const m of text.matchAll(PART)) {
    const start = m.index;
    pieces.push(text.slice(last, start));
    const exprText = m[1] ?? '';
    const exprStart = start + 2;
    const ev = compileExpression(envs, exprText, { at: (o) => where.at(exprStart + o), ruleId: where.ruleId, what: where.what }, diagnostics);
    if (ev) pieces.push(ev);
    else ok = false;
    last = start + m[0].length;
  }
  pieces.push(text.slice(last));
  if (!ok) return null;
  return (activation) => {
    let out = '';
    for (const p of pieces) {
      if (typeof p === 'string') out += p;
      else {
        try {
          out += celToString(p(activation));
        } catch {
          out += '?';
        }
      }
    }
    return out;
  };
}
