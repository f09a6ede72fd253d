// The store conformance suite (a test suite, not product code): every Store implementation runs it.
// One file on purpose, so a new store adapter has a single list of behaviours to satisfy.
// The conformance suite every Store implementation must pass. An implementation's test file calls
// runStoreConformance(name, open); each test gets a fresh, empty store from `open` and closes it.

import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Finding, Occurrence } from '../core/finding.js';
import { ConflictError } from './store.js';
import type { BatchCommit, FindingQuery, FindingSort, IngestCounts, Store } from './store.js';

/** Optional capabilities beyond the Store interface that unlock extra tests. */
export interface ConformanceHooks {
  /** Archives or un-archives one finding out of band (as an ArchiveFindings API would). */
  setArchived?: (store: Store, id: string, archived: boolean) => Promise<void>;
}

const DETECTOR = '0123456789abcdef0123456789abcdef';
const T0 = Date.UTC(2024, 2, 1, 12, 0, 0); // event times
const N0 = Date.UTC(2024, 2, 1, 13, 0, 0); // commit ("now") times
const MIN = 60_000;
const isoOf = (ms: number): string => new Date(ms).toISOString();

export interface TestFindingOptions {
  id?: string;
  type?: string;
  severity?: number;
  cluster?: string;
  /** Workload namespace; null = no workload (namespace then comes from the API call, if any). */
  namespace?: string | null;
  apiNamespace?: string;
  username?: string;
  sourceIp?: string;
  /** Event time, epoch ms. */
  time?: number;
  /** createdAt = updatedAt, epoch ms (set by the caller, as the findings stage does). */
  created?: number;
}

/** An audit-log finding shaped like GuardDuty's Execution:Kubernetes/ExecInKubeSystemPod. */
export function buildTestFinding(o: TestFindingOptions = {}): Finding {
  const id = o.id ?? randomBytes(16).toString('hex');
  const cluster = o.cluster ?? 'prod';
  const ns = o.namespace === undefined ? 'kube-system' : o.namespace;
  const time = isoOf(o.time ?? T0);
  const created = isoOf(o.created ?? N0);
  const pod = 'coredns-5d78c9869d-abcde';
  return {
    schemaVersion: '2.0',
    accountId: '000000000000',
    region: 'us-east-1',
    partition: 'aws',
    id,
    arn: `arn:aws:guardduty:us-east-1:000000000000:detector/${DETECTOR}/finding/${id}`,
    type: o.type ?? 'Execution:Kubernetes/ExecInKubeSystemPod',
    severity: o.severity ?? 5,
    title: 'Command executed inside a pod in kube-system namespace.',
    description: `A command was executed inside a pod in the kube-system namespace on EKS Cluster ${cluster}.`,
    createdAt: created,
    updatedAt: created,
    resource: {
      resourceType: 'EKSCluster',
      eksClusterDetails: {
        name: cluster,
        arn: `arn:aws:eks:us-east-1:000000000000:cluster/${cluster}`,
        status: 'ACTIVE',
      },
      kubernetesDetails: {
        kubernetesUserDetails: {
          username: o.username ?? 'kubernetes-admin',
          uid: 'aws-iam-authenticator:000000000000:AROAEXAMPLE',
          groups: ['system:masters', 'system:authenticated'],
        },
        ...(ns === null ? {} : {
          kubernetesWorkloadDetails: {
            name: pod,
            type: 'pods',
            uid: '7a1c2f3e-0000-4000-8000-000000000001',
            namespace: ns,
            containers: [{ name: 'coredns', image: 'coredns/coredns:1.10.1', imagePrefix: 'coredns' }],
          },
        }),
      },
    },
    service: {
      serviceName: 'guardduty',
      detectorId: DETECTOR,
      featureName: 'EksAuditLogMonitoring',
      action: {
        actionType: 'KUBERNETES_API_CALL',
        kubernetesApiCallAction: {
          requestUri: `/api/v1/namespaces/${ns ?? 'default'}/pods/${pod}/exec?command=sh`,
          verb: 'create',
          resource: 'pods',
          subresource: 'exec',
          ...(o.apiNamespace === undefined ? {} : { namespace: o.apiNamespace }),
          resourceName: pod,
          sourceIPs: [o.sourceIp ?? '203.0.113.10'],
          userAgent: 'kubectl/v1.29.0 (linux/amd64) kubernetes/abcdef0',
          statusCode: 101,
        },
      },
      resourceRole: 'TARGET',
      archived: false,
      count: 1,
      eventFirstSeen: time,
      eventLastSeen: time,
      additionalInfo: { value: '{}', type: 'default' },
    },
  };
}

function occ(fingerprint: string, o: TestFindingOptions = {}): Occurrence {
  return { fingerprint, finding: buildTestFinding(o), time: o.time ?? T0 };
}

function counts(c: Partial<IngestCounts> = {}): IngestCounts {
  return { source: 'k8s-audit-webhook', accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null, ...c };
}

function batch(b: Partial<BatchCommit> = {}): BatchCommit {
  return { cluster: 'prod', occurrences: [], seenKeys: [], stateChanges: [], counts: counts(), ...b };
}

const ids = (fs: Finding[]): string[] => fs.map((f) => f.id);
const sortedIds = (fs: Finding[]): string[] => ids(fs).sort();
const hexId = (n: number): string => n.toString(16).padStart(32, '0');

