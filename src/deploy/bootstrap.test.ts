// The init step: registers the cluster and the Secret's tokens once, rotates the admin token, and
// refuses tokens that belong to something else.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStore } from '../app/open.js';
import { ensureAdminToken, hashToken, issueToken } from '../app/tokens.js';
import { bootstrap, readTokenFile } from './bootstrap.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-bootstrap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('bootstrap is idempotent, rotates the admin token and refuses foreign tokens', async () => {
  const store = openStore(dir);
  try {
    const ingest = 'vgl_ingest_' + 'a'.repeat(40);
    const admin1 = 'vgl_admin_' + 'b'.repeat(40);
    const first = await bootstrap(store, dir, { cluster: 'prod', platform: 'eks', ingestToken: ingest, adminToken: admin1, now: 1 });
    assert.deepEqual(first, ['registered cluster prod', 'ingest token for prod added', 'admin token written']);
    assert.equal((await store.findTokenByHash(hashToken(ingest)))?.cluster, 'prod');
    assert.equal(statSync(join(dir, 'admin.token')).mode & 0o777, 0o600);
    await ensureAdminToken(store, dir, 2); // what vigil serve does at start
    assert.equal((await store.findTokenByHash(hashToken(admin1)))?.role, 'admin');
    assert.deepEqual(await bootstrap(store, dir, { cluster: 'prod', platform: 'eks', ingestToken: ingest, adminToken: admin1, now: 3 }), []);
    const admin2 = 'vgl_admin_' + 'c'.repeat(40);
    const rotated = await bootstrap(store, dir, { cluster: 'prod', platform: 'eks', ingestToken: ingest, adminToken: admin2, now: 4 });
    assert.match(rotated.join(';'), /previous admin token \w+ revoked;admin token written/);
    assert.notEqual((await store.findTokenByHash(hashToken(admin1)))?.revokedAt, null);
    assert.equal(readFileSync(join(dir, 'admin.token'), 'utf8').trim(), admin2);
    const other = (await issueToken(store, 'api', { role: 'viewer', now: 5 })).secret;
    await assert.rejects(bootstrap(store, dir, { cluster: 'prod', platform: 'eks', ingestToken: other, now: 6 }), /an API token/);
    await assert.rejects(bootstrap(store, dir, { cluster: 'staging', platform: 'eks', ingestToken: ingest, now: 7 }), /cluster prod's token/);
  } finally {
    await store.close();
  }
});

test('token files must hold URL-safe tokens', () => {
  const f = join(dir, 'tok');
  writeFileSync(f, 'short\n');
  assert.throws(() => readTokenFile(f, 'ingest'), /20-512 characters/);
  writeFileSync(f, 'has space in it but long enough\n');
  assert.throws(() => readTokenFile(f, 'ingest'), /20-512 characters/);
  writeFileSync(f, 'vgl_ingest_' + 'z'.repeat(30) + '\n');
  assert.equal(readTokenFile(f, 'ingest'), 'vgl_ingest_' + 'z'.repeat(30));
  assert.throws(() => readTokenFile(join(dir, 'missing'), 'admin'), /cannot read the admin token file/);
});
