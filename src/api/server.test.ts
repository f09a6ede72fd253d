// The HTTP server over real HTTP: authentication, audit ingest, problem+json errors and findings.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CONFIG } from '../app/config.js';
import { loadIntelIndex } from '../app/intel.js';
import { openVigil, type Vigil } from '../app/open.js';
import { ensureAdminToken, issueToken } from '../app/tokens.js';
import { systemClock } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import { anonymousEvent, auditEvent, eventList, execEvent, privilegedPodEvent } from '../testing/audit-events.js';
import { dns } from '../testing/tracee-events.js';
import { buildServer } from './server.js';

describe('vigil HTTP server', () => {
  let dir: string;
  let vigil: Vigil;
  let app: FastifyInstance;
  let base: string;
  let admin: string;
  let ingest: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-server-'));
    vigil = await openVigil({ ...DEFAULT_CONFIG, ingest: { ...DEFAULT_CONFIG.ingest, maxBodyBytes: 64 * 1024, maxQueuedBatches: 8 } }, dir, systemClock);
    await vigil.store.addCluster({ name: 'prod', detectorId: 'a'.repeat(32), createdAt: Date.now(), platform: 'eks', arn: null });
    admin = (await ensureAdminToken(vigil.store, dir, Date.now())).secret;
    ingest = (await issueToken(vigil.store, 'ingest', { cluster: 'prod', now: Date.now() })).secret;
    app = await buildServer({
      store: vigil.store,
      pipeline: vigil.pipeline,
      samples: vigil.samples,
      maxBodyBytes: 64 * 1024,
      onIntelChange: async () => vigil.pipeline.setIntel(await loadIntelIndex(vigil.store)),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    assert.ok(addr && typeof addr === 'object');
    base = `http://127.0.0.1:${addr.port}`;
  });

  after(async () => {
    await app.close();
    await vigil.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string, token: string | null = ingest, ctype = 'application/json') =>
    fetch(`${base}/ingest/k8s-audit`, {
      method: 'POST',
      headers: { 'content-type': ctype, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  const get = (path: string, token: string | null = admin) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  test('health endpoints need no token', async () => {
    assert.equal((await get('/healthz', null)).status, 200);
    assert.equal((await get('/readyz', null)).status, 200);
  });

  test('ingest refuses a missing, wrong or admin token', async () => {
    const body = JSON.stringify(eventList([]));
    const missing = await post(body, null);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.match(missing.headers.get('www-authenticate') ?? '', /Bearer/);
    assert.equal((await post(body, 'vgl_ingest_wrong')).status, 401);
    assert.equal((await post(body, admin)).status, 403);
  });

  test('the API refuses a missing token and an ingest token', async () => {
    assert.equal((await get('/api/v1/findings', null)).status, 401);
    assert.equal((await get('/api/v1/findings', ingest)).status, 403);
  });

  test('every /api route refuses a missing token, and write routes refuse a viewer', async () => {
    const viewer = (await issueToken(vigil.store, 'api', { role: 'viewer', now: Date.now() })).secret;
    const routes: [string, string][] = [
      ['GET', '/api/v1/findings'], ['GET', `/api/v1/findings/${'0'.repeat(32)}`], ['GET', '/api/v1/clusters'], ['GET', '/api/v1/coverage'],
      ['GET', '/api/v1/intel'], ['POST', '/api/v1/intel'], ['DELETE', '/api/v1/intel/x'], ['POST', '/api/v1/findings/archive'],
      ['POST', '/api/v1/findings/unarchive'], ['POST', '/api/v1/findings/feedback'], ['GET', '/api/v1/tokens'], ['POST', '/api/v1/tokens'],
      ['DELETE', '/api/v1/tokens/x'], ['GET', '/api/v1/audit-log'],
    ];
    for (const [method, path] of routes) {
      const none = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      assert.equal(none.status, 401, `${method} ${path} without a token`);
      if (method !== 'GET') {
        const v = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}` }, ...(method === 'POST' ? { body: '{}' } : {}) });
        assert.equal(v.status, 403, `${method} ${path} as a viewer`);
      }
    }
  });

  test('bad bodies get a problem+json 400, 413 or 415 naming what was wrong', async () => {
    const notJson = await post('{"kind": "EventList", items: [');
    assert.equal(notJson.status, 400);
    const p = (await notJson.json()) as { code: string; detail: string; status: number };
    assert.equal(p.code, 'VIGIL_BAD_JSON');
    assert.equal(p.status, 400);
    assert.match(p.detail, /not valid JSON/);
    const notAudit = await post(JSON.stringify({ kind: 'PodList', items: [] }));
    assert.equal(notAudit.status, 400);
    assert.equal(((await notAudit.json()) as { code: string }).code, 'VIGIL_NOT_AUDIT');
    assert.equal((await post(JSON.stringify([1, 2]))).status, 400);
    const big = await post(JSON.stringify(eventList([auditEvent({ requestURI: '/x'.repeat(40000) })])));
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { code: string }).code, 'VIGIL_BODY_TOO_LARGE');
    assert.equal((await post('<xml/>', ingest, 'application/xml')).status, 415);
    assert.equal((await get('/healthz', null)).status, 200, 'the server is still up');
  });

  test('an empty batch is acknowledged', async () => {
    const r = await post(JSON.stringify(eventList([])));
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { accepted: number }).accepted, 0);
  });

  test('a batch is committed before 200: findings are there when the answer arrives', async () => {
    const batch = eventList([auditEvent(), execEvent('kube-system', 'coredns-7db6d8ff4d-x2x4k'), execEvent('default', 'web-1'), { kind: 'Event', auditID: 'broken' }]);
    const r = await post(JSON.stringify(batch));
    assert.equal(r.status, 200);
    const body = (await r.json()) as { accepted: number; rejected: number; rejections: { index: number; reason: string }[]; findings: { created: number } };
    assert.equal(body.accepted, 3);
    assert.equal(body.rejected, 1);
    assert.deepEqual(body.rejections, [{ index: 3, reason: 'missing or unknown stage' }]);
    assert.equal(body.findings.created, 1);
    const list = (await (await get('/api/v1/findings?type=Execution:Kubernetes/ExecInKubeSystemPod')).json()) as { findings: Finding[]; nextToken: string | null };
    assert.equal(list.findings.length, 1);
    const f = list.findings[0] as Finding;
    assert.equal(f.resource.eksClusterDetails.name, 'prod');
    assert.equal(f.service.action?.kubernetesApiCallAction?.statusCode, 101);
    const one = await get(`/api/v1/findings/${f.id}`);
    assert.equal(one.status, 200);
    assert.equal(((await one.json()) as Finding).id, f.id);
  });

  test('a re-sent batch and a later stage of the same request change nothing', async () => {
    const id = '5b0e7d5e-97a4-4a5e-8a57-0c8d0f3f2a11';
    const started = execEvent('kube-system', 'kube-proxy-abcde', { stage: 'ResponseStarted', auditID: id });
    const complete = execEvent('kube-system', 'kube-proxy-abcde', { stage: 'ResponseComplete', auditID: id });
    const body = JSON.stringify(eventList([started]));
    assert.equal((await post(body)).status, 200);
    const again = (await (await post(body)).json()) as { duplicates: number };
    assert.equal(again.duplicates, 1);
    const later = (await (await post(JSON.stringify(eventList([complete])))).json()) as { duplicates: number };
    assert.equal(later.duplicates, 1);
    const list = (await (await get('/api/v1/findings?type=Execution:Kubernetes/ExecInKubeSystemPod')).json()) as { findings: Finding[] };
    const f = list.findings.find((x) => x.service.action?.kubernetesApiCallAction?.resourceName === 'kube-proxy-abcde');
    assert.equal(f?.service.count, 1);
  });

  test('repeats aggregate into one finding with count and last seen', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await post(JSON.stringify(eventList([anonymousEvent('get', '/api/v1/namespaces/default/pods', { resource: 'pods', namespace: 'default', apiVersion: 'v1' })])))).status, 200);
    const list = (await (await get('/api/v1/findings?type=Discovery:Kubernetes/SuccessfulAnonymousAccess')).json()) as { findings: Finding[] };
    assert.equal(list.findings.length, 1);
    const f = list.findings[0] as Finding;
    assert.equal(f.service.count, 3);
    assert.ok(f.service.eventLastSeen > f.service.eventFirstSeen);
  });

  test('filters, severity ranges, sorting and paging', async () => {
    assert.equal((await post(JSON.stringify(eventList([privilegedPodEvent('p1', 'ubuntu:24.04'), privilegedPodEvent('p2', 'alpine:3.20')])))).status, 200);
    const all = (await (await get('/api/v1/findings?limit=1000')).json()) as { findings: Finding[] };
    assert.ok(all.findings.length >= 5);
    const medium = (await (await get('/api/v1/findings?severity=medium')).json()) as { findings: Finding[] };
    assert.ok(medium.findings.every((f) => f.severity >= 4 && f.severity < 7));
    const seen = new Set<string>();
    let token: string | null = null;
    do {
      const page = (await (await get(`/api/v1/findings?limit=2&sort=severity&order=asc${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`)).json()) as { findings: Finding[]; nextToken: string | null };
      for (const f of page.findings) {
        assert.equal(seen.has(f.id), false);
        seen.add(f.id);
      }
      token = page.nextToken;
    } while (token);
    assert.equal(seen.size, all.findings.length);
    const ns = (await (await get('/api/v1/findings?namespace=default&type=PrivilegeEscalation:Kubernetes/PrivilegedContainer')).json()) as { findings: Finding[] };
    assert.equal(ns.findings.length, 2);
    assert.equal((await get('/api/v1/findings?severity=extreme')).status, 400);
    assert.equal((await get('/api/v1/findings?limit=0')).status, 400);
    assert.equal((await get('/api/v1/findings?colour=red')).status, 400);
    assert.equal((await get('/api/v1/findings?nextToken=garbage')).status, 400);
    assert.equal((await get('/api/v1/findings/not-an-id')).status, 400);
    assert.equal((await get(`/api/v1/findings/${'0'.repeat(32)}`)).status, 404);
  });

  test('cluster status counts what was accepted and what was rejected, by reason', async () => {
    const r = await get('/api/v1/clusters');
    assert.equal(r.status, 200);
    const { clusters } = (await r.json()) as { clusters: { name: string; ingest: { source: string; accepted: number; rejected: Record<string, number>; lastEventAt: number | null }[] }[] };
    const prod = clusters.find((c) => c.name === 'prod');
    const webhook = prod?.ingest.find((s) => s.source === 'k8s-audit-webhook');
    assert.ok(webhook && webhook.accepted > 0);
    assert.equal(webhook.rejected.bad_stage, 1);
    assert.equal(typeof webhook.lastEventAt, 'number');
    assert.equal((await get('/api/v1/clusters', null)).status, 401);
  });

  test('intel lists: add through the API, judged immediately, listed, removed; viewers of the wrong kind refused', async () => {
    const send = (method: string, path: string, body?: unknown, token: string | null = admin) =>
      fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    assert.equal((await send('POST', '/api/v1/intel', { name: 'x', list: 'threat', content: '1.2.3.4' }, ingest)).status, 403);
    const bad = await send('POST', '/api/v1/intel', { name: 'x', list: 'evil', content: '1.2.3.4' });
    assert.equal(bad.status, 400);
    const empty = await send('POST', '/api/v1/intel', { name: 'x', list: 'threat', content: 'not an address\n' });
    assert.equal(empty.status, 400);
    assert.match(((await empty.json()) as { detail: string }).detail, /line 1/);
    const added = await send('POST', '/api/v1/intel', { name: 'scanners', list: 'threat', content: '203.0.113.25\nbogus\n' });
    assert.equal(added.status, 201);
    const body = (await added.json()) as { list: { entries: number; rejected: number }; refused: { line: number }[] };
    assert.equal(body.list.entries, 1);
    assert.deepEqual(body.refused.map((r) => r.line), [2]);
    assert.equal((await post(JSON.stringify(eventList([execEvent('default', 'web-2')])))).status, 200);
    const list = (await (await get('/api/v1/findings?type=Impact:Kubernetes/MaliciousIPCaller.Custom')).json()) as { findings: Finding[] };
    assert.equal(list.findings.length, 1);
    assert.equal(list.findings[0]?.service.evidence?.threatIntelligenceDetails[0]?.threatListName, 'scanners');
    const lists = (await (await get('/api/v1/intel')).json()) as { lists: { name: string }[]; builtin: { name: string }[] };
    assert.deepEqual(lists.lists.map((l) => l.name), ['scanners']);
    assert.ok(lists.builtin.some((b) => b.name === 'tor-exit-nodes'));
    assert.equal((await send('DELETE', '/api/v1/intel/scanners')).status, 204);
    assert.equal((await send('DELETE', '/api/v1/intel/scanners')).status, 404);
  });

  test('runtime ingest: Tracee events as JSON lines, committed before 200, and bad bodies refused', async () => {
    const postRuntime = (body: string, path = '/ingest/runtime/tracee?node=ip-10-0-12-34', token: string | null = ingest) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
    const lines = [dns('pool.supportxmr.com'), dns('api.stripe.com'), { eventName: 'sched_process_exec' }].map((x) => JSON.stringify(x)).join('\n') + '\nnot json\n';
    assert.equal((await postRuntime(lines, undefined, null)).status, 401);
    assert.equal((await postRuntime(lines, '/ingest/runtime/sysdig')).status, 404);
    const r = await postRuntime(lines);
    assert.equal(r.status, 200);
    const body = (await r.json()) as { accepted: number; rejected: number; findings: { created: number } };
    assert.equal(body.accepted, 2);
    assert.equal(body.rejected, 2);
    assert.equal(body.findings.created, 1);
    const list = (await (await get('/api/v1/findings?type=CryptoCurrency:Runtime/BitcoinTool.B!DNS')).json()) as { findings: Finding[] };
    assert.equal(list.findings.length, 1);
    assert.equal((await postRuntime('')).status, 400);
    const cov = (await (await get('/api/v1/coverage')).json()) as {
      clusters: { name: string; audit: { status: string }; runtime: { status: string; nodes: { node: string; sensor: string; events: number; status: string }[] }; sources: { source: string; label: string; status: string; accepted: number; rejected: number; lagMs: number }[] }[];
    };
    const prod = cov.clusters.find((c) => c.name === 'prod');
    assert.deepEqual(prod?.runtime.nodes.map((n) => [n.node, n.sensor, n.events]), [['ip-10-0-12-34', 'tracee', 2]]);
    assert.equal(prod?.runtime.nodes[0]?.status, 'stale', 'the test events are months old: stale after 10 minutes of silence');
    assert.equal(prod?.runtime.status, 'UNHEALTHY');
    assert.equal(prod?.audit.status, 'stale');
    // The sensor's source delivered just now (receiving) although its events are months old (lag).
    const tracee = prod?.sources.find((x) => x.source === 'runtime/tracee');
    assert.equal(tracee?.label, 'runtime sensor (tracee)');
    assert.equal(tracee?.status, 'receiving');
    assert.deepEqual([tracee?.accepted, tracee?.rejected], [2, 2]);
    assert.ok((tracee?.lagMs ?? 0) > 30 * 24 * 3_600_000, `lag ${tracee?.lagMs}`);
  });

  test('a suppression rule archives new and repeated findings of its type, says which rule, and can be removed', async () => {
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const bad = await send('POST', '/api/v1/filters', { name: 'x1x', action: 'ARCHIVE', findingCriteria: { criterion: { type: { like: ['x'] } } }, reason: 'r' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { detail: string }).detail, /unknown operator like/);
    const noReason = await send('POST', '/api/v1/filters', { name: 'x2x', action: 'ARCHIVE', findingCriteria: { criterion: { type: { eq: ['T'] } } } });
    assert.equal(noReason.status, 400);
    const created = await send('POST', '/api/v1/filters', {
      name: 'kube-system-exec-by-oncall',
      action: 'ARCHIVE',
      reason: 'on-call runbook execs into kube-proxy',
      findingCriteria: { criterion: { type: { eq: ['Execution:Kubernetes/ExecInKubeSystemPod'] }, 'service.action.kubernetesApiCallAction.resourceName': { matches: ['suppressed-*'] } } },
    });
    assert.equal(created.status, 201);
    assert.equal((await post(JSON.stringify(eventList([execEvent('kube-system', 'suppressed-1'), execEvent('kube-system', 'suppressed-1')])))).status, 200);
    const archived = (await (await get('/api/v1/findings?archived=true&type=Execution:Kubernetes/ExecInKubeSystemPod')).json()) as { findings: Finding[] };
    const f = archived.findings.find((x) => x.service.action?.kubernetesApiCallAction?.resourceName === 'suppressed-1');
    assert.ok(f, 'stored archived');
    assert.equal(f.service.count, 2);
    assert.equal((JSON.parse(f.service.additionalInfo.value) as { suppressedBy: string }).suppressedBy, 'kube-system-exec-by-oncall');
    const current = (await (await get('/api/v1/findings?archived=false&type=Execution:Kubernetes/ExecInKubeSystemPod')).json()) as { findings: Finding[] };
    assert.equal(current.findings.some((x) => x.id === f.id), false);
    assert.equal((await send('DELETE', '/api/v1/filters/kube-system-exec-by-oncall')).status, 204);
    assert.equal((await post(JSON.stringify(eventList([execEvent('kube-system', 'suppressed-2')])))).status, 200);
    const after = (await (await get('/api/v1/findings?archived=false&type=Execution:Kubernetes/ExecInKubeSystemPod')).json()) as { findings: Finding[] };
    assert.ok(after.findings.some((x) => x.service.action?.kubernetesApiCallAction?.resourceName === 'suppressed-2'), 'no longer suppressed');
  });

  test('sample findings: one per requested type, marked as samples, counted in statistics', async () => {
    const send = (body: unknown) => fetch(`${base}/api/v1/findings/samples`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify(body) });
    const before = (await (await get('/api/v1/findings/statistics')).json()) as { total: number };
    const types = ['Policy:Kubernetes/ExposedDashboard', 'Execution:Runtime/NewBinaryExecuted', 'CryptoCurrency:Runtime/BitcoinTool.B!DNS', 'Nope:Kubernetes/Nothing'];
    const r = await send({ types });
    assert.equal(r.status, 201);
    assert.deepEqual(await r.json(), { created: 3, unknown: ['Nope:Kubernetes/Nothing'] });
    const list = (await (await get('/api/v1/findings?limit=1000')).json()) as { findings: Finding[] };
    const samples = list.findings.filter((f) => (JSON.parse(f.service.additionalInfo.value) as { sample?: boolean }).sample === true);
    assert.deepEqual(samples.map((f) => f.type).sort(), types.slice(0, 3).sort());
    for (const f of samples) assert.match(f.title, /^\[SAMPLE\] /);
    const after = (await (await get('/api/v1/findings/statistics')).json()) as { total: number; bySeverity: Record<string, number>; byType: Record<string, number> };
    assert.equal(after.total, before.total + 3);
    assert.ok((after.byType['Execution:Runtime/NewBinaryExecuted'] ?? 0) >= 1);
    assert.equal((await get('/api/v1/findings/statistics?archived=maybe')).status, 400);
  });

  test('sample findings obey suppression rules like real ones', async () => {
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const type = 'Persistence:Kubernetes/ContainerWithSensitiveMount';
    const created = await send('POST', '/api/v1/filters', { name: 'no-sensitive-mount', action: 'ARCHIVE', reason: 'sample check', findingCriteria: { criterion: { type: { eq: [type] } } } });
    assert.equal(created.status, 201);
    const r = await send('POST', '/api/v1/findings/samples', { types: [type] });
    assert.deepEqual(await r.json(), { created: 1, unknown: [] });
    const archived = (await (await get(`/api/v1/findings?archived=true&type=${encodeURIComponent(type)}`)).json()) as { findings: Finding[] };
    assert.equal(archived.findings.length, 1);
    assert.equal((JSON.parse(archived.findings[0]!.service.additionalInfo.value) as { suppressedBy: string }).suppressedBy, 'no-sensitive-mount');
    assert.equal((await send('DELETE', '/api/v1/filters/no-sensitive-mount')).status, 204);
  });

  test('/metrics: Prometheus text with ingest, rejection, findings, queue and rule counters; needs a token', async () => {
    assert.equal((await get('/metrics', null)).status, 401);
    const r = await get('/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    assert.match(text, /^vigil_events_total\{cluster="prod",source="k8s-audit-webhook",outcome="judged"\} [1-9]\d*$/m);
    assert.match(text, /^vigil_events_rejected_total\{cluster="prod",source="k8s-audit-webhook",reason="bad_stage"\} 1$/m);
    assert.match(text, /^vigil_findings\{type="Execution:Kubernetes\/ExecInKubeSystemPod"\} \d+$/m);
    assert.match(text, /^vigil_ingest_queue_depth 0$/m);
    assert.match(text, /^vigil_store_commit_seconds_count [1-9]\d*$/m);
    assert.match(text, /^vigil_rule_matches_total\{rule="exec-in-kube-system-pod"\} [1-9]\d*$/m);
    assert.match(text, /^vigil_state_entries\{component="detector\/first-seen\/privileged-container"\} \d+$/m);
  });

  test('a disabled feature ingests nothing, says so, and counts the refusal', async () => {
    const put = (body: unknown, token = admin) =>
      fetch(`${base}/api/v1/clusters/prod/features`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    assert.equal((await put({ auditLogs: 'no' })).status, 400);
    assert.deepEqual(await (await put({ auditLogs: false })).json(), { auditLogs: false, runtimeMonitoring: true });
    const r = await post(JSON.stringify(eventList([execEvent('kube-system', 'while-disabled')])));
    assert.equal(r.status, 200);
    const body = (await r.json()) as { accepted: number; refused: number; reason: string };
    assert.equal(body.accepted, 0);
    assert.equal(body.refused, 1);
    assert.match(body.reason, /disabled/);
    const list = (await (await get('/api/v1/findings?limit=1000')).json()) as { findings: Finding[] };
    assert.equal(list.findings.some((f) => f.service.action?.kubernetesApiCallAction?.resourceName === 'while-disabled'), false);
    const clusters = (await (await get('/api/v1/clusters')).json()) as { clusters: { name: string; features: { auditLogs: boolean }; ingest: { source: string; rejected: Record<string, number> }[] }[] };
    const prod = clusters.clusters.find((c) => c.name === 'prod');
    assert.equal(prod?.features.auditLogs, false);
    assert.equal(prod?.ingest.find((s) => s.source === 'k8s-audit-webhook')?.rejected.feature_disabled, 1);
    assert.deepEqual(await (await put({ auditLogs: true })).json(), { auditLogs: true, runtimeMonitoring: true });
  });

  test('unknown routes are 404 problem+json', async () => {
    const r = await get('/nope', null);
    assert.equal(r.status, 404);
    assert.equal(((await r.json()) as { code: string }).code, 'VIGIL_NOT_FOUND');
  });
});
