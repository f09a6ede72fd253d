// Decoding a Kinesis Data Firehose HTTP-endpoint delivery from a CloudWatch Logs subscription on an
// EKS cluster's log group (/aws/eks/<cluster>/cluster) into raw audit events.
//
// A record's data is base64 of one of (detected by shape, so every Firehose processor setting works):
// - a gzip'd CloudWatch Logs subscription payload (the default),
// - the same payload already decompressed (Firehose's CloudWatch "decompression" processor),
// - one audit Event JSON line, or several as JSON lines ("message extraction" processor).
// Pieces that cannot be decoded are counted with a reason; they never fail the other records.

import { gunzipSync } from 'node:zlib';
import { auditItems, parseJson } from '../../normalize/k8s-audit/envelope.js';
import { AUDIT_STREAM_PREFIX, auditItemFromLogMessage } from '../../normalize/k8s-audit/eks-log-event.js';
import { isObject } from '../../normalize/k8s-audit/values.js';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface FirehoseRequest {
  requestId: string;
  timestamp: number;
  records: unknown[];
}

export interface DecodeLimits {
  /** Most bytes one record may decompress to. */
  maxRecordBytes: number;
  /** Most bytes all records of a request may decompress to together. */
  maxRequestBytes: number;
}

/** A piece (a record, or one log event in it) refused before judging. */
export interface Malformed {
  /** 0-based record index in the request. */
  record: number;
  code: MalformedCode;
  reason: string;
}

export type MalformedCode =
  | 'bad_record'
  | 'bad_base64'
  | 'bad_gzip'
  | 'record_too_large'
  | 'request_too_large'
  | 'not_json'
  | 'truncated_event'
  | 'unknown_payload'
  | 'unknown_message_type';

export interface DecodedRecords {
  /** Raw audit events in delivery order, for the pipeline to judge. */
  items: unknown[];
  /** The record index of each item. */
  itemRecords: number[];
  /** CONTROL_MESSAGE records (CloudWatch's destination check). */
  controlMessages: number;
  /** DATA_MESSAGE records of other control-plane log streams (authenticator, scheduler, ...). */
  otherStreams: number;
  malformed: Malformed[];
}

/** Checks the Firehose request envelope `{requestId, timestamp, records: [{data}]}`. */
export function firehoseRequest(doc: unknown): { ok: true; value: FirehoseRequest } | { ok: false; reason: string } {
  if (!isObject(doc)) return { ok: false, reason: 'expected a Firehose request object {"requestId","timestamp","records"}' };
  if (typeof doc.requestId !== 'string' || doc.requestId === '' || doc.requestId.length > 256) return { ok: false, reason: 'requestId must be a non-empty string' };
  if (!Array.isArray(doc.records)) return { ok: false, reason: 'records must be an array' };
  const timestamp = typeof doc.timestamp === 'number' && Number.isFinite(doc.timestamp) ? doc.timestamp : 0;
  return { ok: true, value: { requestId: doc.requestId, timestamp, records: doc.records } };
}

/** Decodes every record; the request-wide decompression budget is shared in record order. */
export function decodeRecords(records: unknown[], limits: DecodeLimits): DecodedRecords {
  const out: DecodedRecords = { items: [], itemRecords: [], controlMessages: 0, otherStreams: 0, malformed: [] };
  let budget = limits.maxRequestBytes;
  records.forEach((rec, i) => {
    const bad = (code: MalformedCode, reason: string) => out.malformed.push({ record: i, code, reason });
    const data = isObject(rec) ? rec.data : undefined;
    if (typeof data !== 'string') return bad('bad_record', 'record has no base64 "data" string');
    if (data.length % 4 !== 0 || !BASE64.test(data)) return bad('bad_base64', 'record data is not valid base64');
    const raw = Buffer.from(data, 'base64');
    const bytes = gunzipBounded(raw, Math.min(limits.maxRecordBytes, budget));
    if (!bytes.ok) {
      if (bytes.code === 'too_large') {
        return budget < limits.maxRecordBytes
          ? bad('request_too_large', `the request's records decompress to more than ${limits.maxRequestBytes} bytes`)
          : bad('record_too_large', `record decompresses to more than ${limits.maxRecordBytes} bytes`);
      }
      return bad('bad_gzip', `record data is not valid gzip: ${bytes.reason}`);
    }
    if (bytes.value.length > budget) return bad('request_too_large', `the request's records are larger than ${limits.maxRequestBytes} bytes`);
    budget -= bytes.value.length;
    decodePayload(bytes.value.toString('utf8'), i, out, bad);
  });
  return out;
}

function decodePayload(text: string, i: number, out: DecodedRecords, bad: (code: MalformedCode, reason: string) => void): void {
  const push = (item: unknown) => {
    out.items.push(item);
    out.itemRecords.push(i);
  };
  const doc = parseJson(text);
  if (!doc.ok) {
    // Message extraction may join several audit lines with newlines: JSON lines.
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length < 2) return eventFromText(text, push, bad);
    for (const line of lines) eventFromText(line, push, bad);
    return;
  }
  const v = doc.value;
  if (isObject(v) && typeof v.messageType === 'string') {
    if (v.messageType === 'CONTROL_MESSAGE') {
      out.controlMessages++;
      return;
    }
    if (v.messageType !== 'DATA_MESSAGE') return bad('unknown_message_type', `messageType ${JSON.stringify(v.messageType.slice(0, 64))} is neither DATA_MESSAGE nor CONTROL_MESSAGE`);
    if (typeof v.logStream !== 'string' || !v.logStream.startsWith(AUDIT_STREAM_PREFIX)) {
      out.otherStreams++;
      return;
    }
    if (!Array.isArray(v.logEvents)) return bad('unknown_payload', 'DATA_MESSAGE has no logEvents array');
    for (const e of v.logEvents) {
      if (!isObject(e) || typeof e.message !== 'string') bad('unknown_payload', 'log event has no message string');
      else eventFromText(e.message, push, bad);
    }
    return;
  }
  const env = auditItems(v);
  if (!env.ok) return bad('unknown_payload', `record is neither a CloudWatch Logs payload nor an audit event: ${env.reason}`);
  for (const item of env.items) push(item);
}

/** One log event's message: an audit Event as JSON (its audit shape is judged by the pipeline). */
function eventFromText(text: string, push: (item: unknown) => void, bad: (code: MalformedCode, reason: string) => void): void {
  const r = auditItemFromLogMessage(text);
  if (r.ok) push(r.item);
  else bad(r.code, r.reason);
}

type Gunzipped = { ok: true; value: Buffer } | { ok: false; code: 'too_large' | 'bad'; reason: string };

/** Gunzips bytes that start with the gzip magic number, producing at most `max` bytes; other bytes pass through. */
export function gunzipBounded(raw: Buffer, max: number): Gunzipped {
  if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b) return raw.length > max ? { ok: false, code: 'too_large', reason: 'too large' } : { ok: true, value: raw };
  try {
    return { ok: true, value: gunzipSync(raw, { maxOutputLength: Math.max(1, max) }) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return { ok: false, code: 'too_large', reason: err.message };
    return { ok: false, code: 'bad', reason: err.message };
  }
}
