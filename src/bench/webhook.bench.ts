// Webhook ingest under load: batches of 400 audit events (kube-apiserver's default batch size) at
// fixed event rates from a separate process over loopback, against a real `vigil serve` with a
// file-backed store. Reports the latency from POST to 200 (the batch is committed by then, so it is
// also POST-to-finding-stored) as p50/p99/max, and the first rate whose p99 passes 1 s.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runVigil, startServe, waitForExit, VIGIL_BIN } from '../testing/cli.js';

const LOADER = `
const [url, token, rate, seconds] = process.argv.slice(1);
const perBatch = 400, batchesPerSec = Number(rate) / perBatch, total = Math.max(1, Math.round(batchesPerSec * Number(seconds)));
const lat = [];
let seq = 0;
function batch() {
  const items = [];
  for (let i = 0; i < perBatch; i++) {
    const n = seq++;
    const ts = new Date(Date.UTC(2026, 5, 1) + n).toISOString().slice(0, 23) + '123Z';
    const kind = n % 50;
    items.push({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: kind === 0 ? 'Request' : 'Metadata', auditID: 'b' + n + '-' + Math.random().toString(16).slice(2), stage: 'ResponseComplete',
      requestURI: kind === 0 ? '/api/v1/namespaces/kube-system/pods/p' + (n % 300) + '/exec?command=ls' : '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n' + (n % 40),
      verb: kind === 0 ? 'create' : 'update', user: { username: kind === 0 ? 'alice' : 'system:node:n' + (n % 40), groups: ['system:authenticated'] }, sourceIPs: ['10.0.0.' + (n % 250)],
      userAgent: 'kubelet/v1.30.2', objectRef: kind === 0 ? { resource: 'pods', namespace: 'kube-system', name: 'p' + (n % 300), subresource: 'exec' } : { resource: 'leases', namespace: 'kube-node-lease', name: 'n' + (n % 40), apiGroup: 'coordination.k8s.io' },
      responseStatus: { metadata: {}, code: kind === 0 ? 101 : 200 }, requestReceivedTimestamp: ts, stageTimestamp: ts });
  }
  return JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items });
}
(async () => {
  const start = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i / batchesPerSec) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = batch();
    const t0 = performance.now();
    inflight.push(fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body })
      .then(async (r) => { await r.arrayBuffer(); lat.push({ ms: performance.now() - t0, status: r.status }); }));
  }
  await Promise.all(inflight);
  process.stdout.write(JSON.stringify(lat));
})();
`;

function pct(sorted: number[], p: number): number {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) : 0;
}

function runLoader(url: string, token: string, rate: number, seconds: number): Promise<{ ms: number; status: number }[]> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', LOADER, url, token, String(rate), String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    c.on('error', reject);
    c.on('close', () => resolve(JSON.parse(out || '[]') as { ms: number; status: number }[]));
  });
}

export async function benchWebhook(rates = [2000, 5000, 10000], seconds = 10): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const add = await runVigil(['clusters', 'add', 'bench', '--data', dir]);
    const token = add.stdout.trim().split('\n').at(-1) ?? '';
    const port = await freePort();
    const { child } = await startServe(['--data', dir, '--log-level', 'error'], port);
    const rows: Record<string, unknown>[] = [];
    let breaking: number | null = null;
    for (const rate of rates) {
      const lat = await runLoader(`http://127.0.0.1:${port}/ingest/k8s-audit`, token, rate, seconds);
      const ok = lat.filter((l) => l.status === 200).map((l) => l.ms).sort((a, b) => a - b);
      const p99 = pct(ok, 0.99);
      if (breaking === null && (p99 > 1000 || ok.length < lat.length)) breaking = rate;
      rows.push({ eventsPerSec: rate, batches: lat.length, refused: lat.length - ok.length, p50ms: +pct(ok, 0.5).toFixed(1), p99ms: +p99.toFixed(1), maxms: +(ok.at(-1) ?? 0).toFixed(1) });
    }
    child.kill('SIGTERM');
    await waitForExit(child, 60_000);
    return { name: 'webhook-ingest', batchSize: 400, secondsPerRate: seconds, rates: rows, firstRateWithP99Over1s: breaking, server: VIGIL_BIN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
