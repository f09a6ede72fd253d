import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat, parseCsv, parseStix, parseTxt } from './formats.js';

test('plain text: addresses, blocks, domains and comments; bad lines reported with their number', () => {
  const r = parseTxt('# threat list\n203.0.113.7\n198.51.100.0/24  # scanners\n\n2001:db8::/32\nevil.example.com\n; note\nnot an ip!\n10.0.0.0/40\n');
  assert.deepEqual(r.ips, ['203.0.113.7', '198.51.100.0/24', '2001:db8::/32']);
  assert.deepEqual(r.domains, ['evil.example.com']);
  assert.deepEqual(r.errors.map((e) => e.line), [8, 9]);
});

test('CSV with a header: the IP column is found by name, quoting handled', () => {
  const r = parseCsv('first_seen,IP Address,description\n2026-01-01,203.0.113.9,"scanner, aggressive"\n2026-01-02,"198.51.100.0/25",c2\n2026-01-03,,empty\n');
  assert.deepEqual(r.ips, ['203.0.113.9', '198.51.100.0/25']);
  assert.equal(r.errors.length, 0);
  const none = parseCsv('a,b\n1,2\n');
  assert.match(none.errors[0]?.reason ?? '', /no IP or domain column/);
});

test('STIX 2.1 bundles: cyber observables and indicator patterns', () => {
  const bundle = {
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: [
      { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '203.0.113.10' },
      { type: 'ipv6-addr', spec_version: '2.1', id: 'ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1', value: '2001:db8::1' },
      { type: 'domain-name', spec_version: '2.1', id: 'domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5', value: 'c2.example.net' },
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        pattern: "[ipv4-addr:value = '198.51.100.0/24'] OR [domain-name:value = 'drop.example.org']",
        pattern_type: 'stix',
        valid_from: '2026-01-01T00:00:00Z',
      },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--1', pattern: "[file:hashes.'SHA-256' = 'aa']", pattern_type: 'stix' },
      { type: 'malware', id: 'malware--1', name: 'x' },
    ],
  };
  const r = parseStix(JSON.stringify(bundle));
  assert.deepEqual(r.ips, ['203.0.113.10', '2001:db8::1', '198.51.100.0/24']);
  assert.deepEqual(r.domains, ['c2.example.net', 'drop.example.org']);
  assert.equal(r.errors.length, 1);
  assert.equal(parseStix('{"type":"x"}').errors.length, 1);
  assert.equal(parseStix('nope').errors.length, 1);
});

test('format detection', () => {
  assert.equal(detectFormat('list.csv', 'ip\n1.2.3.4'), 'csv');
  assert.equal(detectFormat('feed.json', '{}'), 'stix');
  assert.equal(detectFormat('x', ' {"type": "bundle"}'), 'stix');
  assert.equal(detectFormat('tor.txt', '1.2.3.4'), 'txt');
});