async function collectPages(store: Store, q: FindingQuery): Promise<{ pages: Finding[][]; tokens: (string | null)[] }> {
  const pages: Finding[][] = [];
  const tokens: (string | null)[] = [];
  let nextToken: string | null = null;
  do {
    const page = await store.listFindings({ ...q, nextToken });
    pages.push(page.findings);
    tokens.push(page.nextToken);
    nextToken = page.nextToken;
    assert.ok(pages.length <= 100, 'pagination does not terminate');
  } while (nextToken !== null);
  return { pages, tokens };
}

export function runStoreConformance(name: string, open: () => Promise<Store>, hooks: ConformanceHooks = {}): void {
  describe(name, () => {
    let store: Store;
    beforeEach(async () => { store = await open(); });
    afterEach(async () => { await store.close(); });

    describe('commitBatch: findings', () => {
      test('a new fingerprint creates the finding as given', async () => {
        const o = occ('fp-new', { id: hexId(1) });
        const res = await store.commitBatch(batch({ occurrences: [o] }), N0);
        assert.deepEqual(res.updated, []);
        assert.equal(res.created.length, 1);
        assert.deepEqual(res.created[0], o.finding);
        assert.deepEqual(await store.getFinding(hexId(1)), o.finding);
        assert.equal(await store.getFinding(hexId(99)), null);
      });

      test('occurrences aggregate by fingerprint across batches; the newest details win', async () => {
        const first = occ('fp-agg', { id: hexId(1), time: T0, username: 'alice', sourceIp: '198.51.100.1' });
        const second = occ('fp-agg', { id: hexId(2), time: T0 + 5 * MIN, username: 'bob', sourceIp: '198.51.100.2' });
        const r1 = await store.commitBatch(batch({ occurrences: [first, second] }), N0);
        assert.deepEqual(r1.updated, [], 'created and updated in one batch is reported once, in created');
        assert.equal(r1.created.length, 1);
        const c = r1.created[0]!;
        assert.equal(c.id, hexId(1));
        assert.equal(c.service.count, 2);
        assert.equal(c.service.eventFirstSeen, isoOf(T0));
        assert.equal(c.service.eventLastSeen, isoOf(T0 + 5 * MIN));
        assert.equal(c.resource.kubernetesDetails.kubernetesUserDetails?.username, 'bob');
        assert.deepEqual(c.service.action?.kubernetesApiCallAction?.sourceIPs, ['198.51.100.2']);
        assert.equal(c.updatedAt, isoOf(N0));
        assert.deepEqual(await store.getFinding(hexId(1)), c);
        assert.equal(await store.getFinding(hexId(2)), null, 'an aggregated occurrence keeps the first id');

        // An older occurrence arriving late only bumps count and first-seen.
        const late = occ('fp-agg', { id: hexId(3), time: T0 - 10 * MIN, username: 'carol', severity: 8, created: N0 + 60 * MIN });
        const r2 = await store.commitBatch(batch({ occurrences: [late] }), N0 + 60 * MIN);
        assert.deepEqual(r2.created, []);
        assert.equal(r2.updated.length, 1);
        const u = r2.updated[0]!;
        assert.equal(u.id, hexId(1));
        assert.equal(u.arn, first.finding.arn);
        assert.equal(u.createdAt, first.finding.createdAt);
        assert.equal(u.service.count, 3);
        assert.equal(u.service.eventFirstSeen, isoOf(T0 - 10 * MIN));
        assert.equal(u.service.eventLastSeen, isoOf(T0 + 5 * MIN));
        assert.equal(u.updatedAt, isoOf(N0 + 60 * MIN));
        assert.equal(u.resource.kubernetesDetails.kubernetesUserDetails?.username, 'bob');
        assert.equal(u.severity, 5);
        assert.deepEqual(await store.getFinding(hexId(1)), u);
        assert.equal(late.finding.service.count, 1, "the caller's occurrence is not modified");

        // A newer occurrence replaces the activity details but keeps identity and creation time.
        const newer = occ('fp-agg', { id: hexId(4), time: T0 + 30 * MIN, username: 'dave', severity: 8, created: N0 + 120 * MIN });
        const r3 = await store.commitBatch(batch({ occurrences: [newer] }), N0 + 120 * MIN);
        const n = r3.updated[0]!;
        assert.equal(n.id, hexId(1));
        assert.equal(n.arn, first.finding.arn);
        assert.equal(n.createdAt, first.finding.createdAt);
        assert.equal(n.service.count, 4);
        assert.equal(n.severity, 8);
        assert.equal(n.resource.kubernetesDetails.kubernetesUserDetails?.username, 'dave');
        assert.equal(n.service.eventFirstSeen, isoOf(T0 - 10 * MIN));
        assert.equal(n.service.eventLastSeen, isoOf(T0 + 30 * MIN));
        assert.equal((await store.listFindings({ minSeverity: 8 })).findings.length, 1, 'severity column follows the doc');
      });

      test('within one batch the newest occurrence wins regardless of order', async () => {
        const newer = occ('fp-order', { id: hexId(1), time: T0 + MIN, username: 'bob' });
        const older = occ('fp-order', { id: hexId(2), time: T0, username: 'alice' });
        const r = await store.commitBatch(batch({ occurrences: [newer, older] }), N0);
        assert.equal(r.created.length, 1);
        const f = r.created[0]!;
        assert.equal(f.id, hexId(1));
        assert.equal(f.service.count, 2);
        assert.equal(f.service.eventFirstSeen, isoOf(T0));
        assert.equal(f.service.eventLastSeen, isoOf(T0 + MIN));
        assert.equal(f.resource.kubernetesDetails.kubernetesUserDetails?.username, 'bob');
      });

      test('several fingerprints in one batch: created and updated are reported separately', async () => {
        await store.commitBatch(batch({ occurrences: [occ('fp-a', { id: hexId(1) })] }), N0);
        const r = await store.commitBatch(batch({
          occurrences: [occ('fp-b', { id: hexId(2) }), occ('fp-a', { id: hexId(3) }), occ('fp-c', { id: hexId(4) }),
            occ('fp-a', { id: hexId(5) })],
        }), N0 + MIN);
        assert.deepEqual(ids(r.created), [hexId(2), hexId(4)]);
        assert.deepEqual(ids(r.updated), [hexId(1)]);
        assert.equal(r.updated[0]!.service.count, 3);
        for (const f of [...r.created, ...r.updated]) assert.deepEqual(await store.getFinding(f.id), f);
      });

      test('a recurrence un-archives the finding', { skip: hooks.setArchived ? false : 'no setArchived hook' }, async () => {
        const setArchived = hooks.setArchived!;
        await store.commitBatch(batch({ occurrences: [occ('fp-arch', { id: hexId(1) })] }), N0);
        await setArchived(store, hexId(1), true);
        assert.equal((await store.getFinding(hexId(1)))!.service.archived, true);
        assert.deepEqual(ids((await store.listFindings({ archived: true })).findings), [hexId(1)]);
        assert.deepEqual((await store.listFindings({ archived: false })).findings, []);
        const r = await store.commitBatch(batch({ occurrences: [occ('fp-arch', { time: T0 + MIN })] }), N0 + MIN);
        assert.equal(r.updated[0]!.service.archived, false);
        assert.equal((await store.getFinding(hexId(1)))!.service.archived, false);
        assert.deepEqual(ids((await store.listFindings({ archived: false })).findings), [hexId(1)]);
        // A late (older) occurrence is a recurrence too.
        await setArchived(store, hexId(1), true);
        const late = await store.commitBatch(batch({ occurrences: [occ('fp-arch', { time: T0 - MIN })] }), N0 + 2 * MIN);
        assert.equal(late.updated[0]!.service.archived, false);
        assert.equal(late.updated[0]!.service.count, 3);
        assert.deepEqual(ids((await store.listFindings({ archived: true })).findings), []);
      });

      test('a failing batch writes nothing', async () => {
        await store.commitBatch(batch({ occurrences: [occ('fp-1', { id: hexId(1) })] }), N0);
        const bad = batch({
          occurrences: [occ('fp-2', { id: hexId(2) }), occ('fp-1', { time: T0 + MIN }), occ('fp-3', { id: hexId(1) })],
          seenKeys: ['prod/req-1'],
          stateChanges: [{ component: 'c', key: 'k', value: 'v' }],
          counts: counts({ accepted: 3 }),
        });
        await assert.rejects(store.commitBatch(bad, N0 + MIN), 'a new fingerprint with a taken id must fail');
        assert.equal(await store.getFinding(hexId(2)), null);
        assert.equal((await store.getFinding(hexId(1)))!.service.count, 1);
        assert.deepEqual(await store.loadSeenKeys(0, 10), []);
        assert.deepEqual(await store.loadState('c'), []);
        assert.deepEqual((await store.ingestStats()).map((s) => s.accepted), [0]);
      });
    });

    describe('listFindings', () => {
      // f1..f5 with assorted types, severities, clusters and namespaces.
      async function seed(): Promise<void> {
        await store.commitBatch(batch({
          occurrences: [
            occ('f1', { id: hexId(1), type: 'A', severity: 8, cluster: 'prod', namespace: 'kube-system' }),
            occ('f2', { id: hexId(2), type: 'A', severity: 5, cluster: 'prod', namespace: 'default' }),
            occ('f3', { id: hexId(3), type: 'B', severity: 2, cluster: 'staging', namespace: 'kube-system' }),
            occ('f4', { id: hexId(4), type: 'C', severity: 5, cluster: 'staging', namespace: null, apiNamespace: 'team-a' }),
            occ('f5', { id: hexId(5), type: 'B', severity: 8, cluster: 'prod', namespace: null }),
          ],
        }), N0);
      }
      const f = (...n: number[]): string[] => n.map(hexId);
      const find = async (q: FindingQuery): Promise<string[]> => sortedIds((await store.listFindings(q)).findings);

      test('filters', async () => {
        await seed();
        assert.deepEqual(await find({}), f(1, 2, 3, 4, 5));
        assert.deepEqual(await find({ types: ['A'] }), f(1, 2));
        assert.deepEqual(await find({ types: ['A', 'B'] }), f(1, 2, 3, 5));
        assert.deepEqual(await find({ types: ['Z'] }), []);
        assert.deepEqual(await find({ types: [] }), f(1, 2, 3, 4, 5), 'an empty list does not filter');
        assert.deepEqual(await find({ minSeverity: 5 }), f(1, 2, 4, 5));
        assert.deepEqual(await find({ maxSeverity: 5 }), f(2, 3, 4));
        assert.deepEqual(await find({ minSeverity: 5, maxSeverity: 5 }), f(2, 4));
        assert.deepEqual(await find({ minSeverity: 5.5 }), f(1, 5));
        assert.deepEqual(await find({ clusters: ['staging'] }), f(3, 4));
        assert.deepEqual(await find({ clusters: ['prod', 'staging'] }), f(1, 2, 3, 4, 5));
        assert.deepEqual(await find({ namespaces: ['kube-system'] }), f(1, 3));
        assert.deepEqual(await find({ namespaces: ['team-a'] }), f(4), 'namespace falls back to the API call');
        assert.deepEqual(await find({ namespaces: [''] }), f(5), 'no namespace is the empty string');
        assert.deepEqual(await find({ types: ['B'], clusters: ['prod'] }), f(5));
        assert.deepEqual(await find({ types: ['A', 'C'], minSeverity: 5, namespaces: ['default', 'team-a'] }), f(2, 4));
        assert.deepEqual(await find({ archived: false }), f(1, 2, 3, 4, 5));
        assert.deepEqual(await find({ archived: true }), []);
        assert.deepEqual(await find({ types: ["A' OR 1=1 --"] }), [], 'values are bound, not spliced');
      });

      test('sorting by each key, both orders, ties broken by id', async () => {
        const a = hexId(10), b = hexId(11), c = hexId(12);
        await store.commitBatch(batch({
          occurrences: [
            occ('sa', { id: a, severity: 2, time: T0 + 3 * MIN, created: N0 }),
            occ('sb', { id: b, severity: 8, time: T0 + 1 * MIN, created: N0 + 1000 }),
            occ('sc', { id: c, severity: 5, time: T0 + 2 * MIN, created: N0 + 2000 }),
          ],
        }), N0 + 2000);
        await store.commitBatch(batch({ occurrences: [occ('sa', { severity: 2, time: T0 + 10 * MIN })] }), N0 + 10 * MIN);
        await store.commitBatch(batch({ occurrences: [occ('sb', { time: T0 }), occ('sb', { time: T0 })] }), N0 + 20 * MIN);
        const order = async (sort: FindingSort, o?: 'asc' | 'desc'): Promise<string[]> =>
          ids((await store.listFindings({ sort, ...(o ? { order: o } : {}) })).findings);
        assert.deepEqual(await order('updatedAt'), [b, a, c], 'default order is desc');
        assert.deepEqual(ids((await store.listFindings({})).findings), [b, a, c], 'default sort is updatedAt');
        assert.deepEqual(await order('updatedAt', 'asc'), [c, a, b]);
        assert.deepEqual(await order('createdAt', 'asc'), [a, b, c]);
        assert.deepEqual(await order('createdAt', 'desc'), [c, b, a]);
        assert.deepEqual(await order('severity', 'desc'), [b, c, a]);
        assert.deepEqual(await order('severity', 'asc'), [a, c, b]);
        assert.deepEqual(await order('count', 'desc'), [b, a, c]);
        assert.deepEqual(await order('count', 'asc'), [c, a, b]);
        assert.deepEqual(await order('eventLastSeen', 'desc'), [a, c, b]);
        assert.deepEqual(await order('eventLastSeen', 'asc'), [b, c, a]);

        const x1 = hexId(0x21), x2 = hexId(0x22), x3 = hexId(0x23);
        await store.commitBatch(batch({
          occurrences: [occ('x2', { id: x2, severity: 9 }), occ('x1', { id: x1, severity: 9 }), occ('x3', { id: x3, severity: 9 })],
        }), N0);
        assert.deepEqual((await order('severity', 'desc')).slice(0, 3), [x3, x2, x1]);
        assert.deepEqual((await order('severity', 'asc')).slice(-3), [x1, x2, x3]);
      });

      test('keyset pagination returns every finding exactly once, in order, with equal sort values', async () => {
        const severities = [5, 5, 8, 5, 2, 8, 5];
        const shuffled = [3, 6, 0, 5, 1, 4, 2];
        await store.commitBatch(batch({
          occurrences: shuffled.map((i) => occ(`pg-${i}`, { id: hexId(0x100 + i), severity: severities[i]!, time: T0 + (i % 3) * MIN })),
        }), N0);
        const all = (await store.listFindings({ limit: 1000 })).findings;
        assert.equal(all.length, 7);
        const cases: { sort: FindingSort; order: 'asc' | 'desc'; key: (f: Finding) => number | string }[] = [
          { sort: 'severity', order: 'desc', key: (x) => x.severity },
          { sort: 'severity', order: 'asc', key: (x) => x.severity },
          { sort: 'updatedAt', order: 'desc', key: (x) => x.updatedAt },
          { sort: 'count', order: 'asc', key: (x) => x.service.count },
          { sort: 'eventLastSeen', order: 'desc', key: (x) => x.service.eventLastSeen },
        ];
        for (const { sort, order, key } of cases) {
          const sign = order === 'asc' ? 1 : -1;
          const expected = ids([...all].sort((p, q) => {
            const kp = key(p), kq = key(q);
            if (kp !== kq) return (kp < kq ? -1 : 1) * sign;
            return (p.id < q.id ? -1 : 1) * sign;
          }));
          const { pages, tokens } = await collectPages(store, { sort, order, limit: 3 });
          assert.deepEqual(pages.map((p) => p.length), [3, 3, 1], `${sort} ${order}: page sizes`);
          assert.deepEqual(ids(pages.flat()), expected, `${sort} ${order}: order`);
          assert.equal(tokens.at(-1), null);
          for (const t of tokens.slice(0, -1)) assert.match(t!, /^[A-Za-z0-9_-]+$/, 'nextToken is base64url');
        }
        const filtered = await collectPages(store, { minSeverity: 5, sort: 'severity', limit: 2 });
        assert.deepEqual(filtered.pages.map((p) => p.length), [2, 2, 2]);
        assert.equal(new Set(ids(filtered.pages.flat())).size, 6);
        const exact = await store.listFindings({ limit: 7 });
        assert.equal(exact.findings.length, 7);
        assert.equal(exact.nextToken, null, 'no token when nothing follows');
      });

      test('limit defaults to 50 and is clamped to 1..1000', async () => {
        await store.commitBatch(batch({
          occurrences: Array.from({ length: 55 }, (_, i) => occ(`lim-${i}`, { id: hexId(0x200 + i) })),
        }), N0);
        const def = await store.listFindings({});
        assert.equal(def.findings.length, 50);
        assert.notEqual(def.nextToken, null);
        assert.equal((await store.listFindings({ nextToken: def.nextToken })).findings.length, 5);
        assert.equal((await store.listFindings({ limit: 0 })).findings.length, 1);
        assert.equal((await store.listFindings({ limit: -5 })).findings.length, 1);
        assert.equal((await store.listFindings({ limit: 5000 })).findings.length, 55);
      });

      test('an invalid nextToken is rejected', async () => {
        await seed();
        const invalid = (err: unknown): boolean => err instanceof Error && err.message.startsWith('invalid nextToken');
        const b64 = (s: string): string => Buffer.from(s).toString('base64url');
        for (const token of ['!!!', 'not a token', b64('not json'), b64('{}'), b64('[1]'), b64('null')]) {
          await assert.rejects(store.listFindings({ nextToken: token }), invalid, token);
        }
        const page = await store.listFindings({ sort: 'severity', limit: 2 });
        assert.notEqual(page.nextToken, null);
        await assert.rejects(store.listFindings({ sort: 'createdAt', limit: 2, nextToken: page.nextToken }), invalid,
          'a token from a different sort');
      });
    });

    test('state: upserts and deletes in order, loads oldest update first', async () => {
      await store.commitBatch(batch({
        stateChanges: [
          { component: 'burst', key: 'z', value: '1' },
          { component: 'burst', key: 'a', value: '2' },
          { component: 'other', key: 'z', value: 'o' },
          { component: 'burst', key: 'm', value: '3' },
        ],
      }), 1000);
      assert.deepEqual(await store.loadState('burst'), [['z', '1'], ['a', '2'], ['m', '3']]);
      await store.commitBatch(batch({
        stateChanges: [
          { component: 'burst', key: 'z', value: '4' },
          { component: 'burst', key: 'a', value: null },
          { component: 'burst', key: 'q', value: '5' },
          { component: 'burst', key: 'q', value: null },
          { component: 'burst', key: 'q', value: '6' },
          { component: 'burst', key: 'missing', value: null },
        ],
      }), 2000);
      assert.deepEqual(await store.loadState('burst'), [['m', '3'], ['z', '4'], ['q', '6']]);
      assert.deepEqual(await store.loadState('other'), [['z', 'o']]);
      assert.deepEqual(await store.loadState('none'), []);
    });

    test('seen keys: recorded once, loaded newest first, pruned by time', async () => {
      await store.commitBatch(batch({ seenKeys: ['prod/a', 'prod/b'] }), 1000);
      await store.commitBatch(batch({ seenKeys: ['prod/c', 'prod/a', 'prod/c'] }), 2000);
      const all = await store.loadSeenKeys(0, 10);
      assert.equal(all.length, 3);
      assert.equal(all[0], 'prod/c');
      assert.deepEqual(all.slice(1).sort(), ['prod/a', 'prod/b'], 'a duplicate keeps its first seen_at');
      assert.deepEqual(await store.loadSeenKeys(1500, 10), ['prod/c']);
      assert.deepEqual(await store.loadSeenKeys(2000, 10), ['prod/c'], 'since is inclusive');
      assert.deepEqual(await store.loadSeenKeys(0, 1), ['prod/c']);
      assert.equal(await store.pruneSeen(1000), 0, 'before is exclusive');
      assert.equal(await store.pruneSeen(1500), 2);
      assert.deepEqual(await store.loadSeenKeys(0, 10), ['prod/c']);
      assert.equal(await store.pruneSeen(1500), 0);
    });

    test('ingest counters are summed per (cluster, source), with the last delivery and its lag', async () => {
      await store.commitBatch(batch({
        counts: counts({ accepted: 5, skipped: 1, duplicates: 0, rejected: { parse: 2 }, lastEventAt: N0 - 60_000 }),
      }), N0);
      await store.commitBatch(batch({
        counts: counts({ accepted: 3, skipped: 0, duplicates: 2, rejected: { parse: 1, too_large: 1 }, lastEventAt: N0 - 1000 }),
      }), N0 + 4000);
      // A batch without events keeps the last lag but moves the delivery time.
      await store.commitBatch(batch({ counts: counts({ accepted: 1, lastEventAt: null }) }), N0 + 9000);
      await store.commitBatch(batch({ counts: counts({ source: 'k8s-audit-file', accepted: 7, lastEventAt: 50 }) }), N0);
      // An event stamped after its commit (clock skew) counts as no lag.
      await store.commitBatch(batch({ cluster: 'staging', counts: counts({ rejected: { auth: 4 }, lastEventAt: N0 + 500 }) }), N0);
      await store.commitBatch(batch({ cluster: 'staging', counts: counts({ source: 'quiet', rejected: { auth: 1 } }) }), N0);
      const stats = (await store.ingestStats())
        .sort((x, y) => (x.cluster + '\0' + x.source < y.cluster + '\0' + y.source ? -1 : 1));
      assert.deepEqual(stats, [
        { cluster: 'prod', source: 'k8s-audit-file', accepted: 7, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: 50, lastReceivedAt: N0, lagMs: N0 - 50 },
        {
          cluster: 'prod', source: 'k8s-audit-webhook', accepted: 9, skipped: 1, duplicates: 2,
          rejected: { parse: 3, too_large: 1 }, lastEventAt: N0 - 1000, lastReceivedAt: N0 + 9000, lagMs: 5000,
        },
        { cluster: 'staging', source: 'k8s-audit-webhook', accepted: 0, skipped: 0, duplicates: 0, rejected: { auth: 4 }, lastEventAt: N0 + 500, lastReceivedAt: N0, lagMs: 0 },
        { cluster: 'staging', source: 'quiet', accepted: 0, skipped: 0, duplicates: 0, rejected: { auth: 1 }, lastEventAt: null, lastReceivedAt: N0, lagMs: null },
      ]);
    });

    test('clusters', async () => {
      const beta = { name: 'beta', detectorId: 'b'.repeat(32), createdAt: 2000, platform: 'gke', arn: null };
      const alpha = {
        name: 'alpha', detectorId: 'a'.repeat(32), createdAt: 3000, platform: 'eks',
        arn: 'arn:aws:eks:us-east-1:000000000000:cluster/alpha',
      };
      await store.addCluster(beta);
      await store.addCluster(alpha);
      assert.deepEqual(await store.getCluster('alpha'), alpha);
      assert.deepEqual(await store.getCluster('beta'), beta);
      assert.equal(await store.getCluster('gamma'), null);
      assert.deepEqual(await store.listClusters(), [alpha, beta]);
      await assert.rejects(store.addCluster({ ...beta, detectorId: 'c'.repeat(32) }), ConflictError);
      await assert.rejects(store.addCluster({ ...beta, name: 'delta' }), ConflictError, 'detector ids are unique');
      assert.deepEqual(await store.listClusters(), [alpha, beta]);
    });

    test('tokens', async () => {
      await store.addCluster({ name: 'prod', detectorId: 'd'.repeat(32), createdAt: 1, platform: 'eks', arn: null });
      const ingest = { id: 'tok-ingest', kind: 'ingest' as const, cluster: 'prod', role: null, createdAt: 2000, revokedAt: null, description: 'prod webhook' };
      const admin = { id: 'tok-admin', kind: 'api' as const, cluster: null, role: 'admin' as const, createdAt: 1000, revokedAt: null, description: '' };
      const revoked = { id: 'tok-old', kind: 'api' as const, cluster: null, role: 'viewer' as const, createdAt: 3000, revokedAt: 4000, description: 'rotated' };
      await store.addToken(ingest, 'h'.repeat(64));
      await store.addToken(admin, 'a'.repeat(64));
      await store.addToken(revoked, 'r'.repeat(64));
      assert.deepEqual(await store.findTokenByHash('h'.repeat(64)), ingest);
      assert.deepEqual(await store.findTokenByHash('a'.repeat(64)), admin);
      assert.deepEqual(await store.findTokenByHash('r'.repeat(64)), revoked, 'revoked tokens are returned too');
      assert.equal(await store.findTokenByHash('x'.repeat(64)), null);
      assert.deepEqual(await store.listTokens(), [admin, ingest, revoked]);
      await assert.rejects(store.addToken({ ...admin, description: 'again' }, 'b'.repeat(64)), ConflictError);
      await assert.rejects(store.addToken({ ...ingest, id: 'tok-ghost', cluster: 'nowhere' }, 'g'.repeat(64)),
        'an ingest token needs a registered cluster');
      assert.equal((await store.listTokens()).length, 3);
      assert.equal(await store.revokeToken('tok-admin', 5000), true);
      assert.equal(await store.revokeToken('tok-admin', 6000), false, 'already revoked');
      assert.equal(await store.revokeToken('nope', 6000), false);
      assert.equal((await store.findTokenByHash('a'.repeat(64)))?.revokedAt, 5000);
    });

    test('feedback is kept on the finding; the audit trail lists newest first', async () => {
      const o = occ('fp-fb', { id: hexId(77) });
      await store.commitBatch(batch({ occurrences: [o] }), N0);
      assert.equal(await store.setFeedback([hexId(77), hexId(78)], 'NOT_USEFUL'), 1);
      assert.equal((await store.getFinding(hexId(77)))?.service.userFeedback, 'NOT_USEFUL');
      await store.recordAudit({ at: 1, actor: 'tok-a', action: 'findings.archive', details: { findingIds: [hexId(77)] } });
      await store.recordAudit({ at: 2, actor: 'cli', action: 'tokens.create', details: { id: 't', role: 'viewer' } });
      assert.deepEqual((await store.listAudit(10)).map((e) => [e.actor, e.action]), [['cli', 'tokens.create'], ['tok-a', 'findings.archive']]);
      assert.deepEqual((await store.listAudit(1))[0]?.details, { id: 't', role: 'viewer' });
    });

    test('intel lists: insert, replace by name, list without content, delete', async () => {
      const base = { kind: 'threat' as const, format: 'txt', source: '/etc/vigil/bad.txt', entries: 2, rejected: 1, createdAt: 1000, updatedAt: 1000 };
      await store.putIntelList({ ...base, name: 'scanners', content: '203.0.113.7\n198.51.100.0/24\nnope\n' });
      await store.putIntelList({ ...base, name: 'office', kind: 'trusted', content: '192.0.2.10\n', entries: 1, rejected: 0 });
      const listed = await store.listIntelLists();
      assert.deepEqual(listed.map((l) => [l.name, l.kind]), [['office', 'trusted'], ['scanners', 'threat']]);
      assert.equal('content' in (listed[0] as object), false, 'listing leaves the content out');
      assert.equal((await store.getIntelList('scanners'))?.content, '203.0.113.7\n198.51.100.0/24\nnope\n');
      await store.putIntelList({ ...base, name: 'scanners', content: '203.0.113.8\n', entries: 1, rejected: 0, updatedAt: 2000 });
      const replaced = await store.getIntelList('scanners');
      assert.equal(replaced?.content, '203.0.113.8\n');
      assert.equal(replaced?.createdAt, 1000, 'createdAt stays');
      assert.equal(replaced?.updatedAt, 2000);
      assert.equal(await store.deleteIntelList('scanners'), true);
      assert.equal(await store.deleteIntelList('scanners'), false);
      assert.equal(await store.getIntelList('scanners'), null);
    });

    test('runtime nodes: first and last seen, event counts summed, version kept when later batches omit it', async () => {
      await store.addCluster({ name: 'c1', detectorId: 'e'.repeat(32), createdAt: 0, platform: 'eks', arn: null });
      const batch = (nodes: NonNullable<BatchCommit['nodes']>): BatchCommit => ({
        cluster: 'c1', occurrences: [], seenKeys: [], stateChanges: [], nodes,
        counts: { source: 'runtime/tracee', accepted: 1, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null },
      });
      await store.commitBatch(batch([{ node: 'n1', sensor: 'tracee', version: '0.24.1', lastEventAt: 1000, events: 3 }]), 5000);
      await store.commitBatch(batch([{ node: 'n1', sensor: 'tracee', version: '', lastEventAt: 900, events: 2 }, { node: 'n2', sensor: 'tracee', version: '', lastEventAt: 2000, events: 1 }]), 6000);
      const nodes = await store.runtimeNodes();
      assert.deepEqual(nodes.map((n) => [n.node, n.version, n.firstSeenAt, n.lastEventAt, n.events]), [
        ['n1', '0.24.1', 1000, 1000, 5],
        ['n2', '', 2000, 2000, 1],
      ]);
    });

    test('filters: upsert by name, ordered by rank; suppressed occurrences are stored archived and stay archived', async () => {
      const f = { name: 'noisy-csi', cluster: null, description: 'd', action: 'ARCHIVE' as const, rank: 2, criteria: { criterion: { type: { eq: ['T'] } } }, reason: 'CSI node plugin', expiresAt: null, createdAt: 1, updatedAt: 1 };
      await store.putFilter(f);
      await store.putFilter({ ...f, name: 'a-first', rank: 1, action: 'NOOP' });
      await store.putFilter({ ...f, reason: 'changed', updatedAt: 2 });
      assert.deepEqual((await store.listFilters()).map((x) => x.name), ['a-first', 'noisy-csi']);
      assert.deepEqual((await store.getFilter('noisy-csi'))?.criteria, f.criteria);
      assert.equal((await store.getFilter('noisy-csi'))?.reason, 'changed');
      assert.equal(await store.deleteFilter('a-first'), true);
      assert.equal(await store.deleteFilter('a-first'), false);
      const o = occ('fp-sup', { id: hexId(91) });
      await store.commitBatch(batch({ occurrences: [{ ...o, suppressed: true }] }), N0);
      assert.equal((await store.getFinding(hexId(91)))?.service.archived, true);
      await store.commitBatch(batch({ occurrences: [{ ...occ('fp-sup', { id: hexId(92) }), suppressed: true }] }), N0 + 1000);
      assert.equal((await store.getFinding(hexId(91)))?.service.archived, true, 'a suppressed recurrence stays archived');
    });

    test('statistics by severity, type, cluster and day; retention deletes findings last updated before a time', async () => {
      await store.commitBatch(batch({ occurrences: [occ('fp-s1', { id: hexId(101) }), occ('fp-s2', { id: hexId(102), severity: 8 }), occ('fp-s3', { id: hexId(103), type: 'Policy:Kubernetes/ExposedDashboard' })] }), N0);
      const st = await store.findingStatistics({});
      assert.equal(st.total, 3);
      assert.equal(st.bySeverity.high, 1);
      assert.equal(st.bySeverity.medium, 2);
      assert.equal(st.byType['Policy:Kubernetes/ExposedDashboard'], 1);
      assert.deepEqual(Object.values(st.byDay).reduce((a, b) => a + b, 0), 3);
      assert.equal((await store.findingStatistics({ archived: true })).total, 0);
      assert.equal(await store.deleteFindingsUpdatedBefore(isoOf(N0 + 1)), 3);
      assert.equal((await store.findingStatistics({})).total, 0);
    });

    test('cluster features: both on by default, switched per cluster', async () => {
      await store.addCluster({ name: 'f1', detectorId: 'f'.repeat(32), createdAt: 0, platform: 'eks', arn: null });
      assert.deepEqual(await store.getClusterFeatures('f1'), { auditLogs: true, runtimeMonitoring: true });
      await store.setClusterFeatures('f1', { auditLogs: true, runtimeMonitoring: false }, 5);
      assert.deepEqual(await store.getClusterFeatures('f1'), { auditLogs: true, runtimeMonitoring: false });
    });

    test('SigV4 access keys: stored with the sealed secret, listed without it, revoked once', async () => {
      const k1 = { accessKeyId: 'VGLKAAAAAAAAAAAAAAAA', role: 'viewer' as const, createdAt: 2000, revokedAt: null, description: 'ci' };
      const k2 = { accessKeyId: 'VGLKBBBBBBBBBBBBBBBB', role: 'admin' as const, createdAt: 1000, revokedAt: null, description: '' };
      await store.addAccessKey(k1, 'v1.sealed-one');
      await store.addAccessKey(k2, 'v1.sealed-two');
      assert.deepEqual(await store.getAccessKey(k1.accessKeyId), { key: k1, sealedSecret: 'v1.sealed-one' });
      assert.equal(await store.getAccessKey('VGLKCCCCCCCCCCCCCCCC'), null);
      assert.deepEqual(await store.listAccessKeys(), [k2, k1]);
      await assert.rejects(store.addAccessKey({ ...k1, description: 'again' }, 'x'), ConflictError);
      assert.equal(await store.revokeAccessKey(k1.accessKeyId, 3000), true);
      assert.equal(await store.revokeAccessKey(k1.accessKeyId, 4000), false, 'already revoked');
      assert.equal((await store.getAccessKey(k1.accessKeyId))?.key.revokedAt, 3000, 'revoked keys are returned too');
    });

    test('detector settings per cluster; deleting a cluster removes what belongs to it', async () => {
      await store.addCluster({ name: 'gone', detectorId: '9'.repeat(32), createdAt: 0, platform: 'eks', arn: null });
      await store.addCluster({ name: 'kept', detectorId: '8'.repeat(32), createdAt: 0, platform: 'eks', arn: null });
      assert.equal(await store.getDetectorSettings('gone'), null);
      const settings = { enabled: false, findingPublishingFrequency: 'ONE_HOUR' as const, tags: { Name: 'gone' }, features: { auditLogs: true, runtimeMonitoring: false }, updatedAt: 7 };
      await store.putDetectorSettings('gone', settings);
      assert.deepEqual(await store.getDetectorSettings('gone'), settings);
      await store.putDetectorSettings('gone', { ...settings, enabled: true, updatedAt: 8 });
      assert.equal((await store.getDetectorSettings('gone'))?.enabled, true);
      await store.setClusterFeatures('gone', { auditLogs: false, runtimeMonitoring: false }, 1);
      await store.addToken({ id: 'tok-gone', kind: 'ingest', cluster: 'gone', role: null, createdAt: 1, revokedAt: null, description: '' }, 'g'.repeat(64));
      await store.putFilter({ name: 'gone-only', cluster: 'gone', description: '', action: 'NOOP', rank: 1, criteria: { criterion: {} }, reason: '', expiresAt: null, createdAt: 1, updatedAt: 1 });
      await store.putFilter({ name: 'everywhere', cluster: null, description: '', action: 'NOOP', rank: 2, criteria: { criterion: {} }, reason: '', expiresAt: null, createdAt: 1, updatedAt: 1 });
      await store.commitBatch({ ...batch({ occurrences: [occ('fp-gone', { id: hexId(121), cluster: 'gone' })] }), cluster: 'gone' }, N0);
      await store.commitBatch({ ...batch({ occurrences: [occ('fp-kept', { id: hexId(122), cluster: 'kept' })] }), cluster: 'kept' }, N0);
      assert.equal(await store.deleteCluster('gone'), true);
      assert.equal(await store.deleteCluster('gone'), false);
      assert.equal(await store.getCluster('gone'), null);
      assert.equal(await store.getDetectorSettings('gone'), null);
      assert.equal(await store.getFinding(hexId(121)), null);
      assert.ok(await store.getFinding(hexId(122)), 'other clusters keep their findings');
      assert.equal(await store.findTokenByHash('g'.repeat(64)), null);
      assert.deepEqual((await store.listFilters()).map((f) => f.name), ['everywhere']);
      assert.equal((await store.ingestStats()).some((s) => s.cluster === 'gone'), false);
      assert.deepEqual(await store.getClusterFeatures('gone'), { auditLogs: true, runtimeMonitoring: true }, 'features are forgotten');
    });

    test('close is idempotent', async () => {
      await store.close();
      await store.close();
    });
  });
}
