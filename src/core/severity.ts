// GuardDuty's severity scale (shared facts: Low 1-3.9, Medium 4-6.9, High 7-8.9, Critical 9-10).

export type SeverityLabel = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_RANGES: Record<SeverityLabel, { min: number; max: number }> = {
  low: { min: 1, max: 3.9 },
  medium: { min: 4, max: 6.9 },
  high: { min: 7, max: 8.9 },
  critical: { min: 9, max: 10 },
};

/** The numbers GuardDuty emits for each label. */
export const SEVERITY_DEFAULTS: Record<SeverityLabel, number> = { low: 2, medium: 5, high: 8, critical: 9 };

export function severityLabel(value: number): SeverityLabel {
  if (value >= 9) return 'critical';
  if (value >= 7) return 'high';
  if (value >= 4) return 'medium';
  return 'low';
}

export function isSeverityLabel(s: string): s is SeverityLabel {
  return s === 'low' || s === 'medium' || s === 'high' || s === 'critical';
}
