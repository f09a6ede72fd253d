// Findings over time by severity: stacked bars drawn as SVG (no chart library). Colours come from
// CSS classes, so the strict style-src policy holds.

import type { SummaryDay } from '../api/types.js';
import { SEVERITY_LABELS } from '../lib/severity.js';

const W = 720;
const H = 220;
const PAD = { left: 36, right: 8, top: 10, bottom: 34 };

export function SeverityChart({ series }: { series: SummaryDay[] }) {
  const totals = series.map((d) => d.low + d.medium + d.high + d.critical);
  const max = Math.max(1, ...totals);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = series.length ? innerW / series.length : innerW;
  const bar = Math.max(2, slot * 0.7);
  const ticks = [0, Math.ceil(max / 2), max];
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Findings per day by severity" data-testid="severity-chart">
      {ticks.map((t) => (
        <g key={t}>
          <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
          <text className="axis" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      {series.map((d, i) => {
        let acc = 0;
        const x = PAD.left + i * slot + (slot - bar) / 2;
        return (
          <g key={d.day}>
            <title>{`${d.day}: ${SEVERITY_LABELS.map((s) => `${d[s]} ${s}`).join(', ')}`}</title>
            {[...SEVERITY_LABELS].reverse().map((s) => {
              const v = d[s];
              if (!v) return null;
              const top = y(acc + v);
              const h = y(acc) - top;
              acc += v;
              return <rect key={s} className={`bar-${s}`} x={x} y={top} width={bar} height={Math.max(h, 1)} />;
            })}
            {(series.length <= 16 || i % Math.ceil(series.length / 8) === 0) && (
              <text className="axis" x={x + bar / 2} y={H - PAD.bottom + 14} textAnchor="middle">
                {d.day.slice(5)}
              </text>
            )}
          </g>
        );
      })}
      <g className="legend" transform={`translate(${PAD.left}, ${H - 8})`}>
        {SEVERITY_LABELS.map((s, i) => (
          <g key={s} transform={`translate(${i * 90}, 0)`}>
            <rect className={`bar-${s}`} x={0} y={-9} width={10} height={10} />
            <text className="axis" x={14} y={0}>
              {s}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
