// Replay throughput through the whole pipeline (normalize, enrich, every built-in rule, findings,
// in-memory SQLite) against the physical limit measured on the same file in the same run:
// reading the lines and JSON.parse of each, nothing else.

import { statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DEFAULT_CONFIG } from '../app/config.js';
import { openVigil } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import { parseOnly, peakRssSampler } from './measure.js';
import { readAuditFile } from '../sources/k8s-audit-file/read.js';

export async function benchReplay(file: string): Promise<Record<string, unknown>> {
  const bytes = statSync(file).size;
  let t = performance.now();
  const events = await parseOnly(file);
  const parseSec = (performance.now() - t) / 1000;

  const vigil = await openVigil(DEFAULT_CONFIG, null, systemClock);
  const cluster = { name: 'bench', detectorId: randomBytes(16).toString('hex'), createdAt: Date.now(), platform: 'bench', arn: null };
  await vigil.store.addCluster(cluster);
  const rss = peakRssSampler();
  t = performance.now();
  let judged = 0;
  for await (const chunk of readAuditFile(file)) {
    const r = await vigil.pipeline.ingest(cluster, chunk.items, 'bench');
    judged += r.accepted + r.skipped + r.duplicates;
  }
  const vigilSec = (performance.now() - t) / 1000;
  const peakRss = rss.stop();
  const findings = (await vigil.store.listFindings({ limit: 1000 })).findings.length;
  await vigil.close();
  return {
    name: 'replay',
    file,
    events,
    megabytes: +(bytes / 1e6).toFixed(1),
    rules: vigil.ruleset.rules.length,
    parseOnlyEventsPerSec: Math.round(events / parseSec),
    parseOnlyMBPerSec: +(bytes / 1e6 / parseSec).toFixed(1),
    vigilEventsPerSec: Math.round(judged / vigilSec),
    vigilMBPerSec: +(bytes / 1e6 / vigilSec).toFixed(1),
    ratioToParseLimit: +(parseSec / vigilSec).toFixed(3),
    findings,
    peakRssMB: Math.round(peakRss / 1024 / 1024),
  };
}
