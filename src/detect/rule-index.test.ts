// The rule index for runtime rules narrowed by program: a rule with match.programs is offered only
// to events of those programs (by process name or executable file name), and once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRulesFromSources } from '../rules/load.js';
import { emptyRuntimeEvent } from '../normalize/runtime/builder.js';
import { DETECTORS } from './registry.js';
import { RuleIndex } from './rule-index.js';

const RULES = `rules:
  - id: by-program
    source: runtime
    type: Execution:Runtime/ByProgram
    severity: low
    title: t
    description: d
    match:
      events: [process_exec]
      programs: [crontab, lists.adders]
    condition: "true"
  - id: any-exec
    source: runtime
    type: Execution:Runtime/AnyExec
    severity: low
    title: t
    description: d
    match:
      events: [process_exec]
    condition: "true"
lists:
  adders: [useradd, adduser]
`;

function candidates(index: RuleIndex, eventType: 'process_exec' | 'dns_request', name: string, path: string): string[] {
  const e = emptyRuntimeEvent(eventType, 'tracee', 'c1');
  e.process.name = name;
  e.process.executablePath = path;
  const out: string[] = [];
  index.forEachCandidate(e, (r) => out.push(r.id));
  return out.sort();
}

test('a rule with programs meets only those programs, by name or executable file name, once', () => {
  const rs = loadRulesFromSources([{ file: 'r.yaml', src: RULES }], DETECTORS);
  assert.deepEqual(rs.diagnostics, []);
  const index = new RuleIndex(rs.rules);
  assert.deepEqual(candidates(index, 'process_exec', 'crontab', '/usr/bin/crontab'), ['any-exec', 'by-program']);
  assert.deepEqual(candidates(index, 'process_exec', 'useradd', '/usr/sbin/useradd'), ['any-exec', 'by-program'], 'names from a list');
  assert.deepEqual(candidates(index, 'process_exec', 'bash', '/usr/sbin/adduser'), ['any-exec', 'by-program'], 'by executable file name (a script run by its interpreter)');
  assert.deepEqual(candidates(index, 'process_exec', 'crontab', '/usr/sbin/useradd'), ['any-exec', 'by-program'], 'offered once when both name and file match');
  assert.deepEqual(candidates(index, 'process_exec', 'ls', '/bin/ls'), ['any-exec']);
  assert.deepEqual(candidates(index, 'dns_request', 'crontab', '/usr/bin/crontab'), []);
  const rule = rs.rules.find((r) => r.id === 'by-program')!;
  const e = emptyRuntimeEvent('process_exec', 'tracee', 'c1');
  e.process.name = 'ls';
  assert.equal((rule.matcher.matches as (x: typeof e) => boolean)(e), false, 'the match block says the same as the index');
});

test('programs: an unknown list, and programs without events, are load errors', () => {
  const bad = RULES.replace('lists.adders]', 'lists.nope]').replace('      events: [process_exec]\n      programs', '      programs');
  const rs = loadRulesFromSources([{ file: 'r.yaml', src: bad }], DETECTORS);
  const messages = rs.diagnostics.map((d) => d.message);
  assert.ok(messages.some((m) => m.includes('match.programs: unknown list lists.nope')), messages.join('; '));
  assert.ok(messages.some((m) => m.includes('match.programs needs match.events')), messages.join('; '));
});
