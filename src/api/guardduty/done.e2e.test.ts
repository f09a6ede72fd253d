// "Done means", end to end: the real `vigil` CLI issues SigV4 keys (vigil tokens create --sigv4) and
// serves (vigil serve --guardduty-port); everything after that uses only @aws-sdk/client-guardduty:
// create a detector, create sample findings, list and get them with criteria, archive them, create
// a filter that auto-archives a type, read statistics and coverage; a wrong key, a wrong signature
// and a tampered body are refused as GuardDuty would refuse them. No Vigil module is imported.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import {
  AccessDeniedException, ArchiveFindingsCommand, CreateDetectorCommand, CreateFilterCommand, CreateSampleFindingsCommand,
  GetCoverageStatisticsCommand, GetFindingsCommand, GetFindingsStatisticsCommand, GuardDutyClient, GuardDutyServiceException,
  ListCoverageCommand, ListDetectorsCommand, ListFindingsCommand, paginateListFindings,
} from '@aws-sdk/client-guardduty';

// The compiled CLI next to this build (dist/ or another output folder).
const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const TYPE = 'Execution:Kubernetes/ExecInKubeSystemPod';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function issueKey(dir: string, role: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const r = await run(['tokens', 'create', '--sigv4', '--role', role, '--data', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const k = JSON.parse(r.stdout) as { accessKeyId: string; secretAccessKey: string };
  assert.deepEqual(Object.keys(k).sort(), ['accessKeyId', 'secretAccessKey']);
  return k;
}

const refused = (name: string) => (e: unknown) => {
  assert.ok(e instanceof GuardDutyServiceException, String(e));
  assert.equal(e.name, name);
  assert.equal(e.$metadata.httpStatusCode, 403);
  return true;
};

describe('done means: only @aws-sdk/client-guardduty against `vigil serve --guardduty-port`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gd-e2e-'));
  let child: ChildProcess | null = null;
  const clients: GuardDutyClient[] = [];
  after(() => {
    for (const c of clients) c.destroy();
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('detector, samples, criteria, archive, auto-archive filter, statistics, coverage; refusals', async () => {
    const admin = await issueKey(dir, 'admin');
    const viewer = await issueKey(dir, 'viewer');
    const [port, gdPort] = [await freePort(), await freePort()];
    const proc = spawn(process.execPath, [CLI, 'serve', '--data', dir, '--port', String(port), '--guardduty-port', String(gdPort), '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let logs = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (logs += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (logs += d));
    const endpoint = `http://127.0.0.1:${gdPort}`;
    for (let i = 0; ; i++) {
      assert.equal(proc.exitCode, null, `vigil serve exited:\n${logs}`);
      const up = await fetch(`${endpoint}/detector`).then((r) => r.status === 403, () => false);
      if (up) break;
      assert.ok(i < 300, `the GuardDuty API did not come up:\n${logs}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const client = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
      const c = new GuardDutyClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
      clients.push(c);
      return c;
    };
    const gd = client(admin);

    const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'prod' }, Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }] }));
    assert.match(DetectorId ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual((await gd.send(new ListDetectorsCommand({}))).DetectorIds, [DetectorId]);

    await gd.send(new CreateSampleFindingsCommand({ DetectorId }));
    const high: string[] = [];
    for await (const page of paginateListFindings({ client: gd }, {
      DetectorId,
      FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 }, 'service.archived': { Equals: ['false'] } } },
      SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' },
    })) high.push(...(page.FindingIds ?? []));
    assert.ok(high.length > 10, `${high.length} high-severity sample findings`);
    const { Findings } = await gd.send(new GetFindingsCommand({ DetectorId, FindingIds: high.slice(0, 50) }));
    assert.equal(Findings?.length, Math.min(50, high.length));
    for (const f of Findings ?? []) {
      assert.ok((f.Severity ?? 0) >= 7);
      assert.equal(f.Service?.Archived, false);
      assert.equal(f.Resource?.EksClusterDetails?.Name, 'prod');
    }

    const toArchive = high.slice(0, 3);
    await gd.send(new ArchiveFindingsCommand({ DetectorId, FindingIds: toArchive }));
    const after = await gd.send(new GetFindingsCommand({ DetectorId, FindingIds: toArchive }));
    assert.deepEqual(after.Findings?.map((f) => f.Service?.Archived), [true, true, true]);
    const current = await gd.send(new ListFindingsCommand({ DetectorId, FindingCriteria: { Criterion: { 'service.archived': { Equals: ['true'] } } } }));
    assert.deepEqual(new Set(current.FindingIds), new Set(toArchive));

    await gd.send(new CreateFilterCommand({ DetectorId, Name: 'auto-archive-exec', Action: 'ARCHIVE', Rank: 1, FindingCriteria: { Criterion: { type: { Equals: [TYPE] } } } }));
    const before = new Set((await gd.send(new ListFindingsCommand({ DetectorId, FindingCriteria: { Criterion: { type: { Equals: [TYPE] } } } }))).FindingIds);
    await gd.send(new CreateSampleFindingsCommand({ DetectorId, FindingTypes: [TYPE] }));
    const fresh = ((await gd.send(new ListFindingsCommand({ DetectorId, FindingCriteria: { Criterion: { type: { Equals: [TYPE] } } } }))).FindingIds ?? []).filter((id) => !before.has(id));
    assert.equal(fresh.length, 1);
    const [suppressed] = (await gd.send(new GetFindingsCommand({ DetectorId, FindingIds: fresh }))).Findings ?? [];
    assert.equal(suppressed?.Type, TYPE);
    assert.equal(suppressed?.Service?.Archived, true, 'the new finding of the filtered type came back archived');

    const stats = await gd.send(new GetFindingsStatisticsCommand({ DetectorId, FindingStatisticTypes: ['COUNT_BY_SEVERITY'] }));
    const total = Object.values(stats.FindingStatistics?.CountBySeverity ?? {}).reduce((a, b) => a + b, 0);
    let listed = 0;
    for await (const page of paginateListFindings({ client: gd }, { DetectorId })) listed += page.FindingIds?.length ?? 0;
    assert.equal(total, listed);
    const byType = await gd.send(new GetFindingsStatisticsCommand({ DetectorId, GroupBy: 'FINDING_TYPE', OrderBy: 'DESC', MaxResults: 1 }));
    assert.equal(byType.FindingStatistics?.GroupedByFindingType?.[0]?.FindingType, TYPE, 'two samples of the filtered type');

    const coverage = await gd.send(new ListCoverageCommand({ DetectorId }));
    assert.equal(coverage.Resources?.[0]?.ResourceDetails?.EksClusterDetails?.ClusterName, 'prod');
    assert.equal(coverage.Resources?.[0]?.CoverageStatus, 'UNHEALTHY', 'no runtime sensor reports yet');
    const cstats = await gd.send(new GetCoverageStatisticsCommand({ DetectorId, StatisticsType: ['COUNT_BY_COVERAGE_STATUS'] }));
    assert.deepEqual(cstats.CoverageStatistics?.CountByCoverageStatus, { UNHEALTHY: 1 });

    // Refusals.
    await assert.rejects(client({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: admin.secretAccessKey }).send(new ListDetectorsCommand({})), refused('UnrecognizedClientException'));
    await assert.rejects(client({ accessKeyId: admin.accessKeyId, secretAccessKey: viewer.secretAccessKey }).send(new ListDetectorsCommand({})), refused('InvalidSignatureException'));
    const tampering = client(admin);
    type Mw = Parameters<typeof tampering.middlewareStack.addRelativeTo>[0];
    const change = (next: (a: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      const req = args.request as { body?: unknown; headers: Record<string, string> };
      req.body = JSON.stringify({ findingIds: high.slice(3, 6) });
      req.headers['content-length'] = String(Buffer.byteLength(req.body as string));
      return next(args);
    };
    tampering.middlewareStack.addRelativeTo(change as unknown as Mw, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper' });
    await assert.rejects(tampering.send(new ArchiveFindingsCommand({ DetectorId, FindingIds: [] })), refused('InvalidSignatureException'));
    const untouched = await gd.send(new GetFindingsCommand({ DetectorId, FindingIds: high.slice(3, 6) }));
    assert.deepEqual(untouched.Findings?.map((f) => f.Service?.Archived), [false, false, false]);
    await assert.rejects(client(viewer).send(new ArchiveFindingsCommand({ DetectorId, FindingIds: high.slice(3, 6) })), (e: unknown) => e instanceof AccessDeniedException);

    proc.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', resolve)));
    assert.equal(code, 0, logs);
  });
});
