// Falco alert JSON -> RuntimeEvent. One shape covers Falco's own JSON output (stdout, file and
// http outputs with json_output: true) and falcosidekick's webhook payload, which is the same
// object re-encoded with a `uuid` added (key order and trailing zeros of the time may differ).
// Every alert becomes a sensor_alert: alert {rule, priority, output} plus whatever process,
// container, pod, file and network facts the rule's output_fields carry. Never throws; a
// malformed alert is rejected with a stable code, and alerts of other Falco event sources
// (k8s_audit, aws_cloudtrail, plugins) are skipped: Vigil judges audit logs itself.

import { isIPv4, isIPv6 } from 'node:net';
import type { RuntimeEvent } from '../../core/runtime-event.js';
import { isObject, obj } from '../k8s-audit/values.js';
import { emptyRuntimeEvent, normalizeContainerId, toEpochMs, type RuntimeNormalizeResult } from '../runtime/builder.js';

/** Falco's priorities, most severe first, as Vigil stores them (alert.priority). */
export const FALCO_PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'] as const;
export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

const PRIORITY_ALIASES: Record<string, FalcoPriority> = { info: 'informational', warn: 'warning', err: 'error', crit: 'critical', emerg: 'emergency' };

const MAX_STRING = 8192;
const MAX_ARGS = 256;
/** Values Falco prints for a field it could not resolve. */
const UNKNOWN = new Set(['<NA>', 'N/A', 'NA', '<nil>']);
const FILE_FD_TYPES = new Set(['file', 'directory', 'f', 'd']);
const OPEN_EVENTS = new Set(['open', 'openat', 'openat2', 'creat']);
const MODULE_EVENTS = new Set(['init_module', 'finit_module']);
const SETUID_EVENTS = new Set(['setuid', 'setreuid', 'setresuid']);

type Fields = Record<string, unknown>;

