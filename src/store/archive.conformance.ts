// Conformance suite of the Store's event archive (a test suite, not product code): appending,
// idempotence, listing by entity and time with keyset pages, facets, retention, and the archive's
// part in commitBatch's all-or-nothing promise. Every Store implementation runs it beside
// store.conformance.ts.

import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArchivedEvent, ArchivedEventInput, BatchCommit, EventQuery, Store } from './store.js';
import { buildTestFinding } from './store.conformance.js';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const N0 = Date.UTC(2024, 2, 1, 13, 0, 0);
const SEC = 1000;

let seq = 0;
/** An audit-like archived event; every call gets a new key unless one is given. */
export function testEvent(o: Partial<ArchivedEventInput> = {}): ArchivedEventInput {
  seq++;
  return {
    cluster: 'prod', time: T0, plane: 'audit', key: `audit-${seq}`,
    actor: 'alice', namespace: 'shop', workload: 'pods/shop/web-1', pod: 'shop/web-1', image: null, node: null,
    sourceIp: '198.51.100.7', summary: `get pods shop/web-1 200 #${seq}`,
    raw: JSON.stringify({ auditID: `a-${seq}`, userAgent: 'kubectl/v1.30.0' }), truncated: false,
    ...o,
  };
}

function batch(b: Partial<BatchCommit> = {}): BatchCommit {
  return {
    cluster: 'prod', occurrences: [], seenKeys: [], stateChanges: [],
    counts: { source: 'k8s-audit-webhook', accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null },
    ...b,
  };
}

const summaries = (es: ArchivedEvent[]): string[] => es.map((e) => e.summary);

async function allPages(store: Store, q: EventQuery): Promise<ArchivedEvent[][]> {
  const pages: ArchivedEvent[][] = [];
  let nextToken: string | null = null;
  do {
    const page = await store.listEvents({ ...q, nextToken });
    pages.push(page.events);
    nextToken = page.nextToken;
    assert.ok(pages.length <= 100, 'pagination does not terminate');
  } while (nextToken !== null);
  return pages;
}

