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

test('behaves like a reference LRU under any sequence of operations', async () => {
  const fc = (await import('fast-check')).default;
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 12 }), value: fc.string({ maxLength: 3 }) }),
    fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 12 }) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 12 }) }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 200 }), (cap, ops) => {
      const j = new StateJournal();
      const s = new BoundedState('c', cap, j);
      const ref = new Map<string, string>(); // insertion order = LRU order
      let evictions = 0;
      for (const o of ops) {
        const k = `k${o.key}`;
        if (o.kind === 'set') {
          ref.delete(k);
          ref.set(k, o.value);
          while (ref.size > cap) {
            ref.delete(ref.keys().next().value as string);
            evictions++;
          }
          s.set(k, o.value);
        } else if (o.kind === 'get') {
          const v = ref.get(k);
          if (v !== undefined) {
            ref.delete(k);
            ref.set(k, v);
          }
          assert.equal(s.get(k), v);
        } else {
          ref.delete(k);
          s.delete(k);
        }
        assert.equal(s.size, ref.size);
      }
      assert.deepEqual([...s.entries()], [...ref.entries()]);
      assert.equal(s.evictions, evictions);
      // Every journaled change replayed in order rebuilds the same content.
      const replay = new Map<string, string>();
      for (const c of j.drain()) {
        if (c.value === null) replay.delete(c.key);
        else replay.set(c.key, c.value);
      }
      assert.deepEqual(new Map([...replay].sort()), new Map([...ref].sort()));
    }),
    { seed: 20261127, numRuns: 300 },
  );
});

test('restore after use starts from the saved entries only', () => {
  const j = new StateJournal();
  const s = new BoundedState('c', 3, j);
  for (let i = 0; i < 10; i++) s.set(`a${i}`, String(i));
  s.restore([['x', '1'], ['y', '2']]);
  assert.deepEqual([...s.entries()], [['x', '1'], ['y', '2']]);
  s.set('z', '3');
  s.set('w', '4');
  assert.deepEqual([...s.entries()].map(([k]) => k), ['y', 'z', 'w']);
});

test('the byte cap evicts least recently used entries when keys or values are long', () => {
  const j = new StateJournal();
  const s = new BoundedState('c', 1000, j, 1000);
  s.set('a', 'x'.repeat(300)); // 128 + 1 + 300
  s.set('b', 'y'.repeat(300));
  assert.equal(s.size, 2);
  assert.equal(s.bytes, 2 * 429);
  s.set('c', 'z'.repeat(300)); // 1287 > 1000: a goes
  assert.deepEqual([...s.entries()].map(([k]) => k), ['b', 'c']);
  assert.equal(s.evictions, 1);
  s.set('b', 'short'); // shrinking a value frees its bytes
  assert.equal(s.bytes, 429 + 128 + 1 + 5);
  s.delete('c');
  assert.equal(s.bytes, 128 + 1 + 5);
  s.set('huge', 'h'.repeat(5000)); // larger than the cap alone: kept, everything older goes
  assert.deepEqual([...s.entries()].map(([k]) => k), ['huge']);
  s.set('d', '1');
  assert.deepEqual([...s.entries()].map(([k]) => k), ['d']);
  assert.equal(s.bytes, 128 + 2);
});
