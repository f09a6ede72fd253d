// CreateDetector, GetDetector, UpdateDetector, DeleteDetector and ListDetectors through the
// official @aws-sdk/client-guardduty against a real Vigil.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BadRequestException, CreateDetectorCommand, DeleteDetectorCommand, GetDetectorCommand, ListDetectorsCommand,
  UpdateDetectorCommand, paginateListDetectors,
} from '@aws-sdk/client-guardduty';
import { ACCOUNT_ID, startHarness, type Harness } from './harness.js';

describe('GuardDuty detectors', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  test('CreateDetector registers a cluster named by the Name tag with the requested features', async () => {
    const gd = h.client('admin');
    const out = await gd.send(new CreateDetectorCommand({
      Enable: true,
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      Tags: { Name: 'prod', team: 'platform' },
      Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }, { Name: 'RUNTIME_MONITORING', Status: 'DISABLED' }],
    }));
    assert.match(out.DetectorId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    const cluster = await h.vigil.store.getCluster('prod');
    assert.equal(cluster?.detectorId, out.DetectorId);
    assert.deepEqual(await h.vigil.store.getClusterFeatures('prod'), { auditLogs: true, runtimeMonitoring: false });

    const d = await gd.send(new GetDetectorCommand({ DetectorId: out.DetectorId }));
    assert.equal(d.Status, 'ENABLED');
    assert.equal(d.FindingPublishingFrequency, 'FIFTEEN_MINUTES');
    assert.equal(d.ServiceRole, `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`);
    assert.deepEqual(d.Tags, { Name: 'prod', team: 'platform' });
    // createdAt/updatedAt are ISO strings in GetDetector; feature updatedAt is a timestamp (Date).
    assert.equal(typeof d.CreatedAt, 'string');
    assert.ok(Math.abs(Date.parse(d.CreatedAt ?? '') - Date.now()) < 60_000);
    const byName = new Map(d.Features?.map((f) => [f.Name, f]));
    assert.equal(byName.get('EKS_AUDIT_LOGS')?.Status, 'ENABLED');
    assert.equal(byName.get('RUNTIME_MONITORING')?.Status, 'DISABLED');
    assert.ok(byName.get('EKS_AUDIT_LOGS')?.UpdatedAt instanceof Date);
    assert.equal(d.DataSources?.Kubernetes?.AuditLogs?.Status, 'ENABLED');
    assert.equal(d.DataSources?.CloudTrail?.Status, 'DISABLED');
  });

  test('without a Name tag the cluster is detector-<first 8 of the id>; the legacy dataSources switch audit logs', async () => {
    const gd = h.client('admin');
    const out = await gd.send(new CreateDetectorCommand({ Enable: true, DataSources: { Kubernetes: { AuditLogs: { Enable: false } } } }));
    const id = out.DetectorId ?? '';
    const name = `detector-${id.slice(0, 8)}`;
    assert.equal((await h.vigil.store.getCluster(name))?.detectorId, id);
    assert.deepEqual(await h.vigil.store.getClusterFeatures(name), { auditLogs: false, runtimeMonitoring: true });
    const d = await gd.send(new GetDetectorCommand({ DetectorId: id }));
    assert.equal(d.DataSources?.Kubernetes?.AuditLogs?.Status, 'DISABLED');
    assert.equal(d.FindingPublishingFrequency, 'SIX_HOURS', 'GuardDuty\'s default');
  });

  test('CreateDetector is idempotent by ClientToken; a second detector for the same cluster is refused', async () => {
    const gd = h.client('admin');
    const a = await gd.send(new CreateDetectorCommand({ Enable: true, ClientToken: 'token-1', Tags: { Name: 'staging' } }));
    const b = await gd.send(new CreateDetectorCommand({ Enable: true, ClientToken: 'token-1', Tags: { Name: 'staging' } }));
    assert.equal(a.DetectorId, b.DetectorId);
    await assert.rejects(gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'staging' } })), (e: unknown) => {
      assert.ok(e instanceof BadRequestException);
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.Type, 'InvalidInputException');
      assert.match(e.message, /already exists/);
      return true;
    });
    await assert.rejects(gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'Not A Cluster Name' } })), BadRequestException);
    await assert.rejects(gd.send(new CreateDetectorCommand({
      Enable: true,
      Features: [{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }, { Name: 'EKS_RUNTIME_MONITORING', Status: 'ENABLED' }],
    })), BadRequestException);
  });

  test('UpdateDetector: Enable=false turns the cluster\'s features off until enabled again; frequency and features change', async () => {
    const gd = h.client('admin');
    const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'switchable' } }));
    await gd.send(new UpdateDetectorCommand({ DetectorId, Enable: false, FindingPublishingFrequency: 'ONE_HOUR' }));
    let d = await gd.send(new GetDetectorCommand({ DetectorId }));
    assert.equal(d.Status, 'DISABLED');
    assert.equal(d.FindingPublishingFrequency, 'ONE_HOUR');
    assert.deepEqual(await h.vigil.store.getClusterFeatures('switchable'), { auditLogs: false, runtimeMonitoring: false });
    await gd.send(new UpdateDetectorCommand({ DetectorId, Enable: true, Features: [{ Name: 'RUNTIME_MONITORING', Status: 'DISABLED' }] }));
    d = await gd.send(new GetDetectorCommand({ DetectorId }));
    assert.equal(d.Status, 'ENABLED');
    assert.deepEqual(await h.vigil.store.getClusterFeatures('switchable'), { auditLogs: true, runtimeMonitoring: false });
    assert.ok(Date.parse(d.UpdatedAt ?? '') >= Date.parse(d.CreatedAt ?? ''));
  });

  test('ListDetectors pages with MaxResults/NextToken; DeleteDetector removes the cluster', async () => {
    const gd = h.client('viewer');
    const all = (await gd.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    assert.ok(all.length >= 4);
    const paged: string[] = [];
    for await (const page of paginateListDetectors({ client: gd, pageSize: 1 }, {})) paged.push(...(page.DetectorIds ?? []));
    assert.deepEqual(paged, all);
    const first = await gd.send(new ListDetectorsCommand({ MaxResults: 2 }));
    assert.equal(first.DetectorIds?.length, 2);
    assert.equal(typeof first.NextToken, 'string');

    const admin = h.client('admin');
    const { DetectorId } = await admin.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'doomed' } }));
    await admin.send(new DeleteDetectorCommand({ DetectorId }));
    assert.equal(await h.vigil.store.getCluster('doomed'), null);
    assert.ok(!((await gd.send(new ListDetectorsCommand({}))).DetectorIds ?? []).includes(DetectorId ?? ''));
    await assert.rejects(gd.send(new GetDetectorCommand({ DetectorId })), (e: unknown) => {
      assert.ok(e instanceof BadRequestException);
      assert.match(e.message, /not owned by the current account/);
      return true;
    });
    const audit = await h.vigil.store.listAudit(50);
    assert.ok(audit.some((a) => a.action === 'clusters.delete' && a.actor === h.keys.admin.accessKeyId));
  });
});
