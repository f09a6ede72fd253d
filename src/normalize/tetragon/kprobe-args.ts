// The `args` (and `return`) of process_kprobe, process_lsm and process_tracepoint: a list of
// KprobeArgument objects, each holding exactly one typed member (file_arg, int_arg, sock_arg, ...)
// and optionally the `label` the TracingPolicy gave it. Tetragon does not say which kernel
// argument index a value came from, so the hook readers work by order and by type.

import { isObject, obj } from '../k8s-audit/values.js';
import { num, numOrNull, str } from './values.js';

export type KArg =
  /** file_arg, path_arg, linux_binprm_arg: a resolved path. */
  | { kind: 'path'; path: string; label: string }
  | { kind: 'string'; value: string; label: string }
  /** int_arg, uint_arg, long_arg, size_arg. */
  | { kind: 'int'; value: number; label: string }
  /** sock_arg (a socket, both ends), skb_arg (a packet), sockaddr_arg (an address passed in). */
  | { kind: 'net'; source: 'sock' | 'skb' | 'sockaddr'; family: string; protocol: string; saddr: string; daddr: string; sport: number; dport: number; label: string }
  | { kind: 'module'; name: string; label: string }
  | { kind: 'creds'; uid: number; euid: number; label: string }
  | { kind: 'other'; label: string };

const MAX_KPROBE_ARGS = 32;
const INT_KEYS = ['int_arg', 'uint_arg', 'long_arg', 'size_arg'] as const;
const PATH_KEYS = ['file_arg', 'path_arg', 'linux_binprm_arg'] as const;

/** IPPROTO_* numbers seen in skb_arg.proto. */
const IP_PROTOCOLS: Record<number, string> = { 6: 'TCP', 17: 'UDP', 1: 'ICMP', 58: 'ICMPV6', 132: 'SCTP' };

/** "IPPROTO_TCP" -> "TCP"; a number -> its name; '' when unknown. */
export function protocolName(protocol: unknown, proto?: unknown): string {
  const s = str(protocol, 64);
  if (s) return s.replace(/^IPPROTO_/, '').toUpperCase();
  const n = numOrNull(proto);
  return n === null ? '' : IP_PROTOCOLS[n] ?? String(n);
}

export function parseArg(raw: unknown): KArg {
  const a = obj(raw);
  const label = str(a.label, 128);
  for (const k of PATH_KEYS) if (isObject(a[k])) return { kind: 'path', path: str(a[k].path), label };
  for (const k of INT_KEYS) {
    const n = numOrNull(a[k]);
    if (n !== null) return { kind: 'int', value: n, label };
  }
  if (typeof a.string_arg === 'string') return { kind: 'string', value: str(a.string_arg), label };
  if (isObject(a.sock_arg)) {
    const s = a.sock_arg;
    return { kind: 'net', source: 'sock', family: str(s.family, 32), protocol: protocolName(s.protocol), saddr: str(s.saddr, 64), daddr: str(s.daddr, 64), sport: num(s.sport), dport: num(s.dport), label };
  }
  if (isObject(a.skb_arg)) {
    const s = a.skb_arg;
    const daddr = str(s.daddr, 64);
    const family = str(s.family, 32) || (daddr.includes(':') ? 'AF_INET6' : daddr ? 'AF_INET' : '');
    return { kind: 'net', source: 'skb', family, protocol: protocolName(s.protocol, s.proto), saddr: str(s.saddr, 64), daddr, sport: num(s.sport), dport: num(s.dport), label };
  }
  if (isObject(a.sockaddr_arg)) {
    const s = a.sockaddr_arg;
    return { kind: 'net', source: 'sockaddr', family: str(s.family, 32), protocol: '', saddr: '', daddr: str(s.addr, 256), sport: 0, dport: num(s.port), label };
  }
  if (isObject(a.module_arg)) return { kind: 'module', name: str(a.module_arg.name, 256), label };
  if (isObject(a.process_credentials_arg)) {
    const c = a.process_credentials_arg;
    return { kind: 'creds', uid: num(c.uid, -1), euid: num(c.euid, -1), label };
  }
  return { kind: 'other', label };
}

export function parseArgs(list: unknown): KArg[] {
  return Array.isArray(list) ? list.slice(0, MAX_KPROBE_ARGS).map(parseArg) : [];
}

/** The hook's return value when the policy asked for it (`return: {int_arg: -13}`), else null. */
export function returnValue(ret: unknown): number | null {
  const a = parseArg(ret);
  return a.kind === 'int' ? a.value : null;
}

export function paths(args: KArg[]): string[] {
  return args.flatMap((a) => (a.kind === 'path' && a.path ? [a.path] : []));
}

export function strings(args: KArg[]): string[] {
  return args.flatMap((a) => (a.kind === 'string' ? [a.value] : []));
}

export function ints(args: KArg[]): number[] {
  return args.flatMap((a) => (a.kind === 'int' ? [a.value] : []));
}

/** An int argument the policy labelled with one of the names (case-insensitive), else null. */
export function labelledInt(args: KArg[], ...names: string[]): number | null {
  for (const a of args) if (a.kind === 'int' && names.some((n) => a.label.toLowerCase().includes(n))) return a.value;
  return null;
}

export function firstNet(args: KArg[]): Extract<KArg, { kind: 'net' }> | undefined {
  return args.find((a): a is Extract<KArg, { kind: 'net' }> => a.kind === 'net');
}
