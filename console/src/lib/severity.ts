// GuardDuty's severity bands: Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0.

export type SeverityLabel = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_LABELS: readonly SeverityLabel[] = ['critical', 'high', 'medium', 'low'];

export function severityBand(value: number): SeverityLabel {
  if (!Number.isFinite(value)) return 'low';
  if (value >= 9) return 'critical';
  if (value >= 7) return 'high';
  if (value >= 4) return 'medium';
  return 'low';
}

export function severityTitle(label: SeverityLabel): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** "High (8.0)": the label and the number, as GuardDuty's console shows them. */
export function severityText(value: number): string {
  return `${severityTitle(severityBand(value))} (${Number.isFinite(value) ? value.toFixed(1) : '?'})`;
}

export function isSeverityLabel(s: string): s is SeverityLabel {
  return s === 'low' || s === 'medium' || s === 'high' || s === 'critical';
}
