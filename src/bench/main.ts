// npm run bench: measured numbers with the machine and a baseline from the same run.
// Writes bench/results/<name>.json and prints a markdown table (copied into docs/performance.md).
// Not part of npm test. Environment: VIGIL_BENCH_EVENTS (audit replay, 1M), VIGIL_BENCH_RUNTIME_EVENTS
// (Tracee replay, 300k), VIGIL_BENCH_STATE_DISTINCT (1M), VIGIL_BENCH_WEBHOOK=0 to skip the webhook
// load, VIGIL_BENCH_SOAK_SECONDS (600; 0 skips the soak).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../app/paths.js';
import { generateAuditLog } from './generate.js';
import { benchIpSet } from './ip-set.bench.js';
import { machine } from './machine.js';
import { benchReplay } from './replay.bench.js';
import { benchRuntime } from './runtime.bench.js';
import { benchSoak } from './soak.bench.js';
import { benchState } from './state.bench.js';
import { benchWebhook } from './webhook.bench.js';

async function main(): Promise<void> {
  const events = Number(process.env.VIGIL_BENCH_EVENTS ?? 1_000_000);
  const out = join(PACKAGE_ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const m = machine();
  const file = join(out, `audit-${events}.jsonl.tmp`);
  process.stderr.write(`generating ${events} audit events...\n`);
  generateAuditLog(file, events);
  const results: Record<string, unknown>[] = [benchIpSet(), await benchReplay(file)];
  results.push(await benchRuntime(Number(process.env.VIGIL_BENCH_RUNTIME_EVENTS ?? 300_000)));
  results.push(await benchState(Number(process.env.VIGIL_BENCH_STATE_DISTINCT ?? 1_000_000)));
  if (process.env.VIGIL_BENCH_WEBHOOK !== '0') results.push(await benchWebhook());
  const soakSeconds = Number(process.env.VIGIL_BENCH_SOAK_SECONDS ?? 600);
  if (soakSeconds > 0) results.push(await benchSoak(soakSeconds, 5000));
  rmSync(file, { force: true });
  for (const r of results) writeFileSync(join(out, `${String(r.name)}.json`), JSON.stringify({ machine: m, result: r }, null, 2) + '\n');
  const lines = [`Machine: ${String(m.cpu)}, ${String(m.cores)} cores, ${String(m.memoryGiB)} GiB, Node ${String(m.node)}, ${String(m.date)}`, ''];
  for (const r of results) {
    lines.push(`### ${String(r.name)}`, '', '| measure | value |', '| --- | --- |');
    for (const [k, v] of Object.entries(r)) if (k !== 'name' && k !== 'file' && k !== 'server') lines.push(`| ${k} | ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)} |`);
    lines.push('');
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exitCode = 1;
});
