import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fakeClock } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import type { DeadLetter, DeadLetterLine } from './dead-letter.js';
import { FindingDispatcher, type SinkSpec } from './dispatcher.js';
import type { SinkLog } from './lane.js';
import { MemorySink } from './memory/sink.js';
import { buildRoute } from './routing.js';
import { manualScheduler, settle } from './scheduler.js';
import { OK, failure } from './sink.js';
import { auditFinding } from './testing/findings.js';
import { tempDir } from './testing/receivers.js';

class MemoryDeadLetter implements DeadLetter {
  readonly lines: { sink: string; error: string; id: string }[] = [];
  async write(sink: string, findings: Finding[], error: string) {
    for (const f of findings) this.lines.push({ sink, error, id: f.id });
    return { ok: true };
  }
  async idle() {}
}

function setup(sinks: SinkSpec[], extra: { log?: SinkLog; deadLetterPath?: string } = {}) {
  const clock = fakeClock();
  const sched = manualScheduler(clock);
  const dead = new MemoryDeadLetter();
  const d = new FindingDispatcher({ sinks, clock, scheduler: sched, random: () => 0.5, ...(extra.deadLetterPath ? {} : { deadLetter: dead }), ...extra });
  return { d, clock, sched, dead };
}

/** A promise the test resolves when it wants (a receiver that hangs until then). */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

const ids = (fs: Finding[]) => fs.map((f) => f.id);

test('new findings go out after the batch delay, or at once when a batch fills', async () => {
  const sink = new MemorySink('a');
  const { d, sched } = setup([{ sink, maxDelayMs: 1000, maxBatchSize: 3 }]);
  const one = auditFinding();
  d.offer([one], []);
  await sched.advance(999);
  assert.equal(sink.calls.length, 0);
  await sched.advance(1);
  assert.deepEqual(sink.batches, [[one]]);
  const three = [auditFinding(), auditFinding(), auditFinding()];
  d.offer(three, []);
  await settle();
  assert.deepEqual(sink.batches[1], three);
  assert.deepEqual(d.stats().a, { sent: 4, failed: 0, retried: 0, dropped: 0, deadLettered: 0, queued: 0, held: 0 });
});

test('each sink gets only the findings its route accepts', async () => {
  const high = new MemorySink('high');
  const exec = new MemorySink('exec');
  const { d } = setup([
    { sink: high, route: buildRoute({ minSeverity: 'high' }) },
    { sink: exec, route: buildRoute({ types: ['Execution:*'], clusters: ['prod'] }) },
  ]);
  const a = auditFinding({ severity: 8, cluster: 'prod', type: 'Execution:Kubernetes/ExecInKubeSystemPod' });
  const b = auditFinding({ severity: 5, cluster: 'prod', type: 'Execution:Runtime/NewBinaryExecuted' });
  const c = auditFinding({ severity: 9, cluster: 'dev', type: 'Execution:Kubernetes/ExecInKubeSystemPod' });
  const e = auditFinding({ severity: 2, cluster: 'prod', type: 'Policy:Kubernetes/AnonymousAccessGranted' });
  d.offer([a, b, c, e], []);
  await d.flush();
  assert.deepEqual(ids(high.findings), ids([a, c]));
  assert.deepEqual(ids(exec.findings), ids([a, b]));
});

test('archived findings are not sent, and an archived update discards a held repeat', async () => {
  const sink = new MemorySink('a');
  const { d, sched } = setup([{ sink, cadence: 'FIFTEEN_MINUTES' }]);
  d.offer([auditFinding({ archived: true })], []);
  const f = auditFinding();
  d.offer([f], []);
  await d.flush();
  await sched.advance(60_000);
  d.offer([], [{ ...f, service: { ...f.service, count: 2 } }]);
  assert.equal(d.stats().a?.held, 1);
  d.offer([], [{ ...f, service: { ...f.service, count: 3, archived: true } }]);
  assert.equal(d.stats().a?.held, 0);
  await sched.advance(60 * 60_000);
  assert.deepEqual(ids(sink.findings), [f.id]);
});

test('a retryable failure is retried with backoff, then succeeds', async () => {
  const sink = new MemorySink('a', { respond: (_b, call) => (call < 2 ? failure(true, 'HTTP 503') : OK) });
  const { d, sched, dead } = setup([{ sink, maxDelayMs: 0, retry: { initialBackoffMs: 1000, maxBackoffMs: 60_000 } }]);
  const f = auditFinding();
  d.offer([f], []);
  await settle();
  assert.equal(sink.calls.length, 1);
  await sched.advance(749); // equal jitter with random 0.5: 750 ms, then 1500 ms
  assert.equal(sink.calls.length, 1);
  await sched.advance(1);
  assert.equal(sink.calls.length, 2);
  await sched.advance(1500);
  assert.equal(sink.calls.length, 3);
  assert.deepEqual(ids(sink.findings), [f.id]);
  assert.deepEqual(dead.lines, []);
  assert.equal(d.stats().a?.retried, 2);
  assert.equal(d.stats().a?.sent, 1);
});

test('only the undelivered rest of a batch is retried', async () => {
  const sink = new MemorySink('a', { respond: (b, call) => (call === 0 ? failure(true, 'boom', { delivered: 2 }) : OK) });
  const { d, sched } = setup([{ sink, maxDelayMs: 0 }]);
  const fs = [auditFinding(), auditFinding(), auditFinding()];
  d.offer(fs, []);
  await sched.advance(60_000);
  assert.deepEqual(sink.calls.map(ids), [ids(fs), ids(fs.slice(2))]);
  assert.equal(d.stats().a?.sent, 3);
});

