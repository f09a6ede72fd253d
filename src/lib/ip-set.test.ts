import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IpSet, canonicalIp } from './ip-set.js';

test('exact IPv4 addresses and CIDR blocks', () => {
  const s = new IpSet();
  for (const e of ['203.0.113.7', '198.51.100.0/24', '10.0.0.0/8', '192.0.2.128/25']) assert.deepEqual(s.add(e), { ok: true });
  assert.equal(s.has('203.0.113.7'), true);
  assert.equal(s.has('203.0.113.8'), false);
  assert.equal(s.has('198.51.100.255'), true);
  assert.equal(s.has('198.51.101.0'), false);
  assert.equal(s.has('10.200.3.4'), true);
  assert.equal(s.has('192.0.2.127'), false);
  assert.equal(s.has('192.0.2.200'), true);
  assert.equal(s.size, 4);
});

test('IPv6 addresses and blocks, including compressed and mapped forms', () => {
  const s = new IpSet();
  assert.deepEqual(s.add('2001:db8::/32'), { ok: true });
  assert.deepEqual(s.add('2001:0db9:0000:0000:0000:0000:0000:0001'), { ok: true });
  assert.deepEqual(s.add('fe80::/10'), { ok: true });
  assert.equal(s.has('2001:db8:1234::5'), true);
  assert.equal(s.has('2001:db9::1'), true);
  assert.equal(s.has('2001:db9::2'), false);
  assert.equal(s.has('febf::1'), true);
  assert.equal(s.has('fec0::1'), false);
  assert.equal(s.has('1.2.3.4'), false);
  const v4 = new IpSet();
  v4.add('203.0.113.0/24');
  assert.equal(v4.has('::ffff:203.0.113.9'), true, 'IPv4-mapped IPv6 matches the IPv4 block');
  assert.equal(canonicalIp('::FFFF:10.1.2.3'), '10.1.2.3');
});

test('a /0 block matches everything of its family', () => {
  const s = new IpSet();
  s.add('0.0.0.0/0');
  assert.equal(s.has('8.8.8.8'), true);
  assert.equal(s.has('2001:db8::1'), false);
});

test('bad entries are refused with a reason', () => {
  const s = new IpSet();
  for (const e of ['300.1.1.1', '10.0.0.0/33', '10.0.0.0/x', 'example.com', '2001:db8::/129', '1:2:3', '']) {
    const r = s.add(e);
    assert.equal(r.ok, false, e);
  }
  assert.equal(s.size, 0);
  assert.equal(s.has('not an ip'), false);
});

test('100,000 mixed addresses and blocks are all found (speed is measured in npm run bench)', () => {
  const s = new IpSet();
  for (let i = 0; i < 100_000; i++) s.add(`${10 + (i >>> 16)}.${(i >>> 8) & 255}.${i & 255}.${i % 2 ? 1 : 0}${i % 3 === 0 ? '/30' : ''}`);
  let hits = 0;
  for (let i = 0; i < 100_000; i++) if (s.has(`${10 + (i >>> 16)}.${(i >>> 8) & 255}.${i & 255}.1`)) hits++;
  assert.ok(hits > 50_000);
});
