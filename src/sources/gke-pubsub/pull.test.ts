// The pull subscriber with the official @google-cloud/pubsub client against a local fake of the
// Pub/Sub Subscriber gRPC service (testing/pubsub-server.ts): the workshop as GKE LogEntries raises
// the native findings, messages are acked only after their batch is committed, a refused batch is
// redelivered and taken once, and undecodable messages are counted and acked.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { loadRuleset, openStore } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import { AuditPipeline } from '../../pipeline/audit-pipeline.js';
import type { Cluster, Store } from '../../store/store.js';
import { FIXTURES } from '../../testing/cli.js';
import { auditLines } from '../../testing/firehose-requests.js';
import { byKey, gkeViewOf } from '../../testing/gke-findings.js';
import { WORKSHOP_ENTRIES, logEntry, messageId } from '../../testing/gke-log-entries.js';
import { startFakePubSub, type FakeMessage, type FakePubSub } from '../../testing/pubsub-server.js';
import { pubsubSubscription } from './client.js';
import { PubSubPuller, type PullOptions } from './pull.js';

const SUBSCRIPTION = 'projects/acme-prod/subscriptions/vigil-gke-audit';
const WORKSHOP = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));
const ENTRIES = auditLines(WORKSHOP_ENTRIES);
const T0 = Date.UTC(2025, 4, 20, 14, 0, 5);
// The client looks for the GCE metadata server (universe domain, credentials); tests never use the network.
process.env.METADATA_SERVER_DETECTION = 'none';