export function runArchiveConformance(name: string, open: () => Promise<Store>): void {
  describe(`${name}: event archive`, () => {
    let store: Store;
    beforeEach(async () => { store = await open(); });
    afterEach(async () => { await store.close(); });

    test('an appended event is listed with every field as given, and a decimal id', async () => {
      const e = testEvent({ plane: 'runtime', actor: null, image: 'nginx:1.27', node: 'node-a', truncated: true, raw: '{"x":"\\u0000<script>"}' });
      assert.equal(await store.appendEvents([e]), 1);
      const { events, nextToken } = await store.listEvents({});
      assert.equal(nextToken, null);
      assert.equal(events.length, 1);
      const { id, ...rest } = events[0]!;
      assert.match(id, /^\d+$/);
      const { key: _key, ...expected } = e;
      assert.deepEqual(rest, expected);
    });

    test('an event re-sent with the same cluster and key is kept once; another cluster keeps its own', async () => {
      const e = testEvent({ key: 'same' });
      assert.equal(await store.appendEvents([e, { ...e }]), 1);
      assert.equal(await store.appendEvents([{ ...e, summary: 'changed' }]), 0);
      assert.equal(await store.appendEvents([{ ...e, cluster: 'staging' }]), 1);
      const { events } = await store.listEvents({});
      assert.deepEqual(events.map((x) => [x.cluster, x.summary]).sort(), [['prod', e.summary], ['staging', e.summary]]);
      const many = Array.from({ length: 70 }, (_, i) => testEvent({ time: T0 + i }));
      assert.equal(await store.appendEvents(many), 70);
      assert.equal(await store.appendEvents([testEvent(), ...many.map((x) => ({ ...x }))]), 1, 'large batches too');
      assert.equal((await store.listEvents({ limit: 1000 })).events.length, 73);
    });

    test('newest first by default, oldest first with order asc', async () => {
      await store.appendEvents([testEvent({ time: T0 + SEC, summary: 'b' }), testEvent({ time: T0, summary: 'a' }), testEvent({ time: T0 + 2 * SEC, summary: 'c' })]);
      assert.deepEqual(summaries((await store.listEvents({})).events), ['c', 'b', 'a']);
      assert.deepEqual(summaries((await store.listEvents({ order: 'asc' })).events), ['a', 'b', 'c']);
    });

    test('each filter narrows the list; from and to are inclusive', async () => {
      await store.appendEvents([
        testEvent({ summary: 'base' }),
        testEvent({ summary: 'bob', actor: 'bob' }),
        testEvent({ summary: 'staging', cluster: 'staging' }),
        testEvent({ summary: 'api', workload: 'deployments/shop/api', pod: null }),
        testEvent({ summary: 'pod2', pod: 'shop/web-2', workload: 'pods/shop/web-2' }),
        testEvent({ summary: 'img', plane: 'runtime', actor: null, image: 'evil/miner:1', node: 'node-b', sourceIp: null }),
        testEvent({ summary: 'ip', sourceIp: '203.0.113.9' }),
        testEvent({ summary: 'early', time: T0 - 10 * SEC }),
        testEvent({ summary: 'late', time: T0 + 10 * SEC }),
      ]);
      const only = async (q: EventQuery) => summaries((await store.listEvents(q)).events).sort();
      assert.deepEqual(await only({ actor: 'bob' }), ['bob']);
      assert.deepEqual(await only({ clusters: ['staging'] }), ['staging']);
      assert.equal((await only({ clusters: ['prod', 'staging'] })).length, 9);
      assert.deepEqual(await only({ workload: 'deployments/shop/api' }), ['api']);
      assert.deepEqual(await only({ pod: 'shop/web-2' }), ['pod2']);
      assert.deepEqual(await only({ pod: 'web-2' }), [], 'a pod is NAMESPACE/NAME');
      assert.deepEqual(await only({ image: 'evil/miner:1' }), ['img']);
      assert.deepEqual(await only({ node: 'node-b' }), ['img']);
      assert.deepEqual(await only({ sourceIp: '203.0.113.9' }), ['ip']);
      assert.deepEqual(await only({ from: T0 + 10 * SEC }), ['late']);
      assert.deepEqual(await only({ to: T0 - 10 * SEC }), ['early']);
      assert.equal((await only({ from: T0, to: T0 })).length, 7);
      assert.deepEqual(await only({ actor: 'alice', clusters: ['prod'], from: T0 - 10 * SEC, to: T0 - SEC }), ['early']);
      assert.deepEqual(await only({ actor: 'nobody' }), []);
    });

    test('keyset pages return every event once, in order, with equal times', async () => {
      const input = Array.from({ length: 23 }, (_, i) => testEvent({ time: T0 + Math.floor(i / 4) * SEC, summary: `e${String(i).padStart(2, '0')}` }));
      await store.appendEvents(input);
      for (const order of ['asc', 'desc'] as const) {
        const pages = await allPages(store, { order, limit: 5 });
        assert.deepEqual(pages.map((p) => p.length), [5, 5, 5, 5, 3]);
        const flat = pages.flat();
        assert.equal(new Set(flat.map((e) => e.id)).size, 23);
        const times = flat.map((e) => e.time);
        assert.deepEqual(times, [...times].sort((a, b) => (order === 'asc' ? a - b : b - a)));
      }
      const filtered = await allPages(store, { limit: 2, from: T0 + SEC, to: T0 + 2 * SEC });
      assert.equal(filtered.flat().length, 8);
    });

    test('limit defaults to 50 and is clamped to 1..1000; a bad or foreign nextToken is refused', async () => {
      await store.appendEvents(Array.from({ length: 60 }, () => testEvent()));
      assert.equal((await store.listEvents({})).events.length, 50);
      assert.equal((await store.listEvents({ limit: 0 })).events.length, 1);
      assert.equal((await store.listEvents({ limit: 5000 })).events.length, 60);
      await assert.rejects(store.listEvents({ nextToken: 'not-a-token' }), /invalid nextToken/);
      const desc = (await store.listEvents({ limit: 1 })).nextToken!;
      await assert.rejects(store.listEvents({ order: 'asc', nextToken: desc }), /invalid nextToken/);
      await store.commitBatch(batch({ occurrences: [{ fingerprint: 'f1', finding: buildTestFinding(), time: T0 }, { fingerprint: 'f2', finding: buildTestFinding(), time: T0 }] }), N0);
      const findingToken = (await store.listFindings({ limit: 1 })).nextToken!;
      await assert.rejects(store.listEvents({ nextToken: findingToken }), /invalid nextToken/);
    });

    test('facets count values among the newest sample, most frequent first; userAgent comes from the raw event', async () => {
      await store.appendEvents([
        testEvent({ time: T0, sourceIp: '10.0.0.1' }),
        testEvent({ time: T0 + 1, sourceIp: '10.0.0.2', raw: JSON.stringify({ userAgent: 'curl/8.5' }) }),
        testEvent({ time: T0 + 2, sourceIp: '10.0.0.2' }),
        testEvent({ time: T0 + 3, sourceIp: '10.0.0.3' }),
        testEvent({ time: T0 + 4, sourceIp: null, raw: 'not json' }),
        testEvent({ time: T0 + 5, actor: 'bob', sourceIp: '10.0.0.9' }),
      ]);
      assert.deepEqual(await store.eventFacets({ actor: 'alice' }, 'sourceIp', { sample: 100, limit: 10 }), [
        { value: '10.0.0.2', count: 2, lastSeen: T0 + 2 },
        { value: '10.0.0.1', count: 1, lastSeen: T0 },
        { value: '10.0.0.3', count: 1, lastSeen: T0 + 3 },
      ]);
      assert.deepEqual((await store.eventFacets({ actor: 'alice' }, 'sourceIp', { sample: 2, limit: 10 })).map((f) => f.value), ['10.0.0.3'], 'only the newest 2 events are sampled');
      assert.deepEqual((await store.eventFacets({ actor: 'alice' }, 'sourceIp', { sample: 100, limit: 1 })).map((f) => f.value), ['10.0.0.2']);
      assert.deepEqual(await store.eventFacets({ actor: 'alice' }, 'userAgent', { sample: 100, limit: 10 }), [
        { value: 'kubectl/v1.30.0', count: 3, lastSeen: T0 + 3 },
        { value: 'curl/8.5', count: 1, lastSeen: T0 + 1 },
      ]);
    });

    test('retention deletes events older than the cutoff, at most maxRows at a time', async () => {
      await store.appendEvents(Array.from({ length: 7 }, (_, i) => testEvent({ time: T0 + i * SEC, summary: `e${i}` })));
      assert.equal(await store.deleteEventsBefore(T0 + 5 * SEC, 3), 3);
      assert.deepEqual(summaries((await store.listEvents({ order: 'asc' })).events), ['e3', 'e4', 'e5', 'e6']);
      assert.equal(await store.deleteEventsBefore(T0 + 5 * SEC, 100), 2);
      assert.equal(await store.deleteEventsBefore(T0 + 5 * SEC, 100), 0);
      assert.deepEqual(summaries((await store.listEvents({ order: 'asc' })).events), ['e5', 'e6']);
    });

    test('commitBatch archives its events with the findings; a failing batch archives nothing', async () => {
      const ok = testEvent({ summary: 'committed' });
      await store.commitBatch(batch({ events: [ok], occurrences: [{ fingerprint: 'fp', finding: buildTestFinding({ id: 'a'.repeat(32) }), time: T0 }] }), N0);
      assert.deepEqual(summaries((await store.listEvents({})).events), ['committed']);
      const failing = batch({
        events: [testEvent({ summary: 'lost' })],
        occurrences: [{ fingerprint: 'fp-other', finding: buildTestFinding({ id: 'a'.repeat(32) }), time: T0 }],
      });
      await assert.rejects(store.commitBatch(failing, N0), 'a new fingerprint with a taken id must fail');
      assert.deepEqual(summaries((await store.listEvents({})).events), ['committed']);
      await store.commitBatch(batch({ events: [{ ...ok }] }), N0);
      assert.equal((await store.listEvents({})).events.length, 1, 'a re-sent batch archives nothing new');
    });

    test('deleting a cluster deletes its archived events', async () => {
      await store.addCluster({ name: 'prod', detectorId: 'd'.repeat(32), createdAt: 1, platform: 'eks', arn: null });
      await store.appendEvents([testEvent({ summary: 'p' }), testEvent({ cluster: 'staging', summary: 's' })]);
      assert.equal(await store.deleteCluster('prod'), true);
      assert.deepEqual(summaries((await store.listEvents({})).events), ['s']);
    });
  });
}
