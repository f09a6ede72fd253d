// GET /metrics: Prometheus text format, protected like the API (any API token). Events accepted,
// skipped, duplicated and rejected (by source and reason), findings by type and severity, the
// ingest queue, store commit latency, per-rule evaluations/matches/errors, state sizes and evictions.

import type { FastifyInstance } from 'fastify';
import type { AuditPipeline } from '../../pipeline/audit-pipeline.js';
import type { Store } from '../../store/store.js';
import { renderMetrics, type MetricFamily } from '../../telemetry/prometheus.js';
import type { InFlightBytes } from '../ingest-bytes.js';

export interface ExtraMetrics {
  /** More families (e.g. finding outputs), appended as they are. */
  families(): MetricFamily[];
}

export function metricsRoutes(app: FastifyInstance, deps: { store: Store; pipeline: AuditPipeline; ingestBytes?: InFlightBytes; extra?: ExtraMetrics }): void {
  app.get('/metrics', async (_req, reply) => {
    const [stats, findings] = await Promise.all([deps.store.ingestStats(), deps.store.findingStatistics({ archived: false })]);
    const ev = (outcome: string, pick: (s: (typeof stats)[number]) => number) => stats.map((s) => ({ labels: { cluster: s.cluster, source: s.source, outcome }, value: pick(s) }));
    const c = deps.pipeline.commitStats;
    const rules = [...deps.pipeline.engine.stats.entries()];
    const families: MetricFamily[] = [
      { name: 'vigil_events_total', help: 'Events received, by cluster, source and outcome (judged, skipped, duplicate).', type: 'counter', samples: [...ev('judged', (s) => s.accepted), ...ev('skipped', (s) => s.skipped), ...ev('duplicate', (s) => s.duplicates)] },
      {
        name: 'vigil_events_rejected_total',
        help: 'Events rejected, by cluster, source and reason.',
        type: 'counter',
        samples: stats.flatMap((s) => Object.entries(s.rejected).map(([reason, n]) => ({ labels: { cluster: s.cluster, source: s.source, reason }, value: n }))),
      },
      { name: 'vigil_findings', help: 'Current (not archived) findings by type.', type: 'gauge', samples: Object.entries(findings.byType).map(([type, n]) => ({ labels: { type }, value: n })) },
      { name: 'vigil_findings_by_severity', help: 'Current findings by severity label.', type: 'gauge', samples: Object.entries(findings.bySeverity).map(([severity, n]) => ({ labels: { severity }, value: n })) },
      { name: 'vigil_ingest_queue_depth', help: 'Batches waiting or being judged.', type: 'gauge', samples: [{ value: deps.pipeline.queued }] },
      { name: 'vigil_ingest_overloaded_total', help: 'Batches refused with 503 because the queue was full.', type: 'counter', samples: [{ value: c.overloaded }] },
      { name: 'vigil_ingest_inflight_bytes', help: 'Bytes of ingest requests being received, parsed, queued or judged.', type: 'gauge', samples: [{ value: deps.ingestBytes?.inFlight ?? 0 }] },
      { name: 'vigil_ingest_refused_bytes_total', help: 'Ingest requests refused with 503 because too many bytes were in flight (ingest.maxInFlightBytes).', type: 'counter', samples: [{ value: deps.ingestBytes?.refused ?? 0 }] },
      {
        name: 'vigil_store_commit_seconds',
        help: 'Time to commit a batch to the store.',
        type: 'summary',
        samples: [
          { suffix: '_count', value: c.count },
          { suffix: '_sum', value: c.sumSeconds },
        ],
      },
      { name: 'vigil_store_commit_seconds_max', help: 'Slowest batch commit since start.', type: 'gauge', samples: [{ value: c.maxSeconds }] },
      { name: 'vigil_store_commit_failures_total', help: 'Batches whose commit failed (answered 503).', type: 'counter', samples: [{ value: c.failures }] },
      { name: 'vigil_rule_evaluations_total', help: 'Conditions evaluated, by rule.', type: 'counter', samples: rules.map(([rule, s]) => ({ labels: { rule }, value: s.evaluated })) },
      { name: 'vigil_rule_matches_total', help: 'Matches, by rule.', type: 'counter', samples: rules.map(([rule, s]) => ({ labels: { rule }, value: s.matched })) },
      { name: 'vigil_rule_excepted_total', help: 'Matches suppressed by a structured exception, by rule.', type: 'counter', samples: rules.map(([rule, s]) => ({ labels: { rule }, value: s.excepted })) },
      { name: 'vigil_rule_errors_total', help: 'Evaluation errors, by rule.', type: 'counter', samples: rules.map(([rule, s]) => ({ labels: { rule }, value: s.errors })) },
      { name: 'vigil_state_entries', help: 'Entries in bounded detector and enricher state.', type: 'gauge', samples: deps.pipeline.states().map((s) => ({ labels: { component: s.component }, value: s.size })) },
      { name: 'vigil_state_bytes', help: 'Estimated heap bytes of bounded detector and enricher state (characters plus a fixed per-entry overhead).', type: 'gauge', samples: deps.pipeline.states().map((s) => ({ labels: { component: s.component }, value: s.bytes })) },
      { name: 'vigil_state_evictions_total', help: 'Entries evicted from bounded state (least recently used).', type: 'counter', samples: deps.pipeline.states().map((s) => ({ labels: { component: s.component }, value: s.evictions })) },
      ...(deps.extra?.families() ?? []),
    ];
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(renderMetrics(families));
  });
}
