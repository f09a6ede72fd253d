// The batch pipeline: atomic commits, rollback of in-memory effects when the store fails,
// idempotent re-delivery, and the bounded queue.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleset } from '../app/open.js';
import { fakeClock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { BatchCommit, Cluster, Store } from '../store/store.js';
import { execEvent, privilegedPodEvent } from '../testing/audit-events.js';
import { AuditPipeline } from './audit-pipeline.js';

const ruleset = loadRuleset([]);
const CLUSTER: Cluster = { name: 'c1', detectorId: 'b'.repeat(32), createdAt: 0, platform: 'self-managed', arn: null };

/** The store with commitBatch replaced (other methods bound to the real store). */
function withCommit(inner: Store, commit: Store['commitBatch']): Store {
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'commitBatch') return commit;
      const v: unknown = Reflect.get(target, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** A store whose next `failNext` commitBatch calls fail. */
function flakyStore(inner: Store): Store & { failNext: number } {
  const state = { failNext: 0 };
  const s = withCommit(inner, async (b: BatchCommit, now: number) => {
    if (state.failNext > 0) {
      state.failNext--;
      throw new Error('disk full');
    }
    return inner.commitBatch(b, now);
  });
  return Object.defineProperty(s, 'failNext', { get: () => state.failNext, set: (v: number) => (state.failNext = v) }) as Store & { failNext: number };
}

function pipeline(store: Store, maxQueuedBatches = 64) {
  return new AuditPipeline({ store, ruleset, clock: fakeClock(), finding: { accountId: '000000000000', region: 'local', partition: 'aws' }, maxQueuedBatches });
}

test('a failed commit rolls back in-memory effects: the re-sent batch raises the finding', async () => {
  const inner = openSqliteStore({ path: ':memory:' });
  await inner.addCluster(CLUSTER);
  const store = flakyStore(inner);
  const p = pipeline(store);
  await p.restore();
  const batch = [privilegedPodEvent('priv', 'registry.example/tools:1.0'), execEvent('kube-system', 'coredns-1')];
  store.failNext = 1;
  await assert.rejects(p.ingest(CLUSTER, batch, 'test'), (e: unknown) => e instanceof VigilError && e.status === 503 && /disk full/.test(e.message));
  assert.equal((await inner.listFindings({})).findings.length, 0, 'nothing was stored');
  const r = await p.ingest(CLUSTER, batch, 'test');
  assert.equal(r.duplicates, 0);
  assert.deepEqual(r.created.map((f) => f.type).sort(), [
    'Execution:Kubernetes/ExecInKubeSystemPod',
    'Persistence:Kubernetes/ContainerWithSensitiveMount',
    'PrivilegeEscalation:Kubernetes/PrivilegedContainer',
  ]);
  const again = await p.ingest(CLUSTER, batch, 'test');
  assert.equal(again.duplicates, 2);
  assert.equal(again.created.length + again.updated.length, 0);
  await inner.close();
});

test('state survives a restart: first-seen images and judged requests are reloaded from the store', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  await store.addCluster(CLUSTER);
  const first = pipeline(store);
  await first.restore();
  const pod = privilegedPodEvent('priv', 'registry.example/tools:2.0');
  assert.equal((await first.ingest(CLUSTER, [pod], 'test')).created.length, 2);
  const second = pipeline(store);
  await second.restore();
  const same = await second.ingest(CLUSTER, [pod], 'test');
  assert.equal(same.duplicates, 1, 'the request was already judged');
  const other = await second.ingest(CLUSTER, [privilegedPodEvent('priv2', 'registry.example/tools:2.0')], 'test');
  assert.deepEqual(
    [...other.created, ...other.updated].map((f) => f.type),
    ['Persistence:Kubernetes/ContainerWithSensitiveMount'],
    'the image was already launched privileged: no second PrivilegedContainer',
  );
  await store.close();
});

test('the queue is bounded: beyond it ingest answers 503 with a retry hint', async () => {
  const inner = openSqliteStore({ path: ':memory:' });
  await inner.addCluster(CLUSTER);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const slow = withCommit(inner, async (b, now) => {
    await gate;
    return inner.commitBatch(b, now);
  });
  const p = pipeline(slow, 2);
  const a = p.ingest(CLUSTER, [execEvent('kube-system', 'a')], 'test');
  const b = p.ingest(CLUSTER, [execEvent('kube-system', 'b')], 'test');
  await assert.rejects(p.ingest(CLUSTER, [execEvent('kube-system', 'c')], 'test'), (e: unknown) => e instanceof VigilError && e.code === 'VIGIL_OVERLOADED' && e.status === 503);
  release();
  await Promise.all([a, b]);
  assert.equal(p.queued, 0);
  assert.equal((await p.ingest(CLUSTER, [execEvent('kube-system', 'c')], 'test')).accepted, 1);
  await inner.close();
});
