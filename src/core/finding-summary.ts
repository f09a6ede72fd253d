// The few facts a person reads first in a finding, pulled out once for the human-readable renderers
// (Slack, syslog text) and the investigation API's finding lists. Values are raw data: each
// renderer escapes them for its own format.

import { findingEntities } from './entities.js';
import type { Finding } from './finding.js';
import { severityLabel, type SeverityLabel } from './severity.js';

export interface FindingSummary {
  id: string;
  type: string;
  title: string;
  severity: number;
  label: SeverityLabel;
  cluster: string;
  namespace?: string;
  /** `pods/nginx`. */
  workload?: string;
  /** The Kubernetes user of an audit finding. */
  user?: string;
  /** The process of a runtime finding: `curl (/usr/bin/curl)`. */
  process?: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
}

export function summarize(f: Finding): FindingSummary {
  const w = f.resource.kubernetesDetails.kubernetesWorkloadDetails;
  const entities = findingEntities(f);
  const p = f.service.runtimeDetails?.process;
  const s: FindingSummary = {
    id: f.id,
    type: f.type,
    title: f.title,
    severity: f.severity,
    label: severityLabel(f.severity),
    cluster: f.resource.eksClusterDetails.name,
    firstSeen: f.service.eventFirstSeen,
    lastSeen: f.service.eventLastSeen,
    count: f.service.count,
  };
  if (entities.namespace) s.namespace = entities.namespace;
  if (w) s.workload = `${w.type}/${w.name}`;
  if (entities.actor) s.user = entities.actor;
  if (p) s.process = p.executablePath && p.executablePath !== p.name ? `${p.name} (${p.executablePath})` : p.name;
  return s;
}

