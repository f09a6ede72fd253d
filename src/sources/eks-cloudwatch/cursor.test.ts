// The CloudWatch cursor: a newer timestamp resets the id set, the same one adds to it, older events
// leave it alone; a saved cursor that cannot be read means starting afresh.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_IDS, advance, decodeCursor, encodeCursor } from './cursor.js';

const ev = (timestamp: number, eventId: string) => ({ timestamp, eventId });

test('advance keeps the newest timestamp and the ids committed at it', () => {
  let c = advance({ t: 0, ids: [] }, [ev(10, 'a'), ev(10, 'b')]);
  assert.deepEqual(c, { t: 10, ids: ['a', 'b'] });
  c = advance(c, [ev(10, 'c'), ev(9, 'late'), ev(10, 'b')]);
  assert.deepEqual(c, { t: 10, ids: ['a', 'b', 'c'] }, 'same millisecond adds (once); older changes nothing');
  c = advance(c, [ev(11, 'd')]);
  assert.deepEqual(c, { t: 11, ids: ['d'] }, 'a later millisecond resets the set');
});

test('the id set is bounded, newest kept', () => {
  const many = Array.from({ length: MAX_IDS + 10 }, (_, i) => ev(5, `id${i}`));
  const c = advance({ t: 0, ids: [] }, many);
  assert.equal(c.ids.length, MAX_IDS);
  assert.equal(c.ids.at(-1), `id${MAX_IDS + 9}`);
  assert.equal(c.ids[0], 'id10');
});

test('encode and decode round-trip; unreadable cursors are null', () => {
  const c = { t: 1710408413104, ids: ['3195310660696698337880902507980421114328961542429822156'] };
  assert.deepEqual(decodeCursor(encodeCursor(c)), c);
  for (const bad of [null, '', 'not json', '{"t":"x","ids":[]}', '{"t":1}', '{"t":1,"ids":[1]}', '{"t":-1,"ids":[]}', '[]']) assert.equal(decodeCursor(bad), null, String(bad));
});
