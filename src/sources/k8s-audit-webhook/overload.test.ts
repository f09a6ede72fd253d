// The audit webhook under overload, over real HTTP: the real SQLite store is made slow (commitBatch
// waits before delegating), many EventList batches arrive at once, and the bounded ingest queue must
// refuse the excess with 503 + Retry-After (problem+json) instead of buffering it. Every batch
// answered 200 is in the store, no refused batch is, and a refused batch re-sent later is stored.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/server.js';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { loadIntelIndex } from '../../app/intel.js';
import { loadRuleset, openStore } from '../../app/open.js';
import { ensureAdminToken, issueToken } from '../../app/tokens.js';
import { systemClock } from '../../core/clock.js';
import { AuditPipeline } from '../../pipeline/audit-pipeline.js';
import type { Store } from '../../store/store.js';
import { auditEvent, eventList, execEvent } from '../../testing/audit-events.js';

const BATCHES = 40;
const MAX_QUEUED = 4;
const COMMIT_DELAY_MS = 200;
const FILLER_EVENTS = 199;
const EXEC_TYPE = 'Execution:Kubernetes/ExecInKubeSystemPod';

/** The real store, with commitBatch delayed while `slow` is set (fault injection, not a mock). */
function slowStore(real: Store, state: { slow: boolean }): Store {
  return new Proxy(real, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'commitBatch') {
        return async (...args: Parameters<Store['commitBatch']>) => {
          if (state.slow) await new Promise((r) => setTimeout(r, COMMIT_DELAY_MS));
          return target.commitBatch(...args);
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe('audit webhook under overload (slow store, bounded queue)', () => {
  let dir: string;
  let real: Store;
  let app: FastifyInstance;
  let base: string;
  let admin: string;
  let ingest: string;
  const state = { slow: true };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-overload-'));
    real = openStore(dir);
    const store = slowStore(real, state);
    const pipeline = new AuditPipeline({
      store,
      ruleset: loadRuleset([]),
      clock: systemClock,
      finding: { accountId: DEFAULT_CONFIG.accountId, region: DEFAULT_CONFIG.region, partition: 'aws' },
      maxQueuedBatches: MAX_QUEUED,
      intel: await loadIntelIndex(store),
    });
    await pipeline.restore();
    await store.addCluster({ name: 'prod', detectorId: 'b'.repeat(32), createdAt: Date.now(), platform: 'eks', arn: null });
    admin = (await ensureAdminToken(store, dir, Date.now())).secret;
    ingest = (await issueToken(store, 'ingest', { cluster: 'prod', now: Date.now() })).secret;
    app = await buildServer({ store, pipeline, maxBodyBytes: 4 * 1024 * 1024 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    assert.ok(addr && typeof addr === 'object');
    base = `http://127.0.0.1:${addr.port}`;
  });

  after(async () => {
    await app.close();
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string) =>
    fetch(`${base}/ingest/k8s-audit`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ingest}` }, body });
  const podOf = (i: number) => `overload-pod-${i}`;
  /** One exec into kube-system (a finding named after the batch) among ordinary events. */
  const batchBody = (i: number) => JSON.stringify(eventList([execEvent('kube-system', podOf(i)), ...Array.from({ length: FILLER_EVENTS }, () => auditEvent())]));
  const storedPods = async (): Promise<Set<string>> => {
    const page = await real.listFindings({ types: [EXEC_TYPE], limit: 1000 });
    return new Set(page.findings.map((f) => f.service.action?.kubernetesApiCallAction?.resourceName ?? ''));
  };

  test('excess batches get 503 + Retry-After; accepted ones are stored; refused ones are not, and are stored once re-sent', async (t) => {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const bodies = Array.from({ length: BATCHES }, (_, i) => batchBody(i));
    const answers = await Promise.all(
      bodies.map(async (body, i) => {
        const r = await post(body);
        return { i, status: r.status, retryAfter: r.headers.get('retry-after'), ctype: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, unknown> };
      }),
    );
    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);

    // The queue bounds what is in flight: at most MAX_QUEUED batches can be waiting or committing at
    // once, and every commit takes COMMIT_DELAY_MS, so with all BATCHES arriving together most must
    // be refused. An unbounded queue would accept all of them (and this assertion would fail).
    assert.ok(accepted.length >= 1, 'some batches are accepted');
    assert.ok(refused.length >= BATCHES / 2, `most batches are refused while the store is slow (accepted ${accepted.length}, refused ${refused.length})`);
    for (const a of refused) {
      assert.ok(a.status === 503 || a.status === 429, `refusal status is 503 or 429, got ${a.status}: ${JSON.stringify(a.body)}`);
      assert.match(a.retryAfter ?? '', /^[1-9]\d*$/, 'refusal carries Retry-After in seconds');
      assert.match(a.ctype, /^application\/problem\+json/);
      assert.equal(a.body.status, a.status);
      if (a.status === 503) assert.equal(a.body.code, 'VIGIL_OVERLOADED');
    }
    for (const a of accepted) assert.equal((a.body.findings as { created: number }).created, 1, `batch ${a.i} created its finding`);

    // 200 means committed: every accepted batch's finding is in the store, no refused batch's is.
    let pods = await storedPods();
    for (const a of accepted) assert.ok(pods.has(podOf(a.i)), `accepted batch ${a.i} is stored`);
    for (const a of refused) assert.ok(!pods.has(podOf(a.i)), `refused batch ${a.i} is not stored`);

    // The refusal and the queue are visible on /metrics.
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).text();
    const overloaded = Number(/^vigil_ingest_overloaded_total (\d+)$/m.exec(metrics)?.[1] ?? NaN);
    assert.ok(overloaded >= refused.filter((a) => a.status === 503).length && overloaded > 0, `vigil_ingest_overloaded_total ${overloaded}`);
    assert.match(metrics, /^vigil_ingest_queue_depth \d+$/m);

    // The slowdown ends: re-sending every refused batch (as kube-apiserver would) stores it.
    state.slow = false;
    for (const a of refused) {
      const r = await post(bodies[a.i]!);
      assert.equal(r.status, 200, `re-sent batch ${a.i} is accepted`);
      assert.equal(((await r.json()) as { findings: { created: number } }).findings.created, 1);
    }
    pods = await storedPods();
    for (let i = 0; i < BATCHES; i++) assert.ok(pods.has(podOf(i)), `batch ${i} is stored in the end`);
    const after = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).text();
    assert.match(after, /^vigil_ingest_queue_depth 0$/m);

    // Refused batches were dropped, not buffered: the heap did not grow with the backlog.
    answers.length = 0;
    bodies.length = 0;
    global.gc?.();
    const growthMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    t.diagnostic(`accepted ${accepted.length}, refused ${refused.length} (${[...new Set(refused.map((a) => a.status))].join(',')}), overloaded_total ${overloaded}, heap growth ${growthMB.toFixed(1)} MB`);
    assert.ok(growthMB < 200, `heap grew ${growthMB.toFixed(1)} MB`);
  });
});
