// Conformance suite of the Store's investigation queries over findings (a test suite, not product
// code): findings by entity and by activity window, the daily severity series and top values.
// Every Store implementation runs it beside store.conformance.ts.

import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../core/finding.js';
import type { BatchCommit, Store } from './store.js';
import { buildTestFinding, type TestFindingOptions } from './store.conformance.js';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const N0 = Date.UTC(2024, 2, 1, 13, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const hexId = (n: number): string => n.toString(16).padStart(32, '0');
const isoOf = (ms: number): string => new Date(ms).toISOString();

function batch(findings: { fp: string; o: TestFindingOptions; mutate?: (f: Finding) => void }[]): BatchCommit {
  return {
    cluster: 'prod', seenKeys: [], stateChanges: [],
    counts: { source: 'k8s-audit-webhook', accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null },
    occurrences: findings.map(({ fp, o, mutate }) => {
      const finding = buildTestFinding(o);
      mutate?.(finding);
      return { fingerprint: fp, finding, time: o.time ?? T0 };
    }),
  };
}

const ids = (fs: Finding[]): string[] => fs.map((f) => f.id).sort();

/** A runtime finding on node-7 in pod shop/web-1 running evil/miner:1 that connected to 203.0.113.50. */
function runtimeShape(f: Finding): void {
  delete f.resource.kubernetesDetails.kubernetesUserDetails;
  f.resource.kubernetesDetails.kubernetesWorkloadDetails = { name: 'web-1', type: 'pods', namespace: 'shop', containers: [{ name: 'web', image: 'evil/miner:1', imagePrefix: 'evil' }] };
  f.resource.containerDetails = { name: 'web', image: 'evil/miner:1', imagePrefix: 'evil' };
  f.service.featureName = 'RuntimeMonitoring';
  f.service.additionalInfo = { value: JSON.stringify({ node: 'node-7' }), type: 'default' };
  f.service.action = { actionType: 'NETWORK_CONNECTION', networkConnectionAction: { connectionDirection: 'OUTBOUND', protocol: 'TCP', blocked: false, remoteIpDetails: { ipAddressV4: '203.0.113.50' }, remotePortDetails: { port: 4444 } } };
}

export function runFindingIndexConformance(name: string, open: () => Promise<Store>): void {
  describe(`${name}: findings by entity and aggregates`, () => {
    let store: Store;
    beforeEach(async () => { store = await open(); });
    afterEach(async () => { await store.close(); });

    test('findings are found by each entity they are about, audit and runtime', async () => {
      await store.commitBatch(batch([
        { fp: 'a', o: { id: hexId(1), username: 'alice', sourceIp: '198.51.100.1' } },
        { fp: 'b', o: { id: hexId(2), username: 'bob', sourceIp: '198.51.100.2', namespace: null } },
        { fp: 'r', o: { id: hexId(3) }, mutate: runtimeShape },
      ]), N0);
      const about = async (kind: 'actor' | 'workload' | 'pod' | 'image' | 'node' | 'ip', value: string) =>
        ids((await store.listFindings({ entities: [{ kind, value }] })).findings);
      assert.deepEqual(await about('actor', 'alice'), [hexId(1)]);
      assert.deepEqual(await about('actor', 'bob'), [hexId(2)]);
      assert.deepEqual(await about('ip', '198.51.100.2'), [hexId(2)]);
      assert.deepEqual(await about('workload', 'pods/kube-system/coredns-5d78c9869d-abcde'), [hexId(1)]);
      assert.deepEqual(await about('pod', 'kube-system/coredns-5d78c9869d-abcde'), [hexId(1)]);
      assert.deepEqual(await about('image', 'coredns/coredns:1.10.1'), [hexId(1)]);
      assert.deepEqual(await about('pod', 'shop/web-1'), [hexId(3)]);
      assert.deepEqual(await about('image', 'evil/miner:1'), [hexId(3)]);
      assert.deepEqual(await about('node', 'node-7'), [hexId(3)]);
      assert.deepEqual(await about('ip', '203.0.113.50'), [hexId(3)]);
      assert.deepEqual(await about('actor', 'mallory'), []);
      const either = await store.listFindings({ entities: [{ kind: 'actor', value: 'alice' }, { kind: 'node', value: 'node-7' }] });
      assert.deepEqual(ids(either.findings), [hexId(1), hexId(3)]);
      assert.deepEqual(ids((await store.listFindings({ entities: [{ kind: 'actor', value: 'alice' }], clusters: ['other'] })).findings), [], 'entities combine with other filters');
    });

    test('the index follows the newest occurrence, and deleted findings leave it', async () => {
      await store.commitBatch(batch([{ fp: 'x', o: { id: hexId(1), username: 'alice', time: T0 } }]), N0);
      await store.commitBatch(batch([{ fp: 'x', o: { username: 'bob', time: T0 + MIN } }]), N0 + MIN);
      const byActor = async (value: string) => ids((await store.listFindings({ entities: [{ kind: 'actor', value }] })).findings);
      assert.deepEqual(await byActor('bob'), [hexId(1)]);
      assert.deepEqual(await byActor('alice'), [], 'the finding now shows bob, as its document does');
      await store.commitBatch(batch([{ fp: 'x', o: { username: 'carol', time: T0 - MIN } }]), N0 + 2 * MIN);
      assert.deepEqual(await byActor('bob'), [hexId(1)], 'an older occurrence changes nothing');
      assert.equal(await store.deleteFindingsUpdatedBefore(isoOf(N0 + DAY)), 1);
      assert.deepEqual(await byActor('bob'), []);
      await store.commitBatch(batch([{ fp: 'y', o: { id: hexId(1), username: 'dave' } }]), N0);
      assert.deepEqual(await byActor('bob'), [], 'a new finding reusing the id does not inherit old entities');
    });

    test('seenFrom/seenTo keep findings whose activity overlaps the window', async () => {
      await store.commitBatch(batch([
        { fp: 'early', o: { id: hexId(1), time: T0 - 60 * MIN } },
        { fp: 'span', o: { id: hexId(2), time: T0 - 30 * MIN } },
        { fp: 'span', o: { time: T0 + 30 * MIN } },
        { fp: 'late', o: { id: hexId(3), time: T0 + 60 * MIN } },
      ]), N0);
      const window = async (from: number, to: number) => ids((await store.listFindings({ seenFrom: isoOf(from), seenTo: isoOf(to) })).findings);
      assert.deepEqual(await window(T0 - 5 * MIN, T0 + 5 * MIN), [hexId(2)]);
      assert.deepEqual(await window(T0 - 60 * MIN, T0 - 60 * MIN), [hexId(1)], 'bounds are inclusive');
      assert.deepEqual(await window(T0 + 30 * MIN, T0 + 90 * MIN), [hexId(2), hexId(3)]);
      assert.deepEqual(await window(T0 + 61 * MIN, T0 + 90 * MIN), []);
    });

    test('daily severity series and top values; bands split as core/severity.ts does', async () => {
      await store.commitBatch(batch([
        { fp: 'l', o: { id: hexId(1), severity: 3.95, type: 'A' } },
        { fp: 'm', o: { id: hexId(2), severity: 6.95, type: 'B', username: 'bob' } },
        { fp: 'h', o: { id: hexId(3), severity: 7, type: 'B', username: 'bob', cluster: 'staging' } },
        { fp: 'c', o: { id: hexId(4), severity: 9, type: 'B', namespace: 'shop' } },
      ]), N0);
      await store.commitBatch(batch([{ fp: 'next', o: { id: hexId(5), severity: 8, type: 'C', namespace: null, created: N0 + DAY } }]), N0 + DAY);
      assert.deepEqual(await store.findingDailySeverity({}, isoOf(N0 - DAY)), [
        { day: '2024-03-01', low: 1, medium: 1, high: 1, critical: 1 },
        { day: '2024-03-02', low: 0, medium: 0, high: 1, critical: 0 },
      ]);
      assert.deepEqual(await store.findingDailySeverity({}, isoOf(N0 + DAY)), [{ day: '2024-03-02', low: 0, medium: 0, high: 1, critical: 0 }]);
      assert.deepEqual(await store.findingDailySeverity({ clusters: ['staging'] }, isoOf(0)), [{ day: '2024-03-01', low: 0, medium: 0, high: 1, critical: 0 }]);

      assert.deepEqual(await store.topFindingValues({}, 'type', 10), [{ key: 'B', count: 3 }, { key: 'A', count: 1 }, { key: 'C', count: 1 }]);
      assert.deepEqual(await store.topFindingValues({}, 'type', 1), [{ key: 'B', count: 3 }]);
      assert.deepEqual(await store.topFindingValues({}, 'cluster', 10), [{ key: 'prod', count: 4 }, { key: 'staging', count: 1 }]);
      assert.deepEqual(await store.topFindingValues({}, 'namespace', 10), [{ key: 'kube-system', count: 3 }, { key: 'shop', count: 1 }]);
      assert.deepEqual(await store.topFindingValues({}, 'actor', 10), [{ key: 'kubernetes-admin', count: 3 }, { key: 'bob', count: 2 }]);
      assert.deepEqual(await store.topFindingValues({}, 'severity', 10), [{ key: 'high', count: 2 }, { key: 'critical', count: 1 }, { key: 'low', count: 1 }, { key: 'medium', count: 1 }]);
      assert.deepEqual(await store.topFindingValues({ updatedFrom: isoOf(N0 + DAY) }, 'type', 10), [{ key: 'C', count: 1 }]);
      assert.deepEqual(await store.topFindingValues({ entity: { kind: 'actor', value: 'bob' } }, 'severity', 10), [{ key: 'high', count: 1 }, { key: 'medium', count: 1 }]);
    });

    test('aggregates over current findings leave archived ones out', async () => {
      await store.commitBatch(batch([{ fp: 'a', o: { id: hexId(1), type: 'A' } }]), N0);
      const suppressed = batch([{ fp: 'b', o: { id: hexId(2), type: 'B' } }]);
      suppressed.occurrences[0]!.suppressed = true;
      await store.commitBatch(suppressed, N0);
      assert.deepEqual(await store.topFindingValues({ archived: false }, 'type', 10), [{ key: 'A', count: 1 }]);
      assert.deepEqual(await store.topFindingValues({ archived: true }, 'type', 10), [{ key: 'B', count: 1 }]);
      assert.deepEqual(await store.findingDailySeverity({ archived: false }, isoOf(0)), [{ day: '2024-03-01', low: 0, medium: 1, high: 0, critical: 0 }]);
    });
  });
}
