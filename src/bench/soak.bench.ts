// Soak: a real `vigil serve` with a file-backed store, loaded for a long time at a steady event rate
// (batches of 400 from a separate loader process), while the server process's resident memory is
// sampled from /proc/PID/status. Reports latency, refusals and the RSS trend after warm-up: a
// least-squares slope in MB per minute that stays near zero when memory is bounded.

import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runVigil, startServe, waitForExit, VIGIL_BIN } from '../testing/cli.js';
import { pct, runLoader } from './load.js';

const MAX_REPORTED_SAMPLES = 24;

/** Resident set size of process `pid` in MB (VmRSS), or null when it cannot be read (not Linux, gone). */
export function rssMB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** At most `max` evenly spaced entries of `xs`, first and last included. */
function thin<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  return Array.from({ length: max }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (max - 1))] as T);
}

export async function benchSoak(seconds: number, eventsPerSec = 5000): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-soak-'));
  try {
    const add = await runVigil(['clusters', 'add', 'soak', '--data', dir]);
    const token = add.stdout.trim().split('\n').at(-1) ?? '';
    const port = await freePort();
    const { child } = await startServe(['--data', dir, '--log-level', 'error'], port);
    const pid = child.pid ?? 0;
    // Warm-up: the first 10% of the run, at most 30 s; RSS before it (JIT, caches, SQLite pages) is not the trend.
    const warmupS = Math.min(30, seconds * 0.1);
    const intervalMs = Math.max(1000, Math.min(5000, (seconds * 1000) / 60));
    const samples: { t: number; mb: number }[] = [];
    const started = performance.now();
    const sample = () => {
      const mb = rssMB(pid);
      if (mb !== null) samples.push({ t: (performance.now() - started) / 1000, mb });
    };
    sample();
    const timer = setInterval(sample, intervalMs);
    let lat;
    try {
      lat = await runLoader(`http://127.0.0.1:${port}/ingest/k8s-audit`, token, eventsPerSec, seconds);
    } finally {
      clearInterval(timer);
    }
    sample();
    child.kill('SIGTERM');
    await waitForExit(child, 60_000);

    const ok = lat.filter((l) => l.status === 200).map((l) => l.ms).sort((a, b) => a - b);
    const steady = samples.filter((s) => s.t >= warmupS);
    const mb = (x: number | undefined) => +(x ?? 0).toFixed(1);
    return {
      name: 'soak',
      seconds,
      eventsPerSec,
      batchSize: 400,
      batches: lat.length,
      refused: lat.length - ok.length,
      refusedStatuses: [...new Set(lat.filter((l) => l.status !== 200).map((l) => l.status))],
      p50ms: +pct(ok, 0.5).toFixed(1),
      p99ms: +pct(ok, 0.99).toFixed(1),
      maxms: +(ok.at(-1) ?? 0).toFixed(1),
      warmupSeconds: +warmupS.toFixed(1),
      rssStartMB: mb(steady[0]?.mb),
      rssEndMB: mb(steady.at(-1)?.mb),
      rssMaxMB: mb(Math.max(0, ...samples.map((s) => s.mb))),
      rssSlopeMBPerMin: +(slope(steady.map((s) => ({ x: s.t / 60, y: s.mb })))).toFixed(2),
      rssSamples: thin(samples, MAX_REPORTED_SAMPLES).map((s) => ({ t: Math.round(s.t), mb: mb(s.mb) })),
      server: VIGIL_BIN,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
