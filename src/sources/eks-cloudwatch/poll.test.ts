// The CloudWatch Logs poller with the real AWS SDK client pointed at a local server that answers
// FilterLogEvents like CloudWatch (JSON 1.1), the real pipeline and a SQLite store: the workshop log
// raises the same findings as a native replay, a page boundary inside a millisecond loses nothing,
// a restart resumes without re-ingesting or losing, throttling is retried, late arrivals within the
// lookback are taken. Static credentials and a fixed region: nothing reaches AWS.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { openVigil, type Vigil } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import type { Cluster } from '../../store/store.js';
import { FIXTURES } from '../../testing/cli.js';
import { BASE_MS, FILTER_TARGET, THROTTLED, logGroupEvents, startFakeCloudWatchLogs, type FakeCloudWatchLogs, type StoredEvent } from '../../testing/cloudwatch-logs-server.js';
import { auditLines } from '../../testing/firehose-requests.js';
import { cloudWatchLogsSource } from './client.js';
import { decodeCursor } from './cursor.js';
import { AUDIT_STREAM_PREFIX } from '../../normalize/k8s-audit/eks-log-event.js';
import { CloudWatchPoller, type PollOptions } from './poll.js';

const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>;
const WORKSHOP = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const GROUP = '/aws/eks/workshop/cluster';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cwl-'));
let fake: FakeCloudWatchLogs;
before(async () => {
  fake = await startFakeCloudWatchLogs([], 7);
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;

/** A Vigil on its own data folder with cluster `workshop` (reopened by name for restarts). */
async function openData(name: string): Promise<{ vigil: Vigil; cluster: Cluster }> {
  const vigil = await openVigil(DEFAULT_CONFIG, join(dir, name), systemClock);
  let cluster = await vigil.store.getCluster('workshop');
  if (!cluster) {
    cluster = { name: 'workshop', detectorId: '1'.repeat(32), createdAt: Date.now(), platform: 'eks', arn: null };
    await vigil.store.addCluster(cluster);
  }
  return { vigil, cluster };
}

function poller(vigil: Vigil, cluster: Cluster, over: Partial<PollOptions> = {}, maxAttempts?: number): CloudWatchPoller {
  return new CloudWatchPoller({
    logGroup: GROUP,
    source: cloudWatchLogsSource({ region: 'us-east-1', endpoint: fake.endpoint, credentials: CREDENTIALS, ...(maxAttempts ? { maxAttempts } : {}) }),
    cursors: vigil.store,
    now: () => BASE_MS,
    batchSize: 25,
    submit: async (items, unjudged, cursor) => {
      const r = await vigil.pipeline.ingest(cluster, items, `cloudwatch:${GROUP}`, 'k8s-audit', '', '', unjudged, cursor);
      assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected));
    },
    ...over,
  });
}

async function findings(vigil: Vigil): Promise<Finding[]> {
  return (await vigil.store.listFindings({ clusters: ['workshop'], limit: 1000 })).findings;
}
function countByType(fs: Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of fs.filter((x) => (JSON.parse(x.service.additionalInfo.value) as { catalog: string }).catalog === 'guardduty')) out[f.type] = (out[f.type] ?? 0) + 1;
  return out;
}
const stats = async (vigil: Vigil) => (await vigil.store.ingestStats()).find((s) => s.source === `cloudwatch:${GROUP}`);

/** Ingest counters of the same lines replayed natively (one batch), the baseline to compare with. */
async function native(lines: string[]): Promise<{ total: number; duplicates: number }> {
  const { vigil, cluster } = await openData(`native-${++n}`);
  await vigil.pipeline.ingest(cluster, lines.map((l) => JSON.parse(l) as unknown), 'native');
  const s = (await vigil.store.ingestStats()).find((x) => x.source === 'native');
  await vigil.close();
  return { total: (s?.accepted ?? 0) + (s?.skipped ?? 0) + (s?.duplicates ?? 0), duplicates: s?.duplicates ?? 0 };
}
const total = (s: { accepted: number; skipped: number; duplicates: number } | undefined) => (s ? s.accepted + s.skipped + s.duplicates : 0);

