// Measures the event archive's disk use and ingest cost: the same generated audit log and Tracee
// recording are ingested through the pipeline into a fresh SQLite file with the archive on and off;
// the difference in file size (after a WAL checkpoint and VACUUM) is the archive's. Not part of
// `npm run bench`: run `node dist/bench/archive-disk.js [EVENTS]` (default 200000 of each plane).

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadRuleset } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import type { EventFormat } from '../pipeline/judge.js';
import { AuditPipeline } from '../pipeline/audit-pipeline.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Cluster } from '../store/store.js';
import { generateAuditLog } from './generate.js';
import { generateTraceeLog } from './generate-tracee.js';

const CLUSTER: Cluster = { name: 'bench', detectorId: 'e'.repeat(32), createdAt: 0, platform: 'self-managed', arn: null };
const BATCH = 500;

async function ingest(dir: string, archive: boolean, format: EventFormat, items: unknown[]): Promise<{ bytes: number; seconds: number }> {
  const file = join(dir, `${format}-${archive ? 'on' : 'off'}.db`);
  const store = openSqliteStore({ path: file });
  await store.addCluster(CLUSTER);
  const p = new AuditPipeline({ store, ruleset: loadRuleset([]), clock: systemClock, finding: { accountId: '000000000000', region: 'local', partition: 'aws' }, ...(archive ? { archiveEvents: { audit: true, runtime: true } } : {}) });
  await p.restore();
  const started = performance.now();
  for (let i = 0; i < items.length; i += BATCH) await p.ingest(CLUSTER, items.slice(i, i + BATCH), 'bench', format, 'node-1');
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.close();
  return { bytes: statSync(file).size, seconds };
}

function readLines(file: string): unknown[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200_000);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-archive-disk-'));
  try {
    generateAuditLog(join(dir, 'audit.jsonl'), n);
    generateTraceeLog(join(dir, 'tracee.jsonl'), n);
    for (const [format, file] of [['k8s-audit', 'audit.jsonl'], ['tracee', 'tracee.jsonl']] as const) {
      const items = readLines(join(dir, file));
      const jsonBytes = statSync(join(dir, file)).size;
      const off = await ingest(dir, false, format, items);
      const on = await ingest(dir, true, format, items);
      const perMillion = ((on.bytes - off.bytes) / items.length) * 1e6;
      process.stdout.write(`${format}: ${items.length} events, ${(jsonBytes / items.length).toFixed(0)} B of JSON each; `
        + `archive ${(perMillion / 2 ** 30).toFixed(2)} GiB per million events (${((on.bytes - off.bytes) / items.length).toFixed(0)} B each); `
        + `ingest ${off.seconds.toFixed(1)} s without, ${on.seconds.toFixed(1)} s with (${(((on.seconds - off.seconds) / items.length) * 1e6).toFixed(1)} µs per event)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
