// npm run bench: measured numbers with the machine and a baseline from the same run.
// Writes bench/results/<name>.json and prints a markdown table (copied into docs/performance.md).
// Not part of npm test. Each bench runs in a process of its own, so one bench's heap does not
// count in the next one's memory. Environment: VIGIL_BENCH_EVENTS (audit replay, 1M),
// VIGIL_BENCH_RUNTIME_EVENTS (Tracee replay, 300k), VIGIL_BENCH_STATE_DISTINCT (1M),
// VIGIL_BENCH_WEBHOOK=0 to skip the webhook load, VIGIL_BENCH_SOAK_SECONDS (600; 0 skips the
// soak), VIGIL_BENCH_SELECT (comma-separated bench names: only these).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../app/paths.js';
import { generateAuditLog } from './generate.js';
import { benchIpSet } from './ip-set.bench.js';
import { machine } from './machine.js';
import { benchReplay } from './replay.bench.js';
import { benchRuntime } from './runtime.bench.js';
import { benchSoak } from './soak.bench.js';
import { benchState } from './state.bench.js';
import { benchWebhook } from './webhook.bench.js';

type Bench = () => Promise<Record<string, unknown>>;

/**
 * Node flags of the detector-state bench's process: a heap cap, as docs/operations.md recommends
 * for deployments. Without it V8 lets the heap grow to several times the live state before
 * collecting (measured: 551 MB peak RSS for 109 MB of live state).
 */
const STATE_NODE_FLAGS = ['--max-old-space-size=256'];

const env = process.env;
const auditFile = (): string => env.VIGIL_BENCH_FILE ?? '';

const BENCHES: [string, Bench, boolean, string[]?][] = [
  ['ip-set', async () => benchIpSet(), true],
  ['replay', () => benchReplay(auditFile()), true],
  ['runtime-replay', () => benchRuntime(Number(env.VIGIL_BENCH_RUNTIME_EVENTS ?? 300_000)), true],
  ['detector-state', async () => ({ ...(await benchState(Number(env.VIGIL_BENCH_STATE_DISTINCT ?? 1_000_000))), nodeFlags: STATE_NODE_FLAGS.join(' ') }), true, STATE_NODE_FLAGS],
  ['webhook-ingest', () => benchWebhook(), env.VIGIL_BENCH_WEBHOOK !== '0'],
  ['soak', () => benchSoak(Number(env.VIGIL_BENCH_SOAK_SECONDS ?? 600), 5000), Number(env.VIGIL_BENCH_SOAK_SECONDS ?? 600) > 0],
];

/** In a child: run one bench and write its result where the parent said. */
async function child(name: string, out: string): Promise<void> {
  const b = BENCHES.find(([n]) => n === name);
  if (!b) throw new Error(`unknown bench ${name}`);
  writeFileSync(out, JSON.stringify(await b[1]()));
}

async function main(): Promise<void> {
  const events = Number(env.VIGIL_BENCH_EVENTS ?? 1_000_000);
  const out = join(PACKAGE_ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const m = machine();
  const select = env.VIGIL_BENCH_SELECT ? new Set(env.VIGIL_BENCH_SELECT.split(',')) : null;
  const file = join(out, `audit-${events}.jsonl.tmp`);
  const results: Record<string, unknown>[] = [];
  try {
    if (!select || select.has('replay')) {
      process.stderr.write(`generating ${events} audit events...\n`);
      generateAuditLog(file, events);
    }
    for (const [name, , enabled, flags] of BENCHES) {
      if (select ? !select.has(name) : !enabled) continue;
      process.stderr.write(`bench ${name}...\n`);
      const resultFile = join(out, `${name}.result.tmp`);
      const r = spawnSync(process.execPath, ['--expose-gc', ...(flags ?? []), fileURLToPath(import.meta.url)], {
        env: { ...env, VIGIL_BENCH_ONLY: name, VIGIL_BENCH_OUT: resultFile, VIGIL_BENCH_FILE: file },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (r.status !== 0) throw new Error(`bench ${name} failed (exit ${String(r.status ?? r.signal)})`);
      results.push(JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, unknown>);
      rmSync(resultFile, { force: true });
    }
  } finally {
    rmSync(file, { force: true });
  }
  for (const r of results) writeFileSync(join(out, `${String(r.name)}.json`), JSON.stringify({ machine: m, result: r }, null, 2) + '\n');
  const lines = [`Machine: ${String(m.cpu)}, ${String(m.cores)} cores, ${String(m.memoryGiB)} GiB, Node ${String(m.node)}, ${String(m.date)}`, ''];
  for (const r of results) {
    lines.push(`### ${String(r.name)}`, '', '| measure | value |', '| --- | --- |');
    for (const [k, v] of Object.entries(r)) if (k !== 'name' && k !== 'file' && k !== 'server') lines.push(`| ${k} | ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)} |`);
    lines.push('');
  }
  process.stdout.write(lines.join('\n') + '\n');
}

const only = env.VIGIL_BENCH_ONLY;
(only ? child(only, env.VIGIL_BENCH_OUT ?? '') : main()).catch((e: unknown) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exitCode = 1;
});
