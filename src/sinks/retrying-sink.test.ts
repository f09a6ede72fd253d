import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock } from '../core/clock.js';
import { backoffDelay } from './backoff.js';
import { MemorySink } from './memory/sink.js';
import { RetryingSink } from './retrying-sink.js';
import { manualScheduler, settle } from './scheduler.js';
import { OK, failure } from './sink.js';
import { auditFinding } from './testing/findings.js';

test('backoff doubles up to the cap, with half of each delay jittered', () => {
  const o = { initialMs: 1000, maxMs: 8000 };
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...o, random: () => 0 })), [500, 1000, 2000, 4000, 4000]);
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...o, random: () => 0.999999 })), [1000, 2000, 4000, 8000, 8000]);
  assert.equal(backoffDelay(1, { ...o, random: () => 0 }, 30_000), 8000, 'Retry-After counts, within the cap');
  assert.equal(backoffDelay(1, { ...o, random: () => 0 }, 3000), 3000);
});

test('non-retryable failures are returned at once; retryable ones until maxAttempts', async () => {
  const clock = fakeClock();
  const sched = manualScheduler(clock);
  const no = new RetryingSink(new MemorySink('a', { respond: () => failure(false, 'HTTP 400') }), { scheduler: sched });
  assert.deepEqual(await no.send([auditFinding()]), { ok: false, retryable: false, error: 'HTTP 400' });
  const inner = new MemorySink('b', { respond: () => failure(true, 'HTTP 503') });
  const retries: number[] = [];
  const yes = new RetryingSink(inner, { scheduler: sched, maxAttempts: 4, initialBackoffMs: 10, onRetry: (_e, n) => retries.push(n) });
  const p = yes.send([auditFinding()]);
  await sched.advance(1000);
  assert.deepEqual(await p, { ok: false, retryable: true, error: 'HTTP 503' });
  assert.equal(inner.calls.length, 4);
  assert.deepEqual(retries, [1, 2, 3]);
});

test('abort ends the wait for the next attempt', async () => {
  const clock = fakeClock();
  const sched = manualScheduler(clock);
  const inner = new MemorySink('a', { respond: (_b, call) => (call === 0 ? failure(true, 'down') : OK) });
  const s = new RetryingSink(inner, { scheduler: sched, initialBackoffMs: 60_000 });
  const p = s.send([auditFinding()]);
  await settle();
  s.abort();
  const r = await p;
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /retries stopped at shutdown/);
  assert.equal(inner.calls.length, 1);
});
