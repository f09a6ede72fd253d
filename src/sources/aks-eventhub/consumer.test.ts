// The AKS Event Hub consumer with the real @azure/event-hubs client against a local AMQP 1.0 fake of
// Event Hubs (src/testing/event-hubs-server.ts: SASL, CBS put-token, $management, partition
// receivers with selector filters), the real pipeline and a SQLite store: the workshop log wrapped
// as AKS diagnostic records raises the same findings as a native replay; a restart resumes after
// the saved per-partition sequence numbers; a refused batch is retried; other categories, other
// clusters and skipped-too-big-size-object bodies are counted. Nothing leaves 127.0.0.1.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { openVigil, type Vigil } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import type { Cluster } from '../../store/store.js';
import { aksRecord, messageBodies, workshopRecords } from '../../testing/aks-records.js';
import { FIXTURES } from '../../testing/cli.js';
import { startFakeEventHubs, type FakeEventHubs } from '../../testing/event-hubs-server.js';
import { auditLines } from '../../testing/firehose-requests.js';
import { openHub } from './client.js';
import { parseAksConfig } from './config.js';
import { AksEventHubConsumer, type ConsumerOptions } from './consumer.js';
import { decodePosition } from './position.js';

const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>;
const WORKSHOP = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));
const dir = mkdtempSync(join(tmpdir(), 'vigil-aks-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function openData(name: string): Promise<{ vigil: Vigil; cluster: Cluster }> {
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, name), systemClock);
  let cluster = await vigil.store.getCluster('workshop');
  if (!cluster) {
    cluster = { name: 'workshop', detectorId: '3'.repeat(32), createdAt: Date.now(), platform: 'aks', arn: null };
    await vigil.store.addCluster(cluster);
  }
  return { vigil, cluster };
}

function consumer(fake: FakeEventHubs, vigil: Vigil, cluster: Cluster, over: Partial<ConsumerOptions> = {}): AksEventHubConsumer {
  const { specs } = parseAksConfig([{ cluster: 'workshop', connectionStringEnv: 'EH', consumerGroup: 'vigil', maxBatchSize: 10 }]);
  const hub = openHub(specs[0]!, { env: { EH: fake.connectionString }, readFile: () => '' });
  const c: AksEventHubConsumer = new AksEventHubConsumer({
    spec: specs[0]!,
    hub,
    cursors: vigil.store,
    maxWaitSeconds: 0.2,
    retryMs: 20,
    submit: async (items, unjudged, cursor) => {
      const r = await vigil.pipeline.ingest(cluster, items, c.source, 'k8s-audit', '', '', unjudged, cursor);
      assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected));
    },
    ...over,
  });
  return c;
}

/** Publishes message bodies round-robin over the hub's partitions. */
function publish(fake: FakeEventHubs, bodies: string[]): void {
  const ids = [...fake.partitions.keys()];
  bodies.forEach((b, i) => fake.publish(ids[i % ids.length]!, [b]));
}

const counted = (s: { accepted: number; skipped: number; duplicates: number; rejected: Record<string, number> } | undefined) => (s ? s.accepted + s.skipped + s.duplicates + Object.values(s.rejected).reduce((a, b) => a + b, 0) : 0);

async function stats(vigil: Vigil) {
  return (await vigil.store.ingestStats()).find((s) => s.source.startsWith('aks:127.0.0.1'));
}

/** Waits until `total` pieces (events and skipped records) are counted in the store. */
async function until(vigil: Vigil, total: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (counted(await stats(vigil)) >= total) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`only ${counted(await stats(vigil))} of ${total} counted`);
}

function countByType(fs: Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of fs.filter((x) => (JSON.parse(x.service.additionalInfo.value) as { catalog: string }).catalog === 'guardduty')) out[f.type] = (out[f.type] ?? 0) + 1;
  return out;
}

async function nativeDuplicates(lines: string[]): Promise<number> {
  const { vigil, cluster } = await openData(`native-${++n}`);
  await vigil.pipeline.ingest(cluster, lines.map((l) => JSON.parse(l) as unknown), 'native');
  const s = (await vigil.store.ingestStats()).find((x) => x.source === 'native');
  await vigil.close();
  return s?.duplicates ?? 0;
}

