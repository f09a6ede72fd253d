// Timelines over a real store: which findings and events relate, the window, the cluster, and the
// bound that keeps the entries nearest to the finding's activity.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../core/finding.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { testEvent } from '../../store/archive.conformance.js';
import { buildTestFinding, type TestFindingOptions } from '../../store/store.conformance.js';
import type { Store } from '../../store/store.js';
import { buildTimeline, MAX_ENTRIES } from './timeline.js';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;
const POD = 'kube-system/coredns-5d78c9869d-abcde';
const WORKLOAD = `pods/${POD}`;

async function commit(store: Store, ...os: (TestFindingOptions & { fp: string })[]): Promise<Finding[]> {
  const r = await store.commitBatch({
    cluster: 'prod', seenKeys: [], stateChanges: [],
    counts: { source: 's', accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null },
    occurrences: os.map((o) => ({ fingerprint: o.fp, finding: buildTestFinding(o), time: o.time ?? T0 })),
  }, T0);
  return r.created;
}

test('related findings and events: same cluster, within the window, each with how it relates', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const [subject] = await commit(store,
      { fp: 'subject', username: 'alice', sourceIp: '198.51.100.1', time: T0 },
      { fp: 'same-actor', username: 'alice', namespace: 'other', sourceIp: '203.0.113.1', time: T0 + 10 * MIN },
      { fp: 'same-ip', username: 'bob', namespace: 'other', sourceIp: '198.51.100.1', time: T0 - 10 * MIN },
      { fp: 'too-late', username: 'alice', time: T0 + 3 * 60 * MIN },
      { fp: 'elsewhere', username: 'alice', cluster: 'staging', time: T0 },
      { fp: 'unrelated', username: 'carol', namespace: 'other', sourceIp: '203.0.113.2', time: T0 });
    await store.appendEvents([
      testEvent({ time: T0, actor: 'alice', workload: WORKLOAD, pod: POD, sourceIp: '198.51.100.1', summary: 'the exec' }),
      testEvent({ time: T0 - 5 * MIN, actor: 'bob', workload: WORKLOAD, pod: POD, sourceIp: '10.0.0.1', summary: 'bob on the pod' }),
      testEvent({ time: T0 + 5 * MIN, actor: 'alice', workload: null, pod: null, sourceIp: '10.0.0.2', summary: 'alice elsewhere' }),
      testEvent({ time: T0 + 6 * MIN, plane: 'runtime', actor: null, workload: WORKLOAD, pod: POD, sourceIp: null, summary: 'in the pod' }),
      testEvent({ time: T0 - 2 * 60 * MIN, actor: 'alice', summary: 'hours before' }),
      testEvent({ time: T0, cluster: 'staging', actor: 'alice', summary: 'other cluster' }),
      testEvent({ time: T0, actor: 'carol', workload: null, pod: null, sourceIp: '10.9.9.9', summary: 'unrelated' }),
    ]);
    const tl = await buildTimeline(store, subject!, 60 * MIN);
    assert.deepEqual(tl.entities, { actor: 'alice', workload: WORKLOAD, pod: POD, image: 'coredns/coredns:1.10.1', sourceIps: ['198.51.100.1'] });
    assert.deepEqual(tl.window, { from: new Date(T0 - 60 * MIN).toISOString(), to: new Date(T0 + 60 * MIN).toISOString() });
    assert.equal(tl.truncated, false);
    const rows = tl.entries.map((e) => [e.kind, e.kind === 'event' ? e.event!.summary : e.finding!.user, e.relations.join('+')]);
    assert.deepEqual(rows, [
      ['finding', 'bob', 'sourceIp'],
      ['event', 'bob on the pod', 'workload'],
      ['finding', 'alice', 'self'],
      ['event', 'the exec', 'actor+workload+sourceIp'],
      ['event', 'alice elsewhere', 'actor'],
      ['event', 'in the pod', 'workload'],
      ['finding', 'alice', 'actor'],
    ]);
  } finally {
    await store.close();
  }
});

test('a busy actor is bounded: the entries nearest the finding are kept, on both sides', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const [subject] = await commit(store, { fp: 'subject', username: 'alice', namespace: null, sourceIp: '198.51.100.1', time: T0 });
    const events = [];
    for (let i = 1; i <= 400; i++) {
      events.push(testEvent({ time: T0 - i * SEC, workload: null, pod: null, summary: `before ${i}` }));
      events.push(testEvent({ time: T0 + i * SEC, workload: null, pod: null, summary: `after ${i}` }));
    }
    await store.appendEvents(events);
    const tl = await buildTimeline(store, subject!, 60 * MIN);
    assert.equal(tl.truncated, true);
    assert.equal(tl.entries.length, MAX_ENTRIES);
    const distances = tl.entries.filter((e) => e.kind === 'event').map((e) => Math.abs(Date.parse(e.time) - T0) / SEC);
    assert.equal(distances.length, MAX_ENTRIES - 1);
    assert.equal(Math.max(...distances), 250, 'the 499 nearest of 800 events: 1..250 s on one side, 1..249 s on the other');
    assert.equal(distances.filter((d) => d === 250).length, 1);
    const times = tl.entries.map((e) => e.time);
    assert.deepEqual(times, [...times].sort());
  } finally {
    await store.close();
  }
});
