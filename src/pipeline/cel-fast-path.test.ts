// The compiled CEL fast path (rules/cel-compile.ts) must give exactly the interpreter's answer:
// for every built-in rule, on every event the rule fixtures produce (normalized and enriched as the
// pipeline does) and on random corruptions of them, the compiled condition and cel-js's
// interpreted one return the same value or both fail.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { loadRuleset } from '../app/open.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import { BAIL, compileCel } from '../rules/cel-compile.js';
import { runRuleFixtures } from './rule-fixtures.js';
import { AUDIT_FIELDS } from '../normalize/k8s-audit/fields.js';
import { RUNTIME_FIELDS } from '../normalize/runtime/fields.js';

type Outcome = { ok: true; value: unknown } | { ok: false };

function outcome(f: (e: object) => unknown, e: object): Outcome {
  try {
    return { ok: true, value: f(e) };
  } catch {
    return { ok: false };
  }
}

const ruleset = loadRuleset([]);
/** Events that reached a condition during the fixture runs, by rule source. */
const seen = { 'k8s-audit': new Set<object>(), runtime: new Set<object>() };

const originals = new Map<CompiledRule, CompiledRule['condition']>();
for (const rule of ruleset.rules) {
  const compiled = rule.condition;
  originals.set(rule, compiled);
  rule.condition = Object.assign((e: object) => {
    seen[rule.source].add(e);
    return compiled(e);
  }, { interpreted: compiled.interpreted });
}
for (const rule of ruleset.rules) runRuleFixtures(ruleset, rule);
for (const [rule, compiled] of originals) rule.condition = compiled;

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x === undefined ? '(undefined)' : x)) ?? String(v);
}

/** Compares one rule on one event; returns whether the compiled path answered without the interpreter. */
function compare(rule: CompiledRule, e: object): boolean {
  const interpreted = rule.condition.interpreted;
  assert.ok(interpreted, `${rule.id} is not compiled`);
  const fast = outcome(rule.condition, e);
  const slow = outcome(interpreted, e);
  if (!isDeepStrictEqual(fast, slow)) assert.fail(`${rule.id}: compiled ${show(fast)}, interpreted ${show(slow)} on ${show(e).slice(0, 600)}`);
  return true;
}

test('every built-in rule condition is compiled', () => {
  const interpretedOnly = ruleset.rules.filter((r) => !r.condition.interpreted).map((r) => r.id);
  assert.deepEqual(interpretedOnly, []);
});

test('compiled and interpreted conditions agree on every fixture event, mostly without the interpreter', () => {
  const lists = ruleset.lists;
  let evaluations = 0;
  let answeredFast = 0;
  for (const rule of ruleset.rules) {
    // The raw fast path, to count how often it answers by itself.
    const fast = compileCel((rule.condition.interpreted as unknown as { ast: unknown }).ast, lists);
    assert.ok(fast, rule.id);
    for (const e of seen[rule.source]) {
      compare(rule, e);
      evaluations++;
      if (fast(e) !== BAIL) answeredFast++;
    }
  }
  assert.ok(seen['k8s-audit'].size > 200 && seen.runtime.size > 100, `fixture events: ${seen['k8s-audit'].size} audit, ${seen.runtime.size} runtime`);
  assert.ok(answeredFast / evaluations > 0.99, `fast path answered ${answeredFast} of ${evaluations}`);
});

/** A value of another kind for a field: the type confusions hostile input could produce. */
const strange = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('KUBE-SYSTEM', 'İstanbul', '/bin/sh', '-c', 'system:anonymous', '', '(', '[a-'),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string(), { maxKeys: 3 }),
  fc.constant(new Date(0)),
);

/** Every path to a value in a plain JSON-like tree. */
function paths(o: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (o === null || typeof o !== 'object') return out;
  for (const [k, v] of Object.entries(o)) {
    const p = [...prefix, Array.isArray(o) ? Number(k) : k];
    out.push(p);
    if (out.length < 400) paths(v, p, out);
  }
  return out;
}

/**
 * The event as a plain object with every catalog field, including those the event class computes
 * in getters (views, the parsed query), so that corrupting a clone reaches them too.
 */
function plain(e: object, source: 'k8s-audit' | 'runtime'): object {
  const out: Record<string, unknown> = { ...e };
  for (const name of Object.keys(source === 'runtime' ? RUNTIME_FIELDS : AUDIT_FIELDS)) out[name] = (e as Record<string, unknown>)[name];
  return out;
}

function mutated(e: object, path: (string | number)[], value: unknown): object {
  const copy = structuredClone(e) as Record<string | number, unknown>;
  let o: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return copy;
}

for (const source of ['k8s-audit', 'runtime'] as const) {
  test(`compiled and interpreted conditions agree on corrupted ${source} events (fast-check, fixed seed)`, () => {
    const events = [...seen[source]].map((e) => plain(e, source));
    const rules = ruleset.rules.filter((r) => r.source === source);
    const runs = Number(process.env.VIGIL_FUZZ_RUNS ?? 150);
    fc.assert(
      fc.property(fc.nat({ max: events.length - 1 }), fc.nat(), fc.array(strange, { minLength: 1, maxLength: 3 }), (i, j, values) => {
        let e = events[i]!;
        for (const v of values) {
          const ps = paths(e);
          if (ps.length === 0) break;
          e = mutated(e, ps[j % ps.length]!, v);
        }
        for (const rule of rules) compare(rule, e);
      }),
      { seed: 20261127, numRuns: runs },
    );
  });
}
