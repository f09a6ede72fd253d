// Decoding Firehose records of an EKS CloudWatch Logs subscription: every payload shape Firehose can
// deliver, and every malformed piece counted with a reason instead of failing the others.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { auditEvent } from '../../testing/audit-events.js';
import { AUDIT_STREAMS, AUTHENTICATOR_STREAM, controlMessage, dataMessage, record } from '../../testing/firehose-requests.js';
import { decodeRecords, firehoseRequest } from './decode.js';

const LIMITS = { maxRecordBytes: 1024 * 1024, maxRequestBytes: 4 * 1024 * 1024 };
const ev = (id: string) => ({ ...auditEvent(), auditID: id });
const line = (id: string) => JSON.stringify(ev(id));
const ids = (items: unknown[]) => items.map((i) => (i as { auditID: string }).auditID);

describe('firehose request envelope', () => {
  test('accepts {requestId, timestamp, records} and refuses other shapes with a reason', () => {
    const ok = firehoseRequest({ requestId: 'r1', timestamp: 5, records: [] });
    assert.deepEqual(ok, { ok: true, value: { requestId: 'r1', timestamp: 5, records: [] } });
    for (const [doc, why] of [
      [[], /Firehose request object/],
      [{ records: [] }, /requestId/],
      [{ requestId: 'r', records: {} }, /records must be an array/],
      [{ kind: 'EventList', items: [] }, /requestId/],
    ] as const) {
      const r = firehoseRequest(doc);
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, why);
    }
  });
});

describe('firehose record decoding', () => {
  test('gzip CloudWatch DATA_MESSAGE: every log event of an audit stream becomes an item, in order', () => {
    const d = decodeRecords([record(dataMessage('c', AUDIT_STREAMS[0]!, [line('a'), line('b')])), record(dataMessage('c', AUDIT_STREAMS[1]!, [line('c')]))], LIMITS);
    assert.deepEqual(ids(d.items), ['a', 'b', 'c']);
    assert.deepEqual(d.itemRecords, [0, 0, 1]);
    assert.deepEqual(d.malformed, []);
  });

  test('the decompression and message-extraction processor outputs are detected by shape', () => {
    const d = decodeRecords(
      [
        record(dataMessage('c', AUDIT_STREAMS[0]!, [line('plain-payload')]), 'plain'),
        record(`${line('extracted')}\n`, 'plain'),
        record(`${line('lines-1')}\n${line('lines-2')}\n`, 'plain'),
        record(line('gzip-extracted')),
      ],
      LIMITS,
    );
    assert.deepEqual(ids(d.items), ['plain-payload', 'extracted', 'lines-1', 'lines-2', 'gzip-extracted']);
    assert.deepEqual(d.malformed, []);
  });

  test('control messages and other control-plane streams are counted as skipped, not rejected', () => {
    const d = decodeRecords([record(controlMessage()), record(dataMessage('c', AUTHENTICATOR_STREAM, ['time=... msg="access granted"'])), record(dataMessage('c', 'kube-scheduler-abc', ['I0314 scheduled']))], LIMITS);
    assert.equal(d.controlMessages, 1);
    assert.equal(d.otherStreams, 2);
    assert.deepEqual(d.items, []);
    assert.deepEqual(d.malformed, []);
  });

  test('malformed pieces are counted with their reasons while good ones in the same request still decode', () => {
    const notGzip = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('garbage that is not deflate')]);
    const truncated = `${line('cut').slice(0, 200)}[Truncated...]`;
    const d = decodeRecords(
      [
        { data: 'not base64!' },
        { nodata: true },
        { data: notGzip.toString('base64') },
        record('this is not JSON', 'plain'),
        record({ hello: 'world' }),
        record({ ...dataMessage('c', AUDIT_STREAMS[0]!, []), messageType: 'SOMETHING_ELSE' }),
        record(dataMessage('c', AUDIT_STREAMS[0]!, [line('good-1'), '{not json', truncated, line('good-2')])),
      ],
      LIMITS,
    );
    assert.deepEqual(ids(d.items), ['good-1', 'good-2']);
    assert.deepEqual(d.itemRecords, [6, 6]);
    assert.deepEqual(
      d.malformed.map((m) => [m.record, m.code]),
      [
        [0, 'bad_base64'],
        [1, 'bad_record'],
        [2, 'bad_gzip'],
        [3, 'not_json'],
        [4, 'unknown_payload'],
        [5, 'unknown_message_type'],
        [6, 'not_json'],
        [6, 'truncated_event'],
      ],
    );
    for (const m of d.malformed) assert.ok(m.reason.length > 10, `a readable reason: ${m.reason}`);
  });

  test('a gzip bomb is cut at the record cap; the request cap bounds what all records expand to', () => {
    const bomb = { data: gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)).toString('base64') };
    assert.ok(bomb.data.length < 200 * 1024, 'the bomb is small on the wire');
    const before = process.memoryUsage().rss;
    const d = decodeRecords([bomb, record(dataMessage('c', AUDIT_STREAMS[0]!, [line('after-bomb')]))], LIMITS);
    assert.deepEqual(ids(d.items), ['after-bomb']);
    assert.deepEqual(d.malformed.map((m) => m.code), ['record_too_large']);
    assert.ok(process.memoryUsage().rss - before < 48 * 1024 * 1024, 'the bomb was not expanded in full');

    // Records of ~300 KB each under a 1 MB request budget: the fourth no longer fits.
    const big = (id: string) => record(dataMessage('c', AUDIT_STREAMS[0]!, [JSON.stringify({ ...ev(id), pad: 'x'.repeat(300 * 1024) })]));
    const r = decodeRecords([big('1'), big('2'), big('3'), big('4')], { maxRecordBytes: 1024 * 1024, maxRequestBytes: 1024 * 1024 });
    assert.deepEqual(ids(r.items), ['1', '2', '3']);
    assert.deepEqual(r.malformed.map((m) => [m.record, m.code]), [[3, 'request_too_large']]);
  });
});
