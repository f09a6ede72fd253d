import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseQuery, parseTime } from './request-parts.js';

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 2000);

function dateParse(v: string): number | null {
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

test('timestamps parse as Date.parse does', () => {
  for (const s of ['2025-03-14T09:26:53.104211Z', '2025-03-14T09:26:53Z', '2025-03-14T09:26:53.1Z', '2024-02-29T23:59:59.999999999Z', '2025-02-31T00:00:00Z', '2025-13-01T00:00:00Z', '2025-03-14T24:00:00Z', '2025-03-14T09:26:53.Z', '2025-03-14 09:26:53Z', '2025-03-14T09:26:53+02:00', '1969-12-31T23:59:59Z', '2025-03-14T09:26:5xZ']) {
    assert.equal(parseTime(s), dateParse(s), s);
  }
  assert.equal(parseTime(42), null);
  assert.equal(parseTime('2025-03-14T09:26:53.' + '1'.repeat(60) + 'Z'), null, 'longer than 64 characters');
});

test('generated timestamps parse as Date.parse does (fast-check, fixed seed)', () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const stamp = fc
    .tuple(fc.integer({ min: 1900, max: 2200 }), two(14), two(33), two(25), two(61), two(61), fc.option(fc.stringMatching(/^[0-9]{0,10}$/)), fc.constantFrom('Z', 'z', '', '+00:00'))
    .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f === null ? '' : `.${f}`}${z}`);
  fc.assert(
    fc.property(fc.oneof(stamp, fc.string({ maxLength: 30 })), (s) => {
      assert.equal(parseTime(s), dateParse(s), s);
    }),
    { seed: 20261127, numRuns: RUNS },
  );
});

function reference(uri: string): { path: string; query: Record<string, string[]> } {
  const q = uri.indexOf('?');
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  if (q < 0) return { path: uri, query };
  let n = 0;
  for (const [k, v] of new URLSearchParams(uri.slice(q + 1))) {
    if (n++ > 256) break;
    (query[k] ??= []).push(v);
  }
  return { path: uri.slice(0, q), query };
}

test('query strings parse as URLSearchParams does', () => {
  for (const uri of [
    '/api/v1/namespaces/default/pods?limit=500',
    '/api/v1/pods?watch=true&resourceVersion=1&&timeoutSeconds=300&',
    '/api/v1/namespaces/kube-system/pods/x/exec?command=%2Fbin%2Fsh&command=-c&command=id+-u&stdin=true',
    '/x?a&a=&=b&c=d=e',
    '/x?bad=%zz%&ok=1',
    '/x',
    '/x?' + 'p=1&'.repeat(300),
  ]) {
    assert.deepEqual(parseQuery(uri), reference(uri), uri);
  }
});

test('generated query strings parse as URLSearchParams does (fast-check, fixed seed)', () => {
  const piece = fc.oneof(fc.constantFrom('=', '&', '%', '+', '%2F', '%zz', '?', 'a', 'command', 'dryRun', 'é', ''), fc.string({ maxLength: 6 }));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
      const uri = `/api/v1/pods?${parts.join('')}`;
      assert.deepEqual(parseQuery(uri), reference(uri), uri);
    }),
    { seed: 20261127, numRuns: RUNS },
  );
});
