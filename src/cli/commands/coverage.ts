// vigil coverage: is each cluster's audit stream arriving, and which nodes send runtime events.

import { coverageReport } from '../../app/coverage.js';
import { openStore } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import { parseDuration } from '../../lib/duration.js';
import { UsageError, parse, str } from '../args.js';
import { safe } from '../format.js';

export const COVERAGE_HELP = `Usage: vigil coverage [--stale-after 10m] [--json] [--data DIR]
  per cluster: the audit stream's newest event; each source feeding it (webhook, Firehose,
  CloudWatch, Pub/Sub, Event Hubs, tailed file, runtime sensor) with its last delivery and lag (how
  far its newest event was behind when it arrived); and each node sending runtime events with its
  sensor, version, newest event and status (stale when silent longer than --stale-after)`;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}

function ago(now: number, t: number | null): string {
  if (t === null) return 'never';
  return `${new Date(t).toISOString()} (${duration(now - t)} ago)`;
}

export async function coverageCommand(argv: string[]): Promise<number> {
  const { values } = parse('coverage', argv, { data: { type: 'string' }, json: { type: 'boolean' }, 'stale-after': { type: 'string' } });
  if (values.help) {
    process.stdout.write(COVERAGE_HELP + '\n');
    return 0;
  }
  const stale = parseDuration(str(values['stale-after']) ?? '10m');
  if (stale === null) throw new UsageError('coverage: --stale-after must be a duration such as 90s, 10m or 1h');
  const store = openStore(str(values.data) ?? './data');
  try {
    const now = systemClock.now();
    const report = await coverageReport(store, now, stale);
    if (values.json) {
      process.stdout.write(JSON.stringify({ clusters: report }) + '\n');
      return 0;
    }
    for (const c of report) {
      process.stdout.write(`${c.name} (${c.platform})\n  audit: ${c.audit.status}, newest event ${ago(now, c.audit.lastEventAt)}\n  runtime: ${c.runtime.status}${c.runtime.issue ? ` (${c.runtime.issue})` : ''}\n`);
      for (const src of c.sources) {
        const lag = src.lagMs === null ? 'lag unknown' : `lag ${duration(src.lagMs)}`;
        process.stdout.write(`    source ${safe(src.label)}${src.label === src.source ? '' : ` [${safe(src.source)}]`}: ${src.status}, last delivery ${ago(now, src.lastReceivedAt)}, ${lag}, ${src.accepted} accepted, ${src.rejected} rejected\n`);
      }
      for (const n of c.runtime.nodes) process.stdout.write(`    ${safe(n.node || '(unnamed node)')}  ${n.sensor}${n.version ? ' ' + safe(n.version) : ''}  ${n.status}  newest event ${ago(now, n.lastEventAt)}  ${n.events} events\n`);
    }
    if (report.length === 0) process.stdout.write('no clusters registered: vigil clusters add NAME\n');
    return 0;
  } finally {
    await store.close();
  }
}
