// GuardDuty's severity bands at their edges.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { severityBand, severityText } from './severity.js';

test('severity bands follow GuardDuty: Low <4, Medium <7, High <9, Critical from 9', () => {
  const cases: [number, string][] = [[1, 'low'], [2, 'low'], [3.9, 'low'], [4, 'medium'], [5, 'medium'], [6.9, 'medium'], [7, 'high'], [8, 'high'], [8.9, 'high'], [9, 'critical'], [10, 'critical'], [Number.NaN, 'low']];
  for (const [n, label] of cases) assert.equal(severityBand(n), label, String(n));
  assert.equal(severityText(8), 'High (8.0)');
  assert.equal(severityText(5), 'Medium (5.0)');
});
