// AKS control-plane audit logs as Azure diagnostic settings deliver them (Event Hub messages,
// Storage blobs): `{"records":[...]}` documents, or one record a line, where each record is
//   {category, operationName, resourceId, time, properties: {log, stream, pod, containerID}}
// and `properties.log` is a STRING holding one audit.k8s.io Event JSON (with a trailing newline).
// A record -> one raw audit event (judged by normalizeAuditEvent like any other) or a stable code.
//
// - category: kube-audit (every event) and kube-audit-admin (the same without get/list) are audit
//   logs; every other category (guard, kube-apiserver, cluster-autoscaler, ...) is skipped and
//   counted as `other_category`.
// - resourceId is upper-case (/SUBSCRIPTIONS/<SUB>/RESOURCEGROUPS/<RG>/PROVIDERS/
//   MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/<NAME>); the AKS cluster name is its last segment.
// - AKS replaces a large requestObject/responseObject by the string "skipped-too-big-size-object".
//   That string is removed here (the event is judged as if the object had not been logged, as at
//   audit level Metadata) and counted: left in, it would read as a JSON body in findings and as
//   "the response carried the full object" in enrichers that test responseObject for null.

import { parseJson } from './envelope.js';
import { isObject } from './values.js';

export const AKS_AUDIT_CATEGORIES: ReadonlySet<string> = new Set(['kube-audit', 'kube-audit-admin']);
/** What AKS writes instead of a request or response body it found too large. */
export const TOO_BIG_OBJECT = 'skipped-too-big-size-object';

/** Stable codes of records that give no audit event. `other_category` and `other_cluster` are skipped (not errors). */
export type AksRecordCode = 'other_category' | 'other_cluster' | 'bad_record' | 'bad_log';
/** Code counting events whose request or response body AKS left out. */
export const TOO_BIG_CODE = 'object_too_big';

export type AksRecordResult =
  | { ok: true; item: Record<string, unknown>; resourceId: string; clusterName: string; tooBig: number }
  | { ok: false; code: AksRecordCode; reason: string };

const CLUSTER_IN_ID = /\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)\/?$/i;

/** The AKS cluster name in a managed cluster's resource id ('' when it names none). */
export function clusterNameOf(resourceId: string): string {
  return CLUSTER_IN_ID.exec(resourceId)?.[1] ?? '';
}

/** One diagnostic record -> its audit event, or why it has none. Never throws. */
export function auditItemFromAksRecord(record: unknown): AksRecordResult {
  if (!isObject(record)) return { ok: false, code: 'bad_record', reason: `diagnostic record is ${describe(record)}, expected an object` };
  const category = typeof record.category === 'string' ? record.category : '';
  if (!AKS_AUDIT_CATEGORIES.has(category)) {
    return { ok: false, code: 'other_category', reason: `category ${JSON.stringify(category.slice(0, 64))} is not an audit log (kube-audit, kube-audit-admin)` };
  }
  const resourceId = typeof record.resourceId === 'string' ? record.resourceId.slice(0, 1024) : '';
  const props = record.properties;
  if (!isObject(props)) return { ok: false, code: 'bad_record', reason: `${category} record has no properties object` };
  let event: unknown = props.log;
  if (typeof event === 'string') {
    const parsed = parseJson(event);
    if (!parsed.ok) return { ok: false, code: 'bad_log', reason: `properties.log is ${parsed.reason}` };
    event = parsed.value;
  }
  if (!isObject(event)) return { ok: false, code: 'bad_log', reason: `properties.log is ${describe(event)}, expected an audit Event object` };
  let tooBig = 0;
  let item = event;
  for (const key of ['requestObject', 'responseObject'] as const) {
    if (item[key] !== TOO_BIG_OBJECT) continue;
    if (item === event) item = { ...event };
    delete item[key];
    tooBig++;
  }
  return { ok: true, item, resourceId, clusterName: clusterNameOf(resourceId), tooBig };
}

export type AksDocumentResult = { ok: true; records: unknown[] } | { ok: false; reason: string };

/** The records of a document: `{"records":[...]}` (Event Hub messages, older blobs) or a single record (JSON-lines blobs). */
export function aksRecords(doc: unknown): AksDocumentResult {
  if (isObject(doc)) {
    if (Array.isArray(doc.records)) return { ok: true, records: doc.records };
    if (doc.records !== undefined) return { ok: false, reason: 'records is not an array' };
    if ('category' in doc && 'properties' in doc) return { ok: true, records: [doc] };
  }
  return { ok: false, reason: `expected Azure diagnostic records ({"records":[...]} or one record with category and properties), got ${describe(doc)}` };
}

/** Whether a JSON document looks like Azure diagnostic records rather than audit Events. */
export function looksLikeAksRecords(doc: unknown): boolean {
  return isObject(doc) && (Array.isArray(doc.records) || (typeof doc.category === 'string' && isObject(doc.properties) && doc.kind === undefined));
}

/** An Event Hub message body (bytes, text, or JSON the client already parsed) -> its records. */
export function aksMessageRecords(body: unknown): AksDocumentResult {
  let doc = body;
  if (body instanceof Uint8Array) doc = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (typeof doc === 'string') {
    const parsed = parseJson(doc);
    if (!parsed.ok) return { ok: false, reason: `message body is ${parsed.reason}` };
    doc = parsed.value;
  }
  return aksRecords(doc);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object without records';
  return typeof v;
}
