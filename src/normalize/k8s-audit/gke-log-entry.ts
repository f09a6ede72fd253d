// GKE's Kubernetes audit logs as Cloud Logging holds them: a Cloud Audit Logs LogEntry
// (protoPayload of type google.cloud.audit.AuditLog, serviceName k8s.io, resource.type k8s_cluster)
// -> the audit.k8s.io/v1 Event object the pipeline takes (normalizeAuditEvent judges it like any
// other). Used by the Pub/Sub push receiver and the pull subscriber (sources/gke-pubsub).
//
// GKE does not keep the apiserver's Event; the entry is a re-encoding that loses fields. What the
// Event gets and where from (docs/operations.md "GKE via Pub/Sub" lists the consequences):
//   auditID          insertId (GKE writes one entry per request; operation.id is the same value)
//   stage            synthesised: ResponseStarted for exec/attach/portforward (GKE logs a stream once,
//                    when it starts) or when operation.last is false; else ResponseComplete
//   level            synthesised: RequestResponse with a response, Request with a request, else Metadata
//   verb             the last dot-segment of methodName (io.k8s.core.v1.pods.exec.create -> create)
//   requestURI       synthesised from resourceName (/api/v1/... or /apis/<group>/<version>/...; a create
//                    without subresource goes to the collection) WITHOUT the query string, which GKE
//                    does not keep (exec's command= and container= are lost)
//   objectRef        parsed from resourceName (group "core" -> ""); uid and resourceVersion are unknown
//   user.username    authenticationInfo.principalEmail; groups, uid and extra are not provided
//   sourceIPs        [requestMetadata.callerIp]; userAgent: requestMetadata.callerSuppliedUserAgent
//   request/responseObject  request/response with GKE's "@type" key removed
//   responseStatus   the k8s Status in response when it has a code, else google.rpc status.code mapped
//                    to HTTP (0/absent: 201 for create, 101 for exec/attach/portforward, else 200)
//   timestamps       timestamp (receiveTimestamp when absent) for both
//   annotations      labels, plus vigil.dev/source=gke and vigil.dev/synthetic naming the made-up fields
// Every reader is defensive: wrong types give an empty value, never a throw.

import { isObject, num, obj, str, strMap } from './values.js';

export const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';
/** Annotations the mapper adds: where the event came from and which fields it made up. */
export const SOURCE_ANNOTATION = 'vigil.dev/source';
export const SYNTHETIC_ANNOTATION = 'vigil.dev/synthetic';
export const SYNTHETIC_FIELDS = 'stage,level,requestURI,responseStatus.code';

/** GKE cluster identity of an entry (resource.labels). */
export interface GkeCluster {
  name: string;
  project: string;
  location: string;
}

export type GkeEntryResult =
  | { ok: true; event: Record<string, unknown>; cluster: GkeCluster; /** Epoch ms of the entry's timestamp, null when missing. */ time: number | null }
  /** skip: a log entry, but not a Kubernetes audit entry (the sink filter lets more through). */
  | { ok: false; skip: true; code: 'not_k8s_audit' | 'not_k8s_cluster'; reason: string }
  | { ok: false; skip: false; code: 'not_log_entry'; reason: string };

/** Subresources whose successful answer is 101 Switching Protocols (streams). */
const STREAMING = new Set(['exec', 'attach', 'portforward']);
/** Namespace subresources: namespaces/<name>/<these> is the namespace itself, not a resource in it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** google.rpc.Code -> HTTP status, as google/rpc/code.proto documents the pairs. */
const RPC_TO_HTTP: Record<number, number> = { 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401 };

