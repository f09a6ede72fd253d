// Finding-output counters for /metrics, from FindingDispatcher.stats().

import type { MetricFamily } from '../telemetry/prometheus.js';
import type { SinkStats } from './lane.js';

export function sinkMetrics(stats: Record<string, SinkStats>): MetricFamily[] {
  const rows = Object.entries(stats);
  const family = (name: string, help: string, type: 'counter' | 'gauge', pick: (s: SinkStats) => number): MetricFamily => ({
    name,
    help,
    type,
    samples: rows.map(([sink, s]) => ({ labels: { sink }, value: pick(s) })),
  });
  return [
    family('vigil_sink_sent_total', 'Findings delivered, by sink.', 'counter', (s) => s.sent),
    family('vigil_sink_failed_total', 'Failed sends, by sink.', 'counter', (s) => s.failed),
    family('vigil_sink_retried_total', 'Retried sends, by sink.', 'counter', (s) => s.retried),
    family('vigil_sink_dropped_total', 'Findings dropped because the sink queue was full, by sink.', 'counter', (s) => s.dropped),
    family('vigil_sink_dead_lettered_total', 'Findings written to the dead-letter file, by sink.', 'counter', (s) => s.deadLettered),
    family('vigil_sink_queue_depth', 'Findings waiting, by sink.', 'gauge', (s) => s.queued),
  ];
}
