// The service contract end to end: `vigil serve --data DIR --port N`, `vigil clusters add`, the
// audit webhook receiving the workshop log as EventList batches, and GET /api/v1/findings.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { Finding } from '../core/finding.js';
import { verifySignature } from '../sinks/index.js';
import { FIXTURES, freePort, runVigil, startServe, waitForExit } from '../testing/cli.js';

const EXPECTED = {
  ...(JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>),
  ...(JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected-vigil.json'), 'utf8')) as Record<string, number>),
};

function workshopItems(): unknown[] {
  return readFileSync(join(FIXTURES, 'audit', 'workshop.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
}

describe('vigil serve with the audit webhook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('workshop batches posted to the webhook raise the eight GuardDuty findings (and Vigil\'s own), each once', async () => {
    const add = await runVigil(['clusters', 'add', 'eks-workshop', '--platform', 'eks', '--data', dir]);
    assert.equal(add.code, 0, add.stderr);
    const token = add.stdout.trim().split('\n').at(-1) ?? '';
    assert.match(token, /^vgl_ingest_/);
    const dup = await runVigil(['clusters', 'add', 'eks-workshop', '--data', dir]);
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /already exists/);

    const port = await freePort();
    const { child, logs } = await startServe(['--data', dir, '--log-level', 'warn'], port);
    try {
      const adminFile = join(dir, 'admin.token');
      assert.equal(statSync(adminFile).mode & 0o777, 0o600);
      const admin = readFileSync(adminFile, 'utf8').trim();
      const base = `http://127.0.0.1:${port}`;

      const items = workshopItems();
      const batches: unknown[][] = [];
      for (let i = 0; i < items.length; i += 100) batches.push(items.slice(i, i + 100));
      // The apiserver re-sends a batch whose answer it did not get: send the second batch twice.
      batches.splice(2, 0, batches[1] as unknown[]);
      for (const b of batches) {
        const r = await fetch(`${base}/ingest/k8s-audit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: b }),
        });
        assert.equal(r.status, 200, await r.text());
      }
      const r = await fetch(`${base}/api/v1/findings?limit=100`, { headers: { authorization: `Bearer ${admin}` } });
      assert.equal(r.status, 200);
      const body = (await r.json()) as { findings: Finding[]; nextToken: string | null };
      assert.equal(body.nextToken, null);
      const byType: Record<string, number> = {};
      for (const f of body.findings) byType[f.type] = (byType[f.type] ?? 0) + 1;
      assert.deepEqual(byType, EXPECTED);
      for (const f of body.findings) {
        assert.equal(f.resource.eksClusterDetails.name, 'eks-workshop');
        const expectedCount = f.type === 'Policy:Kubernetes/AnonymousAccessGranted' ? 2 : 1;
        assert.equal(f.service.count, expectedCount, `${f.type}: the re-sent batch must not double counts`);
      }

      const list = await runVigil(['findings', 'list', '--severity', 'high', '--json', '--data', dir]);
      assert.equal(list.code, 0, list.stderr);
      const high = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as Finding);
      assert.deepEqual(high.map((f) => f.type).sort(), [
        'Impact:Kubernetes/SuccessfulAnonymousAccess',
        'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
        'Policy:Kubernetes/AnonymousAccessGranted',
        'PrivilegeEscalation:Kubernetes/ClusterAdminAccessGranted',
      ]);
      const show = await runVigil(['findings', 'show', high[0]?.id ?? '', '--data', dir]);
      assert.equal(show.code, 0);
      assert.equal((JSON.parse(show.stdout) as Finding).id, high[0]?.id);

      // Roles: a viewer reads but cannot archive; an analyst archives; every change is in the audit trail.
      const mint = async (role: string) => {
        const t = await runVigil(['tokens', 'create', '--role', role, '--data', dir, '--json']);
        assert.equal(t.code, 0, t.stderr);
        return (JSON.parse(t.stdout) as { token: string }).token;
      };
      const viewer = await mint('viewer');
      const analyst = await mint('analyst');
      const archive = (token: string, ids: string[]) =>
        fetch(`${base}/api/v1/findings/archive`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ findingIds: ids }) });
      const target = high[0]?.id ?? '';
      assert.equal((await fetch(`${base}/api/v1/findings/${target}`, { headers: { authorization: `Bearer ${viewer}` } })).status, 200);
      assert.equal((await archive(viewer, [target])).status, 403);
      const ok = await archive(analyst, [target]);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { archived: 1, unknown: 0 });
      const current = (await (await fetch(`${base}/api/v1/findings?archived=false&limit=100`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { findings: Finding[] };
      assert.equal(current.findings.some((f) => f.id === target), false, 'archived findings leave the current view');
      assert.equal((await fetch(`${base}/api/v1/tokens`, { headers: { authorization: `Bearer ${analyst}` } })).status, 403, 'only admins manage tokens');
      const auditLog = (await (await fetch(`${base}/api/v1/audit-log`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { entries: { action: string }[] };
      assert.deepEqual(auditLog.entries.slice(0, 3).map((e) => e.action), ['findings.archive', 'tokens.create', 'tokens.create']);
      const revoke = await runVigil(['tokens', 'list', '--json', '--data', dir]);
      const viewerId = (JSON.parse(revoke.stdout) as { tokens: { id: string; role: string | null }[] }).tokens.find((t) => t.role === 'viewer')?.id ?? '';
      assert.equal((await runVigil(['tokens', 'revoke', viewerId, '--data', dir])).code, 0);
      assert.equal((await fetch(`${base}/api/v1/findings`, { headers: { authorization: `Bearer ${viewer}` } })).status, 401, 'a revoked token is refused at once');
    } finally {
      child.kill('SIGTERM');
      const code = await waitForExit(child);
      assert.equal(code, 0, logs());
    }
  });

  test('webhook-config prints a kubeconfig for the webhook and the audit policy', async () => {
    const r = await runVigil(['clusters', 'webhook-config', 'eks-workshop', '--url', 'https://vigil.example:8443/ingest/k8s-audit', '--token', 'vgl_ingest_x', '--data', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /server: https:\/\/vigil\.example:8443\/ingest\/k8s-audit/);
    assert.match(r.stdout, /token: vgl_ingest_x/);
    assert.match(r.stdout, /kind: Policy/);
    assert.match(r.stdout, /resources: \["pods\/exec", "pods\/attach", "pods\/portforward"\]/);
    const [kubeconfig, policy] = r.stdout.split('\n---\n');
    const kc = parseYaml(kubeconfig ?? '') as { clusters: { cluster: { server: string } }[]; users: { user: { token: string } }[]; 'current-context': string };
    assert.equal(kc.clusters[0]?.cluster.server, 'https://vigil.example:8443/ingest/k8s-audit');
    assert.equal(kc.users[0]?.user.token, 'vgl_ingest_x');
    const p = parseYaml(policy ?? '') as { kind: string; rules: { level: string; resources?: { group?: string; resources?: string[] }[] }[] };
    assert.equal(p.kind, 'Policy');
    const levelOf = (resource: string): string | undefined =>
      p.rules.find((rule) => rule.resources?.some((g) => g.resources === undefined ? g.group === 'rbac.authorization.k8s.io' && resource.startsWith('rbac:') : g.resources.includes(resource)))?.level;
    assert.equal(levelOf('secrets'), 'Metadata');
    assert.equal(levelOf('configmaps'), 'Metadata');
    assert.equal(levelOf('pods/exec'), 'Request');
    assert.equal(levelOf('pods'), 'RequestResponse');
    assert.equal(levelOf('deployments'), 'RequestResponse');
    assert.equal(levelOf('services'), 'RequestResponse');
    assert.equal(levelOf('rbac:rolebindings'), 'RequestResponse');
    assert.equal(p.rules.at(-1)?.level, 'Metadata');
    assert.ok(p.rules.every((rule) => rule.level !== 'None'), 'nothing is dropped');
    const bad = await runVigil(['clusters', 'webhook-config', 'eks-workshop', '--url', 'ftp://x', '--data', dir]);
    assert.equal(bad.code, 2);
  });

  test('a webhook sink receives a signed, verifiable POST for a new finding', async () => {
    const sinkDir = mkdtempSync(join(tmpdir(), 'vigil-sink-'));
    const received: { body: string; signature: string | undefined }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-vigil-signature'] as string | undefined });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const rport = (receiver.address() as AddressInfo).port;
    const config = join(sinkDir, 'vigil.yaml');
    writeFileSync(config, `sinks:\n  - type: webhook\n    name: soc\n    url: http://127.0.0.1:${rport}/hook\n    secret: s3cr3t-shared\n    minSeverity: medium\n    batch:\n      maxDelay: 100ms\n`);
    const add = await runVigil(['clusters', 'add', 'c1', '--data', sinkDir]);
    const token = add.stdout.trim().split('\n').at(-1) ?? '';
    const port = await freePort();
    const { child, logs } = await startServe(['--data', sinkDir, '--config', config, '--log-level', 'warn'], port);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/ingest/k8s-audit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: workshopItems().slice(0, 80) }),
      });
      assert.equal(r.status, 200);
      const deadline = Date.now() + 10_000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      assert.ok(received.length > 0, `no POST received:\n${logs()}`);
      const first = received[0] as { body: string; signature: string | undefined };
      assert.equal(verifySignature('s3cr3t-shared', first.body, first.signature), true, 'the HMAC verifies');
      assert.equal(verifySignature('wrong-secret', first.body, first.signature), false);
      const sent = JSON.parse(first.body) as { findings: Finding[] };
      assert.ok(sent.findings.some((f) => f.type === 'Execution:Kubernetes/ExecInKubeSystemPod'));
    } finally {
      child.kill('SIGTERM');
      assert.equal(await waitForExit(child), 0, logs());
      receiver.close();
      rmSync(sinkDir, { recursive: true, force: true });
    }
  });
});