function session(events: StoredEvent[]): void {
  fake.events = events;
  fake.requests.length = 0;
  fake.failNext.length = 0;
  fake.replay = null;
}

test('the workshop log polled from CloudWatch Logs raises the same findings as a native replay', async () => {
  const events = logGroupEvents(WORKSHOP);
  events.push({ logStreamName: 'authenticator-3a29c4e1f0b7d6a5c4b3a2918f7e6d5c', timestamp: BASE_MS, message: 'time="2024-03-14T09:26:53Z" level=info msg="access granted"', ingestionTime: BASE_MS + 900, eventId: '9'.repeat(56) });
  session(events);
  fake.failNext.push(THROTTLED); // the SDK's own retry takes this one
  const { vigil, cluster } = await openData(`run-${++n}`);
  const p = poller(vigil, cluster);
  assert.equal(await p.poll(), true);
  await p.stop();
  assert.deepEqual(countByType(await findings(vigil)), EXPECTED);
  const s = await stats(vigil);
  const base = await native(WORKSHOP);
  assert.equal(total(s), WORKSHOP.length, 'every audit event counted once');
  assert.equal(s?.duplicates, base.duplicates, 'duplicates as in a native replay (a ResponseComplete after its ResponseStarted)');
  assert.equal(p.stats.items, WORKSHOP.length, 'the authenticator stream is not asked for');
  assert.ok(p.stats.pages >= 60, 'many pages (7 events each)');
  // The requests as CloudWatch saw them: the throttled one sent again, then paging with nextToken.
  assert.ok(fake.requests.every((r) => r.target === FILTER_TARGET));
  assert.ok(fake.requests.every((r) => r.body.logGroupName === GROUP && r.body.logStreamNamePrefix === AUDIT_STREAM_PREFIX && r.body.startTime === BASE_MS - 120_000));
  assert.deepEqual(fake.requests[0]?.body, fake.requests[1]?.body, 'the throttled request is retried as it was');
  assert.equal(fake.requests[1]?.body.nextToken, undefined);
  assert.ok(fake.requests[2]?.body.nextToken, 'the second page is asked for with the nextToken');
  const cursor = decodeCursor(await vigil.store.getCursor(`cloudwatch:${GROUP}`));
  const last = events.filter((e) => e.logStreamName.startsWith(AUDIT_STREAM_PREFIX)).at(-1)!;
  assert.equal(cursor?.t, last.timestamp);
  assert.deepEqual(cursor?.ids, events.filter((e) => e.timestamp === last.timestamp && e.logStreamName.startsWith(AUDIT_STREAM_PREFIX)).map((e) => e.eventId));
  await vigil.close();
});

test('a page boundary inside a millisecond loses nothing; a restart resumes without re-ingesting', async () => {
  // 3 events per millisecond, pages of 7: every page ends inside a millisecond. Batches of 4 commit
  // (and save the cursor) inside milliseconds too.
  const all = logGroupEvents(WORKSHOP.slice(0, 120));
  session(all.slice(0, 50)); // CloudWatch holds 50 so far: the cut is inside the millisecond of events 48..50
  assert.equal(all[49]!.timestamp, all[50]!.timestamp);
  const name = `run-${++n}`;
  {
    const { vigil, cluster } = await openData(name);
    const p = poller(vigil, cluster, { batchSize: 4, lookbackMs: 0 });
    assert.equal(await p.poll(), true);
    await p.stop();
    assert.equal(p.stats.items, 50);
    const cursor = decodeCursor(await vigil.store.getCursor(`cloudwatch:${GROUP}`));
    assert.deepEqual(cursor, { t: all[49]!.timestamp, ids: [all[48]!.eventId, all[49]!.eventId] }, 'the timestamp and the ids taken at it');
    await vigil.close();
  }
  fake.events = all; // the rest of that millisecond and later ones arrive
  fake.requests.length = 0;
  const { vigil, cluster } = await openData(name);
  const p = poller(vigil, cluster, { batchSize: 4, lookbackMs: 0 });
  assert.equal(await p.poll(), true);
  await p.stop();
  assert.equal(fake.requests[0]?.body.startTime, all[49]!.timestamp, 'the restarted poller starts at the saved millisecond, inclusive');
  assert.equal(p.stats.alreadyTaken, 2, 'the two ids of the saved millisecond are dropped');
  assert.equal(p.stats.items, 70);
  const s = await stats(vigil);
  assert.equal(total(s), 120, 'nothing lost, nothing counted twice');
  assert.equal(s?.duplicates, (await native(WORKSHOP.slice(0, 120))).duplicates, 'nothing re-ingested: duplicates as in a native replay');
  await vigil.close();
});

