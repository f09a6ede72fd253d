// POST /ingest/firehose over real HTTP, through the real pipeline into the real SQLite store: the EKS
// workshop audit log delivered as Firehose requests of gzip'd CloudWatch Logs payloads must produce
// the same findings as replaying the log natively, with Firehose's request/response contract.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Finding } from '../../core/finding.js';
import type { Store } from '../../store/store.js';
import { FIXTURES } from '../../testing/cli.js';
import { startIngestServer, type IngestServer } from '../../testing/ingest-server.js';
import { AUDIT_STREAMS, auditLines, auditLogRequests, dataMessage, firehoseBody, record, requestId, type FirehoseBody } from '../../testing/firehose-requests.js';
import type { FirehoseSummary } from './route.js';

const WORKSHOP = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>;
const EXPECTED_VIGIL = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected-vigil.json'), 'utf8')) as Record<string, number>;
const MAX_BODY = 2 * 1024 * 1024;

interface Answer {
  status: number;
  ctype: string;
  body: { requestId: string; timestamp: number; errorMessage?: string; vigil?: FirehoseSummary & { duplicateRequest?: true } };
}

describe('POST /ingest/firehose (EKS audit logs via CloudWatch Logs → Firehose)', () => {
  let server: IngestServer;
  let store: Store;
  let base: string;
  let keys: Record<string, string>;

  before(async () => {
    server = await startIngestServer({ clusters: ['workshop', 'mixed', 'example'], platform: 'eks', maxBodyBytes: MAX_BODY });
    ({ store, base, keys } = server);
  });

  after(() => server.close());

  async function post(body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
    const r = await fetch(`${base}/ingest/firehose`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-firehose-protocol-version': '1.0', ...headers }, body });
    return { status: r.status, ctype: r.headers.get('content-type') ?? '', body: (await r.json()) as Answer['body'] };
  }
  const deliver = (cluster: string, b: FirehoseBody, extra: Record<string, string> = {}) =>
    post(JSON.stringify(b), { 'x-amz-firehose-request-id': b.requestId, 'x-amz-firehose-access-key': keys[cluster]!, ...extra });

  async function findingsOf(cluster: string): Promise<Finding[]> {
    return (await store.listFindings({ clusters: [cluster], limit: 1000 })).findings;
  }
  function countByType(fs: Finding[], catalog: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of fs.filter((x) => (JSON.parse(x.service.additionalInfo.value) as { catalog: string }).catalog === catalog)) out[f.type] = (out[f.type] ?? 0) + 1;
    return out;
  }
  const stats = async (cluster: string) => (await store.ingestStats()).find((s) => s.cluster === cluster && s.source === 'eks-firehose');

  const requests = auditLogRequests(WORKSHOP, 'workshop');

  test('the workshop log delivered through Firehose raises the same findings as a native replay', async () => {
    assert.ok(requests.length >= 3, 'several Firehose requests');
    const before = Date.now();
    for (const b of requests) {
      const a = await deliver('workshop', b);
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.match(a.ctype, /^application\/json/);
      assert.equal(a.body.requestId, b.requestId, 'the answer echoes the request id');
      assert.ok(a.body.timestamp >= before && a.body.timestamp <= Date.now(), 'timestamp is the answer time in epoch ms');
      assert.equal(a.body.errorMessage, undefined);
      assert.equal(a.body.vigil?.rejected, 0, JSON.stringify(a.body.vigil?.rejections));
    }
    const fs = await findingsOf('workshop');
    assert.deepEqual(countByType(fs, 'guardduty'), EXPECTED);
    assert.deepEqual(countByType(fs, 'vigil'), EXPECTED_VIGIL);
    assert.equal(fs.find((f) => f.type === 'Policy:Kubernetes/AnonymousAccessGranted')?.service.count, 2);
    for (const f of fs) assert.equal(f.resource.eksClusterDetails.name, 'workshop');

    const s = await stats('workshop');
    assert.ok(s, 'ingest counters under source eks-firehose');
    assert.equal(s.accepted + s.skipped + s.duplicates, WORKSHOP.length + 2, 'every event counted, plus the control and authenticator records as skipped');
    assert.deepEqual(s.rejected, {});
  });

  test('the first request skips its CONTROL_MESSAGE and authenticator-stream records and says so', async () => {
    const first = requests[0]!;
    const a = await deliver('workshop', { ...first, requestId: 'another-id-so-it-is-judged-again' });
    assert.equal(a.status, 200);
    assert.equal(a.body.vigil?.skipped.controlMessages, 1);
    assert.equal(a.body.vigil?.skipped.otherStreams, 1);
    assert.equal(a.body.vigil?.records, first.records.length);
  });

  test('a retried request id is answered 200 without judging again; nothing is counted twice', async () => {
    const counts = new Map((await findingsOf('workshop')).map((f) => [f.id, f.service.count]));
    const statsBefore = await stats('workshop');
    for (const b of requests) {
      const a = await deliver('workshop', b);
      assert.equal(a.status, 200);
      assert.equal(a.body.requestId, b.requestId);
      assert.equal(a.body.vigil?.duplicateRequest, true);
    }
    assert.deepEqual(await stats('workshop'), statsBefore, 'retries were not judged');
    // Even with the request ids forgotten (a restart), per-event keys keep findings from doubling.
    for (const [i, b] of requests.entries()) assert.equal((await deliver('workshop', { ...b, requestId: `forgotten-${i}` })).status, 200);
    assert.deepEqual(new Map((await findingsOf('workshop')).map((f) => [f.id, f.service.count])), counts);
  });

  test('a wrong, missing or non-ingest access key gets 401/403 in Firehose error shape; a bearer token works too', async () => {
    const b = firehoseBody('auth-1', [record(dataMessage('mixed', AUDIT_STREAMS[0]!, [WORKSHOP[0]!]))]);
    for (const headers of [{ 'x-amz-firehose-access-key': 'wrong-key' }, {}] as Record<string, string>[]) {
      const a = await post(JSON.stringify(b), { 'x-amz-firehose-request-id': 'auth-1', ...headers });
      assert.equal(a.status, 401);
      assert.match(a.ctype, /^application\/json/);
      assert.equal(a.body.requestId, 'auth-1');
      assert.equal(typeof a.body.timestamp, 'number');
      assert.match(a.body.errorMessage ?? '', /token|access key/);
    }
    const ok = await post(JSON.stringify(b), { 'x-amz-firehose-request-id': 'auth-1', authorization: `Bearer ${keys.mixed!}` });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.vigil?.events, 1);
  });

  test('malformed records are counted with reasons while good records in the same request are ingested', async () => {
    const notAudit = JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x' } });
    const b = firehoseBody('mixed-1', [
      { data: '%%% not base64 %%%' },
      { data: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]).toString('base64') },
      record('plain text, not JSON', 'plain'),
      record(dataMessage('mixed', AUDIT_STREAMS[0]!, [WORKSHOP[0]!, notAudit, '{"kind":"Event","auditID":"x" [Truncated...]', WORKSHOP[1]!])),
    ]);
    const a = await deliver('mixed', b);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const v = a.body.vigil!;
    assert.equal(v.events, 3, 'two audit events and the non-audit message reach the pipeline');
    assert.equal(v.accepted, 2);
    assert.deepEqual(v.rejections.map((r) => [r.record, r.code]).sort(), [
      [0, 'bad_base64'],
      [1, 'bad_gzip'],
      [2, 'not_json'],
      [3, 'bad_kind'],
      [3, 'truncated_event'],
    ]);
    assert.equal(v.rejected, 5);
    for (const r of v.rejections) assert.ok(r.reason.length > 0);
    const s = await stats('mixed');
    assert.equal(s?.rejected.bad_base64, 1);
    assert.equal(s?.rejected.bad_gzip, 1);
    assert.equal(s?.rejected.not_json, 1);
    assert.equal(s?.rejected.truncated_event, 1);
    assert.equal(s?.rejected.bad_kind, 1, 'the non-audit message is rejected by the pipeline, counted as usual');
  });

  test('a gzip bomb record is refused without crashing; a gzip bomb body gets 413', async () => {
    const bomb = { data: gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64') };
    const a = await deliver('mixed', firehoseBody('bomb-1', [bomb, record(dataMessage('mixed', AUDIT_STREAMS[1]!, [WORKSHOP[2]!]))]));
    assert.equal(a.status, 200);
    assert.deepEqual(a.body.vigil?.rejections.map((r) => r.code), ['record_too_large']);
    assert.equal(a.body.vigil?.accepted, 1);

    const body = gzipSync(Buffer.concat([Buffer.from('{"requestId":"bomb-2","timestamp":1,"records":[],"pad":"'), Buffer.alloc(64 * 1024 * 1024, 0x61), Buffer.from('"}')]));
    assert.ok(body.length < MAX_BODY);
    const big = await post(body, { 'content-encoding': 'gzip', 'x-amz-firehose-request-id': 'bomb-2', 'x-amz-firehose-access-key': keys.mixed! });
    assert.equal(big.status, 413);
    assert.equal(big.body.requestId, 'bomb-2');
    assert.match(big.body.errorMessage ?? '', /larger than/);
    assert.equal((await fetch(`${base}/healthz`)).status, 200, 'the server is still up');

    // Over the body limit before decompression: fastify's refusal, still in Firehose's shape.
    const huge = await post(JSON.stringify({ requestId: 'huge-1', timestamp: 1, records: [{ data: 'A'.repeat(MAX_BODY) }] }), { 'x-amz-firehose-request-id': 'huge-1', 'x-amz-firehose-access-key': keys.mixed! });
    assert.equal(huge.status, 413);
    assert.match(huge.ctype, /^application\/json/);
    assert.equal(huge.body.requestId, 'huge-1');
    assert.match(huge.body.errorMessage ?? '', /maxBodyBytes/);
  });

  test('a gzip Content-Encoding body is accepted', async () => {
    const b = firehoseBody('gz-1', [record(dataMessage('mixed', AUDIT_STREAMS[0]!, [WORKSHOP[3]!]))]);
    const a = await post(gzipSync(JSON.stringify(b)), { 'content-encoding': 'gzip', 'x-amz-firehose-request-id': 'gz-1', 'x-amz-firehose-access-key': keys.mixed! });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.requestId, 'gz-1');
    assert.equal(a.body.vigil?.accepted, 1);
  });

  test('a body that is not a Firehose delivery gets 400 with errorMessage', async () => {
    for (const body of ['not json at all', JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [] }), '[]']) {
      const a = await post(body, { 'x-amz-firehose-request-id': 'bad-1', 'x-amz-firehose-access-key': keys.mixed! });
      assert.equal(a.status, 400, body);
      assert.equal(a.body.requestId, 'bad-1');
      assert.match(a.body.errorMessage ?? '', /JSON|Firehose/);
    }
  });

  test('the checked-in recorded request: control message skipped, audit events ingested, authenticator skipped', async () => {
    const text = readFileSync(join(FIXTURES, 'eks-firehose', 'request.json'), 'utf8');
    const b = JSON.parse(text) as FirehoseBody;
    assert.equal(b.requestId, requestId(0));
    const a = await post(text, { 'x-amz-firehose-request-id': b.requestId, 'x-amz-firehose-access-key': keys.example! });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const v = a.body.vigil!;
    assert.deepEqual([v.records, v.events, v.rejected, v.skipped.controlMessages, v.skipped.otherStreams], [4, 4, 0, 1, 1]);
    assert.equal(v.accepted + v.skipped.events, 4);
  });
});
