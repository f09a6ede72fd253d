import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { rateLimiter } from './rate-limit.js';

test('a token gets perMinute requests, then 429 with Retry-After, and its bucket refills over time', async () => {
  let t = 0;
  const app = Fastify();
  const limit = rateLimiter({ perMinute: 3, now: () => t });
  app.addHook('preHandler', async (req, reply) => {
    req.token = { id: String(req.headers['x-token']), kind: 'api', role: 'viewer', cluster: null, createdAt: 0, revokedAt: null, description: '' };
    await limit(req, reply);
  });
  app.get('/', async () => 'ok');
  const hit = async (tok: string) => (await app.inject({ method: 'GET', url: '/', headers: { 'x-token': tok } }));
  for (let i = 0; i < 3; i++) assert.equal((await hit('a')).statusCode, 200);
  const limited = await hit('a');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.headers['retry-after'], '20');
  assert.equal((await hit('b')).statusCode, 200, 'tokens are limited separately');
  t += 20_000;
  assert.equal((await hit('a')).statusCode, 200);
  await app.close();
});
