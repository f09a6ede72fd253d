// vigil replay --audit FILE...: judge recorded audit logs with the full pipeline and an in-memory
// store. Findings go to stdout (a table, or one GuardDuty JSON object per line with --json); the
// summary (events read, rejected lines with reasons, findings by type) goes to stderr.

import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { openVigil } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import type { Finding } from '../../core/finding.js';
import { detectFormat } from '../../enrich/threat-intel/formats.js';
import type { IntelListInput } from '../../enrich/threat-intel/intel-index.js';
import { RUNTIME_FORMATS, type EventFormat } from '../../pipeline/judge.js';
import { readAuditFile, sensorItems } from '../../sources/k8s-audit-file/read.js';
import { aksFileEnvelope, aksFileSummary } from '../../sources/aks-eventhub/exported-files.js';
import type { IntelKind } from '../../store/store.js';
import type { Cluster } from '../../store/store.js';
import { UsageError, parse, str } from '../args.js';
import { findingsTable, safe } from '../format.js';
import { Progress } from '../progress.js';

export const REPLAY_HELP = `Usage: vigil replay --audit FILE [--audit FILE ...] [--json] [--cluster NAME] [--rules DIR]
       vigil replay --runtime FILE --format tracee [--json] ...

Judges recorded Kubernetes audit logs (JSON lines as written by kube-apiserver's log backend, or
EventList / Event documents; AKS diagnostic-setting exports (PT1H.json blobs) are recognised;
.gz files are decompressed) and prints the aggregated findings.
  --audit FILE     audit log to replay (repeatable; positional FILEs work too)
  --runtime FILE   runtime sensor output to replay (repeatable; JSON lines), with --format
  --format F       the sensor that wrote the --runtime files: tracee; or aks: every --audit file
                   is AKS diagnostic records (kube-audit, kube-audit-admin), not audit Events
  --json           print findings as JSON lines (GuardDuty finding format) on stdout
  --cluster NAME   cluster name to put in findings (default: replay)
  --rules DIR      extra rule directory (repeatable)
  --threat-list F  a threat list (IPs, CIDR blocks, domains; txt, csv or STIX 2.1 json), repeatable
  --trusted-list F a trusted list: these IPs never produce an IP-based finding, repeatable
  --tor-list F     Tor exit nodes (replaces the built-in list), repeatable
  --quiet          no summary on stderr`;

interface Rejection {
  file: string;
  line: number;
  reason: string;
}

const MAX_LISTED = 50;

