// Shared webhook load generator: a separate Node process that POSTs EventList batches of 400 audit
// events (kube-apiserver's default batch size) at a fixed event rate and reports each batch's
// latency and status. Used by the webhook and soak benchmarks.

import { spawn } from 'node:child_process';

export interface BatchTiming {
  ms: number;
  status: number;
}

export const LOADER = `
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

export function pct(sorted: number[], p: number): number {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) : 0;
}

/** Loads `url` at `rate` events/s for `seconds` from a child process; resolves with every batch's timing. */
export function runLoader(url: string, token: string, rate: number, seconds: number): Promise<BatchTiming[]> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', LOADER, url, token, String(rate), String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    c.on('error', reject);
    c.on('close', () => resolve(JSON.parse(out || '[]') as BatchTiming[]));
  });
}
