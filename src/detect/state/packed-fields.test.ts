import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPacked, numField, packFields, unpackFields } from './packed-fields.js';

test('fields round-trip, numbers as decimal text', () => {
  const v = packFields(['curl', '/usr/bin/curl', 42, '', 1780272000003]);
  assert.deepEqual(unpackFields(v), ['curl', '/usr/bin/curl', '42', '', '1780272000003']);
  assert.equal(numField(unpackFields(v), 2), 42);
  assert.equal(numField(unpackFields(v), 9), 0);
});

test('a NUL inside a field cannot shift the fields', () => {
  const f = unpackFields(packFields(['a\u0000b', 'c']));
  assert.deepEqual(f, ['a\uFFFDb', 'c']);
});

test('JSON values of earlier versions are recognised', () => {
  assert.equal(isPacked('{"n":"curl"}'), false);
  assert.equal(isPacked(packFields(['{"n":"curl"}', 'x'])), true);
  assert.deepEqual(unpackFields(packFields(['{"n":"curl"}', 'x'])), ['{"n":"curl"}', 'x']);
});
