// The wire shapes of the investigation API: an archived event (ISO time, raw JSON as an object)
// and a finding in brief (core/finding-summary.ts plus its archived flag).

import type { Finding } from '../../core/finding.js';
import { summarize, type FindingSummary } from '../../core/finding-summary.js';
import type { ArchivedEvent, EventPlane } from '../../store/store.js';

export interface EventView {
  id: string;
  cluster: string;
  /** ISO 8601. */
  time: string;
  plane: EventPlane;
  actor: string | null;
  namespace: string | null;
  workload: string | null;
  pod: string | null;
  image: string | null;
  node: string | null;
  sourceIp: string | null;
  summary: string;
  /** The event as received (oversized members cut when truncated). */
  raw: unknown;
  truncated: boolean;
}

export function eventView(e: ArchivedEvent): EventView {
  let raw: unknown;
  try {
    raw = JSON.parse(e.raw);
  } catch {
    raw = e.raw; // not JSON (written by another tool): shown as text
  }
  return {
    id: e.id, cluster: e.cluster, time: new Date(e.time).toISOString(), plane: e.plane, actor: e.actor, namespace: e.namespace,
    workload: e.workload, pod: e.pod, image: e.image, node: e.node, sourceIp: e.sourceIp, summary: e.summary, raw, truncated: e.truncated,
  };
}

export interface FindingBrief extends FindingSummary {
  archived: boolean;
  updatedAt: string;
}

export function findingBrief(f: Finding): FindingBrief {
  return { ...summarize(f), archived: f.service.archived, updatedAt: f.updatedAt };
}
