// ListCoverage and GetCoverageStatistics through the official SDK, from the runtime sensor nodes
// Vigil has seen per cluster.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BadRequestException, CreateDetectorCommand, GetCoverageStatisticsCommand, ListCoverageCommand, UpdateDetectorCommand,
} from '@aws-sdk/client-guardduty';
import type { NodeSighting } from '../../store/store.js';
import { ACCOUNT_ID, startHarness, type Harness } from './harness.js';

describe('GuardDuty coverage', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  const sighting = async (cluster: string, nodes: NodeSighting[]) =>
    h.vigil.store.commitBatch({
      cluster, occurrences: [], seenKeys: [], stateChanges: [], nodes,
      counts: { source: 'runtime/tracee', accepted: 1, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: Date.now() },
    }, Date.now());

  test('a cluster without sensors is UNHEALTHY; with every node reporting it is HEALTHY with its covered nodes', async () => {
    const admin = h.client('admin');
    const { DetectorId } = await admin.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'prod' } }));
    const gd = h.client('viewer');
    let r = (await gd.send(new ListCoverageCommand({ DetectorId }))).Resources ?? [];
    assert.equal(r.length, 1);
    assert.equal(r[0]?.CoverageStatus, 'UNHEALTHY');
    assert.match(r[0]?.Issue ?? '', /No runtime sensor/);
    assert.equal(r[0]?.ResourceDetails?.ResourceType, 'EKS');
    assert.equal(r[0]?.ResourceDetails?.EksClusterDetails?.ClusterName, 'prod');
    assert.equal(r[0]?.ResourceDetails?.EksClusterDetails?.CoveredNodes, 0);

    await sighting('prod', [
      { node: 'node-a', sensor: 'tracee', version: '0.24.1', lastEventAt: Date.now(), events: 10 },
      { node: 'node-b', sensor: 'tracee', version: '0.24.1', lastEventAt: Date.now(), events: 3 },
    ]);
    r = (await gd.send(new ListCoverageCommand({ DetectorId }))).Resources ?? [];
    assert.equal(r[0]?.CoverageStatus, 'HEALTHY');
    assert.equal(r[0]?.Issue, undefined);
    assert.equal(r[0]?.DetectorId, DetectorId);
    assert.equal(r[0]?.AccountId, ACCOUNT_ID);
    assert.equal(r[0]?.ResourceId, 'prod');
    assert.ok(r[0]?.UpdatedAt instanceof Date);
    const eks = r[0]?.ResourceDetails?.EksClusterDetails;
    assert.equal(eks?.CoveredNodes, 2);
    assert.equal(eks?.CompatibleNodes, 2);
    assert.equal(eks?.ManagementType, 'MANUAL');
    assert.equal(eks?.AddonDetails?.AddonVersion, 'tracee 0.24.1');

    const st = await gd.send(new GetCoverageStatisticsCommand({ DetectorId, StatisticsType: ['COUNT_BY_RESOURCE_TYPE', 'COUNT_BY_COVERAGE_STATUS'] }));
    assert.deepEqual(st.CoverageStatistics?.CountByResourceType, { EKS: 1 });
    assert.deepEqual(st.CoverageStatistics?.CountByCoverageStatus, { HEALTHY: 1 });

    const filtered = await gd.send(new ListCoverageCommand({
      DetectorId, FilterCriteria: { FilterCriterion: [{ CriterionKey: 'COVERAGE_STATUS', FilterCondition: { Equals: ['UNHEALTHY'] } }] },
      SortCriteria: { AttributeName: 'CLUSTER_NAME', OrderBy: 'ASC' },
    }));
    assert.deepEqual(filtered.Resources, []);
    const byName = await gd.send(new GetCoverageStatisticsCommand({
      DetectorId, StatisticsType: ['COUNT_BY_COVERAGE_STATUS'], FilterCriteria: { FilterCriterion: [{ CriterionKey: 'EKS_CLUSTER_NAME', FilterCondition: { Equals: ['prod'] } }] },
    }));
    assert.deepEqual(byName.CoverageStatistics?.CountByCoverageStatus, { HEALTHY: 1 });
    await assert.rejects(gd.send(new GetCoverageStatisticsCommand({ DetectorId, StatisticsType: [] })), BadRequestException);
  });

  test('a stale node makes the cluster UNHEALTHY; a detector without runtime monitoring is UNHEALTHY and DISABLED', async () => {
    const admin = h.client('admin');
    const { DetectorId } = await admin.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'edge' } }));
    await sighting('edge', [
      { node: 'fresh', sensor: 'tracee', version: '', lastEventAt: Date.now(), events: 1 },
      { node: 'quiet', sensor: 'tracee', version: '', lastEventAt: Date.now() - 3_600_000, events: 1 },
    ]);
    const gd = h.client('viewer');
    let [r] = (await gd.send(new ListCoverageCommand({ DetectorId }))).Resources ?? [];
    assert.equal(r?.CoverageStatus, 'UNHEALTHY');
    assert.match(r?.Issue ?? '', /Agent not reporting: quiet/);
    assert.equal(r?.ResourceDetails?.EksClusterDetails?.CoveredNodes, 1);
    assert.equal(r?.ResourceDetails?.EksClusterDetails?.CompatibleNodes, 2);
    await admin.send(new UpdateDetectorCommand({ DetectorId, Features: [{ Name: 'RUNTIME_MONITORING', Status: 'DISABLED' }] }));
    [r] = (await gd.send(new ListCoverageCommand({ DetectorId }))).Resources ?? [];
    assert.equal(r?.CoverageStatus, 'UNHEALTHY');
    assert.equal(r?.ResourceDetails?.EksClusterDetails?.ManagementType, 'DISABLED');
    assert.match(r?.Issue ?? '', /not enabled/);
  });
});
