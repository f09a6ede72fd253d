import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestFinding } from '../store/store.conformance.js';
import { compileCriteria, valuesAt } from './criteria.js';

const f = buildTestFinding({ id: 'a'.repeat(32) });

test('paths through lists and the JSON additionalInfo', () => {
  assert.ok(valuesAt(f, 'type').length === 1);
  assert.deepEqual(valuesAt(f, 'resource.kubernetesDetails.kubernetesUserDetails.groups').length > 0, true);
});

test('equals, notEquals, matches, numbers and timestamps', () => {
  const type = f.type;
  assert.equal(compileCriteria({ criterion: { type: { eq: [type, 'x'] } } })(f), true);
  assert.equal(compileCriteria({ criterion: { type: { neq: [type] } } })(f), false);
  assert.equal(compileCriteria({ criterion: { type: { matches: [`${type.split(':')[0]}:*`] } } })(f), true);
  assert.equal(compileCriteria({ criterion: { severity: { gte: f.severity, lt: 9 } } })(f), true);
  assert.equal(compileCriteria({ criterion: { severity: { gt: f.severity } } })(f), false);
  assert.equal(compileCriteria({ criterion: { updatedAt: { gte: Date.parse(f.updatedAt) } } })(f), true);
  assert.equal(compileCriteria({ criterion: { type: { eq: [type] }, severity: { lt: 1 } } })(f), false, 'fields are ANDed');
  assert.equal(compileCriteria(undefined)(f), true);
});

test('malformed criteria name the problem', () => {
  assert.throws(() => compileCriteria({ criterion: { type: { like: ['x'] } as never } }), /unknown operator like/);
  assert.throws(() => compileCriteria({ criterion: { 'a..b': { eq: ['x'] } } }), /bad field path/);
  assert.throws(() => compileCriteria({ criterion: { severity: { gt: 'high' } } }), /needs a number/);
});
