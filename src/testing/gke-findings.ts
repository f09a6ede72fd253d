// What a finding raised from GKE audit logs must look like, given the same finding raised from the
// native audit log: the native finding minus exactly what GKE's LogEntries do not carry (see
// normalize/k8s-audit/gke-log-entry.ts and docs/operations.md "GKE via Pub/Sub"). Test helper only.

import type { Finding } from '../core/finding.js';

const STREAMS = new Set(['exec', 'attach', 'portforward']);

/** The parts of a finding that come from the audit event (ids, ARNs and store times left out). */
export function findingView(f: Finding, cluster: string): Record<string, unknown> {
  const k = f.resource.kubernetesDetails;
  return {
    type: f.type,
    severity: f.severity,
    title: f.title,
    description: f.description.replaceAll(cluster, '<cluster>'),
    count: f.service.count,
    eventFirstSeen: f.service.eventFirstSeen,
    eventLastSeen: f.service.eventLastSeen,
    action: f.service.action,
    user: k?.kubernetesUserDetails,
    workload: k?.kubernetesWorkloadDetails,
    additionalInfo: f.service.additionalInfo,
  };
}

/**
 * The native finding's view as GKE can give it: the request URI without its query string, the user
 * reduced to its name (no uid, groups or sessionName), and exec/attach/port-forward parameters
 * empty (they live in the query string).
 */
export function gkeViewOf(native: Record<string, unknown>): Record<string, unknown> {
  const v = structuredClone(native);
  const action = (v.action as { kubernetesApiCallAction?: { requestUri: string; subresource?: string; parameters?: string } } | undefined)?.kubernetesApiCallAction;
  if (action) {
    action.requestUri = action.requestUri.split('?')[0] ?? '';
    if (STREAMS.has(action.subresource ?? '')) action.parameters = '{}';
  }
  const user = v.user as Record<string, unknown> | undefined;
  if (user) v.user = { username: user.username };
  return v;
}

/** Findings keyed by type and first-seen time (several findings may share a type). */
export function byKey(fs: Finding[], cluster: string): Map<string, Record<string, unknown>> {
  return new Map(fs.map((f) => [`${f.type} ${f.service.eventFirstSeen}`, findingView(f, cluster)]));
}
