// Runtime events through the whole pipeline: the workshop's runtime detections and their context.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../app/config.js';
import { openVigil } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import { IMAGE_CTIME_NS, dns, exec, libraryLoad, rename, write } from '../testing/tracee-events.js';

const CLUSTER = { name: 'c1', detectorId: 'c'.repeat(32), createdAt: 0, platform: 'eks', arn: null };

async function run(items: unknown[]): Promise<Finding[]> {
  const v = await openVigil(DEFAULT_CONFIG, null, systemClock);
  await v.store.addCluster(CLUSTER);
  const r = await v.pipeline.ingest(CLUSTER, items, 'test', 'tracee', 'ip-10-0-12-34');
  assert.deepEqual(r.rejected, []);
  const out = (await v.store.listFindings({ limit: 100 })).findings;
  await v.close();
  return out;
}

test('a binary written after the container started and then run: NewBinaryExecuted naming the writer', async () => {
  const start = exec('/usr/bin/sleep', ['sleep', 'infinity'], IMAGE_CTIME_NS);
  const fs = await run([start, write('/usr/bin/curl.dpkg-new'), rename('/usr/bin/curl.dpkg-new', '/usr/bin/curl'), exec('/usr/bin/curl', ['curl', '-s', 'http://example.org'], IMAGE_CTIME_NS)]);
  assert.deepEqual(fs.map((f) => f.type), ['Execution:Runtime/NewBinaryExecuted']);
  const f = fs[0] as Finding;
  assert.equal(f.service.featureName, 'RuntimeMonitoring');
  assert.equal(f.service.runtimeDetails?.process.executablePath, '/usr/bin/curl');
  assert.equal((f.service.runtimeDetails?.context?.modifyingProcess as { name: string }).name, 'dpkg');
  assert.equal(f.resource.kubernetesDetails.kubernetesWorkloadDetails?.name, 'crypto');
  assert.equal(f.resource.containerDetails?.image, 'ubuntu');
  assert.equal(f.service.resourceRole, undefined);
});

test('binaries and libraries that came with the image raise nothing', async () => {
  const fs = await run([exec('/usr/bin/sleep', ['sleep', 'infinity'], IMAGE_CTIME_NS), exec('/bin/sh', ['sh', '-c', 'cat /tmp/healthy'], IMAGE_CTIME_NS), libraryLoad('/usr/lib/x86_64-linux-gnu/libc.so.6', IMAGE_CTIME_NS)]);
  assert.deepEqual(fs, []);
});

test('a library with a ctime after the container started: NewLibraryLoaded', async () => {
  const start = exec('/usr/bin/sleep', ['sleep', 'infinity'], IMAGE_CTIME_NS);
  const later = (start.timestamp as number) + 60_000_000_000;
  const fs = await run([start, libraryLoad('/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0', later)]);
  assert.deepEqual(fs.map((f) => f.type), ['Execution:Runtime/NewLibraryLoaded']);
  assert.equal(fs[0]?.service.runtimeDetails?.context?.libraryPath, '/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0');
});

test('a mining-pool lookup: BitcoinTool.B!DNS with the list as evidence; ordinary names raise nothing', async () => {
  const fs = await run([dns('us-east.equihash-hub.miningpoolhub.com'), dns('api.stripe.com'), dns('kubernetes.default.svc.cluster.local')]);
  assert.deepEqual(fs.map((f) => f.type), ['CryptoCurrency:Runtime/BitcoinTool.B!DNS']);
  const f = fs[0] as Finding;
  assert.equal(f.severity, 8);
  assert.equal(f.service.action?.dnsRequestAction?.domain, 'us-east.equihash-hub.miningpoolhub.com');
  assert.equal(f.service.evidence?.threatIntelligenceDetails[0]?.threatListName, 'vigil-mining-pools');
});

test('execution from memory: FilelessExecution', async () => {
  const fs = await run([exec('/memfd:payload (deleted)', ['payload'], 0), exec('/dev/shm/x', ['/dev/shm/x'], 0)]);
  assert.deepEqual(fs.map((f) => f.type), ['DefenseEvasion:Runtime/FilelessExecution', 'DefenseEvasion:Runtime/FilelessExecution']);
});

test('container starts survive a restart: a library changed after the start is still new', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-starts-'));
  try {
    const start = exec('/usr/bin/sleep', ['sleep', 'infinity'], IMAGE_CTIME_NS);
    const first = await openVigil(DEFAULT_CONFIG, dir, systemClock);
    await first.store.addCluster(CLUSTER);
    await first.pipeline.ingest(CLUSTER, [start], 'test', 'tracee', 'ip-10-0-12-34');
    assert.ok(first.pipeline.states().some((s) => s.component === 'enrich/container-starts' && s.size === 1), 'the start is kept in a persisted state');
    await first.close();
    // After the restart the container's start must come from the store: otherwise the library
    // load would be taken as the container's first event and its ctime would look older.
    const second = await openVigil(DEFAULT_CONFIG, dir, systemClock);
    const changed = (start.timestamp as number) + 30_000_000_000;
    const r = await second.pipeline.ingest(CLUSTER, [libraryLoad('/usr/lib/x86_64-linux-gnu/libevil.so', changed)], 'test', 'tracee', 'ip-10-0-12-34');
    assert.deepEqual(r.rejected, []);
    const fs = (await second.store.listFindings({ limit: 10 })).findings;
    assert.deepEqual(fs.map((f) => f.type), ['Execution:Runtime/NewLibraryLoaded']);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
