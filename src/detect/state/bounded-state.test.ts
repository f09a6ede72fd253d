import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedState, StateJournal } from './bounded-state.js';

test('evicts the least recently used entry past capacity, journals and counts it', () => {
  const j = new StateJournal();
  const s = new BoundedState('c', 2, j);
  s.set('a', '1');
  s.set('b', '2');
  assert.equal(s.get('a'), '1'); // a is now most recent
  s.set('c', '3');
  assert.equal(s.has('b'), false);
  assert.equal(s.has('a'), true);
  assert.equal(s.evictions, 1);
  assert.deepEqual(j.drain(), [
    { component: 'c', key: 'a', value: '1' },
    { component: 'c', key: 'b', value: '2' },
    { component: 'c', key: 'c', value: '3' },
    { component: 'c', key: 'b', value: null },
  ]);
  assert.equal(j.size, 0);
});

test('restore loads saved entries without journaling and respects the cap', () => {
  const j = new StateJournal();
  const s = new BoundedState('c', 2, j);
  s.restore([['x', '1'], ['y', '2'], ['z', '3']]);
  assert.equal(s.size, 2);
  assert.equal(s.has('x'), false);
  assert.equal(j.size, 0);
});

test('delete journals only when the key existed', () => {
  const j = new StateJournal();
  const s = new BoundedState('c', 5, j);
  s.delete('nope');
  assert.equal(j.size, 0);
  s.set('k', 'v');
  s.delete('k');
  assert.deepEqual(j.drain().map((c) => c.value), ['v', null]);
});
