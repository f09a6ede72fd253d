// Replay throughput through the whole pipeline (normalize, enrich, every built-in rule, findings,
// in-memory SQLite) against the physical limit measured on the same file in the same run:
// reading the lines and JSON.parse of each, nothing else.

import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { DEFAULT_CONFIG } from '../app/config.js';
import { openVigil } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import { readAuditFile } from '../sources/k8s-audit-file/read.js';

async function parseOnly(file: string): Promise<number> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (line === '') continue;
    JSON.parse(line);
    n++;
  }
  return n;
}

export async function benchReplay(file: string): Promise<Record<string, unknown>> {
  const bytes = statSync(file).size;
  let t = performance.now();
  const events = await parseOnly(file);
  const parseSec = (performance.now() - t) / 1000;

  const vigil = await openVigil(DEFAULT_CONFIG, null, systemClock);
  const cluster = { name: 'bench', detectorId: randomBytes(16).toString('hex'), createdAt: Date.now(), platform: 'bench', arn: null };
  await vigil.store.addCluster(cluster);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  t = performance.now();
  let judged = 0;
  for await (const chunk of readAuditFile(file)) {
    const r = await vigil.pipeline.ingest(cluster, chunk.items, 'bench');
    judged += r.accepted + r.skipped + r.duplicates;
  }
  const vigilSec = (performance.now() - t) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
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
