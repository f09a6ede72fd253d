// Runs every built-in rule's fixtures: each positive event fires the rule, no negative one does.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleset } from '../app/open.js';
import { runRuleFixtures } from './rule-fixtures.js';

const ruleset = loadRuleset([]);

test('the built-in rule set loads without diagnostics', () => {
  assert.deepEqual(ruleset.diagnostics, []);
  assert.ok(ruleset.rules.length >= 12);
});

for (const rule of ruleset.rules) {
  test(`fixtures of ${rule.id} (${rule.type})`, () => {
    const r = runRuleFixtures(ruleset, rule);
    assert.deepEqual(r.missing, [], `missing fixture files in ${r.dir}`);
    for (const c of r.cases) {
      assert.equal(c.error, undefined, `${c.file}:${c.line} is not a valid audit event: ${c.error}`);
      assert.equal(c.fired, c.expected, `${c.file}:${c.line} should ${c.expected ? '' : 'not '}fire ${rule.id}`);
    }
  });
}
