// The file tailer: lines as they are written, partial lines, bad lines counted, rename and
// copytruncate rotation, and (with the real pipeline and SQLite store) a restart that resumes at
// the saved offset with nothing lost and nothing judged twice.

import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { openVigil } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import { auditEvent, execEvent } from '../../testing/audit-events.js';
import type { UnjudgedCounts } from '../../pipeline/audit-pipeline.js';
import { FileTailer, type TailOptions } from './tail.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-tail-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function memoryCursors(): TailOptions['cursors'] & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getCursor: async (s) => map.get(s) ?? null, setCursor: async (s, v) => void map.set(s, v) };
}

function line(o: Record<string, unknown>): string {
  return JSON.stringify(o) + '\n';
}

function setup(over: Partial<TailOptions> = {}) {
  const path = join(dir, `audit-${++n}.log`);
  const got: string[] = [];
  const unjudged: UnjudgedCounts[] = [];
  const cursors = memoryCursors();
  const make = () =>
    new FileTailer({
      path,
      source: `file:${path}`,
      cursors,
      submit: async (items, u, cursor) => {
        got.push(...items.map((i) => (i as { auditID: string }).auditID));
        if (Object.keys(u.rejected).length) unjudged.push(structuredClone(u));
        // As the store does: the position after the batch is committed with it.
        if (cursor) await cursors.setCursor(cursor.source, cursor.value, 0);
      },
      ...over,
    });
  return { path, got, unjudged, cursors, make };
}

test('appended lines are read as they come; a partial line waits for its newline', async () => {
  const { path, got, make } = setup();
  const a = auditEvent();
  const b = auditEvent();
  writeFileSync(path, line(a));
  const t = make();
  await t.poll();
  assert.deepEqual(got, [a.auditID]);
  const text = line(b);
  appendFileSync(path, text.slice(0, 40));
  await t.poll();
  assert.deepEqual(got, [a.auditID], 'half a line is not read');
  appendFileSync(path, text.slice(40));
  await t.poll();
  assert.deepEqual(got, [a.auditID, b.auditID]);
  await t.stop();
});

test('bad lines are skipped and counted with their reason; an EventList line gives its items', async () => {
  const { path, got, unjudged, make } = setup({ maxLineBytes: 8192 });
  const a = auditEvent();
  const b = auditEvent();
  const c = auditEvent();
  writeFileSync(path, `not json\n${line({ kind: 'Pod' })}${line({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [a, b] })}\n{"kind":"Event","x":"${'y'.repeat(9000)}"}\n${line(c)}`);
  const t = make();
  await t.poll();
  assert.deepEqual(got, [a.auditID, b.auditID, c.auditID]);
  assert.deepEqual(t.stats.rejected, { not_json: 1, not_audit_event: 1, line_too_long: 1 });
  assert.deepEqual(unjudged, [{ skipped: 0, rejected: { not_json: 1, not_audit_event: 1, line_too_long: 1 } }], 'handed over with the batch, to be counted with it');
  await t.stop();
});

test('rename rotation: the old file is read to its end, then the new file from its start', async () => {
  const { path, got, make } = setup();
  const [a, b, c] = [auditEvent(), auditEvent(), auditEvent()];
  writeFileSync(path, line(a));
  const t = make();
  await t.poll();
  appendFileSync(path, line(b)); // written just before the rotation, not yet read
  renameSync(path, `${path}.1`);
  writeFileSync(path, line(c));
  await t.poll();
  assert.deepEqual(got, [a.auditID, b.auditID, c.auditID]);
  assert.equal(t.stats.rotations, 1);
  await t.stop();
});

test('copytruncate: a file shorter than the offset is read again from its start', async () => {
  const { path, got, make } = setup();
  const [a, b] = [auditEvent(), auditEvent()];
  writeFileSync(path, line(a) + line(a));
  const t = make();
  await t.poll();
  truncateSync(path, 0);
  appendFileSync(path, line(b));
  await t.poll();
  assert.deepEqual(got, [a.auditID, a.auditID, b.auditID]);
  assert.equal(t.stats.truncations, 1);
  await t.stop();
});

test('a rotation while stopped: the rest of the rotated file (found by inode) comes first', async () => {
  const { path, got, make } = setup();
  const [a, b, c] = [auditEvent(), auditEvent(), auditEvent()];
  writeFileSync(path, line(a));
  const first = make();
  await first.poll();
  await first.stop();
  appendFileSync(path, line(b));
  renameSync(path, `${path}.1`);
  writeFileSync(path, line(c));
  const second = make();
  await second.poll();
  assert.deepEqual(got, [a.auditID, b.auditID, c.auditID]);
  await second.stop();
});

test('a refused batch is retried, not skipped', async () => {
  let refusals = 2;
  const got: unknown[] = [];
  const { path, make } = setup({
    retryMs: 5,
    submit: async (items) => {
      if (refusals-- > 0) throw new Error('overloaded');
      got.push(...items);
    },
  });
  writeFileSync(path, line(auditEvent()) + line(auditEvent()));
  const t = make();
  await t.poll();
  assert.equal(got.length, 2);
  await t.stop();
});

test('restart with the real pipeline and store: resumes at the saved offset, nothing lost or judged twice', async () => {
  const data = join(dir, 'data');
  const path = join(dir, 'apiserver-audit.log');
  const cluster = { name: 'c1', detectorId: 'd'.repeat(32), createdAt: 0, platform: 'self-managed', arn: null };
  const run = async (fn: (t: FileTailer) => Promise<void>) => {
    const vigil = await openVigil(DEFAULT_CONFIG, data, systemClock);
    if (!(await vigil.store.getCluster('c1'))) await vigil.store.addCluster(cluster);
    const t = new FileTailer({
      path,
      source: `file:${path}`,
      cursors: vigil.store,
      batchSize: 3,
      submit: async (items, unjudged, cursor) => {
        const r = await vigil.pipeline.ingest(cluster, items, `file:${path}`, 'k8s-audit', '', '', unjudged, cursor);
        assert.equal(r.rejected.length, 0);
      },
    });
    await fn(t);
    await t.stop();
    const stats = (await vigil.store.ingestStats()).find((s) => s.source === `file:${path}`);
    const findings = (await vigil.store.listFindings({ limit: 100 })).findings;
    await vigil.close();
    return { stats, findings };
  };
  const first = Array.from({ length: 7 }, () => line(auditEvent())).join('') + line(execEvent('kube-system', 'coredns-a'));
  writeFileSync(path, first);
  const one = await run((t) => t.poll());
  assert.equal(one.stats?.accepted, 8);
  appendFileSync(path, line(auditEvent()) + line(execEvent('kube-system', 'coredns-b')));
  const two = await run((t) => t.poll());
  assert.equal(two.stats?.accepted, 10, 'only the two new lines were read after the restart');
  assert.equal(two.stats?.duplicates, 0, 'nothing was read twice');
  // One finding per pod, each raised once.
  assert.deepEqual(two.findings.map((f) => [f.type, f.service.count]), [['Execution:Kubernetes/ExecInKubeSystemPod', 1], ['Execution:Kubernetes/ExecInKubeSystemPod', 1]]);
});
