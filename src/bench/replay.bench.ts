// Replay throughput through the whole pipeline (normalize, enrich, every built-in rule, findings,
// in-memory SQLite) against the physical limit measured on the same file in the same run:
// reading the lines and JSON.parse of each, nothing else. This machine's speed drifts by tens of
// percent from minute to minute, so the two are measured in alternation, `rounds` times each, and
// compared by their medians (every round's ratio is reported too).

import { statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DEFAULT_CONFIG } from '../app/config.js';
import { openVigil } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import { alternate, peakRssSampler } from './measure.js';
import { readAuditFile } from '../sources/k8s-audit-file/read.js';

async function vigilPass(file: string): Promise<{ sec: number; judged: number; findings: number; peakRss: number; rules: number }> {
  const vigil = await openVigil(DEFAULT_CONFIG, null, systemClock);
  const cluster = { name: 'bench', detectorId: randomBytes(16).toString('hex'), createdAt: Date.now(), platform: 'bench', arn: null };
  await vigil.store.addCluster(cluster);
  const rss = peakRssSampler();
  const t = performance.now();
  let judged = 0;
  for await (const chunk of readAuditFile(file)) {
    const r = await vigil.pipeline.ingest(cluster, chunk.items, 'bench');
    judged += r.accepted + r.skipped + r.duplicates;
  }
  const sec = (performance.now() - t) / 1000;
  const peakRss = rss.stop();
  const findings = (await vigil.store.listFindings({ limit: 1000 })).findings.length;
  await vigil.close();
  return { sec, judged, findings, peakRss, rules: vigil.ruleset.rules.length };
}

export async function benchReplay(file: string, rounds = Number(process.env.VIGIL_BENCH_ROUNDS ?? 3)): Promise<Record<string, unknown>> {
  const bytes = statSync(file).size;
  const { events, parseSec, vigilSec, passes, roundRatios, last } = await alternate(file, rounds, vigilPass);
  return {
    name: 'replay',
    file,
    events,
    megabytes: +(bytes / 1e6).toFixed(1),
    rules: last.rules,
    rounds,
    parseOnlyEventsPerSec: Math.round(events / parseSec),
    parseOnlyMBPerSec: +(bytes / 1e6 / parseSec).toFixed(1),
    vigilEventsPerSec: Math.round(last.judged / vigilSec),
    vigilMBPerSec: +(bytes / 1e6 / vigilSec).toFixed(1),
    ratioToParseLimit: +(parseSec / vigilSec).toFixed(3),
    roundRatios,
    findings: last.findings,
    peakRssMB: Math.round(Math.max(...passes.map((p) => p.peakRss)) / 1024 / 1024),
  };
}
