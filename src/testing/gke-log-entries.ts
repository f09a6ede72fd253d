// Re-expresses audit.k8s.io/v1 Events as the Cloud Audit Logs LogEntries GKE writes for them, for
// tests of the GKE sources. It keeps only what GKE's entries carry: one entry per request (GKE's
// policy omits RequestReceived and it logs a request once: see loggedStages), no
// user groups, uid or extra, no objectRef uid/resourceVersion, no query string, no stage or level,
// HTTP status only as a google.rpc code (the k8s Status object is kept in `response` only where the
// Event had a responseObject). Deterministic, so tests and the checked-in fixture agree. Test
// helper only.
//
// `node dist/testing/gke-log-entries.js --write` regenerates test/fixtures/gke/workshop-entries.jsonl.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './cli.js';
import { auditLines } from './firehose-requests.js';

export const GKE_PROJECT = 'acme-prod';
export const GKE_LOCATION = 'europe-west1';
const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
/** HTTP status -> google.rpc.Code, the pairs google/rpc/code.proto documents. */
const HTTP_TO_RPC: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 422: 3, 429: 8, 500: 13, 501: 12, 503: 14, 504: 4 };

type Json = Record<string, unknown>;
/** An Event's objectRef as the fixtures write it (strings only). */
type Ref = Partial<Record<'apiGroup' | 'apiVersion' | 'resource' | 'namespace' | 'name' | 'subresource', string>>;

const STREAMS = new Set(['exec', 'attach', 'portforward']);

/**
 * The one event GKE logs per request: RequestReceived never (GKE's policy omits it); for exec,
 * attach and port-forward streams the first stage (ResponseStarted), for others the final one.
 */
export function loggedStages(events: Json[]): Json[] {
  const byId = new Map<string, Json>();
  for (const e of events) {
    if (e.stage === 'RequestReceived') continue;
    const id = String(e.auditID);
    const prev = byId.get(id);
    const stream = STREAMS.has((e.objectRef as Ref | undefined)?.subresource ?? '');
    if (!prev || (!stream && prev.stage !== 'ResponseComplete')) {
      byId.delete(id);
      byId.set(id, e);
    }
  }
  return [...byId.values()];
}

/** `io.k8s.core.v1.pods.exec.create`: the group reversed (core and one-word groups under io.k8s). */
export function methodName(e: Json): string {
  const verb = String(e.verb);
  const ref = e.objectRef as Ref | undefined;
  if (!ref) return `io.k8s.${verb}`;
  const group = ref.apiGroup ?? '';
  const g = group === '' ? 'io.k8s.core' : group.includes('.') ? group.split('.').reverse().join('.') : `io.k8s.${group}`;
  return [g, ref.apiVersion, ref.resource, ...(ref.subresource ? [ref.subresource] : []), verb].join('.');
}

/** `core/v1/namespaces/kube-system/pods/x/exec`, or the path of a non-resource request. */
export function resourceName(e: Json): string {
  const ref = e.objectRef as Ref | undefined;
  const path = String(e.requestURI).split('?')[0] ?? '';
  if (!ref) return path.replace(/^\/+/, '');
  const parts = [ref.apiGroup || 'core', ref.apiVersion ?? 'v1'];
  if (ref.namespace && ref.resource !== 'namespaces') parts.push('namespaces', ref.namespace);
  parts.push(ref.resource ?? '');
  if (ref.name) parts.push(ref.name);
  if (ref.subresource) parts.push(ref.subresource);
  return parts.join('/');
}

/** A body as GKE logs it: the object with an "@type" naming its group, version and kind. */
function typed(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const b = body as { apiVersion?: string; kind?: string };
  const apiVersion = b.apiVersion ?? 'v1';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return { '@type': `${group ?? 'core'}.k8s.io/${version ?? 'v1'}.${b.kind ?? 'Object'}`, ...b };
}

