import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { fakeClock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import { runSinkConformance } from '../sink.conformance.js';
import { auditFinding, runtimeFinding } from '../testing/findings.js';
import { closedPort, httpReceiver, waitForItems, type HttpReceiver, type Reply } from '../testing/receivers.js';
import { renderWebhookBody, type WebhookBody } from './render.js';
import { verifySignature } from './signature.js';
import { WebhookSink, type WebhookSinkOptions } from './sink.js';

const SECRET = 'correct horse battery staple';
const clock = fakeClock(Date.UTC(2026, 7, 10, 9, 15, 0));

function sinkFor(url: string, o: Partial<WebhookSinkOptions> = {}): WebhookSink {
  return new WebhookSink({ name: 'hook', url, secret: SECRET, clock, timeoutMs: 2000, ...o });
}

const ids = (r: HttpReceiver): string[] => r.requests.flatMap((q) => (JSON.parse(q.body) as WebhookBody).findings.map((f) => f.id));

function failingWith(reply: Reply, name: string, retryable: boolean) {
  return {
    name,
    retryable,
    start: async () => {
      const r = await httpReceiver(() => reply);
      return { sink: sinkFor(r.url, { timeoutMs: 300 }), stop: () => r.close() };
    },
  };
}

runSinkConformance('webhook', {
  start: async () => {
    const r = await httpReceiver();
    return { sink: sinkFor(r.url), delivered: (n) => waitForItems(() => ids(r), n), stop: () => r.close() };
  },
  render: (fs) => renderWebhookBody(fs, clock.now()),
  failures: [
    failingWith({ status: 500 }, 'HTTP 500', true),
    failingWith({ status: 503 }, 'HTTP 503', true),
    failingWith({ status: 429, headers: { 'retry-after': '7' } }, 'HTTP 429', true),
    failingWith({ status: 400, body: 'bad payload' }, 'HTTP 400', false),
    failingWith({ status: 401 }, 'HTTP 401', false),
    failingWith({ status: 302, headers: { location: 'http://127.0.0.1:1/' } }, 'a redirect', false),
    failingWith({ status: 200, delayMs: 800 }, 'a timeout', true),
    {
      name: 'a refused connection',
      retryable: true,
      start: async () => ({ sink: sinkFor(`http://127.0.0.1:${await closedPort()}/hook`), stop: async () => undefined }),
    },
  ],
});

test('the signature is the HMAC-SHA256 of the exact body, and the timestamp is signed inside the body', async () => {
  const r = await httpReceiver();
  const sink = sinkFor(r.url, { headers: { authorization: 'Bearer abc' } });
  try {
    const f = auditFinding();
    assert.deepEqual(await sink.send([f]), { ok: true });
    const [req] = await r.waitFor(1);
    assert.ok(req);
    const expected = `sha256=${createHmac('sha256', SECRET).update(req.body).digest('hex')}`;
    assert.equal(req.headers['x-vigil-signature'], expected);
    assert.ok(verifySignature(SECRET, req.body, req.headers['x-vigil-signature']));
    assert.ok(!verifySignature('wrong secret', req.body, req.headers['x-vigil-signature']));
    assert.ok(!verifySignature(SECRET, req.body.replace(f.id, '0'.repeat(32)), req.headers['x-vigil-signature']));
    const body = JSON.parse(req.body) as WebhookBody;
    assert.equal(req.headers['x-vigil-timestamp'], String(clock.now() / 1000));
    assert.equal(Date.parse(body.sentAt), clock.now());
    assert.deepEqual(body.findings, [f]);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers.authorization, 'Bearer abc');
  } finally {
    await sink.close();
    await r.close();
  }
});

test('per-finding mode sends one request each and reports how many got through before a failure', async () => {
  const r = await httpReceiver((_req, i) => ({ status: i === 1 ? 503 : 200 }));
  const sink = sinkFor(r.url, { mode: 'per-finding' });
  try {
    const fs: Finding[] = [auditFinding(), runtimeFinding(), auditFinding()];
    const res = await sink.send(fs);
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.delivered, 1);
    assert.equal(!res.ok && res.retryable, true);
    assert.equal(r.requests.length, 2);
    for (const q of r.requests) {
      assert.equal((JSON.parse(q.body) as WebhookBody).findings.length, 1);
      assert.ok(verifySignature(SECRET, q.body, q.headers['x-vigil-signature'] as string));
    }
  } finally {
    await sink.close();
    await r.close();
  }
});

test('429 passes Retry-After on; error texts do not contain the URL', async () => {
  const r = await httpReceiver(() => ({ status: 429, headers: { 'retry-after': '30' }, body: 'slow down' }));
  const sink = sinkFor(`${r.url}?token=s3cret`);
  try {
    const res = await sink.send([auditFinding()]);
    assert.ok(!res.ok);
    assert.equal(res.retryAfterMs, 30_000);
    assert.match(res.error, /HTTP 429: slow down/);
    assert.doesNotMatch(res.error, /s3cret/);
  } finally {
    await sink.close();
    await r.close();
  }
});

test('close aborts a request in flight', async () => {
  const r = await httpReceiver(() => ({ status: 200, delayMs: 1500 }));
  const sink = sinkFor(r.url, { timeoutMs: 10_000 });
  try {
    const pending = sink.send([auditFinding()]);
    await r.waitFor(1);
    await sink.close();
    const res = await pending;
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.retryable, false);
  } finally {
    await r.close();
  }
});
