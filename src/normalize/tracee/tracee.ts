// Tracee JSON (both formats: v0.24.x trace.Event with eventName/args, and v1beta1 with
// name/workload/data) -> RuntimeEvent. Never throws; a malformed event is rejected with a reason.

import type { RuntimeEvent } from '../../core/runtime-event.js';
import { isObject, obj } from '../k8s-audit/values.js';
import { emptyRuntimeEvent, normalizeContainerId, toEpochMs, type RuntimeNormalizeResult } from '../runtime/builder.js';
import { argsOf, num, str, strs, type ArgMap } from './args.js';
import { TRACEE_EVENTS } from './event-types.js';
import { openFlags, opensForWrite } from '../runtime/files.js';

/** ptrace(2) request numbers (x86-64) for events that carry the number. */
const PTRACE_REQUESTS: Record<number, string> = {
  0: 'PTRACE_TRACEME', 1: 'PTRACE_PEEKTEXT', 2: 'PTRACE_PEEKDATA', 3: 'PTRACE_PEEKUSER', 4: 'PTRACE_POKETEXT', 5: 'PTRACE_POKEDATA',
  6: 'PTRACE_POKEUSER', 7: 'PTRACE_CONT', 8: 'PTRACE_KILL', 9: 'PTRACE_SINGLESTEP', 12: 'PTRACE_GETREGS', 13: 'PTRACE_SETREGS',
  16: 'PTRACE_ATTACH', 17: 'PTRACE_DETACH', 0x4206: 'PTRACE_SEIZE',
};


function sockaddr(v: unknown): { ip: string; port: number; family: string } {
  const a = obj(v);
  const family = str(a.sa_family);
  if (family === 'AF_INET6') return { ip: str(a.sin6_addr), port: num(a.sin6_port), family };
  if (family === 'AF_UNIX') return { ip: str(a.sun_path), port: 0, family };
  return { ip: str(a.sin_addr), port: num(a.sin_port), family };
}

/** The legacy (v0.24) fields. */
function fillLegacy(e: RuntimeEvent, raw: Record<string, unknown>): void {
  const c = obj(raw.container);
  const k = obj(raw.kubernetes);
  e.container = { id: normalizeContainerId(str(raw.containerId) || str(c.id)), name: str(c.name), image: str(c.image), imageId: str(c.imageDigest), startedAt: toEpochMs(c.startTime) ?? 0 };
  e.pod = { name: str(k.podName), namespace: str(k.podNamespace), uid: str(k.podUID) };
  const p = e.process;
  p.pid = num(raw.processId);
  p.hostPid = num(raw.hostProcessId);
  p.ppid = num(raw.parentProcessId);
  p.hostPpid = num(raw.hostParentProcessId);
  p.name = str(raw.processName);
  p.executablePath = str(obj(raw.executable).path);
  p.uid = num(raw.userId);
  p.euid = p.uid;
  p.startTime = toEpochMs(raw.threadStartTime) ?? 0;
  p.uniqueId = raw.processEntityId !== undefined ? String(num(raw.processEntityId)) : '';
  p.parentUniqueId = raw.parentEntityId !== undefined ? String(num(raw.parentEntityId)) : '';
}

/** The v1beta1 fields. */
function fillV1(e: RuntimeEvent, raw: Record<string, unknown>): void {
  const w = obj(raw.workload);
  const proc = obj(w.process);
  const thread = obj(proc.thread);
  const c = obj(w.container);
  const img = obj(c.image);
  const k8s = obj(w.k8s);
  e.container = { id: normalizeContainerId(str(c.id)), name: str(c.name), image: str(img.name), imageId: str(img.id), startedAt: toEpochMs(c.start_time) ?? 0 };
  e.pod = { name: str(obj(k8s.pod).name), namespace: str(obj(k8s.namespace).name), uid: str(obj(k8s.pod).uid) };
  const p = e.process;
  p.pid = num(proc.pid);
  p.hostPid = num(proc.host_pid);
  p.name = str(thread.name);
  p.executablePath = str(obj(proc.executable).path);
  p.uid = num(obj(proc.real_user).id);
  p.euid = p.uid;
  p.startTime = toEpochMs(thread.start_time) ?? 0;
  p.uniqueId = proc.unique_id !== undefined ? String(num(proc.unique_id)) : '';
  const ancestors = Array.isArray(proc.ancestors) ? proc.ancestors.filter(isObject) : [];
  const parent = ancestors[0];
  if (parent) {
    p.ppid = num(parent.pid);
    p.hostPpid = num(parent.host_pid);
    p.parentUniqueId = parent.unique_id !== undefined ? String(num(parent.unique_id)) : '';
    p.parentPath = str(obj(parent.executable).path);
    p.parentName = str(obj(parent.thread).name);
  }
  e.node = str(obj(raw.node).name);
}

