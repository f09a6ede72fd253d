// POST /ingest/gke/pubsub over real HTTP, through the real pipeline into the real SQLite store: the
// workshop audit log re-expressed as GKE LogEntries and pushed one Pub/Sub message per request must
// raise the same findings as the native log, differing exactly where GKE lacks fields.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Finding } from '../../core/finding.js';
import type { Store } from '../../store/store.js';
import { FIXTURES } from '../../testing/cli.js';
import { startIngestServer, type IngestServer } from '../../testing/ingest-server.js';
import { issueToken } from '../../app/tokens.js';
import { auditLines } from '../../testing/firehose-requests.js';
import { byKey, gkeViewOf } from '../../testing/gke-findings.js';
import { WORKSHOP_ENTRIES, gkeEntries, logEntry, messageId, pushEnvelope } from '../../testing/gke-log-entries.js';
import type { GkePushSummary } from './route.js';

const WORKSHOP = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));
const ENTRIES = auditLines(WORKSHOP_ENTRIES).map((l) => JSON.parse(l) as Record<string, unknown>);
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>;
const EXPECTED_VIGIL = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected-vigil.json'), 'utf8')) as Record<string, number>;

type Answer = { status: number; headers: Headers; body: GkePushSummary & { duplicateMessage?: true; code?: string; detail?: string } };