test('after a restart the lookback overlap is sent again: events with findings are dropped by auditID, the findings do not change', async () => {
  session(logGroupEvents(WORKSHOP));
  const name = `run-${++n}`;
  const runs: { counts: Map<string, number>; total: number; duplicates: number }[] = [];
  for (let run = 0; run < 2; run++) {
    const { vigil, cluster } = await openData(name);
    const p = poller(vigil, cluster);
    assert.equal(await p.poll(), true);
    assert.equal(await p.poll(), true, 'a second poll in the same process');
    await p.stop();
    assert.equal(p.stats.alreadyTaken, run === 0 ? WORKSHOP.length : WORKSHOP.length + 3, 'within a process the overlap is dropped from memory; after a restart only the ids saved in the cursor at first');
    const fs = await findings(vigil);
    const s = await stats(vigil);
    runs.push({ counts: new Map(fs.map((f) => [f.id, f.service.count])), total: total(s), duplicates: s?.duplicates ?? 0 });
    if (run === 0) assert.deepEqual(countByType(fs), EXPECTED);
    await vigil.close();
  }
  assert.deepEqual(runs[1]!.counts, runs[0]!.counts, 'no finding raised or counted again');
  assert.equal(runs[1]!.total - runs[0]!.total, WORKSHOP.length - 3, 'the 2-minute overlap (less the ids saved in the cursor) was sent again');
  assert.ok(runs[1]!.duplicates > runs[0]!.duplicates, 'and the events that raised findings were dropped as duplicates');
});

test('a late event with an older timestamp within the lookback is taken; the rest is not judged again', async () => {
  const all = logGroupEvents(WORKSHOP.slice(0, 30));
  const late = all.splice(10, 1)[0]!;
  session(all);
  const { vigil, cluster } = await openData(`run-${++n}`);
  const p = poller(vigil, cluster);
  await p.poll();
  assert.equal(p.stats.items, 29);
  fake.events.push(late); // arrives minutes late, 3 ms older than the cursor
  await p.poll();
  await p.stop();
  assert.equal(p.stats.items, 30);
  const s = await stats(vigil);
  assert.equal(total(s), 30, 'the late event taken once, the others not sent again');
  await vigil.close();
});