/** Lists given with --threat-list, --trusted-list and --tor-list, named after their files. */
async function replayIntel(values: Record<string, unknown>): Promise<IntelListInput[]> {
  const out: IntelListInput[] = [];
  const flags: [string, IntelKind][] = [
    ['threat-list', 'threat'],
    ['trusted-list', 'trusted'],
    ['tor-list', 'tor'],
  ];
  for (const [flag, kind] of flags) {
    const files = (values[flag] as string[] | undefined) ?? [];
    files.forEach((file, i) => {
      const content = readFileSync(file, 'utf8');
      const name = kind === 'tor' && i === 0 ? 'tor-exit-nodes' : basename(file).replace(/\.[^.]*$/, '') || `${kind}-${i + 1}`;
      out.push({ name, kind, format: detectFormat(basename(file), content), content });
    });
  }
  return out;
}

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('replay', argv, {
    audit: { type: 'string', multiple: true },
    runtime: { type: 'string', multiple: true },
    format: { type: 'string' },
    json: { type: 'boolean' },
    cluster: { type: 'string' },
    rules: { type: 'string', multiple: true },
    quiet: { type: 'boolean' },
    'threat-list': { type: 'string', multiple: true },
    'trusted-list': { type: 'string', multiple: true },
    'tor-list': { type: 'string', multiple: true },
  });
  if (values.help) {
    process.stdout.write(REPLAY_HELP + '\n');
    return 0;
  }
  const auditFiles = [...((values.audit as string[] | undefined) ?? []), ...positionals];
  const runtimeFiles = (values.runtime as string[] | undefined) ?? [];
  if (auditFiles.length + runtimeFiles.length === 0) throw new UsageError('replay: give at least one --audit FILE or --runtime FILE');
  const format = str(values.format);
  if (runtimeFiles.length && !RUNTIME_FORMATS.includes(format as EventFormat)) throw new UsageError(`replay: --runtime needs --format ${RUNTIME_FORMATS.join('|')}`);
  if (format !== undefined && format !== 'aks' && !RUNTIME_FORMATS.includes(format as EventFormat)) throw new UsageError(`replay: --format must be aks or ${RUNTIME_FORMATS.join('|')}`);
  // AKS exports are recognised by shape; --format aks insists on them.
  const aks = aksFileEnvelope(format === 'aks' ? 'aks' : 'auto');
  const files: { path: string; format: EventFormat }[] = [
    ...auditFiles.map((path) => ({ path, format: 'k8s-audit' as const })),
    ...runtimeFiles.map((path) => ({ path, format: format as EventFormat })),
  ];
  const clusterName = str(values.cluster) ?? 'replay';
  const quiet = values.quiet === true;
  const intel = await replayIntel(values);
  const vigil = await openVigil({ ...DEFAULT_CONFIG, rules: (values.rules as string[] | undefined) ?? [] }, null, systemClock, intel);
  const cluster: Cluster = { name: clusterName, detectorId: randomBytes(16).toString('hex'), createdAt: systemClock.now(), platform: 'replay', arn: null };
  await vigil.store.addCluster(cluster);

  const rejections: Rejection[] = [];
  let read = 0;
  let accepted = 0;
  let skipped = 0;
  let duplicates = 0;
  let failedFiles = 0;
  for (const { path: file, format: fileFormat } of files) {
    let size = 0;
    try {
      size = statSync(file).size;
    } catch (e) {
      process.stderr.write(`vigil replay: cannot read ${file}: ${(e as Error).message}\n`);
      failedFiles++;
      continue;
    }
    const progress = new Progress(file, size);
    let bytes = 0;
    try {
      const envelope = { envelope: fileFormat === 'k8s-audit' ? aks.envelope : sensorItems };
      for await (const chunk of readAuditFile(file, { onProgress: (b) => (bytes = b), ...envelope })) {
        for (const e of chunk.errors) rejections.push({ file, line: e.line, reason: e.reason });
        read += chunk.items.length + chunk.errors.length;
        if (chunk.items.length === 0) continue;
        const r = await vigil.pipeline.ingest(cluster, chunk.items, 'replay', fileFormat);
        accepted += r.accepted;
        skipped += r.skipped;
        duplicates += r.duplicates;
        for (const x of r.rejected) rejections.push({ file, line: chunk.lines[x.index] ?? 0, reason: x.reason });
        progress.update(bytes, read);
      }
    } catch (e) {
      process.stderr.write(`vigil replay: ${file}: ${(e as Error).message}\n`);
      failedFiles++;
    } finally {
      progress.done();
    }
  }

  const findings: Finding[] = [];
  let token: string | null = null;
  do {
    const page = await vigil.store.listFindings({ sort: 'createdAt', order: 'asc', limit: 1000, nextToken: token });
    findings.push(...page.findings);
    token = page.nextToken;
  } while (token);
  await vigil.close();

  if (values.json) {
    for (const f of findings) process.stdout.write(JSON.stringify(f) + '\n');
  } else if (findings.length > 0) {
    process.stdout.write(findingsTable(findings) + '\n');
  }
  if (!quiet) {
    rejections.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
    const lines = [
      `vigil replay: ${files.length} file(s), ${read} event(s) read: ${accepted} judged, ${skipped} skipped (audit stage RequestReceived, or a sensor event Vigil does not use), ${duplicates} duplicate(s) of an already judged event, ${rejections.length} rejected`,
    ];
    const aksLine = aksFileSummary(aks.counts);
    if (aksLine) lines.push(aksLine);
    for (const r of rejections.slice(0, MAX_LISTED)) lines.push(`  rejected ${r.file}:${r.line}: ${safe(r.reason)}`);
    if (rejections.length > MAX_LISTED) lines.push(`  ... and ${rejections.length - MAX_LISTED} more rejected`);
    const byType = new Map<string, { findings: number; occurrences: number }>();
    for (const f of findings) {
      const t = byType.get(f.type) ?? { findings: 0, occurrences: 0 };
      t.findings++;
      t.occurrences += f.service.count;
      byType.set(f.type, t);
    }
    lines.push(`findings: ${findings.length}`);
    for (const [type, t] of [...byType].sort()) lines.push(`  ${type}: ${t.findings} finding(s), ${t.occurrences} occurrence(s)`);
    process.stderr.write(lines.join('\n') + '\n');
  }
  return failedFiles > 0 ? 1 : 0;
}