describe('POST /ingest/gke/pubsub (GKE audit logs via Cloud Logging → Pub/Sub push)', () => {
  let server: IngestServer;
  let store: Store;
  let base: string;
  let keys: Record<string, string>;

  before(async () => {
    server = await startIngestServer({ clusters: ['workshop', 'native', 'mixed', 'vigil-prod'], platform: 'gke', maxBodyBytes: 1024 * 1024 });
    ({ store, base, keys } = server);
    await server.pipeline.ingest(server.clusters.native!, WORKSHOP.map((l) => JSON.parse(l) as unknown), 'k8s-audit-webhook');
  });

  after(() => server.close());

  async function post(body: unknown, query: string, headers: Record<string, string> = {}): Promise<Answer> {
    const r = await fetch(`${base}/ingest/gke/pubsub${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: r.status, headers: r.headers, body: (await r.json()) as Answer['body'] };
  }
  const push = (cluster: string, entry: unknown, id: string, extra = '') => post(pushEnvelope(entry as Record<string, unknown>, id), `?token=${keys[cluster]!}${extra}`);
  const findingsOf = async (cluster: string): Promise<Finding[]> => (await store.listFindings({ clusters: [cluster], limit: 1000 })).findings;
  const stats = async (cluster: string) => (await store.ingestStats()).find((s) => s.cluster === cluster && s.source === 'gke-pubsub');
  function countByType(fs: Finding[], catalog: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of fs.filter((x) => (JSON.parse(x.service.additionalInfo.value) as { catalog: string }).catalog === catalog)) out[f.type] = (out[f.type] ?? 0) + 1;
    return out;
  }

  test('the checked-in fixture is the workshop log as GKE writes it (regenerate with gke-log-entries --write)', () => {
    assert.deepEqual(ENTRIES, gkeEntries(WORKSHOP, 'workshop'));
    assert.equal(ENTRIES.length, 405, 'one entry per request: 450 events, 2 RequestReceived and 43 second stages dropped');
  });

  test('the workshop pushed as GKE entries raises the same findings as the native log', async () => {
    for (const [i, entry] of ENTRIES.entries()) {
      const a = await push('workshop', entry, messageId(i));
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.deepEqual(a.body.rejected, [], JSON.stringify(a.body));
      assert.equal(a.body.messageId, messageId(i));
    }
    const fs = await findingsOf('workshop');
    assert.deepEqual(countByType(fs, 'guardduty'), EXPECTED);
    assert.deepEqual(countByType(fs, 'vigil'), EXPECTED_VIGIL);
    assert.equal(fs.find((f) => f.type === 'Policy:Kubernetes/AnonymousAccessGranted')?.service.count, 2);
    const s = await stats('workshop');
    assert.equal((s?.accepted ?? 0) + (s?.skipped ?? 0) + (s?.duplicates ?? 0), ENTRIES.length, 'every entry counted once');
    assert.deepEqual(s?.rejected, {});
  });

  test('each finding equals the native one minus exactly what GKE does not log', async () => {
    const native = byKey(await findingsOf('native'), 'native');
    const gke = byKey(await findingsOf('workshop'), 'workshop');
    assert.deepEqual([...gke.keys()].sort(), [...native.keys()].sort());
    for (const [k, v] of native) assert.deepEqual(gke.get(k), gkeViewOf(v), k);
    // The differences spelled out on the exec finding: command and container were in the query string.
    const exec = (fs: Map<string, Record<string, unknown>>) => [...fs.values()].find((f) => f.type === 'Execution:Kubernetes/ExecInKubeSystemPod') as { action: { kubernetesApiCallAction: { requestUri: string; parameters: string } }; user: unknown };
    assert.equal(exec(native).action.kubernetesApiCallAction.parameters, '{"command":["pwd"],"container":"nginx"}');
    assert.equal(exec(gke).action.kubernetesApiCallAction.parameters, '{}');
    assert.equal(exec(native).action.kubernetesApiCallAction.requestUri, '/api/v1/namespaces/kube-system/pods/nginx/exec?command=pwd&container=nginx&stderr=true&stdout=true');
    assert.equal(exec(gke).action.kubernetesApiCallAction.requestUri, '/api/v1/namespaces/kube-system/pods/nginx/exec');
    assert.deepEqual(exec(native).user, { username: 'arn:aws:sts::111122223333:assumed-role/eks-admin/alice', uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEADMIN01', groups: ['system:masters', 'system:authenticated'], sessionName: ['alice'] });
    assert.deepEqual(exec(gke).user, { username: 'arn:aws:sts::111122223333:assumed-role/eks-admin/alice' });
  });

  test('a redelivered message (same messageId) is acknowledged without being judged again', async () => {
    const before = await stats('workshop');
    const counts = new Map((await findingsOf('workshop')).map((f) => [f.id, f.service.count]));
    for (const i of [0, 17, 200]) {
      const a = await push('workshop', ENTRIES[i], messageId(i));
      assert.equal(a.status, 200);
      assert.equal(a.body.duplicateMessage, true);
    }
    assert.deepEqual(await stats('workshop'), before, 'nothing counted twice');
    // Cloud Logging may publish one entry twice under new message ids: the auditID keeps findings single.
    for (const [i, entry] of ENTRIES.entries()) assert.equal((await push('workshop', entry, `republished-${i}`)).status, 200);
    assert.deepEqual(new Map((await findingsOf('workshop')).map((f) => [f.id, f.service.count])), counts);
  });

  test('the token in ?token= or a Bearer header authenticates; a wrong or missing one gets 401, an API token 403', async () => {
    const env = pushEnvelope(ENTRIES[3]!, 'auth-1');
    for (const q of ['?token=wrong', '']) {
      const a = await post(env, q);
      assert.equal(a.status, 401, q);
      assert.equal(a.body.code, 'VIGIL_UNAUTHORIZED');
      assert.match(a.body.detail ?? '', /token/);
    }
    const apiToken = (await issueToken(store, 'api', { role: 'admin', now: Date.now() })).secret;
    assert.equal((await post(env, `?token=${apiToken}`)).status, 403);
    const viaHeader = await post(pushEnvelope(logEntry(JSON.parse(WORKSHOP[3]!) as Record<string, unknown>, 'mixed'), 'auth-2'), '', { authorization: `Bearer ${keys.mixed!}` });
    assert.equal(viaHeader.status, 200, JSON.stringify(viaHeader.body));
    assert.equal(viaHeader.body.accepted, 1);
  });

  test('undecodable messages are acknowledged (200) and counted with their reason; skipped entries too', async () => {
    const good = logEntry(JSON.parse(WORKSHOP[5]!) as Record<string, unknown>, 'mixed');
    const cases: [unknown, string, 'rejected' | 'skipped'][] = [
      [{ message: { data: '%%% not base64 %%%', messageId: 'bad-1' }, subscription: 's' }, 'bad_base64', 'rejected'],
      [pushEnvelope('not json {', 'bad-2'), 'not_json', 'rejected'],
      [pushEnvelope({ kind: 'Pod', apiVersion: 'v1' }, 'bad-3'), 'not_log_entry', 'rejected'],
      [pushEnvelope({ ...good, resource: { type: 'k8s_cluster', labels: { cluster_name: 'someone-else' } } }, 'bad-4'), 'other_cluster', 'rejected'],
      [pushEnvelope({ ...good, protoPayload: { ...(good.protoPayload as object), serviceName: 'container.googleapis.com' } }, 'skip-1'), 'not_k8s_audit', 'skipped'],
      [pushEnvelope({ ...good, resource: { type: 'gke_cluster', labels: {} } }, 'skip-2'), 'not_k8s_cluster', 'skipped'],
      [pushEnvelope({ insertId: 'x', logName: 'projects/p/logs/stdout', textPayload: 'hello' }, 'skip-3'), 'not_k8s_audit', 'skipped'],
    ];
    for (const [env, code, kind] of cases) {
      const a = await post(env, `?token=${keys.mixed!}`);
      assert.equal(a.status, 200, code);
      if (kind === 'rejected') assert.deepEqual(a.body.rejected.map((r) => r.code), [code]);
      else assert.deepEqual(a.body.skipped, { [code]: 1 });
      assert.equal(a.body.accepted, 0);
    }
    const s = await stats('mixed');
    assert.deepEqual(s?.rejected, { bad_base64: 1, not_json: 1, not_log_entry: 1, other_cluster: 1 });
    assert.equal(s?.skipped, 3);
    // A poison message is acknowledged once; its redelivery is answered from memory.
    assert.equal((await post(pushEnvelope('not json {', 'bad-2'), `?token=${keys.mixed!}`)).body.duplicateMessage, true);
  });

  test('entries of the GKE cluster named by ?gkeCluster= go to the token\'s Vigil cluster', async () => {
    const entry = logEntry(JSON.parse(WORKSHOP[7]!) as Record<string, unknown>, 'prod-eu-1');
    const refused = await push('vigil-prod', entry, 'map-1');
    assert.equal(refused.body.rejected[0]?.code, 'other_cluster');
    assert.match(refused.body.rejected[0]?.reason ?? '', /"prod-eu-1".*"vigil-prod"/);
    const taken = await push('vigil-prod', entry, 'map-2', '&gkeCluster=prod-eu-1');
    assert.equal(taken.body.accepted, 1, JSON.stringify(taken.body));
  });

  test('payload unwrapping: the LogEntry as the body, the message id in x-goog-pubsub-message-id', async () => {
    const entry = logEntry(JSON.parse(WORKSHOP[9]!) as Record<string, unknown>, 'mixed');
    const a = await post(entry, `?token=${keys.mixed!}`, { 'x-goog-pubsub-message-id': 'unwrapped-1' });
    assert.equal(a.status, 200);
    assert.equal(a.body.messageId, 'unwrapped-1');
    assert.equal(a.body.accepted + a.body.duplicates, 1);
    assert.equal((await post(entry, `?token=${keys.mixed!}`, { 'x-goog-pubsub-message-id': 'unwrapped-1' })).body.duplicateMessage, true);
  });

  test('a cluster with audit logs disabled acknowledges and records the refusal', async () => {
    await store.setClusterFeatures('mixed', { auditLogs: false, runtimeMonitoring: true }, Date.now());
    const a = await push('mixed', logEntry(JSON.parse(WORKSHOP[11]!) as Record<string, unknown>, 'mixed'), 'off-1');
    assert.equal(a.status, 200);
    assert.match(a.body.refused ?? '', /disabled/);
    assert.equal((await stats('mixed'))?.rejected.feature_disabled, 1);
    await store.setClusterFeatures('mixed', { auditLogs: true, runtimeMonitoring: true }, Date.now());
  });
});

describe('POST /ingest/gke/pubsub under load', () => {
  test('past the per-token rate limit: 429 with Retry-After, so Pub/Sub backs off and redelivers', async () => {
    const server = await startIngestServer({ clusters: ['workshop'], platform: 'gke', maxBodyBytes: 1024 * 1024, rateLimit: { apiPerMinute: 60, ingestPerMinute: 2 } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${server.base}/ingest/gke/pubsub?token=${server.keys.workshop!}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pushEnvelope(ENTRIES[i]!, `rl-${i}`)) });
        statuses.push(r.status);
        retryAfter = r.headers.get('retry-after');
        await r.arrayBuffer();
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      assert.ok(Number(retryAfter) >= 1);
    } finally {
      await server.close();
    }
  });
});
