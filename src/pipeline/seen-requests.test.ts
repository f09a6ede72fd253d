import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenRequests } from './seen-requests.js';

test('restore takes keys newest first and keeps the newest up to the cap', () => {
  const s = new SeenRequests(2);
  s.restore(['new', 'mid', 'old']);
  assert.deepEqual([s.has('new'), s.has('mid'), s.has('old')], [true, true, false]);
  s.add('newer');
  assert.deepEqual([s.has('newer'), s.has('new'), s.has('mid')], [true, true, false]);
  s.delete('new');
  assert.equal(s.size, 1);
});
