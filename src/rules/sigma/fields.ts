// Sigma field names for Kubernetes audit rules -> accessors on the normalized AuditEvent (never the
// raw JSON). Raw audit field paths (objectRef.resource, user.username, ...) plus the taxonomy names
// of the SigmaHQ Kubernetes rules and pySigma's Kubernetes pipeline (apiGroup, resource, namespace,
// username, capabilities, hostPath, privileged, file_path).
//
// Every accessor returns the field's values as a list: one value for plain fields, any number for
// list fields, and an empty list when the field is absent. Kubernetes omits empty strings from
// audit events, so "" counts as absent, as does a response code of 0.

import type { AuditEvent } from '../../core/event.js';

export type FieldScalar = string | number | boolean;
export type FieldAccessor = (e: AuditEvent) => readonly FieldScalar[];
export type FieldKind = 'string' | 'number' | 'boolean';

export interface SigmaFieldDef {
  get: FieldAccessor;
  kind: FieldKind;
  list: boolean;
  doc: string;
}

const NONE: readonly FieldScalar[] = Object.freeze([]);

function one(s: string): readonly FieldScalar[] {
  return s === '' ? NONE : [s];
}
function many(list: readonly string[]): readonly FieldScalar[] {
  return list.filter((s) => s !== '');
}

function def(get: FieldAccessor, doc: string, kind: FieldKind = 'string', list = false): SigmaFieldDef {
  return { get, kind, list, doc };
}

const verb = def((e) => one(e.verb), 'verb');
const resource = def((e) => one(e.target.resource), 'target.resource');
const subresource = def((e) => one(e.target.subresource), 'target.subresource');
const namespace = def((e) => one(e.target.namespace), 'target.namespace');
const apiGroup = def((e) => one(e.target.apiGroup), 'target.apiGroup ("" for the core group)');
const username = def((e) => one(e.user.username), 'user.username');

export const SIGMA_FIELDS: ReadonlyMap<string, SigmaFieldDef> = new Map<string, SigmaFieldDef>([
  // audit.k8s.io/v1 Event fields
  ['auditID', def((e) => one(e.auditId), 'auditId')],
  ['stage', def((e) => one(e.stage), 'stage')],
  ['level', def((e) => one(e.level), 'level')],
  ['verb', verb],
  ['requestURI', def((e) => one(e.requestUri), 'requestUri (with the query string, as sent)')],
  ['userAgent', def((e) => one(e.userAgent), 'userAgent')],
  ['sourceIPs', def((e) => many(e.sourceIps), 'sourceIps', 'string', true)],
  ['user.username', username],
  ['user.uid', def((e) => one(e.user.uid), 'user.uid')],
  ['user.groups', def((e) => many(e.user.groups), 'user.groups', 'string', true)],
  ['impersonatedUser.username', def((e) => one(e.impersonatedUser?.username ?? ''), 'impersonatedUser.username')],
  ['impersonatedUser.uid', def((e) => one(e.impersonatedUser?.uid ?? ''), 'impersonatedUser.uid')],
  ['impersonatedUser.groups', def((e) => many(e.impersonatedUser?.groups ?? []), 'impersonatedUser.groups', 'string', true)],
  ['objectRef.resource', resource],
  ['objectRef.subresource', subresource],
  ['objectRef.namespace', namespace],
  ['objectRef.name', def((e) => one(e.target.name), 'target.name')],
  ['objectRef.apiGroup', apiGroup],
  ['objectRef.apiVersion', def((e) => one(e.target.apiVersion), 'target.apiVersion')],
  ['objectRef.uid', def((e) => one(e.target.uid), 'target.uid')],
  ['responseStatus.code', def((e) => (e.response.code === 0 ? NONE : [e.response.code]), 'response.code (a number)', 'number')],
  ['responseStatus.reason', def((e) => one(e.response.reason), 'response.reason')],
  ['responseStatus.message', def((e) => one(e.response.message), 'response.message')],
  // Sigma taxonomy (SigmaHQ rules, pySigma Kubernetes pipeline)
  ['apiGroup', apiGroup],
  ['resource', resource],
  ['subresource', subresource],
  ['namespace', namespace],
  ['username', username],
  ['capabilities', def((e) => many(e.workload.containers.flatMap((c) => c.capabilitiesAdd)), 'capabilities added by any container: workload.containers[].capabilitiesAdd', 'string', true)],
  ['hostPath', def((e) => many(e.workload.volumes.map((v) => v.hostPath)), 'hostPath paths of the workload\'s volumes: workload.volumes[].hostPath', 'string', true)],
  ['privileged', def((e) => e.workload.containers.map((c) => c.privileged), 'securityContext.privileged of each container: workload.containers[].privileged', 'boolean', true)],
  ['file_path', def((e) => many(e.query.command ?? []), 'the command of an exec request, one value per argument: query.command', 'string', true)],
]);

/** Map-valued prefixes: `annotations.<key>` and `user.extra.<key>` (keys may contain dots). */
const PREFIXES: readonly [string, (key: string) => SigmaFieldDef][] = [
  ['annotations.', (k) => def((e) => one(Object.hasOwn(e.annotations, k) ? (e.annotations[k] ?? '') : ''), `annotations["${k}"]`)],
  ['user.extra.', (k) => def((e) => many(Object.hasOwn(e.user.extra, k) ? (e.user.extra[k] ?? []) : []), `user.extra["${k}"]`, 'string', true)],
];

export function resolveField(name: string): SigmaFieldDef | null {
  const d = SIGMA_FIELDS.get(name);
  if (d) return d;
  for (const [prefix, make] of PREFIXES) if (name.startsWith(prefix) && name.length > prefix.length) return make(name.slice(prefix.length));
  return null;
}

/** A known field spelled with different case, for "did you mean" hints. */
export function suggestField(name: string): string | null {
  const lower = name.toLowerCase();
  for (const k of SIGMA_FIELDS.keys()) if (k.toLowerCase() === lower) return k;
  return null;
}

/** The field names for documentation: [name, meaning]. */
export function sigmaFieldDocs(): [string, string][] {
  const out: [string, string][] = [...SIGMA_FIELDS.entries()].map(([k, d]) => [k, d.doc]);
  out.push(['annotations.<key>', 'annotations["<key>"]'], ['user.extra.<key>', 'user.extra["<key>"] (a list)']);
  return out;
}
