// Rule fixtures: every rule ships <rule file dir>/fixtures/<rule id>/positive.jsonl (each event
// alone must make the rule fire) and negative.jsonl (no event may). Each event is judged with fresh
// detector state, through the same Judge the pipeline uses.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fakeClock } from '../core/clock.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import type { Ruleset } from '../rules/load.js';
import { Judge } from './judge.js';

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
  /** Every case as expected and both files present and non-empty. */
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

export function runRuleFixtures(ruleset: Pick<Ruleset, 'rules' | 'tactics'>, rule: CompiledRule): RuleFixtureResult {
  const dir = fixtureDir(rule);
  const result: RuleFixtureResult = { ruleId: rule.id, dir, missing: [], cases: [], ok: true };
  for (const [name, expected] of [
    ['positive.jsonl', true],
    ['negative.jsonl', false],
  ] as const) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      result.missing.push(name);
      continue;
    }
    const lines = readLines(file);
    if (lines.length === 0) result.missing.push(`${name} (empty)`);
    for (const l of lines) {
      const c: FixtureCase = { file, line: l.line, expected, fired: false };
      if (l.error) c.error = l.error;
      else {
        const judge = new Judge(ruleset, fakeClock());
        const n = judge.normalize(l.value, 'fixture');
        if (!n.ok) c.error = n.reason;
        else if (n.event.stage !== 'RequestReceived') c.fired = judge.detect(n.event).some((r) => r.id === rule.id);
      }
      result.cases.push(c);
    }
  }
  result.ok = result.missing.length === 0 && result.cases.every((c) => !c.error && c.fired === c.expected);
  return result;
}
