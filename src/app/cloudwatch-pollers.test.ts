// `vigil serve`'s CloudWatch pollers: an unregistered cluster is a configuration error before any
// poller starts; a started poller takes the log group's events into its cluster and stops cleanly.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { systemClock } from '../core/clock.js';
import { FIXTURES } from '../testing/cli.js';
import { logGroupEvents, startFakeCloudWatchLogs } from '../testing/cloudwatch-logs-server.js';
import { startCloudWatchPollers } from './cloudwatch-pollers.js';
import { DEFAULT_CONFIG } from './config.js';
import { openVigil } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cwl-app-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const CLIENT = { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
const noLog = () => {};

test('an unregistered cluster is refused with the command that registers it', async () => {
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, 'a'), systemClock);
  await assert.rejects(startCloudWatchPollers(vigil, { cloudwatch: [{ cluster: 'nope', region: 'us-east-1' }] }, noLog, CLIENT), /cloudwatch \/aws\/eks\/nope\/cluster: cluster nope is not registered \(vigil clusters add nope\)/);
  await assert.rejects(startCloudWatchPollers(vigil, { cloudwatch: [{ cluster: 'x', pollSeconds: 0 }] }, noLog, CLIENT), /invalid configuration: cloudwatch\[0\]\.pollSeconds/);
  await vigil.close();
});

test('a configured log group is polled into its cluster from the start of serving', async () => {
  const lines = readFileSync(join(FIXTURES, 'audit', 'workshop.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 20);
  const fake = await startFakeCloudWatchLogs(logGroupEvents(lines, 3, Date.now() - 5000));
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, 'b'), systemClock);
  await vigil.store.addCluster({ name: 'prod', detectorId: '2'.repeat(32), createdAt: Date.now(), platform: 'eks', arn: null });
  const pollers = await startCloudWatchPollers(vigil, { cloudwatch: [{ cluster: 'prod', region: 'us-east-1', endpoint: fake.endpoint }] }, noLog, CLIENT);
  assert.equal(pollers.length, 1);
  for (let i = 0; i < 100 && pollers[0]!.stats.items < 20; i++) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(pollers.map((p) => p.stop()));
  await fake.close();
  const s = (await vigil.store.ingestStats()).find((x) => x.source === 'cloudwatch:/aws/eks/prod/cluster');
  assert.equal(s?.cluster, 'prod');
  assert.equal((s?.accepted ?? 0) + (s?.skipped ?? 0) + (s?.duplicates ?? 0), 20);
  assert.equal(fake.requests[0]?.body.logGroupName, '/aws/eks/prod/cluster');
  await vigil.close();
});
