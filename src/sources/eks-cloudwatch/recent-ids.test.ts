import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentIds } from './recent-ids.js';

test('remembers ids and expires those older than the window from the front', () => {
  const r = new RecentIds(10);
  r.remember('a', 1);
  r.remember('b', 2);
  r.remember('c', 3);
  r.remember('b', 9); // already known: keeps its first time
  r.expireBefore(3);
  assert.equal(r.has('a'), false);
  assert.equal(r.has('b'), false);
  assert.equal(r.has('c'), true);
  assert.equal(r.size, 1);
});

test('an old id behind a newer one waits for the front, then goes', () => {
  const r = new RecentIds(10);
  r.remember('new', 10);
  r.remember('late', 1);
  r.expireBefore(5);
  assert.equal(r.has('late'), true);
  r.expireBefore(11);
  assert.equal(r.size, 0);
});

test('past the cap the oldest id is forgotten', () => {
  const r = new RecentIds(3);
  for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) r.remember(id, i);
  assert.deepEqual(['a', 'b', 'c', 'd'].map((id) => r.has(id)), [false, true, true, true]);
  assert.equal(r.size, 3);
});

test('stays correct through many evictions and compactions at the cap', () => {
  const cap = 50_000;
  const r = new RecentIds(cap);
  const n = 400_000;
  for (let i = 0; i < n; i++) {
    r.remember(`id-${i}`, i);
    if (i % 5000 === 0) r.expireBefore(i - 60_000);
  }
  assert.equal(r.size, cap);
  assert.equal(r.has(`id-${n - cap}`), true);
  assert.equal(r.has(`id-${n - cap - 1}`), false);
});
