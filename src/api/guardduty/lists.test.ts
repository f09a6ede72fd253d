// CreateIPSet, ListIPSets, CreateThreatIntelSet and ListThreatIntelSets through the official SDK:
// Vigil threat-intelligence lists of kind trusted and threat, read from a file in the list folder
// or an http(s) URL.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  BadRequestException, CreateDetectorCommand, CreateIPSetCommand, CreateThreatIntelSetCommand, ListIPSetsCommand,
  ListThreatIntelSetsCommand,
} from '@aws-sdk/client-guardduty';
import { startHarness, type Harness } from './harness.js';

describe('GuardDuty IP sets and threat intel sets', () => {
  let h: Harness;
  let detector = '';
  let web: Server;
  let base = '';
  before(async () => {
    h = await startHarness();
    detector = (await h.client('admin').send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'prod' } }))).DetectorId ?? '';
    web = createServer((req, res) => {
      if (req.url === '/bad.txt') res.end('203.0.113.0/24\n198.51.100.7\n');
      else if (req.url === '/bad.stix.json') {
        res.end(JSON.stringify({ type: 'bundle', id: 'bundle--1', objects: [{ type: 'indicator', id: 'indicator--1', pattern: "[ipv4-addr:value = '192.0.2.99']", pattern_type: 'stix' }] }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => web.close(r));
    await h.close();
  });

  test('CreateIPSet reads a TXT file from the list folder into a trusted list; ListIPSets lists its id', async () => {
    writeFileSync(join(h.listDir, 'office.txt'), '192.0.2.0/24\n198.51.100.10\n');
    const gd = h.client('admin');
    const { IpSetId } = await gd.send(new CreateIPSetCommand({ DetectorId: detector, Name: 'office', Format: 'TXT', Location: join(h.listDir, 'office.txt'), Activate: true }));
    assert.match(IpSetId ?? '', /^[0-9a-f]{32}$/);
    const list = await h.vigil.store.getIntelList('office');
    assert.equal(list?.kind, 'trusted');
    assert.equal(list?.entries, 2);
    assert.deepEqual((await h.client('viewer').send(new ListIPSetsCommand({ DetectorId: detector }))).IpSetIds, [IpSetId]);
    // A relative location is taken inside the list folder.
    writeFileSync(join(h.listDir, 'vpn.txt'), '203.0.113.200\n');
    await gd.send(new CreateIPSetCommand({ DetectorId: detector, Name: 'vpn', Format: 'TXT', Location: 'vpn.txt', Activate: true }));
    assert.equal((await h.client('viewer').send(new ListIPSetsCommand({ DetectorId: detector }))).IpSetIds?.length, 2);
    const page = await h.client('viewer').send(new ListIPSetsCommand({ DetectorId: detector, MaxResults: 1 }));
    assert.equal(page.IpSetIds?.length, 1);
    assert.ok(page.NextToken);
  });

  test('CreateThreatIntelSet fetches TXT and STIX 2.1 lists over http into threat lists', async () => {
    const gd = h.client('admin');
    const a = await gd.send(new CreateThreatIntelSetCommand({ DetectorId: detector, Name: 'scanners', Format: 'TXT', Location: `${base}/bad.txt`, Activate: true }));
    const b = await gd.send(new CreateThreatIntelSetCommand({ DetectorId: detector, Name: 'feed', Format: 'STIX', Location: `${base}/bad.stix.json`, Activate: true }));
    assert.equal((await h.vigil.store.getIntelList('scanners'))?.kind, 'threat');
    assert.equal((await h.vigil.store.getIntelList('feed'))?.entries, 1);
    const ids = (await h.client('viewer').send(new ListThreatIntelSetsCommand({ DetectorId: detector }))).ThreatIntelSetIds ?? [];
    assert.deepEqual(new Set(ids), new Set([a.ThreatIntelSetId, b.ThreatIntelSetId]));
    assert.ok(!ids.includes((await h.client('viewer').send(new ListIPSetsCommand({ DetectorId: detector }))).IpSetIds?.[0] ?? ''));
  });

  test('refused: s3:// locations, files outside the list folder, ALIEN_VAULT, STIX 1.x XML, Activate=false, duplicate names', async () => {
    const gd = h.client('admin');
    const refuse = async (input: Partial<ConstructorParameters<typeof CreateThreatIntelSetCommand>[0]>, pattern: RegExp) =>
      assert.rejects(gd.send(new CreateThreatIntelSetCommand({ DetectorId: detector, Name: 'x1', Format: 'TXT', Location: `${base}/bad.txt`, Activate: true, ...input })), (e: unknown) => {
        assert.ok(e instanceof BadRequestException, String(e));
        assert.match(e.message, pattern);
        return true;
      });
    await refuse({ Location: 's3://my-bucket/threats.txt' }, /no S3/);
    await refuse({ Location: '/etc/hostname' }, /inside/);
    await refuse({ Location: join(h.listDir, '..', 'vigil.db') }, /inside/);
    await refuse({ Format: 'ALIEN_VAULT' }, /ALIEN_VAULT/);
    writeFileSync(join(h.listDir, 'old.xml'), '<stix:STIX_Package></stix:STIX_Package>');
    await refuse({ Format: 'STIX', Location: 'old.xml' }, /STIX 1\.x/);
    await refuse({ Activate: false }, /activate/);
    await refuse({ Name: 'scanners' }, /already exists/);
    await refuse({ Name: 'not a vigil name' }, /list names/);
    await refuse({ Location: `${base}/missing.txt` }, /HTTP 404/);
  });
});
