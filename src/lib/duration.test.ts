import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './duration.js';

test('durations in each unit', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration(1000), 1000);
});

test('anything else is null', () => {
  for (const v of ['5', '5 minutes', '-1m', '0s', '', null, {}, -5, Number.NaN]) assert.equal(parseDuration(v), null, JSON.stringify(v));
});
