// GuardDuty's severity badge: label and number, coloured by band (Low blue, Medium orange-yellow,
// High orange, Critical red).

import { severityBand, severityTitle } from '../lib/severity.js';

export function SeverityBadge({ value }: { value: number }) {
  const band = severityBand(value);
  return (
    <span className={`sev sev-${band}`} title={`Severity ${value}`} data-severity={band}>
      <span className="sev-dot" aria-hidden="true" />
      {severityTitle(band)}
      <span className="sev-num">{Number.isFinite(value) ? value.toFixed(1) : '?'}</span>
    </span>
  );
}
