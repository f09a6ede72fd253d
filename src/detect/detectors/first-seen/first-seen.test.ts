import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock } from '../../../core/clock.js';
import { BoundedState, StateJournal } from '../../state/bounded-state.js';
import { firstSeen } from './index.js';

function ctx(capacity = 10) {
  return { clock: fakeClock(), state: new BoundedState('first-seen/r', capacity, new StateJournal()) };
}

test('fires once per new value per cluster', () => {
  const c = ctx();
  const p = { capacity: 10 };
  assert.equal(firstSeen.judge({ cluster: 'a', keys: ['ubuntu'], time: 1 }, p, c), true);
  assert.equal(firstSeen.judge({ cluster: 'a', keys: ['ubuntu'], time: 2 }, p, c), false);
  assert.equal(firstSeen.judge({ cluster: 'b', keys: ['ubuntu'], time: 3 }, p, c), true);
  assert.equal(firstSeen.judge({ cluster: 'a', keys: ['ubuntu', 'alpine'], time: 4 }, p, c), true);
  assert.equal(firstSeen.judge({ cluster: 'a', keys: [], time: 5 }, p, c), false);
});

test('an evicted value fires again and the eviction is counted', () => {
  const c = ctx(1);
  const p = { capacity: 1 };
  firstSeen.judge({ cluster: 'a', keys: ['x'], time: 1 }, p, c);
  firstSeen.judge({ cluster: 'a', keys: ['y'], time: 2 }, p, c);
  assert.equal(c.state.evictions, 1);
  assert.equal(firstSeen.judge({ cluster: 'a', keys: ['x'], time: 3 }, p, c), true);
});

test('parameters are validated', () => {
  assert.equal(firstSeen.parseParams({}).ok, true);
  assert.equal(firstSeen.parseParams({ capacity: 0 }).ok, false);
  const r = firstSeen.parseParams({ windw: '5m' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.errors[0]?.param, 'windw');
});
