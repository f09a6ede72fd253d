// Serving the console's files: headers, caching, a missing build, and nothing outside assets/.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import { CONSOLE_CSP, consoleRoutes } from './static.js';

describe('console static files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-console-static-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'built', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'built', 'index.html'), '<!doctype html><script type="module" src="/assets/a-1.js"></script>');
  writeFileSync(join(dir, 'built', 'assets', 'a-1.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'no');

  test('index.html no-cache, hashed assets immutable, both under the CSP', async () => {
    const app = Fastify();
    consoleRoutes(app, { dir: join(dir, 'built') });
    const index = await app.inject({ url: '/' });
    assert.equal(index.statusCode, 200);
    assert.equal(index.headers['content-security-policy'], CONSOLE_CSP);
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    assert.equal(index.headers['referrer-policy'], 'no-referrer');
    assert.match(String(index.headers['content-type']), /^text\/html/);
    const js = await app.inject({ url: '/assets/a-1.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    for (const url of ['/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/nope.js', '/assets/']) {
      assert.equal((await app.inject({ url })).statusCode, 404, url);
    }
    assert.ok(!/unsafe-inline|unsafe-eval/.test(CONSOLE_CSP));
    await app.close();
  });

  test('without a build, / says how to make one', async () => {
    const app = Fastify();
    consoleRoutes(app, { dir: join(dir, 'missing') });
    const r = await app.inject({ url: '/' });
    assert.equal(r.statusCode, 503);
    assert.match(r.body, /npm run build/);
    assert.equal(r.headers['content-security-policy'], CONSOLE_CSP);
    await app.close();
  });
});
