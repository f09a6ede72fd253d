// JSON lines: one GuardDuty finding per line. JSON.stringify escapes line breaks inside strings, so
// a finding can never split into two lines.

import type { Finding } from '../../core/finding.js';

export function renderJsonLines(findings: Finding[]): string {
  return findings.map((f) => `${JSON.stringify(f)}\n`).join('');
}
