// Compiling one CEL expression of a rule (condition, template part, aggregation key, detector key):
// type-check against the field catalog, report problems at their exact source position, and return
// an evaluator that never throws (evaluation errors are counted by the caller).

import { BAIL, compileCel } from './cel-compile.js';
import type { CelEnvironments } from './cel-env.js';
import type { Diagnostic, Location } from './diagnostics.js';

/**
 * Evaluates an expression against an event. `interpreted` is the cel-js interpreter's evaluation
 * of the same expression when the evaluator runs the compiled fast path (rules/cel-compile.ts).
 */
export type Evaluator = ((activation: object) => unknown) & { interpreted?: (activation: object) => unknown };

interface CelErrorLike {
  summary?: string;
  message: string;
  range?: { start: number; end: number };
}

export function compileExpression(
  envs: CelEnvironments,
  text: string,
  where: { at: (offset: number) => Location; ruleId?: string; what: string; expect?: 'bool' | 'string-or-list' },
  diagnostics: Diagnostic[],
): Evaluator | null {
  const report = (code: Diagnostic['code'], err: CelErrorLike) => {
    const d: Diagnostic = {
      code,
      severity: 'error',
      message: `${where.what}: ${err.summary ?? err.message.split('\n')[0]}`,
      location: where.at(err.range?.start ?? 0),
    };
    if (where.ruleId) d.ruleId = where.ruleId;
    diagnostics.push(d);
  };
  let checked;
  try {
    checked = envs.check.check(text);
  } catch (e) {
    report('RULE_CEL_SYNTAX', e as CelErrorLike);
    return null;
  }
  if (!checked.valid) {
    const err = checked.error as unknown as CelErrorLike;
    report(err.message.startsWith('Unexpected') ? 'RULE_CEL_SYNTAX' : 'RULE_CEL_TYPE', err);
    return null;
  }
  const type = String(checked.type);
  if (where.expect === 'bool' && type !== 'bool' && type !== 'dyn') {
    report('RULE_NOT_BOOL', { message: `must be a bool expression, but it is ${type}` });
    return null;
  }
  if (where.expect === 'string-or-list' && !(type === 'string' || type === 'dyn' || type.startsWith('list<'))) {
    report('RULE_BAD_VALUE', { message: `must be a string or a list of strings, but it is ${type}` });
    return null;
  }
  let fn: (ctx: object) => unknown;
  try {
    fn = envs.evaluate.parse(text);
  } catch (e) {
    report('RULE_CEL_SYNTAX', e as CelErrorLike);
    return null;
  }
  const fast = compileCel((fn as unknown as { ast: unknown }).ast, envs.lists);
  if (!fast) return fn;
  const interpreted = fn;
  const evaluator: Evaluator = (ctx) => {
    const r = fast(ctx);
    return r === BAIL ? interpreted(ctx) : r;
  };
  evaluator.interpreted = interpreted;
  return evaluator;
}

/** Renders a CEL value as text for titles, descriptions and aggregation keys. */
export function celToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(celToString).join(', ');
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? '';
  } catch {
    return '';
  }
}

/** Values of a key expression as a list of strings. */
export function celToKeys(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(celToString).filter((s) => s !== '');
  const s = celToString(v);
  return s === '' ? [] : [s];
}
