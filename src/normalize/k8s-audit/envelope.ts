// The envelopes audit events arrive in: an EventList (webhook batches, EventList documents) or a
// single Event (log backend lines). Items are returned raw; normalizeAuditEvent judges each one.

import { isObject } from './values.js';

export type EnvelopeResult = { ok: true; items: unknown[] } | { ok: false; reason: string };

const API_VERSIONS = new Set(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1']);

/** A single audit Event object, as auditItems takes it (the log backend's one event a line). */
export function isSingleEvent(doc: unknown): boolean {
  return isObject(doc) && doc.kind === 'Event' && (doc.apiVersion === undefined || API_VERSIONS.has(doc.apiVersion as string));
}

export function auditItems(doc: unknown): EnvelopeResult {
  if (!isObject(doc)) return { ok: false, reason: `expected an audit.k8s.io EventList or Event object, got ${Array.isArray(doc) ? 'an array' : doc === null ? 'null' : typeof doc}` };
  if (doc.apiVersion !== undefined && !API_VERSIONS.has(doc.apiVersion as string)) {
    return { ok: false, reason: `unsupported apiVersion ${JSON.stringify(typeof doc.apiVersion === 'string' ? doc.apiVersion.slice(0, 64) : typeof doc.apiVersion)} (expected audit.k8s.io/v1)` };
  }
  if (doc.kind === 'EventList' || (doc.kind === undefined && Array.isArray(doc.items))) {
    if (!Array.isArray(doc.items)) return { ok: false, reason: 'EventList has no items array' };
    return { ok: true, items: doc.items };
  }
  if (doc.kind === 'Event') return { ok: true, items: [doc] };
  return { ok: false, reason: `expected kind EventList or Event, got ${doc.kind === undefined ? 'no kind' : JSON.stringify(typeof doc.kind === 'string' ? doc.kind.slice(0, 64) : typeof doc.kind)}` };
}

/** Parses JSON text; a leading byte-order mark is ignored. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${(e as Error).message}` };
  }
}
