import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSinkConformance } from '../sink.conformance.js';
import { auditFinding } from '../testing/findings.js';
import { closedPort, httpReceiver, waitForItems, type HttpReceiver, type Reply } from '../testing/receivers.js';
import { renderSlackMessage, type SlackMessage } from './render.js';
import { SlackSink } from './sink.js';

const ids = (r: HttpReceiver): string[] => r.requests.flatMap((q) => [...q.body.matchAll(/Finding `([0-9a-f]{32})`/g)].map((m) => m[1] as string));

function failingWith(reply: Reply, name: string, retryable: boolean) {
  return {
    name,
    retryable,
    start: async () => {
      const r = await httpReceiver(() => reply);
      return { sink: new SlackSink({ name: 'slack', webhookUrl: r.url, timeoutMs: 1000 }), stop: () => r.close() };
    },
  };
}

runSinkConformance('slack', {
  start: async () => {
    const r = await httpReceiver();
    return { sink: new SlackSink({ name: 'slack', webhookUrl: r.url }), delivered: (n) => waitForItems(() => ids(r), n), stop: () => r.close() };
  },
  render: (fs) => JSON.stringify(renderSlackMessage(fs)),
  failures: [
    failingWith({ status: 400, body: 'invalid_payload' }, 'invalid_payload (400)', false),
    failingWith({ status: 404, body: 'no_service' }, 'no_service (404)', false),
    failingWith({ status: 410, body: 'channel_is_archived' }, 'channel_is_archived (410)', false),
    failingWith({ status: 429, headers: { 'retry-after': '1' } }, 'rate limiting (429)', true),
    failingWith({ status: 500, body: 'rollup_error' }, 'HTTP 500', true),
    {
      name: 'a refused connection',
      retryable: true,
      start: async () => ({ sink: new SlackSink({ name: 'slack', webhookUrl: `http://127.0.0.1:${await closedPort()}/services/x` }), stop: async () => undefined }),
    },
  ],
});

test('more than ten findings go out as several messages; a failure reports what was delivered', async () => {
  const r = await httpReceiver((_q, i) => (i === 2 ? { status: 500 } : { status: 200, body: 'ok' }));
  const sink = new SlackSink({ name: 'slack', webhookUrl: r.url });
  try {
    const fs = Array.from({ length: 25 }, () => auditFinding());
    const res = await sink.send(fs);
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.delivered, 20);
    assert.equal(r.requests.length, 3);
    const first = JSON.parse(r.requests[0]?.body ?? '{}') as SlackMessage;
    assert.equal(first.blocks.length, 40);
    assert.equal(r.requests[0]?.headers['content-type'], 'application/json');
  } finally {
    await sink.close();
    await r.close();
  }
});
