// `vigil serve`'s GKE Pub/Sub subscribers: an unregistered cluster or a bad entry is a configuration
// error before any subscriber starts; a started one pulls its subscription into its cluster and
// stops cleanly (acking what it committed).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { systemClock } from '../core/clock.js';
import { auditLines } from '../testing/firehose-requests.js';
import { WORKSHOP_ENTRIES, messageId } from '../testing/gke-log-entries.js';
import { startFakePubSub } from '../testing/pubsub-server.js';
import { DEFAULT_CONFIG } from './config.js';
import { startGkeSubscribers } from './gke-subscribers.js';
import { openVigil } from './open.js';

process.env.METADATA_SERVER_DETECTION = 'none';
const SUB = 'projects/acme-prod/subscriptions/vigil-gke-audit';
const dir = mkdtempSync(join(tmpdir(), 'vigil-gke-app-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const noLog = () => {};

test('an unregistered cluster or a bad entry is refused before anything starts', async () => {
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, 'a'), systemClock);
  await assert.rejects(startGkeSubscribers(vigil, { gke: [{ cluster: 'nope', subscription: SUB }] }, noLog), /gke projects\/acme-prod\/subscriptions\/vigil-gke-audit: cluster nope is not registered \(vigil clusters add nope --platform gke\)/);
  await assert.rejects(startGkeSubscribers(vigil, { gke: [{ cluster: 'x', subscription: 'x' }] }, noLog), /invalid configuration: gke\[0\]\.subscription/);
  assert.deepEqual(await startGkeSubscribers(vigil, { gke: [] }, noLog), []);
  await vigil.close();
});

test('a configured subscription is pulled into its cluster from the start of serving', async () => {
  const lines = auditLines(WORKSHOP_ENTRIES).slice(0, 25);
  const fake = await startFakePubSub(SUB);
  fake.publish(lines.map((l, i) => ({ data: Buffer.from(l), messageId: messageId(i), publishTime: Date.now() })));
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, 'b'), systemClock);
  await vigil.store.addCluster({ name: 'prod', detectorId: '2'.repeat(32), createdAt: Date.now(), platform: 'gke', arn: null });
  const subs = await startGkeSubscribers(vigil, { gke: [{ cluster: 'prod', gkeCluster: 'workshop', subscription: SUB, endpoint: fake.endpoint, batchMs: 20 }] }, noLog);
  assert.equal(subs.length, 1);
  for (let i = 0; i < 200 && fake.unacked > 0; i++) await new Promise((r) => setTimeout(r, 25));
  await Promise.all(subs.map((s) => s.stop()));
  await fake.close();
  assert.equal(fake.acked.length, 25);
  const s = (await vigil.store.ingestStats()).find((x) => x.source === `pubsub:${SUB}`);
  assert.equal(s?.cluster, 'prod');
  assert.equal((s?.accepted ?? 0) + (s?.skipped ?? 0) + (s?.duplicates ?? 0), 25);
  assert.match((await vigil.store.getCursor(`pubsub:${SUB}`)) ?? '', /"messageId":"\d+"/);
  await vigil.close();
});