function fillArgs(e: RuntimeEvent, a: ArgMap): void {
  switch (e.eventType) {
    case 'process_exec': {
      e.file.path = str(a.get('pathname')) || str(a.get('cmdpath'));
      e.file.ctime = toEpochMs(a.get('ctime')) ?? 0;
      const argv = strs(a.get('argv'));
      if (argv.length) e.process.args = argv;
      if (str(a.get('cmdpath'))) e.process.executablePath = str(a.get('cmdpath'));
      else if (e.file.path) e.process.executablePath = e.file.path;
      e.process.stdinPath = str(a.get('stdin_path'));
      e.process.sha256 = /^[0-9a-f]{64}$/i.test(str(a.get('sha256'))) ? str(a.get('sha256')).toLowerCase() : '';
      e.process.pwd = str(a.get('pwd'));
      if (str(a.get('prev_comm'))) e.process.parentName ||= str(a.get('prev_comm'));
      break;
    }
    case 'file_open':
      e.file.path = str(a.get('pathname')) || str(a.get('syscall_pathname'));
      e.file.flags = openFlags(a.get('flags'));
      if (opensForWrite(e.file.flags)) e.eventType = 'file_write';
      break;
    case 'file_write':
    case 'file_unlink':
      e.file.path = str(a.get('pathname'));
      break;
    case 'file_rename':
      e.file.path = str(a.get('old_path'));
      e.file.newPath = str(a.get('new_path'));
      break;
    case 'library_load':
      e.file.path = str(a.get('pathname'));
      e.file.ctime = toEpochMs(a.get('ctime')) ?? 0;
      break;
    case 'memfd_create':
      e.file.path = `memfd:${str(a.get('name'))}`;
      break;
    case 'dns_request': {
      const qs = Array.isArray(a.get('dns_questions')) ? (a.get('dns_questions') as unknown[]) : [];
      const q = obj(qs[0]);
      e.dns = { query: str(q.query).toLowerCase().replace(/\.$/, ''), queryType: str(q.query_type), resolver: str(obj(a.get('metadata')).dst_ip) };
      break;
    }
    case 'network_connect':
    case 'network_accept': {
      const s = sockaddr(a.get(e.eventType === 'network_connect' ? 'remote_addr' : 'remote_addr') ?? a.get('local_addr'));
      e.network = { protocol: str(a.get('type')).includes('DGRAM') ? 'UDP' : 'TCP', remoteIp: s.ip, remotePort: s.port, localIp: '', localPort: 0, family: s.family };
      break;
    }
    case 'mount':
      e.mount = { source: str(a.get('dev_name')), target: str(a.get('path')), fsType: str(a.get('type')), flags: openFlags(a.get('flags')).length ? [String(a.get('flags'))] : [] };
      break;
    case 'ptrace': {
      e.targetProcess = { pid: num(a.get('pid')), name: '' };
      const req = a.get('request');
      e.ptrace.request = typeof req === 'string' ? req : PTRACE_REQUESTS[num(req)] ?? String(num(req));
      break;
    }
    case 'setuid':
      e.setuid.uid = a.has('uid') ? num(a.get('uid')) : a.has('ruid') ? num(a.get('ruid')) : -1;
      break;
    case 'process_vm_write':
      e.targetProcess = { pid: num(a.get('pid')), name: '' };
      break;
    case 'module_load':
      e.module = { name: str(a.get('name')), path: str(a.get('pathname')) };
      break;
    default:
      break;
  }
}

/** Normalizes one Tracee event. */
export function normalizeTraceeEvent(raw: unknown, cluster: string, node = ''): RuntimeNormalizeResult {
  if (!isObject(raw)) return { ok: false, code: 'not_object', reason: 'not a JSON object' };
  const legacy = typeof raw.eventName === 'string';
  const name = legacy ? (raw.eventName as string) : typeof raw.name === 'string' ? raw.name : '';
  if (!name) return { ok: false, code: 'not_tracee', reason: 'not a Tracee event: no eventName (v0.24) or name (v1beta1)' };
  const time = toEpochMs(raw.timestamp);
  if (time === null) return { ok: false, code: 'bad_timestamp', reason: 'missing or invalid timestamp' };
  const props = obj(obj(raw.metadata).Properties);
  const signature = str(props.signatureName) || str(obj(raw.threat).name);
  const type = TRACEE_EVENTS[name] ?? (signature ? 'sensor_alert' : undefined);
  if (!type) return { ok: false, code: 'unused_event', reason: `Tracee event ${name.slice(0, 64)} is not used by Vigil`, skip: true };
  const e = emptyRuntimeEvent(type, 'tracee', cluster);
  e.sensorEvent = name.slice(0, 128);
  e.time = time;
  e.timestamp = String(raw.timestamp).slice(0, 64);
  if (legacy) fillLegacy(e, raw);
  else fillV1(e, raw);
  if (!e.node) e.node = node;
  fillArgs(e, argsOf(raw));
  if (type === 'sensor_alert') e.alert = { rule: signature, priority: str(props.Severity) || String(num(props.Severity)), output: str(props.signatureName) };
  e.dedupeKey = `tracee|${e.node}|${e.timestamp}|${e.process.hostPid}|${name}|${e.file.path}${e.dns.query}`;
  return { ok: true, event: e };
}
