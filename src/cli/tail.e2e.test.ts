// `vigil serve` following a kube-apiserver audit log file: SIGTERM stops it after the batch in
// flight, and a restart resumes at the saved offset: lines written while it was down are read,
// none twice, none skipped.

import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { auditEvent, execEvent } from '../testing/audit-events.js';
import { freePort, runVigil, startServe, waitForExit } from '../testing/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-tail-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => JSON.stringify(i % 10 === 0 ? execEvent('kube-system', `${prefix}-${i}`) : auditEvent()) + '\n').join('');

async function fileStats(data: string, source: string): Promise<{ accepted: number; duplicates: number } | undefined> {
  const r = await runVigil(['clusters', 'list', '--json', '--data', data]);
  assert.equal(r.code, 0, r.stderr);
  const clusters = JSON.parse(r.stdout) as { name: string; ingest: { source: string; accepted: number; duplicates: number }[] }[];
  return clusters.find((c) => c.name === 'prod')?.ingest.find((s) => s.source === source);
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a tailed audit log resumes at its saved offset after SIGTERM and restart', async () => {
  const data = join(dir, 'data');
  const log = join(dir, 'audit.log');
  const config = join(dir, 'vigil.yaml');
  assert.equal((await runVigil(['clusters', 'add', 'prod', '--data', data])).code, 0);
  writeFileSync(config, `tail:\n  - path: ${JSON.stringify(log)}\n    cluster: prod\n`);
  writeFileSync(log, lines(300, 'a'));
  const source = `file:${log}`;

  const first = await startServe(['--data', data, '--config', config, '--log-level', 'error'], await freePort());
  // Lines keep coming while it runs; it is stopped in the middle of them.
  appendFileSync(log, lines(200, 'b'));
  await new Promise((r) => setTimeout(r, 300));
  first.child.kill('SIGTERM');
  assert.equal(await waitForExit(first.child), 0, first.logs());
  const stopped = await fileStats(data, source);
  assert.ok(stopped && stopped.accepted > 0, 'some lines were read before the stop');

  appendFileSync(log, lines(100, 'c')); // written while Vigil is down
  const second = await startServe(['--data', data, '--config', config, '--log-level', 'error'], await freePort());
  await until(async () => (await fileStats(data, source))?.accepted === 600, 'all 600 lines');
  second.child.kill('SIGTERM');
  assert.equal(await waitForExit(second.child), 0, second.logs());
  const end = await fileStats(data, source);
  assert.equal(end?.accepted, 600, 'every line was read once');
  assert.equal(end?.duplicates, 0, 'nothing was read twice (the restart did not start over)');

  const list = await runVigil(['findings', 'list', '--all', '--limit', '1000', '--json', '--data', data]);
  const execs = list.stdout.trim().split('\n').filter((l) => l.includes('ExecInKubeSystemPod'));
  assert.equal(execs.length, 60, 'one finding per exec line');
});