/** A string field of output_fields ('' when absent, null or unresolved); numbers as decimal text. */
function fstr(f: Fields, key: string, max = MAX_STRING): string {
  const v = f[key];
  if (typeof v === 'string') return UNKNOWN.has(v) ? '' : v.length > max ? v.slice(0, max) : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** A numeric field of output_fields (Falco writes numbers, some forwarders strings); 0 when unknown. */
function fnum(f: Fields, key: string): number {
  const v = f[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) return Number(v);
  return 0;
}

function first(f: Fields, keys: string[]): string {
  for (const k of keys) {
    const v = fstr(f, k);
    if (v) return v;
  }
  return '';
}

/** The alert's priority, lower-case; null when missing or not one of Falco's eight. */
export function falcoPriority(v: unknown): FalcoPriority | null {
  if (typeof v !== 'string') return null;
  const p = v.trim().toLowerCase();
  if ((FALCO_PRIORITIES as readonly string[]).includes(p)) return p as FalcoPriority;
  return PRIORITY_ALIASES[p] ?? null;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(\d{1,9})\d*)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * The alert time: epoch ms, and a canonical key with full ns precision ("<epoch s>.<9 digits>"),
 * so Falco's "…:56.316000000Z" and falcosidekick's re-encoded "…:56.316Z" are the same alert.
 */
export function falcoTime(v: unknown): { ms: number; key: string } | null {
  if (typeof v === 'string') {
    const m = RFC3339.exec(v.trim());
    if (m) {
      const zone = m[3] ?? 'Z';
      const base = Date.parse(`${(m[1] ?? '').replace(/[t ]/, 'T')}${/^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone.toUpperCase()}`);
      if (!Number.isFinite(base)) return null;
      const frac = (m[2] ?? '').padEnd(9, '0');
      return { ms: base + Math.floor(Number(frac) / 1e6), key: `${base / 1000}.${frac}` };
    }
  }
  const ms = toEpochMs(v);
  if (ms === null || ms <= 0) return null;
  // Epoch numbers (ns, ms or s): keep the value's own digits as the key.
  return { ms, key: typeof v === 'number' ? String(v) : String(v).trim().slice(0, 64) };
}

/** Shape test for format detection: an object with a string rule and priority, and output (or output_fields). */
export function isFalcoEvent(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  return typeof raw.rule === 'string' && typeof raw.priority === 'string' && (typeof raw.output === 'string' || isObject(raw.output_fields));
}

/** The event source of the alert: `source`, or k8s_audit when an older Falco left it out but the fields are ka.*. */
function sourceOf(raw: Record<string, unknown>, f: Fields): string {
  const s = typeof raw.source === 'string' ? raw.source.trim().toLowerCase() : '';
  if (s) return s;
  return Object.keys(f).some((k) => k.startsWith('ka.')) ? 'k8s_audit' : 'syscall';
}

/** "1.2.3.4:5->6.7.8.9:10" (client -> server), Falco's fd.name of an IP socket. */
function socketTuple(name: string): { cip: string; cport: number; sip: string; sport: number } | null {
  const m = /^(.+):(\d{1,5})->(.+):(\d{1,5})$/.exec(name);
  if (!m) return null;
  return { cip: m[1] ?? '', cport: Number(m[2]), sip: m[3] ?? '', sport: Number(m[4]) };
}

/** argv from proc.cmdline ("<name> <args>", space-joined by Falco, so quoting is lost) or proc.args. */
function argv(f: Fields, name: string): string[] {
  const cmdline = fstr(f, 'proc.cmdline');
  if (cmdline) return cmdline.split(' ').filter(Boolean).slice(0, MAX_ARGS);
  const args = fstr(f, 'proc.args');
  return args ? [name || '', ...args.split(' ').filter(Boolean)].filter(Boolean).slice(0, MAX_ARGS) : [];
}

function fillContainer(e: RuntimeEvent, f: Fields): void {
  const rawId = fstr(f, 'container.id', 128);
  if (rawId === 'host') return; // a host event: no container, no pod
  const repo = fstr(f, 'container.image.repository', 1024);
  const tag = fstr(f, 'container.image.tag', 256);
  e.container = {
    // container.full_id (newer Falco) is the 64-hex id; container.id the 12-character prefix.
    id: normalizeContainerId(fstr(f, 'container.full_id', 128)) || normalizeContainerId(rawId),
    name: fstr(f, 'container.name', 256),
    image: repo ? (tag ? `${repo}:${tag}` : repo) : fstr(f, 'container.image', 1024),
    imageId: fstr(f, 'container.image.digest', 256) || fstr(f, 'container.image.id', 256),
    startedAt: toEpochMs(f['container.start_ts']) ?? 0,
  };
  e.pod = { name: fstr(f, 'k8s.pod.name', 256), namespace: fstr(f, 'k8s.ns.name', 256), uid: fstr(f, 'k8s.pod.uid', 128) || fstr(f, 'k8s.pod.id', 128) };
}

function fillProcess(e: RuntimeEvent, f: Fields): void {
  const p = e.process;
  p.name = fstr(f, 'proc.name', 256);
  const exe = fstr(f, 'proc.exe');
  p.executablePath = fstr(f, 'proc.exepath') || (exe.startsWith('/') ? exe : '');
  p.args = argv(f, p.name);
  // Falco's proc.pid / proc.ppid are host pids; proc.vpid / proc.pvpid the container's view.
  p.hostPid = fnum(f, 'proc.pid');
  p.pid = fnum(f, 'proc.vpid');
  p.hostPpid = fnum(f, 'proc.ppid');
  p.ppid = fnum(f, 'proc.pvpid');
  const uid = fnum(f, 'user.uid');
  if (fstr(f, 'user.uid') !== '' && uid >= 0 && uid < 4294967295) {
    p.uid = uid;
    p.euid = uid;
  }
  p.pwd = fstr(f, 'proc.cwd');
  p.parentName = fstr(f, 'proc.pname', 256);
  const pexe = fstr(f, 'proc.pexe');
  p.parentPath = fstr(f, 'proc.pexepath') || (pexe.startsWith('/') ? pexe : '');
}

function fillFile(e: RuntimeEvent, f: Fields, evtType: string): void {
  const fdName = fstr(f, 'fd.name');
  const fdType = fstr(f, 'fd.type') || fstr(f, 'fd.typechar');
  const fdIsFile = fdName !== '' && (fdType ? FILE_FD_TYPES.has(fdType) : fdName.startsWith('/') && !fdName.includes('->'));
  if (evtType.startsWith('rename') || evtType.startsWith('link')) {
    e.file.path = first(f, ['evt.arg.oldpath', 'evt.arg.name']) || (fdIsFile ? fdName : '');
    e.file.newPath = first(f, ['evt.arg.newpath', 'evt.arg.linkpath']);
  } else if (evtType.startsWith('symlink')) {
    e.file.path = fstr(f, 'evt.arg.target');
    e.file.newPath = fstr(f, 'evt.arg.linkpath');
  } else {
    e.file.path = fdIsFile ? fdName : first(f, ['evt.arg.filename', 'evt.arg.pathname', 'evt.arg.name', 'evt.arg.path']);
  }
  if (OPEN_EVENTS.has(evtType)) e.file.flags = fstr(f, 'evt.arg.flags').split(/[|,\s]+/).filter(Boolean).slice(0, 32);
}

function fillNetwork(e: RuntimeEvent, f: Fields): void {
  const fdName = fstr(f, 'fd.name');
  const tuple = fdName.startsWith('/') ? null : socketTuple(fdName);
  // The remote end: fd.rip/fd.rport when the rule prints them, else the server side (fd.sip/fd.sport,
  // which is the remote end of an outbound connection), else the server side of fd.name.
  const remoteIp = fstr(f, 'fd.rip', 64) || fstr(f, 'fd.sip', 64) || (tuple?.sip ?? '');
  const remotePort = fnum(f, 'fd.rport') || fnum(f, 'fd.sport') || (tuple?.sport ?? 0);
  if (!remoteIp && !remotePort) return;
  const fdType = fstr(f, 'fd.type') || fstr(f, 'fd.typechar');
  const family =
    fdType === 'ipv4' || fdType === '4' || isIPv4(remoteIp) ? 'AF_INET' : fdType === 'ipv6' || fdType === '6' || isIPv6(remoteIp) ? 'AF_INET6' : '';
  e.network = {
    protocol: fstr(f, 'fd.l4proto', 16).toUpperCase(),
    remoteIp,
    remotePort,
    localIp: fstr(f, 'fd.lip', 64) || (tuple?.cip ?? ''),
    localPort: fnum(f, 'fd.lport') || (tuple?.cport ?? 0),
    family,
  };
}

/** The uid a setuid-family call asked for: evt.rawarg.uid, or evt.arg.uid (a number, or Falco's user name root); -1 when unknown. */
function setuidTarget(f: Fields): number {
  for (const key of ['evt.rawarg.uid', 'evt.arg.uid', 'evt.rawarg.euid', 'evt.arg.euid']) {
    const v = fstr(f, key, 32);
    if (/^\d{1,10}$/.test(v)) return Number(v);
    if (v === 'root') return 0;
  }
  return -1;
}

/** insmod/modprobe arguments of a kernel module load: the first *.ko argument, else the first argument. */
function fillModule(e: RuntimeEvent, f: Fields): void {
  const args = fstr(f, 'proc.args').split(' ').filter(Boolean);
  const ko = args.find((a) => /\.ko(\.(xz|gz|zst))?$/.test(a));
  const target = ko ?? args.find((a) => !a.startsWith('-')) ?? '';
  if (!target) return;
  e.module = { name: (target.split('/').pop() ?? '').replace(/\.ko(\.(xz|gz|zst))?$/, ''), path: ko && ko.includes('/') ? ko : '' };
}

/** Normalizes one Falco alert (Falco JSON output or a falcosidekick webhook payload). */
export function normalizeFalcoEvent(raw: unknown, cluster: string, node = ''): RuntimeNormalizeResult {
  if (!isObject(raw)) return { ok: false, code: 'not_object', reason: 'not a JSON object' };
  const rule = typeof raw.rule === 'string' ? raw.rule.trim() : '';
  if (!rule) return { ok: false, code: 'missing_rule', reason: 'not a Falco alert: no rule' };
  const priority = falcoPriority(raw.priority);
  if (!priority) return { ok: false, code: 'bad_priority', reason: 'missing or unknown priority (emergency, alert, critical, error, warning, notice, informational, debug)' };
  const time = falcoTime(raw.time);
  if (!time) return { ok: false, code: 'bad_timestamp', reason: 'missing or invalid time' };
  const f = obj(raw.output_fields);
  const source = sourceOf(raw, f);
  if (source !== 'syscall') return { ok: false, code: 'unused_source', reason: `Falco event source ${source.slice(0, 64)} is not used by Vigil (only syscall alerts are)`, skip: true };

  const e = emptyRuntimeEvent('sensor_alert', 'falco', cluster);
  const evtType = fstr(f, 'evt.type', 64);
  e.sensorEvent = evtType;
  e.time = time.ms;
  e.timestamp = typeof raw.time === 'string' ? raw.time.slice(0, 64) : time.key;
  e.node = (typeof raw.hostname === 'string' ? raw.hostname.slice(0, 256) : '') || fstr(f, 'evt.hostname', 256) || node;
  fillContainer(e, f);
  fillProcess(e, f);
  fillFile(e, f, evtType);
  fillNetwork(e, f);
  if (MODULE_EVENTS.has(evtType)) fillModule(e, f);
  if (evtType === 'ptrace') {
    e.targetProcess = { pid: fnum(f, 'evt.arg.pid'), name: '' };
    e.ptrace = { request: fstr(f, 'evt.arg.request', 64) };
  }
  if (SETUID_EVENTS.has(evtType)) e.setuid = { uid: setuidTarget(f) };
  e.alert = { rule: rule.slice(0, 512), priority, output: typeof raw.output === 'string' ? raw.output.slice(0, MAX_STRING) : '' };
  e.dedupeKey = `falco|${e.node}|${time.key}|${e.alert.rule}|${fstr(f, 'proc.pid', 32)}`;
  return { ok: true, event: e };
}
