// Runtime replay throughput: a generated Tracee recording through the whole pipeline (normalize,
// runtime enrichers, every built-in rule, findings, in-memory SQLite), as `vigil replay --runtime
// FILE --format tracee` runs it, against the physical limit measured on the same file in the same
// run: reading the lines and JSON.parse of each, nothing else. Measured in alternation, `rounds`
// times each, compared by medians (see replay.bench.ts).

import { rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../core/finding.js';
import { DEFAULT_CONFIG } from '../app/config.js';
import { openVigil } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import { alternate, peakRssSampler } from './measure.js';
import { readAuditFile, sensorItems } from '../sources/k8s-audit-file/read.js';
import { generateTraceeLog } from './generate-tracee.js';

interface Pass {
  sec: number;
  judged: number;
  accepted: number;
  skipped: number;
  rejected: number;
  findings: Finding[];
  peakRss: number;
  rules: number;
}

async function vigilPass(file: string): Promise<Pass> {
  const vigil = await openVigil(DEFAULT_CONFIG, null, systemClock);
  const cluster = { name: 'bench', detectorId: randomBytes(16).toString('hex'), createdAt: Date.now(), platform: 'bench', arn: null };
  await vigil.store.addCluster(cluster);
  const rss = peakRssSampler();
  const t = performance.now();
  const p: Pass = { sec: 0, judged: 0, accepted: 0, skipped: 0, rejected: 0, findings: [], peakRss: 0, rules: vigil.ruleset.rules.length };
  for await (const chunk of readAuditFile(file, { envelope: sensorItems })) {
    p.rejected += chunk.errors.length;
    if (chunk.items.length === 0) continue;
    const r = await vigil.pipeline.ingest(cluster, chunk.items, 'bench', 'tracee');
    p.judged += r.accepted + r.skipped + r.duplicates + r.rejected.length;
    p.accepted += r.accepted;
    p.skipped += r.skipped;
    p.rejected += r.rejected.length;
  }
  p.sec = (performance.now() - t) / 1000;
  p.peakRss = rss.stop();
  let token: string | null = null;
  do {
    const page = await vigil.store.listFindings({ limit: 1000, nextToken: token });
    p.findings.push(...page.findings);
    token = page.nextToken;
  } while (token);
  await vigil.close();
  return p;
}

export async function benchRuntime(events = 300_000, rounds = Number(process.env.VIGIL_BENCH_ROUNDS ?? 3)): Promise<Record<string, unknown>> {
  const file = join(tmpdir(), `vigil-tracee-${process.pid}-${events}.jsonl`);
  generateTraceeLog(file, events);
  try {
    const bytes = statSync(file).size;
    const { events: parsed, parseSec, vigilSec, passes, roundRatios, last } = await alternate(file, rounds, vigilPass);
    return {
      name: 'runtime-replay',
      events: parsed,
      megabytes: +(bytes / 1e6).toFixed(1),
      rules: last.rules,
      rounds,
      accepted: last.accepted,
      skipped: last.skipped,
      rejected: last.rejected,
      parseOnlyEventsPerSec: Math.round(parsed / parseSec),
      parseOnlyMBPerSec: +(bytes / 1e6 / parseSec).toFixed(1),
      vigilEventsPerSec: Math.round(last.judged / vigilSec),
      vigilMBPerSec: +(bytes / 1e6 / vigilSec).toFixed(1),
      ratioToParseLimit: +(parseSec / vigilSec).toFixed(3),
      roundRatios,
      findings: last.findings.length,
      findingTypes: new Set(last.findings.map((f) => f.type)).size,
      occurrences: last.findings.reduce((n, f) => n + f.service.count, 0),
      peakRssMB: Math.round(Math.max(...passes.map((p) => p.peakRss)) / 1024 / 1024),
    };
  } finally {
    rmSync(file, { force: true });
  }
}
