// The built-in catalog covers every GuardDuty audit-log finding type (except the machine-learning
// AnomalousBehavior ones, which need learned baselines) and at least 30 of Vigil's own detections.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleset } from '../app/open.js';
import { GUARDDUTY_AUDIT_TYPES, GUARDDUTY_RUNTIME_TYPES } from '../core/guardduty-types.js';

const rs = loadRuleset([]);

test('every GuardDuty audit-log type but AnomalousBehavior has a rule', () => {
  const have = new Set(rs.rules.map((r) => r.type));
  const missing = Object.keys(GUARDDUTY_AUDIT_TYPES).filter((t) => !t.includes('AnomalousBehavior') && !have.has(t));
  assert.deepEqual(missing, []);
});

test('GuardDuty types carry GuardDuty severities; Vigil types are marked as Vigil\'s own', () => {
  for (const r of rs.rules) {
    const table = r.source === 'runtime' ? GUARDDUTY_RUNTIME_TYPES : GUARDDUTY_AUDIT_TYPES;
    const gd = table[r.type];
    if (r.catalog === 'guardduty') {
      assert.notEqual(gd, undefined, `${r.id}: ${r.type} is not a GuardDuty type`);
      if (gd !== null) assert.equal(r.severity, gd, r.id);
    } else assert.equal(gd, undefined, `${r.id} uses a GuardDuty type name but is not in the guardduty catalog`);
  }
});

test('at least 30 of Vigil\'s own detections, each with a distinct type', () => {
  const own = rs.rules.filter((r) => r.catalog === 'vigil');
  assert.ok(own.length >= 30, `only ${own.length} Vigil rules`);
  const types = new Set(own.map((r) => r.type));
  assert.equal(types.size, own.length, 'two Vigil rules share a finding type');
});
