// EKS control-plane audit logs as CloudWatch Logs holds them, shared by the Firehose receiver and
// the CloudWatch poller: which log streams are the API server's audit log, and one log event's
// message -> one raw audit event (its audit shape is judged by normalizeAuditEvent, like any other).

import { parseJson } from './envelope.js';

/** Log streams of /aws/eks/<cluster>/cluster that hold the audit log. */
export const AUDIT_STREAM_PREFIX = 'kube-apiserver-audit-';

/** What CloudWatch Logs appends to a message it cut at its size limit (the JSON is then broken). */
export const TRUNCATED_SUFFIX = '[Truncated...]';

export type LogMessageResult = { ok: true; item: unknown } | { ok: false; code: 'truncated_event' | 'not_json'; reason: string };

export function auditItemFromLogMessage(message: string): LogMessageResult {
  if (message.trimEnd().endsWith(TRUNCATED_SUFFIX)) return { ok: false, code: 'truncated_event', reason: 'audit event was truncated by CloudWatch Logs ([Truncated...])' };
  const doc = parseJson(message);
  if (!doc.ok) return { ok: false, code: 'not_json', reason: `log event message is ${doc.reason}` };
  return { ok: true, item: doc.value };
}
