import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMetrics } from './prometheus.js';

test('families render with HELP, TYPE and escaped labels', () => {
  const text = renderMetrics([{ name: 'vigil_x_total', help: 'X.', type: 'counter', samples: [{ labels: { reason: 'a"b\\c\nd' }, value: 3 }, { value: Number.NaN }] }]);
  assert.equal(text, '# HELP vigil_x_total X.\n# TYPE vigil_x_total counter\nvigil_x_total{reason="a\\"b\\\\c\\nd"} 3\nvigil_x_total 0\n');
});
