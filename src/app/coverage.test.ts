// Coverage per source: each source feeding a cluster, named for people, with its last delivery,
// lag and status; audit freshness counts audit sources only.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IngestCounts } from '../store/store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { coverageReport } from './coverage.js';

const NOW = Date.UTC(2024, 5, 1, 12);
const MIN = 60_000;

test('each source of a cluster with its label, plane, last delivery, lag and status', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    await store.addCluster({ name: 'prod', detectorId: 'a'.repeat(32), createdAt: 0, platform: 'eks', arn: null });
    const commit = (source: string, c: Partial<IngestCounts>, at: number) =>
      store.commitBatch({ cluster: 'prod', seenKeys: [], stateChanges: [], occurrences: [], counts: { source, accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null, ...c } }, at);
    // Firehose buffers a minute: the newest event arrived 70 s after it happened.
    await commit('eks-firehose', { accepted: 400, rejected: { truncated_event: 2 }, lastEventAt: NOW - 2 * MIN - 70_000 }, NOW - 2 * MIN);
    // A CloudWatch poller that stopped 20 minutes ago.
    await commit('cloudwatch:/aws/eks/prod/cluster', { accepted: 50, lastEventAt: NOW - 25 * MIN }, NOW - 20 * MIN);
    // Only refusals so far.
    await commit('k8s-audit-webhook', { rejected: { not_json: 3 } }, NOW - MIN);
    await commit('runtime/tracee', { accepted: 10, lastEventAt: NOW - 1000 }, NOW);

    const [prod] = await coverageReport(store, NOW, 10 * MIN);
    assert.ok(prod);
    const bySource = Object.fromEntries(prod.sources.map((s) => [s.source, s]));
    assert.deepEqual(
      prod.sources.map((s) => [s.source, s.label, s.plane, s.status]).sort(),
      [
        ['cloudwatch:/aws/eks/prod/cluster', 'EKS via CloudWatch Logs', 'audit', 'stale'],
        ['eks-firehose', 'EKS via Firehose', 'audit', 'receiving'],
        ['k8s-audit-webhook', 'audit webhook', 'audit', 'never'],
        ['runtime/tracee', 'runtime sensor (tracee)', 'runtime', 'receiving'],
      ],
    );
    assert.equal(bySource['eks-firehose']?.lagMs, 70_000);
    assert.equal(bySource['eks-firehose']?.rejected, 2);
    assert.equal(bySource['eks-firehose']?.lastReceivedAt, NOW - 2 * MIN);
    assert.equal(bySource['cloudwatch:/aws/eks/prod/cluster']?.lagMs, 5 * MIN);
    assert.equal(bySource['k8s-audit-webhook']?.lagMs, null);
    assert.equal(bySource['runtime/tracee']?.lagMs, 1000);
    // The cluster's audit freshness comes from audit sources only (not the runtime sensor's newer event).
    assert.equal(prod.audit.lastEventAt, NOW - 2 * MIN - 70_000);
    assert.deepEqual(prod.audit.sources.sort(), ['cloudwatch:/aws/eks/prod/cluster', 'eks-firehose', 'k8s-audit-webhook']);
  } finally {
    await store.close();
  }
});
