// Durability: `vigil serve` is killed with SIGKILL at random points of a stream of webhook batches,
// several times. After each restart the client re-sends what was not acknowledged (as
// kube-apiserver does) and some acknowledged batches too (a timed-out answer). In the end every
// acknowledged event's finding is there exactly once, and no count is doubled.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Finding } from '../core/finding.js';
import { eventList, execEvent } from '../testing/audit-events.js';
import { freePort, runVigil, startServe, waitForExit } from '../testing/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic pseudo-random sequence (the test is repeatable). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

test('SIGKILL in the middle of a stream loses nothing acknowledged and doubles nothing', async () => {
  const add = await runVigil(['clusters', 'add', 'prod', '--data', dir]);
  assert.equal(add.code, 0, add.stderr);
  const token = add.stdout.trim().split('\n').at(-1) ?? '';
  const BATCHES = 24;
  const batches = Array.from({ length: BATCHES }, (_, b) => JSON.stringify(eventList(Array.from({ length: 20 }, (_, i) => execEvent('kube-system', `pod-${b}-${i}`)))));
  const acked = new Set<number>();
  const random = rng(20261127);
  const send = async (port: number, b: number): Promise<boolean> => {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/ingest/k8s-audit`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: batches[b] as string });
      await r.arrayBuffer();
      return r.status === 200;
    } catch {
      return false; // killed mid-request: no answer
    }
  };

  for (let round = 0; round < 4 && acked.size < BATCHES; round++) {
    const port = await freePort();
    const { child } = await startServe(['--data', dir, '--log-level', 'error'], port);
    // Re-send one acknowledged batch, as a client whose answer timed out would.
    const again = [...acked][Math.floor(random() * acked.size)];
    if (again !== undefined) assert.equal(await send(port, again), true);
    const killAfter = round === 3 ? Number.POSITIVE_INFINITY : 2 + Math.floor(random() * 6);
    let sent = 0;
    const pending: Promise<void>[] = [];
    for (let b = 0; b < BATCHES; b++) {
      if (acked.has(b)) continue;
      if (sent === killAfter) {
        // Kill while this batch is in flight.
        pending.push(send(port, b).then((ok) => void (ok && acked.add(b))));
        await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
        child.kill('SIGKILL');
        break;
      }
      if (await send(port, b)) acked.add(b);
      sent++;
    }
    await Promise.all(pending);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await waitForExit(child).catch(() => undefined);
  }
  assert.equal(acked.size, BATCHES, 'every batch was eventually acknowledged');

  const list = await runVigil(['findings', 'list', '--all', '--limit', '1000', '--json', '--data', dir]);
  assert.equal(list.code, 0, list.stderr);
  const findings = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as Finding);
  const exec = findings.filter((f) => f.type === 'Execution:Kubernetes/ExecInKubeSystemPod');
  const pods = exec.map((f) => f.service.action?.kubernetesApiCallAction?.resourceName ?? '');
  assert.equal(new Set(pods).size, BATCHES * 20, 'one finding per acknowledged exec');
  assert.equal(exec.length, BATCHES * 20);
  for (const f of exec) assert.equal(f.service.count, 1, `${f.service.action?.kubernetesApiCallAction?.resourceName}: count not doubled`);
  assert.ok(readFileSync(join(dir, 'vigil.db')).length > 0);
});