test('a non-retryable failure goes to the dead-letter file at once: one line per finding with sink, error and time', async () => {
  const dir = tempDir();
  const path = join(dir, 'dead', 'letters.jsonl');
  const sink = new MemorySink('soc', { respond: () => failure(false, 'HTTP 400: bad payload') });
  const { d, clock } = setup([{ sink, maxDelayMs: 0 }], { deadLetterPath: path });
  const fs = [auditFinding(), auditFinding()];
  d.offer(fs, []);
  await d.flush();
  assert.equal(sink.calls.length, 1);
  const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as DeadLetterLine);
  assert.deepEqual(lines.map((l) => [l.sink, l.error, l.time, l.finding.id]), fs.map((f) => ['soc', 'HTTP 400: bad payload', new Date(clock.now()).toISOString(), f.id]));
  assert.deepEqual(lines[0]?.finding, fs[0]);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(d.stats().soc, { sent: 0, failed: 2, retried: 0, dropped: 0, deadLettered: 2, queued: 0, held: 0 });
});

test('retries stop after maxAttempts and the batch is dead-lettered', async () => {
  const sink = new MemorySink('a', { respond: () => failure(true, 'ECONNREFUSED') });
  const { d, sched, dead } = setup([{ sink, maxDelayMs: 0, retry: { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1000 } }]);
  d.offer([auditFinding()], []);
  await sched.advance(10_000);
  assert.equal(sink.calls.length, 3);
  assert.equal(dead.lines.length, 1);
  assert.equal(dead.lines[0]?.error, 'ECONNREFUSED');
  assert.equal(d.stats().a?.retried, 2);
});

test('a sink that throws is a non-retryable failure, not a crash', async () => {
  const sink = new MemorySink('a', { respond: () => { throw new Error('render bug'); } });
  const { d, dead } = setup([{ sink }]);
  d.offer([auditFinding()], []);
  await d.flush();
  assert.match(dead.lines[0]?.error ?? '', /sink threw: render bug/);
});

test('a hanging or failing sink does not delay another', async () => {
  const g = gate();
  const hanging = new MemorySink('hanging', { respond: async () => (await g.wait, OK) });
  const failing = new MemorySink('failing', { respond: () => failure(true, 'down') });
  const healthy = new MemorySink('healthy');
  const { d, sched } = setup([{ sink: hanging, maxDelayMs: 100 }, { sink: failing, maxDelayMs: 100 }, { sink: healthy, maxDelayMs: 100 }]);
  for (let i = 0; i < 3; i++) {
    d.offer([auditFinding()], []);
    await sched.advance(100);
    assert.equal(healthy.findings.length, i + 1, 'delivered within the batch delay');
  }
  assert.equal(hanging.calls.length, 1);
  assert.ok(failing.calls.length >= 1);
  g.open();
});

test('a full queue drops and counts, logging once with the number dropped', async () => {
  const g = gate();
  const logs: [string, Record<string, unknown>][] = [];
  const sink = new MemorySink('a', { respond: async () => (await g.wait, OK) });
  const { d } = setup([{ sink, maxBatchSize: 1, maxQueueSize: 3, maxDelayMs: 0 }], { log: (_l, m, f) => logs.push([m, f]) });
  d.offer([auditFinding()], []); // in flight
  await settle();
  d.offer([auditFinding(), auditFinding(), auditFinding(), auditFinding(), auditFinding()], []);
  assert.equal(d.stats().a?.queued, 3);
  assert.equal(d.stats().a?.dropped, 2);
  assert.equal(logs.filter(([m]) => m.includes('dropped')).length, 1);
  g.open();
  await d.flush();
  assert.equal(d.stats().a?.sent, 4);
});

test('a newer version of a queued finding replaces it instead of taking a second place', async () => {
  const sink = new MemorySink('a');
  const { d } = setup([{ sink, maxDelayMs: 1000 }]);
  const f = auditFinding();
  d.offer([f], []);
  d.offer([], [{ ...f, service: { ...f.service, count: 2 } }]);
  await d.flush();
  assert.deepEqual(sink.findings.map((x) => x.service.count), [2]);
});

test('duplicate sink names are refused', () => {
  assert.throws(() => setup([{ sink: new MemorySink('x') }, { sink: new MemorySink('x') }]), /two sinks are named "x"/);
});

test('close drains queued findings, closes the sinks, and drops later offers', async () => {
  const sink = new MemorySink('a');
  const { d } = setup([{ sink, maxDelayMs: 60_000 }]);
  const fs = [auditFinding(), auditFinding()];
  d.offer(fs, []);
  await d.close();
  assert.deepEqual(ids(sink.findings), ids(fs));
  assert.ok(sink.closed);
  d.offer([auditFinding()], []);
  assert.equal(d.stats().a?.dropped, 1);
  await d.close();
});

test('close stops at its deadline: retries end and what is left is dead-lettered', async () => {
  const sink = new MemorySink('a', { respond: () => failure(true, 'down') });
  const { d, sched, dead } = setup([{ sink, maxBatchSize: 1, maxDelayMs: 0, retry: { maxAttempts: 50, initialBackoffMs: 10_000, maxBackoffMs: 60_000 } }]);
  const fs = [auditFinding(), auditFinding(), auditFinding()];
  d.offer(fs, []);
  await settle();
  let done = false;
  const closing = d.close({ deadlineMs: 5000 }).then(() => (done = true));
  await sched.advance(4999);
  assert.equal(done, false);
  await sched.advance(1);
  await closing;
  assert.deepEqual(dead.lines.map((l) => l.id).sort(), ids(fs).sort());
  assert.ok(dead.lines.some((l) => l.error === 'not delivered before shutdown'));
  assert.equal(d.stats().a?.failed, 3);
});
