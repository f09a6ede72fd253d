// AKS audit logs exported by diagnostic settings to a Storage account: blobs such as
//   insights-logs-kube-audit/resourceId=/SUBSCRIPTIONS/<SUB>/RESOURCEGROUPS/<RG>/PROVIDERS/
//   MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/<NAME>/y=2025/m=04/d=20/h=16/m=00/PT1H.json
// holding one diagnostic record a line (current exports), or `{"records":[...]}` documents (older
// ones, and Event Hub message bodies saved to files). This is the envelope the audit file reader
// (sources/k8s-audit-file/read.ts) uses for them: records -> audit events, with the records that
// give none counted by code. In `auto` mode audit Events and EventLists pass through unchanged, so
// one replay can mix native audit logs and AKS exports.

import { aksRecords, auditItemFromAksRecord, looksLikeAksRecords, TOO_BIG_CODE } from '../../normalize/k8s-audit/aks-record.js';
import { auditItems, type EnvelopeResult } from '../../normalize/k8s-audit/envelope.js';

export interface AksFileCounts {
  /** Diagnostic records read. */
  records: number;
  /** Records skipped by code (other_category). */
  skipped: Record<string, number>;
  /** Records of multi-record documents refused by code (a single-record line is refused as a line). */
  rejected: Record<string, number>;
  /** Bodies AKS left out (object_too_big). */
  noted: Record<string, number>;
}

export function aksFileEnvelope(mode: 'aks' | 'auto'): { envelope: (doc: unknown) => EnvelopeResult; counts: AksFileCounts } {
  const counts: AksFileCounts = { records: 0, skipped: {}, rejected: {}, noted: {} };
  const add = (m: Record<string, number>, code: string, n = 1) => (m[code] = (m[code] ?? 0) + n);
  const envelope = (doc: unknown): EnvelopeResult => {
    if (mode === 'auto' && !looksLikeAksRecords(doc)) return auditItems(doc);
    const recs = aksRecords(doc);
    if (!recs.ok) return recs;
    const items: unknown[] = [];
    for (const rec of recs.records) {
      counts.records++;
      const r = auditItemFromAksRecord(rec);
      if (r.ok) {
        items.push(r.item);
        if (r.tooBig) add(counts.noted, TOO_BIG_CODE, r.tooBig);
      } else if (r.code === 'other_category') add(counts.skipped, r.code);
      else if (recs.records.length === 1) return { ok: false, reason: `${r.code}: ${r.reason}` };
      else add(counts.rejected, r.code);
    }
    return { ok: true, items };
  };
  return { envelope, counts };
}

/** One summary line for people, or null when no AKS record was read. */
export function aksFileSummary(c: AksFileCounts): string | null {
  if (c.records === 0) return null;
  const list = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k}: ${v}`).join(', ');
  const parts = [`AKS diagnostic records: ${c.records} read`];
  const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
  if (skipped) parts.push(`${skipped} skipped (not kube-audit / kube-audit-admin; ${list(c.skipped)})`);
  const rejected = Object.values(c.rejected).reduce((a, b) => a + b, 0);
  if (rejected) parts.push(`${rejected} unreadable (${list(c.rejected)})`);
  const tooBig = c.noted[TOO_BIG_CODE] ?? 0;
  if (tooBig) parts.push(`${tooBig} request/response bodies left out by AKS (skipped-too-big-size-object; events judged without them)`);
  return parts.join(', ');
}
