// AKS diagnostic records -> audit events: properties.log unwrapped, other categories coded,
// "skipped-too-big-size-object" removed and counted, and the checked-in example decoded.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES } from '../../testing/cli.js';
import { aksRecord, aksResourceId, exampleMessage, EXAMPLE_MESSAGE, otherRecord, tooBig } from '../../testing/aks-records.js';
import { auditLines } from '../../testing/firehose-requests.js';
import { aksMessageRecords, aksRecords, auditItemFromAksRecord, clusterNameOf, looksLikeAksRecords, TOO_BIG_OBJECT } from './aks-record.js';
import { normalizeAuditEvent } from './audit-event.js';

const LINES = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));

test('a kube-audit record gives the Event of properties.log, with the cluster named by the upper-cased resourceId', () => {
  const r = auditItemFromAksRecord(aksRecord(LINES[0]!, 'workshop'));
  assert.ok(r.ok);
  assert.deepEqual(r.item, JSON.parse(LINES[0]!));
  assert.equal(r.clusterName, 'WORKSHOP');
  assert.equal(r.resourceId, aksResourceId('workshop'));
  assert.equal(r.tooBig, 0);
  const admin = auditItemFromAksRecord(aksRecord(LINES[1]!, 'workshop', 1, 'kube-audit-admin'));
  assert.ok(admin.ok, 'kube-audit-admin is an audit log too');
});

test('other categories are skipped with other_category; broken records are coded', () => {
  for (const c of ['guard', 'kube-apiserver'] as const) {
    const r = auditItemFromAksRecord(otherRecord('workshop', c));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.code, 'other_category');
  }
  const cases: [unknown, string][] = [
    [null, 'bad_record'],
    [[], 'bad_record'],
    [{ category: 'kube-audit' }, 'bad_record'],
    [{ category: 'kube-audit', properties: { log: '{"kind":"Event",' } }, 'bad_log'],
    [{ category: 'kube-audit', properties: { log: '42\n' } }, 'bad_log'],
    [{ category: 'kube-audit', properties: {} }, 'bad_log'],
    [{ category: 7, properties: { log: LINES[0] } }, 'other_category'],
  ];
  for (const [rec, code] of cases) {
    const r = auditItemFromAksRecord(rec);
    assert.equal(r.ok, false, JSON.stringify(rec));
    if (!r.ok) {
      assert.equal(r.code, code, JSON.stringify(rec));
      assert.ok(r.reason.length > 0);
    }
  }
});

test('skipped-too-big-size-object is removed and counted; the event is judged without the object', () => {
  const privileged = LINES.find((l) => l.includes('"privileged":true') && l.includes('"verb":"create"'))!;
  const r = auditItemFromAksRecord(aksRecord(tooBig(privileged, ['requestObject', 'responseObject']), 'workshop'));
  assert.ok(r.ok);
  assert.equal(r.tooBig, 2);
  assert.equal('requestObject' in r.item, false);
  assert.equal('responseObject' in r.item, false);
  const n = normalizeAuditEvent(r.item, 'workshop');
  assert.ok(n.ok);
  assert.equal(n.event.requestObject, null, 'absent, not the marker string');
  assert.equal(n.event.workload.present, false, 'no pod spec is read from it');
  // The original (not too big) still has its pod spec: the marker is what made it absent.
  const whole = normalizeAuditEvent(JSON.parse(privileged), 'workshop');
  assert.ok(whole.ok && whole.event.workload.present);
  assert.equal(JSON.stringify(r.item).includes(TOO_BIG_OBJECT), false);
});

test('message bodies: bytes, text or parsed; {"records":[...]} or a single record', () => {
  const body = JSON.stringify({ records: [aksRecord(LINES[0]!, 'a'), aksRecord(LINES[1]!, 'a', 1)] });
  for (const form of [Buffer.from(body), new TextEncoder().encode(body), body, JSON.parse(body) as unknown]) {
    const r = aksMessageRecords(form);
    assert.ok(r.ok);
    assert.equal(r.records.length, 2);
  }
  assert.deepEqual(aksRecords(aksRecord(LINES[0]!, 'a')), { ok: true, records: [aksRecord(LINES[0]!, 'a')] });
  assert.match(String((aksMessageRecords('not json') as { reason: string }).reason), /message body is not valid JSON/);
  assert.match(String((aksMessageRecords({ records: 3 }) as { reason: string }).reason), /records is not an array/);
  assert.match(String((aksMessageRecords(JSON.stringify(JSON.parse(LINES[0]!))) as { reason: string }).reason), /expected Azure diagnostic records/);
});

test('the cluster name comes from the resource id, any case; an audit Event does not look like records', () => {
  assert.equal(clusterNameOf(aksResourceId('Prod-1')), 'PROD-1');
  assert.equal(clusterNameOf('/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/prod-1'), 'prod-1');
  assert.equal(clusterNameOf('/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/X'), '');
  assert.equal(looksLikeAksRecords(aksRecord(LINES[0]!, 'a')), true);
  assert.equal(looksLikeAksRecords({ records: [] }), true);
  assert.equal(looksLikeAksRecords(JSON.parse(LINES[0]!)), false);
  assert.equal(looksLikeAksRecords({ kind: 'EventList', items: [] }), false);
});

test('the checked-in Event Hub message is what the helper writes, and decodes to three events, one skip, two too-big objects', () => {
  const fixture = JSON.parse(readFileSync(EXAMPLE_MESSAGE, 'utf8')) as unknown;
  assert.deepEqual(fixture, exampleMessage(LINES), 'regenerate with node dist/testing/aks-records.js --write');
  const doc = aksMessageRecords(readFileSync(EXAMPLE_MESSAGE));
  assert.ok(doc.ok);
  const results = doc.records.map(auditItemFromAksRecord);
  assert.deepEqual(results.map((r) => (r.ok ? 'ok' : r.code)), ['ok', 'other_category', 'ok', 'ok']);
  assert.equal(results.reduce((n, r) => n + (r.ok ? r.tooBig : 0), 0), 2);
  for (const r of results) if (r.ok) assert.ok(normalizeAuditEvent(r.item, 'workshop').ok);
});
