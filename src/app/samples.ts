// Sample findings (GuardDuty's CreateSampleFindings): one realistic finding per requested type,
// built by judging the first positive fixture of a rule of that type through the real pipeline
// code, then marked as a sample: title prefixed "[SAMPLE] ", additionalInfo {"sample": true}.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeClock } from '../core/clock.js';
import type { Occurrence } from '../core/finding.js';
import type { FindingContext } from '../findings/build-finding.js';
import { Judge, runtimeFormatOf } from '../pipeline/judge.js';
import { fixtureDir, fixtureIntel } from '../pipeline/rule-fixtures.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import type { Ruleset } from '../rules/load.js';
import type { Cluster } from '../store/store.js';

function fixtureEvents(rule: CompiledRule): unknown[] {
  const dir = fixtureDir(rule);
  for (const name of ['positive.jsonl', 'sequence-positive.jsonl']) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const events = lines.map((l) => JSON.parse(l) as unknown);
    return name === 'positive.jsonl' ? events.slice(0, 1) : events;
  }
  return [];
}

/** One sample occurrence of the rule's type, or null when its fixtures cannot produce one. */
function sampleFor(ruleset: Ruleset, rule: CompiledRule, cluster: Cluster, ctx: FindingContext): Occurrence | null {
  const judge = new Judge(ruleset, fakeClock(), fixtureIntel(rule));
  let last: Occurrence | null = null;
  for (const raw of fixtureEvents(rule)) {
    const format = rule.source === 'runtime' ? runtimeFormatOf(raw) : 'k8s-audit';
    if (!format) continue;
    const j = judge.judge(raw, cluster.name, format);
    if (j.status !== 'judged') continue;
    const fired = j.detect().find((r) => r.id === rule.id);
    if (fired) last = j.build(fired, cluster, ctx);
  }
  if (!last) return null;
  const f = last.finding;
  f.title = `[SAMPLE] ${f.title}`;
  const info = JSON.parse(f.service.additionalInfo.value) as Record<string, unknown>;
  f.service.additionalInfo.value = JSON.stringify({ sample: true, ...info });
  // Samples never aggregate into real findings.
  return { ...last, fingerprint: `sample-${last.fingerprint}-${f.id}` };
}

/** Sample occurrences for the given types (all types with fixtures when empty); unknown types listed. */
export function sampleOccurrences(ruleset: Ruleset, cluster: Cluster, types: string[], ctx: FindingContext): { occurrences: Occurrence[]; unknown: string[] } {
  const byType = new Map<string, CompiledRule>();
  for (const r of ruleset.rules) if (!byType.has(r.type)) byType.set(r.type, r);
  const wanted = types.length ? types : [...byType.keys()];
  const occurrences: Occurrence[] = [];
  const unknown: string[] = [];
  for (const t of wanted) {
    const rule = byType.get(t);
    const o = rule ? sampleFor(ruleset, rule, cluster, ctx) : null;
    if (o) occurrences.push(o);
    else unknown.push(t);
  }
  return { occurrences, unknown };
}
