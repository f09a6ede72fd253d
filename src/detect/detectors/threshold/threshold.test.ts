import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from '../../../core/clock.js';
import { BoundedState, StateJournal } from '../../state/bounded-state.js';
import { threshold } from './index.js';

const ctx = () => ({ clock: fakeClock(), state: new BoundedState('threshold/r', 100, new StateJournal()) });
const params = (raw: Record<string, unknown>) => {
  const r = threshold.parseParams(raw);
  assert.ok(r.ok);
  return r.params;
};

test('fires on the count-th event within the window, then starts again', () => {
  const c = ctx();
  const p = params({ count: 3, window: '1m' });
  const at = (t: number) => threshold.judge({ cluster: 'a', keys: ['1.2.3.4'], time: t }, p, c);
  assert.deepEqual([at(0), at(10_000), at(20_000)], [false, false, true]);
  assert.deepEqual([at(21_000), at(22_000), at(23_000)], [false, false, true]);
});

test('events outside the window do not add up; keys and clusters are separate', () => {
  const c = ctx();
  const p = params({ count: 2, window: '30s' });
  assert.equal(threshold.judge({ cluster: 'a', keys: ['x'], time: 0 }, p, c), false);
  assert.equal(threshold.judge({ cluster: 'a', keys: ['x'], time: 31_000 }, p, c), false);
  assert.equal(threshold.judge({ cluster: 'b', keys: ['x'], time: 32_000 }, p, c), false);
  assert.equal(threshold.judge({ cluster: 'a', keys: ['y'], time: 33_000 }, p, c), false);
  assert.equal(threshold.judge({ cluster: 'a', keys: ['x'], time: 40_000 }, p, c), true);
});

test('with distinct, only new values count', () => {
  const c = ctx();
  const p = params({ count: 3, window: '5m', distinct: 'target.name' });
  const read = (name: string, t: number) => threshold.judge({ cluster: 'a', keys: ['mallory'], time: t, distinct: [name] }, p, c);
  assert.deepEqual([read('s1', 0), read('s1', 1), read('s2', 2), read('s2', 3), read('s3', 4)], [false, false, false, false, true]);
});

test('parameters are validated, all problems at once', () => {
  const r = threshold.parseParams({ count: 1, window: 'soon', colour: 'red' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => e.param).sort(), ['colour', 'count', 'window']);
});