function status(e: Json): Json {
  const rs = (e.responseStatus ?? {}) as Json;
  const code = typeof rs.code === 'number' ? rs.code : 200;
  if ((code >= 200 && code < 300) || code === 101) return {};
  return { code: HTTP_TO_RPC[code] ?? 2, ...(rs.message ? { message: rs.message } : {}) };
}

/** One Event as the LogEntry GKE would write for it in the given cluster. */
export function logEntry(e: Json, cluster: string, receiveDelayMs = 1400): Json {
  const user = (e.user ?? {}) as Json;
  const annotations = (e.annotations ?? {}) as Record<string, string>;
  const write = WRITES.has(String(e.verb));
  const method = methodName(e);
  const resource = resourceName(e);
  const time = String(e.stageTimestamp);
  const failed = Object.keys(status(e)).length > 0;
  const payload: Json = {
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    serviceName: 'k8s.io',
    methodName: method,
    resourceName: resource,
    authenticationInfo: user.username ? { principalEmail: user.username } : {},
    authorizationInfo: [{ resource, permission: method, granted: annotations['authorization.k8s.io/decision'] !== 'forbid' && !failed }],
    requestMetadata: { callerIp: (e.sourceIPs as string[] | undefined)?.[0] ?? '', callerSuppliedUserAgent: e.userAgent ?? '' },
    status: status(e),
  };
  if (e.requestObject !== undefined) payload.request = typed(e.requestObject);
  if (e.responseObject !== undefined) payload.response = typed(e.responseObject);
  const receive = new Date(Date.parse(time) + receiveDelayMs).toISOString().replace('Z', '482913Z');
  return {
    insertId: e.auditID,
    logName: `projects/${GKE_PROJECT}/logs/cloudaudit.googleapis.com%2F${write ? 'activity' : 'data_access'}`,
    operation: { id: e.auditID, producer: 'k8s.io', first: true, last: true },
    ...(Object.keys(annotations).length ? { labels: annotations } : {}),
    protoPayload: payload,
    resource: { type: 'k8s_cluster', labels: { project_id: GKE_PROJECT, location: GKE_LOCATION, cluster_name: cluster } },
    timestamp: time,
    receiveTimestamp: receive,
    severity: failed ? 'WARNING' : write ? 'NOTICE' : 'INFO',
  };
}

/** An audit log (JSON lines) as GKE LogEntries of the cluster, one per request, in log order. */
export function gkeEntries(lines: string[], cluster: string): Json[] {
  return loggedStages(lines.map((l) => JSON.parse(l) as Json)).map((e) => logEntry(e, cluster));
}

export const PUSH_SUBSCRIPTION = `projects/${GKE_PROJECT}/subscriptions/vigil-gke-audit-push`;

/** Pub/Sub's push envelope around one message (camelCase and snake_case ids, as Pub/Sub sends both). */
export function pushEnvelope(data: string | Buffer | Json, messageId: string, publishTime = '2025-05-20T14:00:05.123Z'): Json {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(typeof data === 'string' ? data : JSON.stringify(data), 'utf8');
  return {
    message: { data: bytes.toString('base64'), attributes: { 'logging.googleapis.com/timestamp': publishTime }, messageId, message_id: messageId, publishTime, publish_time: publishTime },
    subscription: PUSH_SUBSCRIPTION,
  };
}

/** Stable Pub/Sub-like message ids (decimal strings). */
export function messageId(n: number): string {
  return `114028776543${String(n).padStart(5, '0')}`;
}

export const WORKSHOP_ENTRIES = join(FIXTURES, 'gke', 'workshop-entries.jsonl');

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  const entries = gkeEntries(auditLines(join(FIXTURES, 'audit', 'workshop.jsonl')), 'workshop');
  mkdirSync(join(FIXTURES, 'gke'), { recursive: true });
  writeFileSync(WORKSHOP_ENTRIES, entries.map((x) => JSON.stringify(x)).join('\n') + '\n');
}
