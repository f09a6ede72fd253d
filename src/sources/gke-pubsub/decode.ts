// One Pub/Sub message of a Cloud Logging sink (its data is one LogEntry as JSON) -> an audit event
// of the expected GKE cluster, or the stable code of why it is not one. Shared by the push route
// and the pull subscriber; a batch of decoded messages gives the pipeline its items and the counts
// it commits with them.

import { parseJson } from '../../normalize/k8s-audit/envelope.js';
import { auditEventFromLogEntry } from '../../normalize/k8s-audit/gke-log-entry.js';
import type { UnjudgedCounts } from '../../pipeline/audit-pipeline.js';

export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Codes of messages that are not an audit event of this cluster. */
export type MessageCode =
  /** Skipped (counted, harmless): a LogEntry of another service or resource type than k8s.io on k8s_cluster. */
  | 'not_k8s_audit'
  | 'not_k8s_cluster'
  /** Rejected: the data is not base64, not JSON, not a LogEntry, too large, or of another GKE cluster. */
  | 'bad_base64'
  | 'not_json'
  | 'not_log_entry'
  | 'message_too_large'
  | 'other_cluster';

export type DecodedMessage = { ok: true; item: unknown; time: number | null } | { ok: false; skip: boolean; code: MessageCode; reason: string };

/** Decodes one message's data for the GKE cluster `gkeCluster` (resource.labels.cluster_name). */
export function decodeMessage(data: Buffer, gkeCluster: string, maxBytes: number): DecodedMessage {
  if (data.length > maxBytes) return { ok: false, skip: false, code: 'message_too_large', reason: `message data is larger than ${maxBytes} bytes` };
  const doc = parseJson(data.toString('utf8'));
  if (!doc.ok) return { ok: false, skip: false, code: 'not_json', reason: `message data is ${doc.reason}` };
  const r = auditEventFromLogEntry(doc.value);
  if (!r.ok) return { ok: false, skip: r.skip, code: r.code, reason: r.reason };
  if (r.cluster.name !== gkeCluster) {
    const from = r.cluster.name ? `GKE cluster ${JSON.stringify(r.cluster.name)}` : 'no resource.labels.cluster_name';
    return { ok: false, skip: false, code: 'other_cluster', reason: `entry is from ${from}, this source takes GKE cluster ${JSON.stringify(gkeCluster)}` };
  }
  return { ok: true, item: r.event, time: r.time };
}

/** Base64 text (a push envelope's message.data) as bytes, or null when it is not base64. */
export function base64Data(v: unknown): Buffer | null {
  if (typeof v !== 'string' || v.length % 4 !== 0 || !BASE64.test(v)) return null;
  return Buffer.from(v, 'base64');
}

/** Decoded messages of one batch: the items for the pipeline and the counts committed with them. */
export class DecodedBatch {
  readonly items: unknown[] = [];
  readonly skipped: Record<string, number> = {};
  readonly rejected: Record<string, number> = {};
  /** The first reason given for each code (for logs and answers). */
  readonly reasons: Record<string, string> = {};

  add(d: DecodedMessage): void {
    if (d.ok) {
      this.items.push(d.item);
      return;
    }
    this.#count(d.skip ? this.skipped : this.rejected, d.code, d.reason);
  }

  reject(code: MessageCode, reason: string): void {
    this.#count(this.rejected, code, reason);
  }

  get skippedTotal(): number {
    return Object.values(this.skipped).reduce((a, b) => a + b, 0);
  }

  unjudged(): UnjudgedCounts {
    return { skipped: this.skippedTotal, rejected: { ...this.rejected } };
  }

  /** Nothing to commit. */
  get empty(): boolean {
    return this.items.length === 0 && this.skippedTotal === 0 && Object.keys(this.rejected).length === 0;
  }

  #count(to: Record<string, number>, code: string, reason: string): void {
    to[code] = (to[code] ?? 0) + 1;
    this.reasons[code] ??= reason;
  }
}
