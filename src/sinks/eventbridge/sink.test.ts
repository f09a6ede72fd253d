import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeClock } from '../../core/clock.js';
import { runSinkConformance } from '../sink.conformance.js';
import { auditFinding, runtimeFinding } from '../testing/findings.js';
import { closedPort, httpReceiver, tempDir, waitForItems, type HttpReceiver } from '../testing/receivers.js';
import { verifySignature } from '../webhook/signature.js';
import { eventId, renderEvent, renderEventLines, type GuardDutyEvent } from './render.js';
import { EventBridgeSink } from './sink.js';

const clock = fakeClock(Date.UTC(2026, 7, 10, 10, 0, 0));
const idsOf = (r: HttpReceiver) => r.requests.map((q) => (JSON.parse(q.body) as GuardDutyEvent).detail.id);
const fileIds = (path: string): string[] => {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as GuardDutyEvent).detail.id);
  } catch {
    return [];
  }
};

test("the envelope is GuardDuty's EventBridge event, one per finding", () => {
  const f = runtimeFinding({ updatedAt: '2026-08-10T10:02:55.120Z' });
  const e = renderEvent(f);
  assert.deepEqual(Object.keys(e), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
  assert.equal(e.version, '0');
  assert.equal(e['detail-type'], 'GuardDuty Finding');
  assert.equal(e.source, 'aws.guardduty');
  assert.equal(e.account, f.accountId);
  assert.equal(e.region, f.region);
  assert.equal(e.time, '2026-08-10T10:02:55Z');
  assert.deepEqual(e.resources, []);
  assert.deepEqual(e.detail, f);
  assert.match(e.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(renderEventLines([f, auditFinding()]).split('\n').length, 3);
});

test('the event id is stable for a finding version and changes when the finding changes', () => {
  const f = auditFinding();
  assert.equal(eventId(f), eventId(structuredClone(f)));
  const g = structuredClone(f);
  g.service.count = 2;
  g.updatedAt = '2026-08-10T11:00:00.000Z';
  assert.notEqual(eventId(f), eventId(g));
});

runSinkConformance('eventbridge (url)', {
  start: async () => {
    const r = await httpReceiver();
    return { sink: new EventBridgeSink({ name: 'eb', clock, url: r.url }), delivered: (n) => waitForItems(() => idsOf(r), n), stop: () => r.close() };
  },
  render: renderEventLines,
  failures: [
    {
      name: 'HTTP 502',
      retryable: true,
      start: async () => {
        const r = await httpReceiver(() => ({ status: 502 }));
        return { sink: new EventBridgeSink({ name: 'eb', clock, url: r.url }), stop: () => r.close() };
      },
    },
    {
      name: 'HTTP 403',
      retryable: false,
      start: async () => {
        const r = await httpReceiver(() => ({ status: 403 }));
        return { sink: new EventBridgeSink({ name: 'eb', clock, url: r.url }), stop: () => r.close() };
      },
    },
    {
      name: 'a refused connection',
      retryable: true,
      start: async () => ({ sink: new EventBridgeSink({ name: 'eb', clock, url: `http://127.0.0.1:${await closedPort()}/` }), stop: async () => undefined }),
    },
  ],
});

runSinkConformance('eventbridge (file)', {
  start: async () => {
    const path = join(tempDir(), 'events.jsonl');
    return { sink: new EventBridgeSink({ name: 'eb', clock, file: path }), delivered: (n) => waitForItems(() => fileIds(path), n), stop: async () => undefined };
  },
  render: renderEventLines,
  failures: [
    {
      name: 'a path that is a directory',
      retryable: false,
      start: async () => {
        const dir = join(tempDir(), 'events.jsonl');
        mkdirSync(dir);
        return { sink: new EventBridgeSink({ name: 'eb', clock, file: dir }), stop: async () => undefined };
      },
    },
  ],
});

test('url mode POSTs each event alone, signed when a secret is given', async () => {
  const r = await httpReceiver();
  const sink = new EventBridgeSink({ name: 'eb', clock, url: r.url, secret: 's', headers: { 'x-api-key': 'k' } });
  try {
    const fs = [auditFinding(), runtimeFinding()];
    assert.deepEqual(await sink.send(fs), { ok: true });
    assert.equal(r.requests.length, 2);
    for (const [i, q] of r.requests.entries()) {
      const e = JSON.parse(q.body) as GuardDutyEvent;
      assert.equal(e.detail.id, fs[i]?.id);
      assert.ok(verifySignature('s', q.body, q.headers['x-vigil-signature'] as string));
      assert.equal(q.headers['x-api-key'], 'k');
    }
  } finally {
    await sink.close();
    await r.close();
  }
});
