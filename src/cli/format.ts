// Human output of findings for the terminal. Attacker-controlled strings are printed as JSON
// string literals when they hold control characters, so they cannot move the cursor or fake lines.

import type { Finding } from '../core/finding.js';
import { severityLabel } from '../core/severity.js';

/** Makes a string safe to print on a terminal. */
export function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(s) ? JSON.stringify(s) : s;
}

function pad(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n);
}

export function findingTarget(f: Finding): string {
  const w = f.resource.kubernetesDetails.kubernetesWorkloadDetails;
  const a = f.service.action?.kubernetesApiCallAction;
  if (w) return `${w.type}/${w.namespace ? w.namespace + '/' : ''}${w.name}`;
  if (!a) return f.resource.containerDetails?.image ?? '';
  if (a.resource) return `${a.resource}${a.subresource ? '/' + a.subresource : ''}${a.namespace ? ' ' + a.namespace : ''}${a.resourceName ? '/' + a.resourceName : ''}`;
  return a.requestUri;
}

export function findingsTable(findings: Finding[]): string {
  const rows = [`${pad('ID', 32)}  ${pad('SEVERITY', 10)}  ${pad('TYPE', 56)}  ${pad('CLUSTER', 16)}  ${pad('TARGET', 40)}  ${pad('COUNT', 5)}  LAST SEEN`];
  for (const f of findings) {
    rows.push(
      [
        pad(f.id, 32),
        pad(`${severityLabel(f.severity).toUpperCase()} ${f.severity}`, 10),
        pad(f.type, 56),
        pad(safe(f.resource.eksClusterDetails.name), 16),
        pad(safe(findingTarget(f)), 40),
        pad(String(f.service.count), 5),
        f.service.eventLastSeen,
      ].join('  '),
    );
  }
  return rows.join('\n');
}
