// The in-flight byte bound on ingest: a request that would take the bytes in flight past the bound
// is refused with 503 and Retry-After before its body is read; finished and aborted requests give
// their bytes back; other routes are not counted.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Fastify from 'fastify';
import { limitIngestBytes } from './ingest-bytes.js';

function post(port: number, path: string, body: string, opts: { abortAfterHeaders?: boolean } = {}): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: text }));
    });
    req.on('error', (e) => (opts.abortAfterHeaders ? resolve({ status: 0, retryAfter: undefined, body: '' }) : reject(e)));
    if (opts.abortAfterHeaders) {
      req.flushHeaders();
      setTimeout(() => req.destroy(), 100);
    } else req.end(body);
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(check());
}

test('ingest bytes in flight are bounded; finished and aborted requests release theirs', async () => {
  const app = Fastify();
  const bytes = limitIngestBytes(app, { maxInFlightBytes: 1000, maxBodyBytes: 800 });
  let release: () => void = () => undefined;
  let gate = new Promise<void>((r) => (release = r));
  app.post('/ingest/x', async () => {
    await gate;
    return { ok: true };
  });
  app.post('/api/v1/y', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  try {
    const body = JSON.stringify({ pad: 'x'.repeat(580) }); // 590 bytes
    const first = post(port, '/ingest/x', body);
    await until(() => bytes.inFlight === 590);
    const refused = await post(port, '/ingest/x', body);
    assert.equal(refused.status, 503);
    assert.equal(refused.retryAfter, '5');
    assert.match(refused.body, /VIGIL_OVERLOADED/);
    assert.equal(bytes.refused, 1);
    assert.equal((await post(port, '/api/v1/y', body)).status, 200, 'other routes are not counted');
    release();
    assert.equal((await first).status, 200);
    await until(() => bytes.inFlight === 0);
    gate = new Promise<void>((r) => (release = r));
    await post(port, '/ingest/x', body, { abortAfterHeaders: true });
    await until(() => bytes.inFlight === 0);
    release();
    assert.equal((await post(port, '/ingest/x', body)).status, 200, 'an aborted request gave its bytes back');
  } finally {
    release();
    await app.close();
  }
});
