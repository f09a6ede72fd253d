// Webhook ingest under load: batches of 400 audit events (kube-apiserver's default batch size) at
// fixed event rates from a separate process over loopback, against a real `vigil serve` with a
// file-backed store. Reports the latency from POST to 200 (the batch is committed by then, so it is
// also POST-to-finding-stored) as p50/p99/max, and the first rate whose p99 passes 1 s.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runVigil, startServe, waitForExit, VIGIL_BIN } from '../testing/cli.js';
import { pct, runLoader } from './load.js';

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