test('the workshop log read from Event Hub as AKS records raises the same findings as a native replay', async () => {
  const fake = await startFakeEventHubs('aks-audit', 2);
  const records = workshopRecords(WORKSHOP, 'workshop');
  const bodies = messageBodies(records);
  // A record of another AKS cluster sharing the hub: skipped, not mixed in.
  bodies.splice(3, 0, JSON.stringify({ records: [aksRecord(WORKSHOP[5]!, 'payments-prod', 5)] }));
  bodies.splice(8, 0, 'this is not JSON');
  publish(fake, bodies);
  const { vigil, cluster } = await openData(`run-${++n}`);
  const c = consumer(fake, vigil, cluster);
  c.start();
  await until(vigil, WORKSHOP.length + 2 + 1 + 1);
  await c.stop();
  await fake.close();

  assert.deepEqual(countByType((await vigil.store.listFindings({ clusters: ['workshop'], limit: 1000 })).findings), EXPECTED);
  const s = await stats(vigil);
  assert.match(String(s?.source), /^aks:127\.0\.0\.1:\d+\/aks-audit$/, 'the source is named after the namespace and hub');
  assert.equal(s!.accepted + s!.duplicates + (s!.skipped - 3), WORKSHOP.length, 'every audit event counted once');
  assert.equal(s?.duplicates, await nativeDuplicates(WORKSHOP), 'duplicates as in a native replay');
  assert.deepEqual(s?.rejected, { bad_message: 1 }, 'the broken message counted with its reason');
  assert.deepEqual(c.stats.skipped, { other_category: 2, other_cluster: 1 });
  assert.deepEqual(c.stats.noted, { object_too_big: 3 });
  assert.equal(c.stats.items, WORKSHOP.length);
  // The wire as Event Hubs saw it: tokens verified for management and both partitions, receivers from the start.
  assert.equal(fake.tokens.refused, 0);
  assert.ok(fake.managementRequests.includes('com.microsoft:eventhub'));
  assert.deepEqual(fake.receivers.map((r) => [r.partition, r.consumerGroup, r.filter]).sort(), [
    ['0', 'vigil', "amqp.annotation.x-opt-offset > '-1'"],
    ['1', 'vigil', "amqp.annotation.x-opt-offset > '-1'"],
  ]);
  for (const [id, events] of fake.partitions) {
    const pos = decodePosition(await vigil.store.getCursor(c.cursorName(id)));
    assert.deepEqual(pos, { sequenceNumber: events.at(-1)!.sequenceNumber, offset: events.at(-1)!.offset, enqueuedAt: events.at(-1)!.enqueuedMs }, `partition ${id} position saved`);
  }
  await vigil.close();
});

test('a restart resumes after each partition\'s saved sequence number: nothing skipped, nothing repeated', async () => {
  const fake = await startFakeEventHubs('aks-audit', 3);
  const lines = WORKSHOP.slice(0, 200);
  const bodies = messageBodies(lines.map((l, i) => aksRecord(l, 'workshop', i)), 4);
  const first = bodies.slice(0, 23);
  publish(fake, first);
  const name = `run-${++n}`;
  {
    const { vigil, cluster } = await openData(name);
    const c = consumer(fake, vigil, cluster);
    c.start();
    await until(vigil, 23 * 4);
    await c.stop();
    for (const [id, events] of fake.partitions) assert.equal(decodePosition(await vigil.store.getCursor(c.cursorName(id)))?.sequenceNumber, events.at(-1)!.sequenceNumber);
    await vigil.close();
  }
  // More messages arrive while Vigil is down; one partition got none of the first ones' successors.
  publish(fake, bodies.slice(23));
  fake.receivers.length = 0;
  const { vigil, cluster } = await openData(name);
  const c = consumer(fake, vigil, cluster);
  c.start();
  await until(vigil, lines.length);
  await c.stop();
  await fake.close();
  assert.deepEqual(
    fake.receivers.map((r) => r.filter).sort(),
    [0, 1, 2].map((p) => `amqp.annotation.x-opt-sequence-number > '${first.filter((_, i) => i % 3 === p).length - 1}'`).sort(),
    'each partition resumes after its own saved sequence number (exclusive)',
  );
  assert.equal(c.stats.items, lines.length - 23 * 4, 'only the new messages are read');
  const s = await stats(vigil);
  assert.equal(counted(s), lines.length, 'every event counted exactly once over both runs');
  assert.equal(s?.duplicates, await nativeDuplicates(lines), 'nothing re-ingested: duplicates as in a native replay');
  await vigil.close();
});