export function auditEventFromLogEntry(entry: unknown): GkeEntryResult {
  if (!isObject(entry)) return { ok: false, skip: false, code: 'not_log_entry', reason: 'message is not a LogEntry JSON object' };
  const p = entry.protoPayload;
  if (!isObject(p)) {
    if (entry.jsonPayload !== undefined || entry.textPayload !== undefined || entry.logName !== undefined) return skip('not_k8s_audit', 'log entry has no AuditLog protoPayload');
    return { ok: false, skip: false, code: 'not_log_entry', reason: 'message is not a LogEntry (no protoPayload, jsonPayload, textPayload or logName)' };
  }
  if (p['@type'] !== AUDIT_LOG_TYPE || p.serviceName !== 'k8s.io') return skip('not_k8s_audit', `protoPayload is not a Kubernetes audit log (serviceName ${JSON.stringify(str(p.serviceName, 64))})`);
  const resource = obj(entry.resource);
  if (resource.type !== 'k8s_cluster') return skip('not_k8s_cluster', `resource.type is ${JSON.stringify(str(resource.type, 64))}, expected "k8s_cluster"`);
  const labels = obj(resource.labels);
  const cluster: GkeCluster = { name: str(labels.cluster_name, 253), project: str(labels.project_id, 128), location: str(labels.location, 64) };

  const method = str(p.methodName, 512);
  const verb = method.slice(method.lastIndexOf('.') + 1);
  const target = parseResourceName(str(p.resourceName, 2048), method, verb);
  const auth = obj(p.authenticationInfo);
  const meta = obj(p.requestMetadata);
  const request = stripType(p.request);
  const response = stripType(p.response);
  const time = str(entry.timestamp, 64) || str(entry.receiveTimestamp, 64);
  const operation = obj(entry.operation);
  const callerIp = str(meta.callerIp, 64);
  const event: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: response !== undefined ? 'RequestResponse' : request !== undefined ? 'Request' : 'Metadata',
    auditID: str(entry.insertId, 128) || str(operation.id, 128),
    stage: STREAMING.has(target.objectRef?.subresource ?? '') || operation.last === false ? 'ResponseStarted' : 'ResponseComplete',
    requestURI: target.uri,
    verb,
    user: { username: str(auth.principalEmail, 512) },
    sourceIPs: callerIp ? [callerIp] : [],
    userAgent: str(meta.callerSuppliedUserAgent, 1100),
    responseStatus: responseStatus(p.status, response, verb, target.objectRef?.subresource),
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: { ...strMap(entry.labels, 120), [SOURCE_ANNOTATION]: 'gke', [SYNTHETIC_ANNOTATION]: SYNTHETIC_FIELDS },
  };
  if (target.objectRef) event.objectRef = target.objectRef;
  if (request !== undefined) event.requestObject = request;
  if (response !== undefined) event.responseObject = response;
  const t = Date.parse(time);
  return { ok: true, event, cluster, time: Number.isFinite(t) ? t : null };
}

function skip(code: 'not_k8s_audit' | 'not_k8s_cluster', reason: string): GkeEntryResult {
  return { ok: false, skip: true, code, reason };
}

interface Target {
  uri: string;
  objectRef?: { resource: string; apiVersion: string; apiGroup?: string; namespace?: string; name?: string; subresource?: string };
}

/**
 * resourceName is `<group>/<version>/[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]` with
 * group `core` for the core API. A request for a non-resource URL (/healthz, /version, /api) has a
 * methodName without group, version and resource (`io.k8s.get`); its resourceName is the path
 * (this form is our reading, not confirmed by GKE documentation).
 */
export function parseResourceName(name: string, method: string, verb: string): Target {
  const path = name.split('?')[0] ?? '';
  const segs = path.split('/').filter((s) => s !== '');
  if (path.startsWith('/') || method.split('.').length < 5 || segs.length < 3) return { uri: `/${segs.join('/')}` };
  const [group = '', version = '', ...rest] = segs;
  let namespace = '';
  let parts = rest;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) {
    namespace = rest[1] ?? '';
    parts = rest.slice(2);
  }
  const [resource = '', objName = '', ...sub] = parts;
  const apiGroup = group === 'core' ? '' : group;
  const ref: NonNullable<Target['objectRef']> = { resource, apiVersion: version };
  if (apiGroup) ref.apiGroup = apiGroup;
  if (namespace) ref.namespace = namespace;
  if (objName) ref.name = objName;
  if (sub.length) ref.subresource = sub.join('/');
  const prefix = apiGroup ? `/apis/${apiGroup}/${version}` : `/api/${version}`;
  // A create is POSTed to the collection: the object's name is in resourceName, not in the URI.
  const uriParts = verb === 'create' && !sub.length && objName ? rest.slice(0, -1) : rest;
  return { uri: `${prefix}/${uriParts.join('/')}`, objectRef: ref };
}

/** A copy of a request/response body without GKE's "@type" key; undefined when absent. */
function stripType(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) if (k !== '@type') out[k] = v[k];
  return out;
}

function responseStatus(status: unknown, response: unknown, verb: string, subresource: string | undefined): Record<string, unknown> {
  const r = obj(response);
  const kubeCode = r.kind === 'Status' ? num(r.code) : null;
  if (kubeCode !== null && kubeCode >= 100 && kubeCode <= 599) {
    const out: Record<string, unknown> = { metadata: {}, code: kubeCode };
    if (typeof r.status === 'string') out.status = str(r.status, 32);
    if (typeof r.reason === 'string') out.reason = str(r.reason, 256);
    if (typeof r.message === 'string') out.message = str(r.message, 1024);
    return out;
  }
  const s = obj(status);
  const rpc = num(s.code) ?? 0;
  const message = str(s.message, 1024);
  if (rpc === 0) return { metadata: {}, code: STREAMING.has(subresource ?? '') ? 101 : verb === 'create' ? 201 : 200 };
  return { metadata: {}, code: RPC_TO_HTTP[rpc] ?? 500, ...(message ? { message } : {}) };
}

