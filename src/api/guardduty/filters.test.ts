// CreateFilter, GetFilter, ListFilters, UpdateFilter and DeleteFilter through the official SDK; a
// filter with action ARCHIVE archives matching new (sample) findings.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BadRequestException, CreateDetectorCommand, CreateFilterCommand, CreateSampleFindingsCommand, DeleteFilterCommand,
  GetFilterCommand, GetFindingsCommand, ListFiltersCommand, ListFindingsCommand, UpdateFilterCommand, paginateListFilters,
} from '@aws-sdk/client-guardduty';
import { startHarness, type Harness } from './harness.js';

const EXEC = 'Execution:Kubernetes/ExecInKubeSystemPod';

describe('GuardDuty filters', () => {
  let h: Harness;
  let detector = '';
  let other = '';
  before(async () => {
    h = await startHarness();
    const gd = h.client('admin');
    detector = (await gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'prod' } }))).DetectorId ?? '';
    other = (await gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'other' } }))).DetectorId ?? '';
  });
  after(async () => h.close());

  const newest = async (type: string) => {
    const gd = h.client('viewer');
    const { FindingIds } = await gd.send(new ListFindingsCommand({
      DetectorId: detector, FindingCriteria: { Criterion: { type: { Equals: [type] } } }, SortCriteria: { AttributeName: 'createdAt', OrderBy: 'DESC' }, MaxResults: 50,
    }));
    const { Findings } = await gd.send(new GetFindingsCommand({ DetectorId: detector, FindingIds: FindingIds ?? [], SortCriteria: { AttributeName: 'createdAt', OrderBy: 'DESC' } }));
    return Findings ?? [];
  };

  test('an ARCHIVE filter archives new findings of its type; NOOP does not; GetFilter returns what was saved', async () => {
    const gd = h.client('analyst');
    const created = await gd.send(new CreateFilterCommand({
      DetectorId: detector,
      Name: 'hide-exec',
      Description: 'exec into kube-system is our break-glass procedure',
      Action: 'ARCHIVE',
      Rank: 1,
      FindingCriteria: { Criterion: { type: { Equals: [EXEC] } } },
    }));
    assert.equal(created.Name, 'hide-exec');
    const f = await gd.send(new GetFilterCommand({ DetectorId: detector, FilterName: 'hide-exec' }));
    assert.equal(f.Name, 'hide-exec');
    assert.equal(f.Action, 'ARCHIVE');
    assert.equal(f.Rank, 1);
    assert.equal(f.Description, 'exec into kube-system is our break-glass procedure');
    assert.deepEqual(f.FindingCriteria, { Criterion: { type: { Equals: [EXEC] } } });
    assert.ok(f.CreatedAt instanceof Date && f.UpdatedAt instanceof Date, 'filter timestamps are epoch seconds');
    assert.ok(Math.abs((f.CreatedAt?.getTime() ?? 0) - Date.now()) < 60_000);

    await gd.send(new CreateSampleFindingsCommand({ DetectorId: detector, FindingTypes: [EXEC, 'Policy:Kubernetes/ExposedDashboard'] }));
    assert.equal((await newest(EXEC))[0]?.Service?.Archived, true, 'suppressed by the filter');
    assert.equal((await newest('Policy:Kubernetes/ExposedDashboard'))[0]?.Service?.Archived, false);
    // The filter belongs to its detector: another detector's findings of that type stay current.
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: other, FindingTypes: [EXEC] }));
    const o = await gd.send(new ListFindingsCommand({ DetectorId: other, FindingCriteria: { Criterion: { 'service.archived': { Equals: ['false'] } } } }));
    assert.equal(o.FindingIds?.length, 1);

    await gd.send(new UpdateFilterCommand({ DetectorId: detector, FilterName: 'hide-exec', Action: 'NOOP', Rank: 3 }));
    const updated = await gd.send(new GetFilterCommand({ DetectorId: detector, FilterName: 'hide-exec' }));
    assert.equal(updated.Action, 'NOOP');
    assert.equal(updated.Rank, 3);
    assert.deepEqual(updated.FindingCriteria, f.FindingCriteria, 'criteria kept when not given');
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: detector, FindingTypes: [EXEC] }));
    assert.equal((await newest(EXEC))[0]?.Service?.Archived, false, 'a NOOP filter only saves a search');
  });

  test('ListFilters pages; filters of other detectors are not listed; DeleteFilter', async () => {
    const gd = h.client('analyst');
    for (const name of ['f-one', 'f-two', 'f-three']) {
      await gd.send(new CreateFilterCommand({ DetectorId: detector, Name: name, FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 } } } }));
    }
    await gd.send(new CreateFilterCommand({ DetectorId: other, Name: 'elsewhere', FindingCriteria: { Criterion: { severity: { Gte: 1 } } } }));
    const names: string[] = [];
    for await (const page of paginateListFilters({ client: gd, pageSize: 2 }, { DetectorId: detector })) names.push(...(page.FilterNames ?? []));
    assert.deepEqual(new Set(names), new Set(['hide-exec', 'f-one', 'f-two', 'f-three']));
    await assert.rejects(gd.send(new GetFilterCommand({ DetectorId: detector, FilterName: 'elsewhere' })), BadRequestException);
    await gd.send(new DeleteFilterCommand({ DetectorId: detector, FilterName: 'f-two' }));
    assert.ok(!((await gd.send(new ListFiltersCommand({ DetectorId: detector }))).FilterNames ?? []).includes('f-two'));
    await assert.rejects(gd.send(new DeleteFilterCommand({ DetectorId: detector, FilterName: 'f-two' })), BadRequestException);
  });

  test('bad filters are refused with BadRequestException; names with spaces travel URI-encoded and are verified', async () => {
    const gd = h.client('analyst');
    await assert.rejects(gd.send(new CreateFilterCommand({ DetectorId: detector, Name: 'hide-exec', FindingCriteria: { Criterion: {} } })), /already exists/);
    await assert.rejects(gd.send(new CreateFilterCommand({ DetectorId: detector, Name: 'x', FindingCriteria: { Criterion: {} } })), BadRequestException);
    await assert.rejects(gd.send(new CreateFilterCommand({ DetectorId: detector, Name: 'bad-op', FindingCriteria: { Criterion: { 'bad path!': { Equals: ['1'] } } } })), BadRequestException);
    await assert.rejects(gd.send(new CreateFilterCommand({ DetectorId: detector, Name: 'bad-rank', Rank: 101, FindingCriteria: { Criterion: {} } })), BadRequestException);
    // "my filter" -> /filter/my%20filter: the signature verifies; the answer is GuardDuty's "no such filter".
    await assert.rejects(gd.send(new GetFilterCommand({ DetectorId: detector, FilterName: 'my filter/with slash' })), (e: unknown) => {
      assert.ok(e instanceof BadRequestException, String(e));
      assert.match(e.message, /no such resource/);
      return true;
    });
  });
});
