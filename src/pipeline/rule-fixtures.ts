// Rule fixtures, beside the rule file in fixtures/<rule id>/:
//   positive.jsonl           each event alone (fresh state) must make the rule fire
//   negative.jsonl           no event alone may make it fire
//   sequence-positive.jsonl  judged in order with shared state: the rule must fire on the last event
//   sequence-negative.jsonl  judged in order with shared state: the rule must never fire
// Fixtures are judged with the built-in threat-intelligence lists plus the lists in
// fixtures/_intel/, one file per list, named
// <kind>--<list name>.<ext> (kind: threat, trusted, tor, malicious).
// A rule needs a positive (single or sequence) and a negative (single or sequence) file. Events
// go through the same Judge the pipeline uses.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fakeClock } from '../core/clock.js';
import { detectFormat } from '../enrich/threat-intel/formats.js';
import { builtinListInputs } from '../enrich/threat-intel/builtin.js';
import { IntelIndex, type IntelListInput } from '../enrich/threat-intel/intel-index.js';
import type { IntelKind } from '../store/store.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import type { Ruleset } from '../rules/load.js';
import { Judge, runtimeFormatOf } from './judge.js';

export interface FixtureCase {
  file: string;
  line: number;
  expected: boolean;
  fired: boolean;
  /** Rejection reason when the fixture line is not a valid audit event. */
  error?: string;
}

export interface RuleFixtureResult {
  ruleId: string;
  dir: string;
  missing: string[];
  cases: FixtureCase[];
  /** Every case as expected and both a positive and a negative file present and non-empty. */
  ok: boolean;
}

/** The rule's fixture folder, beside the file that defines it (locations are relative to the cwd at load). */
export function fixtureDir(rule: CompiledRule): string {
  return join(dirname(resolve(rule.location.file)), 'fixtures', rule.id);
}

function readLines(file: string): { line: number; value: unknown; error?: string }[] {
  const out: { line: number; value: unknown; error?: string }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        out.push({ line: i + 1, value: JSON.parse(text) as unknown });
      } catch (e) {
        out.push({ line: i + 1, value: null, error: `not valid JSON: ${(e as Error).message}` });
      }
    });
  return out;
}

type Ruleish = Pick<Ruleset, 'rules' | 'tactics'>;

const KINDS = new Set(['threat', 'trusted', 'tor', 'malicious']);
const intelCache = new Map<string, IntelIndex>();

/** The lists in fixtures/_intel/ beside the rule file (cached per folder). */
export function fixtureIntel(rule: CompiledRule): IntelIndex {
  const dir = join(dirname(resolve(rule.location.file)), 'fixtures', '_intel');
  const cached = intelCache.get(dir);
  if (cached) return cached;
  // The built-in lists are part of the product's behaviour; fixture lists come on top.
  const inputs: IntelListInput[] = builtinListInputs();
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      const m = /^([a-z]+)--(.+)\.[a-z]+$/.exec(f);
      if (!m || !KINDS.has(m[1] as string)) continue;
      const content = readFileSync(join(dir, f), 'utf8');
      inputs.push({ name: m[2] as string, kind: m[1] as IntelKind, format: detectFormat(f, content), content });
    }
  }
  const index = IntelIndex.build(inputs).index;
  intelCache.set(dir, index);
  return index;
}

/** Judges one event with the given judge; returns whether `rule` fired, or the rejection reason. */
function judgeOne(judge: Judge, rule: CompiledRule, value: unknown): { fired: boolean; error?: string } {
  if (rule.source === 'runtime') {
    const format = runtimeFormatOf(value);
    if (!format) return { fired: false, error: 'not an event of a known runtime sensor' };
    const r = judge.normalizeRuntime(value, 'fixture', format);
    if (!r.ok) return r.skip ? { fired: false } : { fired: false, error: r.reason };
    return { fired: judge.detectRuntime(r.event).some((x) => x.id === rule.id) };
  }
  const n = judge.normalize(value, 'fixture');
  if (!n.ok) return { fired: false, error: n.reason };
  if (n.event.stage === 'RequestReceived') return { fired: false };
  return { fired: judge.detect(n.event).some((r) => r.id === rule.id) };
}

function fileCases(ruleset: Ruleish, rule: CompiledRule, file: string, kind: 'single' | 'sequence', expected: boolean): FixtureCase[] {
  const lines = readLines(file);
  const cases: FixtureCase[] = [];
  const intel = fixtureIntel(rule);
  const shared = new Judge(ruleset, fakeClock(), intel);
  lines.forEach((l, i) => {
    const judge = kind === 'single' ? new Judge(ruleset, fakeClock(), intel) : shared;
    const r = l.error ? { fired: false, error: l.error } : judgeOne(judge, rule, l.value);
    const last = i === lines.length - 1;
    // In a positive sequence only the last event is required to fire; earlier ones may or may not.
    const want = kind === 'sequence' && expected && !last ? r.fired : expected;
    const c: FixtureCase = { file, line: l.line, expected: want, fired: r.fired };
    if (r.error) c.error = r.error;
    cases.push(c);
  });
  return cases;
}

export function runRuleFixtures(ruleset: Ruleish, rule: CompiledRule): RuleFixtureResult {
  const dir = fixtureDir(rule);
  const result: RuleFixtureResult = { ruleId: rule.id, dir, missing: [], cases: [], ok: true };
  const files = [
    ['positive.jsonl', 'single', true],
    ['sequence-positive.jsonl', 'sequence', true],
    ['negative.jsonl', 'single', false],
    ['sequence-negative.jsonl', 'sequence', false],
  ] as const;
  const present = { true: 0, false: 0 };
  for (const [name, kind, expected] of files) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const cases = fileCases(ruleset, rule, file, kind, expected);
    if (cases.length === 0) result.missing.push(`${name} (empty)`);
    else present[`${expected}`]++;
    result.cases.push(...cases);
  }
  if (present.true === 0) result.missing.push('positive.jsonl or sequence-positive.jsonl');
  if (present.false === 0) result.missing.push('negative.jsonl or sequence-negative.jsonl');
  result.ok = result.missing.length === 0 && result.cases.every((c) => !c.error && c.fired === c.expected);
  return result;
}
