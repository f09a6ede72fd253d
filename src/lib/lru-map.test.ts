import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LruMap } from './lru-map.js';

test('keeps the newest keys up to its capacity', () => {
  const s = new LruMap<string, number>(3);
  for (const k of ['a', 'b', 'c', 'd']) s.set(k, 1);
  assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => s.has(k)), [false, true, true, true]);
  s.delete('c');
  s.set('e', 1);
  assert.deepEqual(['b', 'd', 'e'].map((k) => s.has(k)), [true, true, true]);
  assert.equal(s.size, 3);
  // b was set before d and e: it goes first.
  s.set('f', 1);
  assert.equal(s.has('b'), false);
});

test('set returns the keys it evicted; get reads without making a key recent', () => {
  const s = new LruMap<string, number>(2);
  assert.deepEqual(s.set('a', 1), []);
  s.set('b', 2);
  assert.equal(s.get('a'), 1);
  assert.deepEqual(s.set('c', 3), ['a']);
  assert.equal(s.get('a'), undefined);
  s.clear();
  assert.equal(s.size, 0);
  assert.throws(() => new LruMap(0), /positive integer/);
});

test('behaves as a plain insertion-ordered set with oldest eviction (fast-check, fixed seed)', () => {
  const op = fc.oneof(fc.tuple(fc.constant('add' as const), fc.integer({ min: 0, max: 30 })), fc.tuple(fc.constant('delete' as const), fc.integer({ min: 0, max: 30 })));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 200 }), (cap, ops) => {
      const s = new LruMap<string, number>(cap);
      // The model: an array of keys, oldest first; adding an existing key moves it to the end.
      let model: string[] = [];
      for (const [kind, n] of ops) {
        const k = `k${n}`;
        if (kind === 'add') {
          s.set(k, 1);
          model = [...model.filter((x) => x !== k), k];
          if (model.length > cap) model = model.slice(model.length - cap);
        } else {
          s.delete(k);
          model = model.filter((x) => x !== k);
        }
        assert.equal(s.size, model.length);
        for (let i = 0; i <= 30; i++) assert.equal(s.has(`k${i}`), model.includes(`k${i}`));
      }
    }),
    { seed: 20261127, numRuns: 300 },
  );
});

test('stays the same model across compactions: long runs of sets and deletes on few keys (fast-check, fixed seed)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 12 })), { minLength: 2500, maxLength: 4000 }), (cap, ops) => {
      const s = new LruMap<string, number>(cap);
      let model: [string, number][] = [];
      ops.forEach(([isSet, n], i) => {
        const k = `k${n}`;
        if (isSet) {
          s.set(k, i);
          model = [...model.filter(([x]) => x !== k), [k, i]];
          if (model.length > cap) model = model.slice(model.length - cap);
        } else {
          s.delete(k);
          model = model.filter(([x]) => x !== k);
        }
      });
      assert.equal(s.size, model.length);
      for (let n = 0; n <= 12; n++) assert.equal(s.get(`k${n}`), model.find(([x]) => x === `k${n}`)?.[1]);
    }),
    { seed: 20261127, numRuns: 40 },
  );
});

test('keeps exactly the newest keys through 350,000 evictions', () => {
  const s = new LruMap<string, number>(50_000);
  for (let i = 0; i < 400_000; i++) s.set(`prod\u0000${i}`, i);
  assert.equal(s.size, 50_000);
  assert.equal(s.has('prod\u0000350000'), true);
  assert.equal(s.has('prod\u0000349999'), false);
});
