// HTTPS with client-certificate ingest: kube-apiserver may authenticate its webhook with a client
// certificate (CN = the cluster's registered name) instead of a bearer token.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CONFIG } from '../app/config.js';
import { openVigil, type Vigil } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import { eventList, execEvent } from '../testing/audit-events.js';
import { buildServer } from './server.js';

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

describe('TLS and client certificates', () => {
  let dir: string;
  let vigil: Vigil;
  let app: FastifyInstance;
  let port = 0;
  const read = (f: string) => readFileSync(join(dir, f));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-tls-'));
    const subj = (cn: string) => ['-subj', `/CN=${cn}`];
    openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', ...subj('vigil-test-ca'));
    openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', ...subj('localhost'));
    openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2');
    openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', ...subj('prod'));
    openssl(dir, 'x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '2');
    openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rogue.key', '-out', 'rogue.crt', '-days', '2', ...subj('prod'));
    vigil = await openVigil(DEFAULT_CONFIG, null, systemClock);
    await vigil.store.addCluster({ name: 'prod', detectorId: 'a'.repeat(32), createdAt: 0, platform: 'self-managed', arn: null });
    app = await buildServer({ store: vigil.store, pipeline: vigil.pipeline, maxBodyBytes: 1 << 20, tls: { key: read('server.key'), cert: read('server.crt'), clientCa: read('ca.crt') } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
  });

  after(async () => {
    await app.close();
    await vigil.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function postBatch(client?: { key: Buffer; cert: Buffer }): Promise<number> {
    const body = JSON.stringify(eventList([execEvent('kube-system', 'via-cert')]));
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/ingest/k8s-audit', method: 'POST', ca: read('ca.crt'), servername: 'localhost', headers: { 'content-type': 'application/json' }, ...(client ?? {}) },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  test('a client certificate signed by the client CA with the cluster name as CN ingests without a token', async () => {
    assert.equal(await postBatch({ key: read('client.key'), cert: read('client.crt') }), 200);
    const list = await vigil.store.listFindings({ types: ['Execution:Kubernetes/ExecInKubeSystemPod'] });
    assert.equal(list.findings[0]?.resource.eksClusterDetails.name, 'prod');
  });

  test('no certificate and no token, or a self-signed certificate, are refused', async () => {
    assert.equal(await postBatch(), 401);
    assert.equal(await postBatch({ key: read('rogue.key'), cert: read('rogue.crt') }), 401);
  });
});
