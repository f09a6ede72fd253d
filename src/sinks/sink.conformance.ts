// The sink conformance suite (a test suite, not product code): every sink's test runs it against a
// real local receiver (HTTP server, UDP/TCP syslog listener or temp file). It checks what the
// dispatcher relies on: realistic findings render, arrive in order, failures are results (never
// throws) with the right `retryable`, and a closed sink refuses without retry.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../core/finding.js';
import type { SendResult, Sink } from './sink.js';
import { auditFinding, hostileFinding, runtimeFinding } from './testing/findings.js';

export interface Running {
  sink: Sink;
  /** Waits until `n` findings have arrived; returns their ids in arrival order. */
  delivered: (n: number) => Promise<string[]>;
  stop: () => Promise<void>;
}

export interface FailureCase {
  name: string;
  retryable: boolean;
  start: () => Promise<{ sink: Sink; stop: () => Promise<void> }>;
  /** Sends that may still succeed before the failure shows (UDP learns of a dead port late). Default 0. */
  sendsBeforeFailure?: number;
}

export interface ConformanceHarness {
  start: () => Promise<Running>;
  /** The wire text of `findings` as this sink would send it. */
  render: (findings: Finding[]) => string;
  failures: FailureCase[];
}

async function sendExpectingFailure(c: FailureCase): Promise<Extract<SendResult, { ok: false }>> {
  const { sink, stop } = await c.start();
  try {
    let r: SendResult = { ok: true };
    for (let i = 0; i <= (c.sendsBeforeFailure ?? 0) && r.ok; i++) {
      if (i > 0) await new Promise((res) => setTimeout(res, 50));
      r = await sink.send([auditFinding()]);
    }
    assert.equal(r.ok, false, `${c.name}: expected a failure`);
    return r;
  } finally {
    await sink.close();
    await stop();
  }
}

export function runSinkConformance(name: string, h: ConformanceHarness): void {
  describe(`${name} sink conformance`, () => {
    test('renders realistic audit, runtime and hostile findings, naming each finding', () => {
      const fs = [auditFinding(), runtimeFinding(), hostileFinding()];
      const text = h.render(fs);
      for (const f of fs) assert.ok(text.includes(f.id), `rendered output names ${f.id}`);
    });

    test('delivers one finding to a real receiver', async () => {
      const run = await h.start();
      try {
        const f = auditFinding();
        assert.deepEqual(await run.sink.send([f]), { ok: true });
        assert.deepEqual(await run.delivered(1), [f.id]);
      } finally {
        await run.sink.close();
        await run.stop();
      }
    });

    test('delivers a batch in order, and an empty batch sends nothing', async () => {
      const run = await h.start();
      try {
        const fs = [auditFinding(), runtimeFinding(), hostileFinding()];
        assert.deepEqual(await run.sink.send([]), { ok: true });
        assert.deepEqual(await run.sink.send(fs), { ok: true });
        assert.deepEqual(await run.delivered(3), fs.map((f) => f.id));
      } finally {
        await run.sink.close();
        await run.stop();
      }
    });

    for (const c of h.failures) {
      test(`reports ${c.name} as a ${c.retryable ? 'retryable' : 'non-retryable'} failure`, async () => {
        const r = await sendExpectingFailure(c);
        assert.equal(r.retryable, c.retryable, r.error);
        assert.ok(r.error.length > 0);
      });
    }

    test('close is idempotent; send after close fails without retry', async () => {
      const run = await h.start();
      try {
        await run.sink.close();
        await run.sink.close();
        const r = await run.sink.send([auditFinding()]);
        assert.equal(r.ok, false);
        assert.equal(!r.ok && r.retryable, false);
      } finally {
        await run.stop();
      }
    });
  });
}
