// `vigil serve`'s AKS Event Hub consumers: an unregistered cluster or an unset secret is a
// configuration error before any consumer starts; a started consumer reads the hub into its cluster
// and stops cleanly.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { systemClock } from '../core/clock.js';
import { aksRecord, messageBodies } from '../testing/aks-records.js';
import { FIXTURES } from '../testing/cli.js';
import { startFakeEventHubs } from '../testing/event-hubs-server.js';
import { auditLines } from '../testing/firehose-requests.js';
import { startAksConsumers } from './aks-consumers.js';
import { DEFAULT_CONFIG } from './config.js';
import { openVigil } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-aks-app-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const noLog = () => {};

test('an unregistered cluster or an unset secret is refused before anything starts', async () => {
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, 'a'), systemClock);
  await assert.rejects(startAksConsumers(vigil, { aks: [{ cluster: 'nope', connectionStringEnv: 'EH' }] }, noLog, { env: {}, readFile: () => '' }), /aks: cluster nope is not registered \(vigil clusters add nope --platform aks\)/);
  await assert.rejects(startAksConsumers(vigil, { aks: [{ cluster: 'x', maxBatchSize: 0 }] }, noLog), /invalid configuration: aks\[0\]/);
  await vigil.store.addCluster({ name: 'prod', detectorId: '4'.repeat(32), createdAt: Date.now(), platform: 'aks', arn: null });
  await assert.rejects(startAksConsumers(vigil, { aks: [{ cluster: 'prod', connectionStringEnv: 'VIGIL_TEST_UNSET_EH' }] }, noLog, { env: {}, readFile: () => '' }), /environment variable VIGIL_TEST_UNSET_EH \(the connection string\) is not set/);
  assert.deepEqual(await startAksConsumers(vigil, DEFAULT_CONFIG, noLog), [], 'nothing configured, nothing started');
  await vigil.close();
});

test('a configured hub is read into its cluster from the start of serving', async () => {
  const lines = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl')).slice(0, 20);
  const fake = await startFakeEventHubs('aks-audit', 2);
  fake.publish('0', messageBodies(lines.slice(0, 10).map((l, i) => aksRecord(l, 'prod-aks', i)), 5));
  fake.publish('1', messageBodies(lines.slice(10).map((l, i) => aksRecord(l, 'prod-aks', i)), 5));
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, 'b'), systemClock);
  await vigil.store.addCluster({ name: 'prod', detectorId: '5'.repeat(32), createdAt: Date.now(), platform: 'aks', arn: null });
  const consumers = await startAksConsumers(vigil, { aks: [{ cluster: 'prod', aksName: 'prod-aks', connectionStringFile: '/run/secrets/eh' }] }, noLog, { env: {}, readFile: (p) => (p === '/run/secrets/eh' ? fake.connectionString : '') });
  assert.equal(consumers.length, 1);
  for (let i = 0; i < 200 && consumers[0]!.stats.items < 20; i++) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(consumers.map((c) => c.stop()));
  await fake.close();
  const s = (await vigil.store.ingestStats()).find((x) => x.source === consumers[0]!.source);
  assert.equal(s?.cluster, 'prod');
  assert.equal((s?.accepted ?? 0) + (s?.skipped ?? 0) + (s?.duplicates ?? 0), 20);
  assert.deepEqual(fake.receivers.map((r) => r.consumerGroup), ['$Default', '$Default']);
  await vigil.close();
});
