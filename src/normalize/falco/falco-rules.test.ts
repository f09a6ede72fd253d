// rules/runtime/falco.yaml through the real Judge: every mapped Falco rule name makes exactly its
// GuardDuty finding whatever its priority, every other name exactly the catch-all of its priority.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleset } from '../../app/open.js';
import { fakeClock } from '../../core/clock.js';
import { GUARDDUTY_RUNTIME_TYPES } from '../../core/guardduty-types.js';
import { Judge } from '../../pipeline/judge.js';
import { normalizeTraceeEvent } from '../tracee/tracee.js';
import { falcoAlert } from './falco-test-alerts.js';
import { FALCO_PRIORITIES, normalizeFalcoEvent } from './falco.js';

const ruleset = loadRuleset([]);
const lists = ruleset.lists;
const mappingLists = Object.keys(lists).filter((n) => n.startsWith('falco_') && n.endsWith('_rules') && n !== 'falco_mapped_rules');

function firedFalcoRules(raw: unknown): string[] {
  const r = normalizeFalcoEvent(raw, 'c1');
  assert.ok(r.ok, JSON.stringify(r));
  return new Judge(ruleset, fakeClock()).detectRuntime(r.event).map((x) => x.id).filter((id) => id.startsWith('falco-'));
}

test('falco_mapped_rules is exactly the union of the mapping lists, each name once', () => {
  const union = mappingLists.flatMap((n) => lists[n] ?? []);
  assert.equal(new Set(union).size, union.length, 'a Falco rule name is in two mapping lists');
  assert.deepEqual([...(lists.falco_mapped_rules ?? [])].sort(), [...union].sort());
});

test('each mapping list feeds one GuardDuty rule, at every Falco priority', () => {
  const ruleOfList = new Map<string, string>();
  for (const list of mappingLists) {
    for (const name of lists[list] ?? []) {
      for (const priority of FALCO_PRIORITIES) {
        const fired = firedFalcoRules(falcoAlert(name, priority[0]!.toUpperCase() + priority.slice(1)));
        assert.equal(fired.length, 1, `${name} (${priority}) fired ${fired.join(', ')}`);
        const id = fired[0] ?? '';
        assert.equal(ruleOfList.get(list) ?? id, id, `${list}: ${name} fired ${id}`);
        ruleOfList.set(list, id);
      }
    }
  }
  assert.equal(new Set(ruleOfList.values()).size, mappingLists.length, 'two mapping lists feed the same rule');
  for (const id of ruleOfList.values()) {
    const rule = ruleset.rules.find((r) => r.id === id);
    assert.ok(rule && rule.catalog === 'guardduty' && GUARDDUTY_RUNTIME_TYPES[rule.type] === rule.severity, id);
  }
});

test('other Falco rules make the catch-all of their priority; debug makes nothing', () => {
  const expected: Record<string, string | undefined> = {
    emergency: 'falco-alert-critical',
    alert: 'falco-alert-critical',
    critical: 'falco-alert-critical',
    error: 'falco-alert-critical',
    warning: 'falco-alert-warning',
    notice: 'falco-alert-notice',
    informational: 'falco-alert-notice',
    debug: undefined,
  };
  for (const name of ['Terminal shell in container', 'Container Drift Detected (chmod)', 'Launch Suspicious Network Tool in Container', 'drop and execute new binary in container', 'My own rule']) {
    for (const priority of FALCO_PRIORITIES) {
      const want = expected[priority];
      assert.deepEqual(firedFalcoRules(falcoAlert(name, priority.toUpperCase())), want ? [want] : [], `${name} (${priority})`);
    }
  }
});

test('a Tracee signature with a Falco rule\'s name is not a Falco alert', () => {
  const raw = {
    timestamp: 1771321358116160000,
    processId: 20,
    hostProcessId: 32059,
    processName: 'curl',
    containerId: '70d15473d8012fee8011820109b7f5044f641d60d2f14bcd732c390af3764891',
    kubernetes: { podName: 'crypto', podNamespace: 'other' },
    eventName: 'drop_and_exec',
    metadata: { Properties: { signatureName: 'Drop and execute new binary in container', Severity: 3 } },
  };
  const r = normalizeTraceeEvent(raw, 'c1');
  assert.ok(r.ok && r.event.eventType === 'sensor_alert');
  const fired = new Judge(ruleset, fakeClock()).detectRuntime(r.event).map((x) => x.id);
  assert.deepEqual(fired.filter((id) => id.startsWith('falco-')), []);
});