function messages(lines: string[], from = 0): FakeMessage[] {
  return lines.map((l, i) => ({ data: Buffer.from(l), messageId: messageId(from + i), publishTime: T0 + (from + i) * 10, attributes: { 'logging.googleapis.com/timestamp': new Date(T0).toISOString() } }));
}

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('GKE audit logs pulled from Pub/Sub with the official client', () => {
  let dir: string;
  let store: Store;
  let pipeline: AuditPipeline;
  const clusters: Record<string, Cluster> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-gke-pull-'));
    store = openStore(dir);
    pipeline = new AuditPipeline({ store, ruleset: loadRuleset([]), clock: systemClock, finding: { accountId: DEFAULT_CONFIG.accountId, region: DEFAULT_CONFIG.region, partition: 'aws' } });
    await pipeline.restore();
    for (const [i, name] of ['workshop', 'native', 'refusals', 'mixed', 'gated', 'stopping'].entries()) {
      clusters[name] = { name, detectorId: String(i).repeat(32), createdAt: Date.now(), platform: 'gke', arn: null };
      await store.addCluster(clusters[name]);
    }
    await pipeline.ingest(clusters.native!, WORKSHOP.map((l) => JSON.parse(l) as unknown), 'k8s-audit-webhook');
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const findingsOf = async (cluster: string): Promise<Finding[]> => (await store.listFindings({ clusters: [cluster], limit: 1000 })).findings;
  const stats = async (cluster: string) => (await store.ingestStats()).find((s) => s.cluster === cluster && s.source === `pubsub:${SUBSCRIPTION}`);

  /** Entries of GKE cluster "workshop" pulled into the Vigil cluster `cluster`. */
  function puller(fake: FakePubSub, cluster: string, over: Partial<PullOptions> = {}): PubSubPuller {
    return new PubSubPuller({
      subscription: SUBSCRIPTION,
      gkeCluster: 'workshop',
      source: pubsubSubscription({ subscription: SUBSCRIPTION, endpoint: fake.endpoint, maxMessages: 200 }),
      cursors: store,
      batchSize: 100,
      batchMs: 50,
      retryMs: 20,
      submit: async (items, unjudged) => {
        await pipeline.ingest(clusters[cluster]!, items, `pubsub:${SUBSCRIPTION}`, 'k8s-audit', '', '', unjudged);
      },
      ...over,
    });
  }

  test('the workshop delivered by pull raises the native findings, in batches, acked after commit', async () => {
    const fake = await startFakePubSub(SUBSCRIPTION);
    fake.publish(messages(ENTRIES));
    const p = puller(fake, 'workshop');
    p.start();
    await until(() => fake.unacked === 0, 'every message acked');
    await p.stop();
    await fake.close();

    assert.equal(fake.streams[0]?.subscription, SUBSCRIPTION);
    assert.equal(fake.streams[0]?.maxOutstandingMessages, 200, 'flow control sent to the service');
    assert.equal(fake.acked.length, ENTRIES.length);
    assert.equal(p.stats.items, ENTRIES.length);
    assert.ok(p.stats.batches >= 3 && p.stats.batches <= 60, `batched, not one commit per message (${p.stats.batches} batches)`);
    const native = byKey(await findingsOf('native'), 'native');
    const gke = byKey(await findingsOf('workshop'), 'workshop');
    assert.deepEqual([...gke.keys()].sort(), [...native.keys()].sort());
    for (const [k, v] of native) assert.deepEqual(gke.get(k), gkeViewOf(v), k);
    const s = await stats('workshop');
    assert.equal((s?.accepted ?? 0) + (s?.skipped ?? 0) + (s?.duplicates ?? 0), ENTRIES.length);
    const cursor = JSON.parse((await store.getCursor(`pubsub:${SUBSCRIPTION}`)) ?? '{}') as { publishTime: string; messageId: string };
    assert.deepEqual(cursor, { publishTime: new Date(T0 + (ENTRIES.length - 1) * 10).toISOString(), messageId: messageId(ENTRIES.length - 1) });
  });

  test('messages are acked only after their batch is committed', async () => {
    const fake = await startFakePubSub(SUBSCRIPTION);
    fake.publish(messages(ENTRIES.slice(0, 30)));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inSubmit = false;
    const p = puller(fake, 'gated', {
      submit: async (items, unjudged) => {
        inSubmit = true;
        await gate;
        await pipeline.ingest(clusters.gated!, items, `pubsub:${SUBSCRIPTION}`, 'k8s-audit', '', '', unjudged);
      },
    });
    p.start();
    await until(() => inSubmit, 'a batch being committed');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(fake.acked, [], 'nothing acked while the commit is pending');
    assert.equal(fake.leased, 30, 'the messages stay leased (deadline extended by the client)');
    release();
    await until(() => fake.unacked === 0, 'acks after the commit');
    await p.stop();
    await fake.close();
    assert.equal(fake.acked.length, 30);
  });

  test('a refused batch is given back, redelivered, and then taken exactly once', async () => {
    const fake = await startFakePubSub(SUBSCRIPTION);
    const batch = messages(ENTRIES.slice(0, 40), 1000);
    fake.publish(batch);
    let calls = 0;
    const submitted: number[] = [];
    const p = puller(fake, 'refusals', {
      submit: async (items, unjudged) => {
        calls++;
        if (calls === 1) throw new Error('ingest queue is full (64 batches waiting); retry later');
        submitted.push(items.length);
        await pipeline.ingest(clusters.refusals!, items, `pubsub:${SUBSCRIPTION}`, 'k8s-audit', '', '', unjudged);
      },
    });
    p.start();
    await until(() => fake.unacked === 0, 'every message acked after the redelivery');
    await p.stop();
    await fake.close();
    assert.ok(fake.nacked.length > 0, 'the refused batch was nacked');
    for (const id of fake.nacked) assert.equal(fake.deliveries.get(id), 2, `${id} delivered twice`);
    assert.equal(new Set(fake.acked).size, 40);
    assert.equal(submitted.reduce((a, b) => a + b, 0), 40, 'each message committed once');
    const s = await stats('refusals');
    assert.equal((s?.accepted ?? 0) + (s?.skipped ?? 0) + (s?.duplicates ?? 0), 40);
    assert.equal(p.stats.errors, 1);
  });

  test('bad messages are counted with their reason and acked; a redelivered committed message is not judged again', async () => {
    const fake = await startFakePubSub(SUBSCRIPTION);
    const good = logEntry(JSON.parse(WORKSHOP[5]!) as Record<string, unknown>, 'workshop');
    const bodies = [
      'not json {',
      JSON.stringify({ kind: 'Pod' }),
      JSON.stringify({ ...good, resource: { type: 'k8s_cluster', labels: { cluster_name: 'other' } } }),
      JSON.stringify({ insertId: 'x', logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity', protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'container.googleapis.com' }, resource: { type: 'gke_cluster' } }),
      JSON.stringify(good),
    ];
    fake.publish(messages(bodies, 2000));
    const p = puller(fake, 'mixed');
    p.start();
    await until(() => fake.unacked === 0, 'all acked');
    fake.publish(messages([bodies[4]!], 2004));
    await until(() => p.stats.duplicates === 1 && fake.unacked === 0, 'the redelivery acked');
    await p.stop();
    await fake.close();
    assert.deepEqual(p.stats.rejected, { not_json: 1, not_log_entry: 1, other_cluster: 1 });
    assert.deepEqual(p.stats.skipped, { not_k8s_audit: 1 });
    assert.equal(p.stats.items, 1);
    const s = await stats('mixed');
    assert.deepEqual(s?.rejected, { not_json: 1, not_log_entry: 1, other_cluster: 1 });
    assert.equal(s?.accepted, 1);
    assert.equal(s?.skipped, 1);
  });

  test('stop() commits what was received, acks it, and closes the client', async () => {
    const fake = await startFakePubSub(SUBSCRIPTION);
    fake.publish(messages(ENTRIES.slice(0, 20), 3000));
    const p = puller(fake, 'stopping', { batchSize: 1000, batchMs: 60_000 });
    p.start();
    await until(() => p.stats.messages === 20, 'messages received');
    assert.equal(fake.acked.length, 0, 'the batch waits to fill');
    await p.stop();
    assert.equal(fake.acked.length, 20, 'acked on the way out');
    assert.equal(p.stats.items, 20);
    await fake.close();
  });
});
