// A judged event -> its event-archive row: the entity columns an investigation looks events up by
// (core/entities.ts forms), a one-line summary, and the raw JSON with oversized members cut so no
// row exceeds MAX_RAW_CHARS. Values are attacker-controlled data: they are only copied, capped and
// bound as SQL parameters, never interpreted.

import { podKey, workloadKey } from '../core/entities.js';
import type { AuditEvent } from '../core/event.js';
import type { RuntimeEvent } from '../core/runtime-event.js';
import { WORKLOAD_RESOURCES } from '../normalize/k8s-audit/workload-view.js';
import type { ArchivedEventInput } from '../store/store.js';

/** The most raw JSON kept per event (characters). */
export const MAX_RAW_CHARS = 16 * 1024;
/** Longest entity value kept (longer values are cut: nobody searches for them). */
const MAX_VALUE = 512;
const MAX_SUMMARY = 300;
const WORKLOADS = new Set(WORKLOAD_RESOURCES);
const NODE_USER = 'system:node:';

function cap(s: string, max = MAX_VALUE): string | null {
  return s === '' ? null : s.length > max ? s.slice(0, max) : s;
}

function line(parts: string[]): string {
  const s = parts.filter((p) => p !== '').join(' ');
  return s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s;
}

/**
 * The event's JSON within MAX_RAW_CHARS: whole when it fits; else with its largest top-level members
 * (requestObject, responseObject, args, ...) replaced by "[truncated: N characters]"; else an object
 * holding the start of the text. Always valid JSON.
 */
export function rawJson(raw: unknown): { raw: string; truncated: boolean } {
  const whole = JSON.stringify(raw) ?? 'null';
  if (whole.length <= MAX_RAW_CHARS) return { raw: whole, truncated: false };
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    const sizes = Object.entries(copy).map(([k, v]) => [k, (JSON.stringify(v) ?? '').length] as const).sort((a, b) => b[1] - a[1]);
    let size = whole.length;
    for (const [k, n] of sizes) {
      const marker = `[truncated: ${n} characters]`;
      copy[k] = marker;
      size -= n - marker.length - 2;
      if (size <= MAX_RAW_CHARS) {
        const cut = JSON.stringify(copy);
        if (cut.length <= MAX_RAW_CHARS) return { raw: cut, truncated: true };
      }
    }
  }
  return { raw: JSON.stringify({ truncated: true, characters: whole.length, start: whole.slice(0, MAX_RAW_CHARS / 2) }), truncated: true };
}

function auditRow(e: AuditEvent, kept: { raw: string; truncated: boolean }): ArchivedEventInput {
  const t = e.target;
  let { name, namespace } = t;
  let image = '';
  if (WORKLOADS.has(t.resource) && t.subresource === '') {
    const w = e.workload; // lazy and shared with the rules that read it
    if (w.present) {
      name ||= w.name;
      namespace ||= w.namespace;
      image = w.containers[0]?.image ?? '';
    }
  }
  const isWorkload = WORKLOADS.has(t.resource) && name !== '';
  const username = e.user.username;
  const object = e.nonResource ? e.path : `${t.resource}${t.subresource ? `/${t.subresource}` : ''} ${namespace && name ? `${namespace}/${name}` : namespace || name}`;
  return {
    cluster: e.cluster,
    time: e.time,
    plane: 'audit',
    key: `${e.auditId}\u0000${e.stage}`,
    actor: cap(username),
    namespace: cap(namespace),
    workload: isWorkload ? cap(workloadKey(t.resource, namespace, name)) : null,
    pod: isWorkload && t.resource === 'pods' ? cap(podKey(namespace, name)) : null,
    image: cap(image),
    node: username.startsWith(NODE_USER) ? cap(username.slice(NODE_USER.length)) : null,
    sourceIp: cap(e.sourceIp),
    summary: line([e.verb, object.trim(), e.response.code ? String(e.response.code) : '']),
    raw: kept.raw,
    truncated: kept.truncated,
  };
}

/** What a runtime event is about, in a few words after its type. */
function runtimeDetail(e: RuntimeEvent): string[] {
  const p = e.process;
  switch (e.eventType) {
    case 'process_exec':
      return [p.executablePath || p.name, ...p.args.slice(1, 12)];
    case 'dns_request':
      return [e.dns.query, e.dns.queryType];
    case 'network_connect':
    case 'network_accept':
      return [`${e.network.remoteIp}:${e.network.remotePort}`, e.network.protocol, `by ${p.name}`];
    case 'file_rename':
      return [e.file.path, '->', e.file.newPath, `by ${p.name}`];
    case 'mount':
      return [e.mount.source, '->', e.mount.target, e.mount.fsType];
    case 'module_load':
      return [e.module.name || e.module.path];
    case 'ptrace':
      return [e.ptrace.request, `${e.targetProcess.name}(${e.targetProcess.pid})`, `by ${p.name}`];
    case 'sensor_alert':
      return [e.alert.rule, e.alert.priority];
    case 'file_write':
    case 'file_unlink':
    case 'file_open':
    case 'library_load':
    case 'memfd_create':
      return [e.file.path, `by ${p.name}`];
    default:
      return [p.executablePath || p.name];
  }
}

function runtimeRow(e: RuntimeEvent, kept: { raw: string; truncated: boolean }): ArchivedEventInput {
  const { name, namespace } = e.pod;
  const network = e.eventType === 'network_connect' || e.eventType === 'network_accept';
  return {
    cluster: e.cluster,
    time: e.time,
    plane: 'runtime',
    key: e.dedupeKey,
    actor: null,
    namespace: cap(namespace),
    workload: name ? cap(workloadKey('pods', namespace, name)) : null,
    pod: name ? cap(podKey(namespace, name)) : null,
    image: cap(e.container.image),
    node: cap(e.node),
    sourceIp: network ? cap(e.network.remoteIp) : null,
    summary: line([e.eventType, ...runtimeDetail(e)]),
    raw: kept.raw,
    truncated: kept.truncated,
  };
}

/** The archive row of an accepted event; `raw` is the item as received. */
export function archiveRow(e: AuditEvent | RuntimeEvent, raw: unknown): ArchivedEventInput {
  return e.kind === 'runtime' ? runtimeRow(e, rawJson(raw)) : auditRow(e, rawJson(raw));
}
