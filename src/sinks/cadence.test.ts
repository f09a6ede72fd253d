import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import { CADENCES, RepeatCadence } from './cadence.js';
import { FindingDispatcher } from './dispatcher.js';
import { MemorySink } from './memory/sink.js';
import { manualScheduler } from './scheduler.js';
import { auditFinding } from './testing/findings.js';

const MIN = 60_000;
const version = (f: Finding, count: number): Finding => ({ ...f, service: { ...f.service, count } });

function setup(cadence?: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS') {
  const clock = fakeClock();
  const sched = manualScheduler(clock);
  const sink = new MemorySink('a');
  const d = new FindingDispatcher({ sinks: [{ sink, maxDelayMs: 0, ...(cadence ? { cadence } : {}) }], clock, scheduler: sched });
  return { d, sched, sink };
}

test('GuardDuty frequencies: 15 min, 1 h, 6 h', () => {
  assert.deepEqual(CADENCES, { FIFTEEN_MINUTES: 15 * MIN, ONE_HOUR: 60 * MIN, SIX_HOURS: 360 * MIN });
});

test('repeats within the window are held and re-sent once, newest version, when the window ends (default SIX_HOURS)', async () => {
  const { d, sched, sink } = setup();
  const f = auditFinding();
  d.offer([f], []);
  await sched.advance(MIN);
  assert.deepEqual(sink.findings.map((x) => x.service.count), [1]);
  d.offer([], [version(f, 2)]);
  await sched.advance(MIN);
  d.offer([], [version(f, 3)]);
  assert.equal(d.stats().a?.held, 1);
  await sched.advance(6 * 60 * MIN - 3 * MIN);
  assert.equal(sink.findings.length, 1, 'still inside the window');
  await sched.advance(MIN);
  assert.deepEqual(sink.findings.map((x) => x.service.count), [1, 3]);
  await sched.advance(24 * 60 * MIN);
  assert.equal(sink.findings.length, 2, 'sent once, not again');
});

test('a repeat after the window has passed goes out at once', async () => {
  const { d, sched, sink } = setup('FIFTEEN_MINUTES');
  const f = auditFinding();
  d.offer([f], []);
  await sched.advance(16 * MIN);
  d.offer([], [version(f, 2)]);
  await sched.advance(0);
  assert.deepEqual(sink.findings.map((x) => x.service.count), [1, 2]);
  d.offer([], [version(f, 3)]);
  await sched.advance(14 * MIN);
  assert.equal(sink.findings.length, 2);
  await sched.advance(MIN);
  assert.deepEqual(sink.findings.map((x) => x.service.count), [1, 2, 3]);
});

test('an update of a finding never sent here (e.g. after a restart) goes out at once; new findings always do', async () => {
  const { d, sched, sink } = setup('ONE_HOUR');
  const f = auditFinding();
  d.offer([], [version(f, 7)]);
  d.offer([auditFinding()], []);
  await sched.advance(0);
  assert.equal(sink.findings.length, 2);
});

test('close sends held repeats rather than losing their newest state', async () => {
  const { d, sched, sink } = setup('ONE_HOUR');
  const f = auditFinding();
  d.offer([f], []);
  await sched.advance(0);
  d.offer([], [version(f, 5)]);
  await d.close();
  assert.deepEqual(sink.findings.map((x) => x.service.count), [1, 5]);
});

test('RepeatCadence stays bounded; a forgotten id is due at once', () => {
  const c = new RepeatCadence('ONE_HOUR', 2);
  const [a, b, x] = [auditFinding(), auditFinding(), auditFinding()];
  assert.ok(c.admit(a, true, 0));
  assert.equal(c.admit(a, false, 1), false);
  assert.ok(c.admit(b, true, 2));
  assert.ok(c.admit(x, true, 3)); // forgets a's send time
  assert.ok((c.nextDue() ?? Infinity) <= 4, "due now");
  assert.deepEqual(c.release(4).map((f) => f.id), [a.id]);
  assert.equal(c.held, 0);
});
