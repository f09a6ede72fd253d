import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntelIndex } from './intel-index.js';

const { index, parsed } = IntelIndex.build([
  { name: 'scanners', kind: 'threat', format: 'txt', content: '203.0.113.0/24\n198.51.100.7\nbad line\n' },
  { name: 'tor-exit-nodes', kind: 'tor', format: 'txt', content: '198.51.100.7\n2001:db8:7::1\n' },
  { name: 'vigil-malicious', kind: 'malicious', format: 'txt', content: '192.0.2.66\nminer.example.net\n' },
  { name: 'office', kind: 'trusted', format: 'txt', content: '203.0.113.10\n' },
]);

test('each list reports what it read and refused', () => {
  assert.equal(parsed.get('scanners')?.entries, 2);
  assert.equal(parsed.get('scanners')?.errors.length, 1);
  assert.equal(parsed.get('vigil-malicious')?.entries, 2);
});

test('a source IP on several lists names all of them', () => {
  const m = index.matchIps(['10.0.0.5', '198.51.100.7']);
  assert.equal(m.ip, '198.51.100.7');
  assert.deepEqual(m.lists, ['scanners', 'tor-exit-nodes']);
  assert.deepEqual(m.threatLists, ['scanners']);
  assert.equal(m.tor, true);
  assert.equal(m.malicious, false);
});

test('a trusted IP is never matched, even inside a listed block; other source IPs still are', () => {
  const trustedOnly = index.matchIps(['203.0.113.10']);
  assert.equal(trustedOnly.ip, '');
  assert.equal(trustedOnly.trusted, true);
  const forged = index.matchIps(['203.0.113.10', '192.0.2.66']);
  assert.equal(forged.ip, '192.0.2.66', 'a trusted address in X-Forwarded-For cannot hide the real peer');
  assert.equal(forged.malicious, true);
});

test('IPv6 and unlisted addresses', () => {
  assert.equal(index.matchIps(['2001:db8:7::1']).tor, true);
  assert.equal(index.matchIps(['8.8.8.8']).ip, '');
  assert.equal(IntelIndex.EMPTY.matchIps(['198.51.100.7']).ip, '');
});

test('domains match exactly or as a parent domain', () => {
  assert.deepEqual(index.matchDomain('miner.example.net'), ['vigil-malicious']);
  assert.deepEqual(index.matchDomain('eu.pool.miner.example.net.'), ['vigil-malicious']);
  assert.deepEqual(index.matchDomain('example.net'), []);
});

test('SHA-256 entries match file hashes, case-insensitively', () => {
  const h = 'ab'.repeat(32);
  const { index: idx, parsed: p } = IntelIndex.build([{ name: 'ir', kind: 'threat', format: 'txt', content: `${h.toUpperCase()}\n` }]);
  assert.equal(p.get('ir')?.entries, 1);
  assert.deepEqual(idx.matchHash(h), { lists: ['ir'], kinds: ['threat'] });
  assert.deepEqual(idx.matchHash('cd'.repeat(32)).lists, []);
});
