// Findings through the official SDK: CreateSampleFindings, ListFindings with criteria, sort and
// pages, GetFindings (the wire shapes the SDK parses), GetFindingsStatistics, Archive/Unarchive and
// UpdateFindingsFeedback.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ArchiveFindingsCommand, BadRequestException, CreateDetectorCommand, CreateSampleFindingsCommand, GetFindingsCommand,
  GetFindingsStatisticsCommand, ListFindingsCommand, UnarchiveFindingsCommand, UpdateFindingsFeedbackCommand,
  paginateListFindings, type Finding, type GuardDutyClient,
} from '@aws-sdk/client-guardduty';
import { ACCOUNT_ID, startHarness, type Harness } from './harness.js';

const EXEC = 'Execution:Kubernetes/ExecInKubeSystemPod';
const DASHBOARD = 'Policy:Kubernetes/ExposedDashboard';

async function allIds(gd: GuardDutyClient, DetectorId: string, FindingCriteria?: ListFindingsCommand['input']['FindingCriteria']): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListFindings({ client: gd, pageSize: 50 }, { DetectorId, FindingCriteria })) ids.push(...(page.FindingIds ?? []));
  return ids;
}

async function getAll(gd: GuardDutyClient, DetectorId: string, ids: string[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (let i = 0; i < ids.length; i += 50) out.push(...((await gd.send(new GetFindingsCommand({ DetectorId, FindingIds: ids.slice(i, i + 50) }))).Findings ?? []));
  return out;
}

describe('GuardDuty findings', () => {
  let h: Harness;
  let detector = '';
  let other = '';
  before(async () => {
    h = await startHarness();
    const gd = h.client('admin');
    detector = (await gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'prod' } }))).DetectorId ?? '';
    other = (await gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'other' } }))).DetectorId ?? '';
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: detector }));
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: other, FindingTypes: [EXEC] }));
  });
  after(async () => h.close());

  test('CreateSampleFindings with no types creates one finding of every type; ListFindings pages through them', async () => {
    const gd = h.client('viewer');
    const ids = await allIds(gd, detector);
    assert.ok(ids.length > 50, `${ids.length} sample findings`);
    assert.equal(new Set(ids).size, ids.length, 'no finding twice across pages');
    const first = await gd.send(new ListFindingsCommand({ DetectorId: detector, MaxResults: 7 }));
    assert.equal(first.FindingIds?.length, 7);
    assert.ok(first.NextToken);
    const second = await gd.send(new ListFindingsCommand({ DetectorId: detector, MaxResults: 7, NextToken: first.NextToken }));
    assert.deepEqual([...(first.FindingIds ?? []), ...(second.FindingIds ?? [])], ids.slice(0, 14), 'pages continue where the last one ended');
    const otherIds = await allIds(gd, other);
    assert.equal(otherIds.length, 1, 'each detector sees its own cluster\'s findings');
    assert.ok(!ids.includes(otherIds[0] ?? ''));
  });

  test('GetFindings returns GuardDuty wire-format findings that the SDK parses (timestamps, irregular names)', async () => {
    const gd = h.client('viewer');
    const [id] = (await gd.send(new ListFindingsCommand({ DetectorId: detector, FindingCriteria: { Criterion: { type: { Equals: [EXEC] } } } }))).FindingIds ?? [];
    assert.ok(id);
    const { Findings } = await gd.send(new GetFindingsCommand({ DetectorId: detector, FindingIds: [id, 'f'.repeat(32)] }));
    assert.equal(Findings?.length, 1, 'unknown ids are left out');
    const f = Findings?.[0];
    assert.equal(f?.Id, id);
    assert.equal(f?.Type, EXEC);
    assert.equal(f?.AccountId, ACCOUNT_ID);
    assert.equal(f?.SchemaVersion, '2.0');
    assert.equal(typeof f?.Severity, 'number');
    assert.match(f?.Arn ?? '', new RegExp(`^arn:aws:guardduty:us-east-1:${ACCOUNT_ID}:detector/${detector}/finding/${id}$`));
    assert.ok(Number.isFinite(Date.parse(f?.CreatedAt ?? '')), 'Finding.createdAt is an ISO string');
    assert.ok(Number.isFinite(Date.parse(f?.Service?.EventLastSeen ?? '')));
    assert.equal(f?.Service?.DetectorId, detector);
    assert.equal(f?.Service?.Archived, false);
    assert.match(f?.Title ?? '', /^\[SAMPLE\] /);
    assert.equal(f?.Resource?.ResourceType, 'EKSCluster');
    assert.equal(f?.Resource?.EksClusterDetails?.Name, 'prod');
    const call = f?.Service?.Action?.KubernetesApiCallAction;
    assert.ok(Array.isArray(call?.SourceIps) && call.SourceIps.length > 0, 'sourceIPs on the wire becomes SourceIps');
    assert.equal(f?.Resource?.KubernetesDetails?.KubernetesWorkloadDetails?.Namespace, 'kube-system');

    // Every sample finding of every type goes through the SDK's strict parser.
    const all = await getAll(gd, detector, await allIds(gd, detector));
    assert.ok(all.length > 50);
    const runtime = all.find((x) => x.Service?.RuntimeDetails?.Process?.StartTime !== undefined);
    if (runtime) assert.ok(runtime.Service?.RuntimeDetails?.Process?.StartTime instanceof Date, 'process startTime is an epoch-seconds timestamp');
    assert.equal((await gd.send(new GetFindingsCommand({ DetectorId: other, FindingIds: [id] }))).Findings?.length, 0, 'a finding of another detector is not returned');
  });

  test('ListFindings: criteria (equals, numeric ranges, timestamps in ms, notEquals) and sortCriteria', async () => {
    const gd = h.client('viewer');
    const all = await getAll(gd, detector, await allIds(gd, detector));
    const high = await allIds(gd, detector, { Criterion: { severity: { GreaterThanOrEqual: 7 } } });
    assert.deepEqual(new Set(high), new Set(all.filter((f) => (f.Severity ?? 0) >= 7).map((f) => f.Id)));
    const legacy = await allIds(gd, detector, { Criterion: { severity: { Gte: 7 } } });
    assert.deepEqual(new Set(legacy), new Set(high), 'the deprecated gte works like greaterThanOrEqual');
    const mediumAudit = await allIds(gd, detector, {
      Criterion: {
        severity: { GreaterThanOrEqual: 4, LessThan: 7 },
        'service.action.actionType': { Equals: ['KUBERNETES_API_CALL'] },
        'resource.kubernetesDetails.kubernetesWorkloadDetails.namespace': { NotEquals: ['default'] },
      },
    });
    for (const f of all.filter((x) => mediumAudit.includes(x.Id ?? ''))) {
      assert.ok((f.Severity ?? 0) >= 4 && (f.Severity ?? 0) < 7);
      assert.equal(f.Service?.Action?.ActionType, 'KUBERNETES_API_CALL');
    }
    assert.ok(mediumAudit.length > 0);
    const recent = await allIds(gd, detector, { Criterion: { updatedAt: { GreaterThan: Date.now() - 3_600_000 } } });
    assert.equal(recent.length, all.length, 'timestamp criteria take epoch milliseconds');
    assert.equal((await allIds(gd, detector, { Criterion: { updatedAt: { GreaterThan: Date.now() + 3_600_000 } } })).length, 0);

    const sorted = await gd.send(new ListFindingsCommand({ DetectorId: detector, SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' }, MaxResults: 50 }));
    const bySeverity = new Map(all.map((f) => [f.Id, f.Severity ?? 0]));
    const sev = (sorted.FindingIds ?? []).map((id) => bySeverity.get(id) ?? -1);
    assert.deepEqual(sev, [...sev].sort((a, b) => b - a));
    assert.equal(sev[0], Math.max(...bySeverity.values()));
    const asc: string[] = [];
    for await (const page of paginateListFindings({ client: gd, pageSize: 20 }, { DetectorId: detector, SortCriteria: { AttributeName: 'type', OrderBy: 'ASC' } })) asc.push(...(page.FindingIds ?? []));
    const types = asc.map((id) => all.find((f) => f.Id === id)?.Type ?? '');
    assert.deepEqual(types, [...types].sort());
    assert.equal(asc.length, all.length);

    await assert.rejects(gd.send(new ListFindingsCommand({ DetectorId: detector, FindingCriteria: { Criterion: { 'bad path!': { Equals: ['x'] } } } })), BadRequestException);
    await assert.rejects(gd.send(new ListFindingsCommand({ DetectorId: detector, NextToken: 'not-a-token' })), BadRequestException);
    await assert.rejects(gd.send(new ListFindingsCommand({ DetectorId: 'f'.repeat(32) })), BadRequestException);
  });

  test('GetFindingsStatistics: countBySeverity and groupBy, with criteria', async () => {
    const gd = h.client('viewer');
    const all = await getAll(gd, detector, await allIds(gd, detector));
    const { FindingStatistics } = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: detector, FindingStatisticTypes: ['COUNT_BY_SEVERITY'] }));
    const counts = FindingStatistics?.CountBySeverity ?? {};
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), all.length);
    assert.equal(counts['8.0'], all.filter((f) => f.Severity === 8).length, 'keys are the severity as a double');
    const high = await gd.send(new GetFindingsStatisticsCommand({
      DetectorId: detector, FindingStatisticTypes: ['COUNT_BY_SEVERITY'], FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 } } },
    }));
    assert.ok(Object.keys(high.FindingStatistics?.CountBySeverity ?? {}).every((k) => Number(k) >= 7));

    const byType = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: detector, GroupBy: 'FINDING_TYPE', MaxResults: 5, OrderBy: 'DESC' }));
    const rows = byType.FindingStatistics?.GroupedByFindingType ?? [];
    assert.equal(rows.length, 5);
    assert.ok(rows[0]?.LastGeneratedAt instanceof Date);
    assert.ok(rows.every((r) => typeof r.FindingType === 'string' && (r.TotalFindings ?? 0) >= 1));
    const bySeverity = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: detector, GroupBy: 'SEVERITY', MaxResults: 100 }));
    assert.equal((bySeverity.FindingStatistics?.GroupedBySeverity ?? []).reduce((a, r) => a + (r.TotalFindings ?? 0), 0), all.length);
    const byDate = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: detector, GroupBy: 'DATE' }));
    assert.ok(byDate.FindingStatistics?.GroupedByDate?.[0]?.Date instanceof Date);
    const byResource = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: detector, GroupBy: 'RESOURCE' }));
    assert.deepEqual(byResource.FindingStatistics?.GroupedByResource?.map((r) => [r.ResourceId, r.ResourceType, r.TotalFindings]), [['prod', 'EKSCluster', all.length]]);
    const byAccount = await gd.send(new GetFindingsStatisticsCommand({ DetectorId: detector, GroupBy: 'ACCOUNT' }));
    assert.equal(byAccount.FindingStatistics?.GroupedByAccount?.[0]?.AccountId, ACCOUNT_ID);
    await assert.rejects(gd.send(new GetFindingsStatisticsCommand({ DetectorId: detector })), BadRequestException);
  });

  test('ArchiveFindings / UnarchiveFindings / UpdateFindingsFeedback (analyst)', async () => {
    const gd = h.client('analyst');
    const ids = await allIds(gd, detector, { Criterion: { type: { Equals: [DASHBOARD] } } });
    assert.equal(ids.length, 1);
    const otherIds = await allIds(gd, other);
    await gd.send(new ArchiveFindingsCommand({ DetectorId: detector, FindingIds: [...ids, ...otherIds] }));
    let [f] = (await gd.send(new GetFindingsCommand({ DetectorId: detector, FindingIds: ids }))).Findings ?? [];
    assert.equal(f?.Service?.Archived, true);
    assert.equal((await getAll(gd, other, otherIds))[0]?.Service?.Archived, false, 'ids of another detector are ignored');
    const current = await allIds(gd, detector, { Criterion: { 'service.archived': { Equals: ['false'] } } });
    const archived = await allIds(gd, detector, { Criterion: { 'service.archived': { Equals: ['true'] } } });
    assert.ok(!current.includes(ids[0] ?? ''));
    assert.deepEqual(archived, ids);
    await gd.send(new UnarchiveFindingsCommand({ DetectorId: detector, FindingIds: ids }));
    [f] = (await gd.send(new GetFindingsCommand({ DetectorId: detector, FindingIds: ids }))).Findings ?? [];
    assert.equal(f?.Service?.Archived, false);
    await gd.send(new UpdateFindingsFeedbackCommand({ DetectorId: detector, FindingIds: ids, Feedback: 'NOT_USEFUL', Comments: 'the dashboard is internal' }));
    [f] = (await gd.send(new GetFindingsCommand({ DetectorId: detector, FindingIds: ids }))).Findings ?? [];
    assert.equal(f?.Service?.UserFeedback, 'NOT_USEFUL');
    const trail = await h.vigil.store.listAudit(20);
    assert.ok(trail.some((a) => a.action === 'findings.feedback' && a.actor === h.keys.analyst.accessKeyId && a.details.comments === 'the dashboard is internal'));
    await assert.rejects(gd.send(new ArchiveFindingsCommand({ DetectorId: detector, FindingIds: Array.from({ length: 51 }, (_, i) => String(i)) })), BadRequestException, 'at most 50 ids');
  });

  test('CreateSampleFindings with named types; an unknown type is refused', async () => {
    const gd = h.client('analyst');
    const before = (await allIds(gd, detector, { Criterion: { type: { Equals: [EXEC] } } })).length;
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: detector, FindingTypes: [EXEC] }));
    assert.equal((await allIds(gd, detector, { Criterion: { type: { Equals: [EXEC] } } })).length, before + 1);
    await assert.rejects(gd.send(new CreateSampleFindingsCommand({ DetectorId: detector, FindingTypes: ['Recon:EC2/PortProbeUnprotectedPort'] })), (e: unknown) => {
      assert.ok(e instanceof BadRequestException);
      assert.match(e.message, /PortProbeUnprotectedPort/);
      return true;
    });
  });
});