test('throttling: the pass fails without moving the cursor past committed batches, is logged, and the next pass takes the rest', async () => {
  const events = logGroupEvents(WORKSHOP.slice(0, 40));
  session(events);
  const { vigil, cluster } = await openData(`run-${++n}`);
  const logs: string[] = [];
  // The SDK's own retries off (maxAttempts 1): the poller's backoff handles it. The third page is throttled.
  const source = cloudWatchLogsSource({ region: 'us-east-1', endpoint: fake.endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
  let calls = 0;
  const p = poller(vigil, cluster, {
    batchSize: 7,
    source: { filterPage: (q) => (++calls === 3 && fake.failNext.push(THROTTLED), source.filterPage(q)), close: () => source.close() },
    log: (_l, msg, f) => logs.push(`${msg} ${String(f.error)}`),
  });
  assert.equal(await p.poll(), false);
  assert.ok(logs.some((l) => l.includes('ThrottlingException')), logs.join('\n'));
  assert.equal(p.stats.items, 14, 'two pages committed before the throttled one');
  const cursor = decodeCursor(await vigil.store.getCursor(`cloudwatch:${GROUP}`));
  assert.deepEqual(cursor, { t: events[13]!.timestamp, ids: [events[12]!.eventId, events[13]!.eventId] }, 'the cursor is at the last committed event');
  assert.equal(await p.poll(), true, 'the next pass succeeds');
  await p.stop();
  assert.equal(p.stats.errors, 1);
  assert.equal(p.stats.items, 40);
  assert.equal(total(await stats(vigil)), 40, 'nothing lost or sent twice');
  await vigil.close();
});

test('a recorded FilterLogEvents response: audit events taken, the truncated message counted with its reason', async () => {
  const recorded = JSON.parse(readFileSync(join(FIXTURES, 'eks-cloudwatch', 'filter-log-events.json'), 'utf8')) as { events: { eventId: string; timestamp: number }[] };
  session([]);
  fake.replay = [recorded];
  const { vigil, cluster } = await openData(`run-${++n}`);
  const p = poller(vigil, cluster);
  assert.equal(await p.poll(), true);
  await p.stop();
  assert.equal(p.stats.items, 3);
  assert.deepEqual(p.stats.rejected, { truncated_event: 1 });
  const cursor = decodeCursor(await vigil.store.getCursor(`cloudwatch:${GROUP}`));
  assert.deepEqual(cursor, { t: recorded.events[3]!.timestamp, ids: [recorded.events[2]!.eventId, recorded.events[3]!.eventId] }, 'a skipped event is consumed too');
  await vigil.close();
});

test('a new log group is read from the lookback before the first poll, also while it stays empty', async () => {
  const old = logGroupEvents(WORKSHOP.slice(0, 3), 3, BASE_MS - 300_000);
  session(old);
  const { vigil, cluster } = await openData(`run-${++n}`);
  const p = poller(vigil, cluster);
  await p.poll();
  await p.poll();
  assert.equal(p.stats.items, 0, 'history older than the lookback is not read');
  assert.deepEqual(fake.requests.map((r) => r.body.startTime), [BASE_MS - 120_000, BASE_MS - 120_000], 'never from the beginning of the log group');
  fake.events.push(...logGroupEvents(WORKSHOP.slice(3, 6), 3, BASE_MS + 10));
  await p.poll();
  await p.stop();
  assert.equal(p.stats.items, 3);
  assert.equal(fake.requests[2]?.body.startTime, BASE_MS - 120_000);
  assert.deepEqual(decodeCursor(await vigil.store.getCursor(`cloudwatch:${GROUP}`))?.t, BASE_MS + 10);
  await vigil.close();
});

test('log events without an eventId or timestamp are counted with a reason, not dropped silently', async () => {
  const recorded = JSON.parse(readFileSync(join(FIXTURES, 'eks-cloudwatch', 'filter-log-events.json'), 'utf8')) as { events: Record<string, unknown>[] };
  const good = recorded.events[0]!;
  session([]);
  fake.replay = [{ events: [{ ...good, eventId: undefined }, { ...good, timestamp: undefined, eventId: 'x-1' }, good], searchedLogStreams: [] }];
  const { vigil, cluster } = await openData(`run-${++n}`);
  const p = poller(vigil, cluster);
  assert.equal(await p.poll(), true);
  await p.stop();
  assert.equal(p.stats.items, 1);
  assert.deepEqual(p.stats.rejected, { malformed_log_event: 2 });
  const counted = (await vigil.store.ingestStats()).find((s) => s.source === `cloudwatch:${GROUP}`);
  assert.deepEqual(counted?.rejected, { malformed_log_event: 2 }, 'committed with the batch: visible in clusters list and /metrics');
  await vigil.close();
});