test('a refused batch is retried until committed, then the position moves', async () => {
  const fake = await startFakeEventHubs('aks-audit', 1);
  const lines = WORKSHOP.slice(0, 30);
  publish(fake, messageBodies(lines.map((l, i) => aksRecord(l, 'workshop', i)), 3));
  const { vigil, cluster } = await openData(`run-${++n}`);
  let refusals = 2;
  const seen: number[] = [];
  const logs: string[] = [];
  const c: AksEventHubConsumer = consumer(fake, vigil, cluster, {
    submit: async (items, unjudged, cursor) => {
      seen.push(items.length);
      if (refusals-- > 0) throw Object.assign(new Error('could not store the batch: database is locked'), { name: 'VigilError' });
      await vigil.pipeline.ingest(cluster, items, c.source, 'k8s-audit', '', '', unjudged, cursor);
    },
    log: (_l, msg) => logs.push(msg),
  });
  c.start();
  await until(vigil, lines.length);
  await c.stop();
  await fake.close();
  assert.equal(seen[0], seen[1], 'the same batch offered again');
  assert.equal(seen[1], seen[2]);
  assert.equal(c.stats.errors, 2);
  assert.ok(logs.includes('a batch from the Event Hub was refused; retrying it'));
  assert.equal(counted(await stats(vigil)), lines.length, 'committed once');
  assert.equal(decodePosition(await vigil.store.getCursor(c.cursorName('0')))?.sequenceNumber, 9);
  await vigil.close();
});

test('a wrong key is refused by the service: nothing read, the error logged and retried, the key never logged; stop does not wait for the client', async () => {
  const fake = await startFakeEventHubs('aks-audit', 1);
  publish(fake, messageBodies([aksRecord(WORKSHOP[0]!, 'workshop')]));
  const { vigil } = await openData(`run-${++n}`);
  const { specs } = parseAksConfig([{ cluster: 'workshop', connectionStringEnv: 'EH' }]);
  const env = { EH: fake.connectionString.replace(/SharedAccessKey=[^;]+/, 'SharedAccessKey=d3Jvbmcta2V5') };
  const logs: string[] = [];
  const make = (maxRetries?: number) =>
    new AksEventHubConsumer({ spec: specs[0]!, hub: openHub(specs[0]!, { env, readFile: () => '' }, maxRetries), cursors: vigil.store, retryMs: 20, submit: async () => assert.fail('nothing to submit'), log: (_l, msg, f) => logs.push(`${msg} ${String(f.message)}`) });
  // Without the client's own retries the refusal surfaces at once: logged, counted, the start retried.
  const c = make(0);
  c.start();
  for (let i = 0; i < 400 && c.stats.errors < 2; i++) await new Promise((r) => setTimeout(r, 25));
  await c.stop();
  assert.ok(c.stats.errors >= 2, 'the start is retried');
  assert.ok(fake.tokens.refused >= 2);
  assert.ok(logs.some((l) => l.startsWith('cannot start reading the Event Hub') && l.includes('InvalidSignature')), logs.join('\n'));
  assert.equal(logs.join('\n').includes('d3Jvbmcta2V5'), false, 'the key is never logged');
  // With them (the default: about 90 s for a refused token), stop() cancels the call in flight.
  const slow = make();
  slow.start();
  const refused = fake.tokens.refused;
  for (let i = 0; i < 200 && fake.tokens.refused === refused; i++) await new Promise((r) => setTimeout(r, 25));
  const t = Date.now();
  await slow.stop();
  assert.ok(Date.now() - t < 5000, `stop took ${Date.now() - t} ms`);
  await fake.close();
  assert.equal(await stats(vigil), undefined, 'nothing ingested');
  await vigil.close();
});
