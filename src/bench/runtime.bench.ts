// Runtime replay throughput: a generated Tracee recording through the whole pipeline (normalize,
// runtime enrichers, every built-in rule, findings, in-memory SQLite), as `vigil replay --runtime
// FILE --format tracee` runs it, against the physical limit measured on the same file in the same
// run: reading the lines and JSON.parse of each, nothing else.

import { rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../app/config.js';
import { openVigil } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import { parseOnly, peakRssSampler } from './measure.js';
import { readAuditFile, sensorItems } from '../sources/k8s-audit-file/read.js';
import { generateTraceeLog } from './generate-tracee.js';

export async function benchRuntime(events = 300_000): Promise<Record<string, unknown>> {
  const file = join(tmpdir(), `vigil-tracee-${process.pid}-${events}.jsonl`);
  generateTraceeLog(file, events);
  try {
    const bytes = statSync(file).size;
    let t = performance.now();
    const parsed = await parseOnly(file);
    const parseSec = (performance.now() - t) / 1000;

    const vigil = await openVigil(DEFAULT_CONFIG, null, systemClock);
    const cluster = { name: 'bench', detectorId: randomBytes(16).toString('hex'), createdAt: Date.now(), platform: 'bench', arn: null };
    await vigil.store.addCluster(cluster);
    const rss = peakRssSampler();
    t = performance.now();
    let judged = 0;
    let accepted = 0;
    let skipped = 0;
    let rejected = 0;
    for await (const chunk of readAuditFile(file, { envelope: sensorItems })) {
      rejected += chunk.errors.length;
      if (chunk.items.length === 0) continue;
      const r = await vigil.pipeline.ingest(cluster, chunk.items, 'bench', 'tracee');
      judged += r.accepted + r.skipped + r.duplicates + r.rejected.length;
      accepted += r.accepted;
      skipped += r.skipped;
      rejected += r.rejected.length;
    }
    const vigilSec = (performance.now() - t) / 1000;
    const peakRss = rss.stop();
    const findings = [];
    let token: string | null = null;
    do {
      const page = await vigil.store.listFindings({ limit: 1000, nextToken: token });
      findings.push(...page.findings);
      token = page.nextToken;
    } while (token);
    const types = new Set(findings.map((f) => f.type)).size;
    const occurrences = findings.reduce((n, f) => n + f.service.count, 0);
    await vigil.close();
    return {
      name: 'runtime-replay',
      events: parsed,
      megabytes: +(bytes / 1e6).toFixed(1),
      rules: vigil.ruleset.rules.length,
      accepted,
      skipped,
      rejected,
      parseOnlyEventsPerSec: Math.round(parsed / parseSec),
      parseOnlyMBPerSec: +(bytes / 1e6 / parseSec).toFixed(1),
      vigilEventsPerSec: Math.round(judged / vigilSec),
      vigilMBPerSec: +(bytes / 1e6 / vigilSec).toFixed(1),
      ratioToParseLimit: +(parseSec / vigilSec).toFixed(3),
      findings: findings.length,
      findingTypes: types,
      occurrences,
      peakRssMB: Math.round(peakRss / 1024 / 1024),
    };
  } finally {
    rmSync(file, { force: true });
  }
}
