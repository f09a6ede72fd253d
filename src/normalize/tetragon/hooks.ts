// Which TracingPolicy hooks Vigil understands, and how each one's arguments fill a RuntimeEvent.
// Hooks are named canonically (values.ts canonicalFunction): `__x64_sys_renameat2` is `renameat2`,
// `security_file_permission` and the LSM hook `file_permission` are both `file_permission`.
//
// DNS: Tetragon has no DNS event and never sees query names (there is no process_dns in the
// export). The closest a TracingPolicy gets is a kprobe on outbound packets or sends to port 53
// (upstream examples hook ip_output / udp_sendmsg): those become network_connect to the resolver,
// so DNS-based detections (BitcoinTool.B!DNS, C&CActivity.B!DNS) cannot fire on Tetragon events.

import type { RuntimeEventType } from '../../core/runtime-event.js';
import { intAt, type Fill, type HookContext } from './hook-context.js';
import { filePermission, fileOpen, fileTruncate, mmapFile, rename, unlink } from './hooks-files.js';
import { firstNet, ints, labelledInt, paths, strings, type KArg } from './kprobe-args.js';
import { basename } from './values.js';

interface Hook {
  type: RuntimeEventType;
  fill: Fill;
}

/** kernel_read_file_id / kernel_load_data_id: READING_MODULE / LOADING_MODULE. */
const READING_MODULE = 2;

const PTRACE_REQUESTS: Record<number, string> = {
  0: 'PTRACE_TRACEME', 1: 'PTRACE_PEEKTEXT', 2: 'PTRACE_PEEKDATA', 3: 'PTRACE_PEEKUSER', 4: 'PTRACE_POKETEXT', 5: 'PTRACE_POKEDATA',
  6: 'PTRACE_POKEUSER', 7: 'PTRACE_CONT', 8: 'PTRACE_KILL', 9: 'PTRACE_SINGLESTEP', 12: 'PTRACE_GETREGS', 13: 'PTRACE_SETREGS',
  16: 'PTRACE_ATTACH', 17: 'PTRACE_DETACH', 0x4206: 'PTRACE_SEIZE',
};

const MOUNT_FLAGS: readonly (readonly [number, string])[] = [
  [1, 'MS_RDONLY'], [2, 'MS_NOSUID'], [4, 'MS_NODEV'], [8, 'MS_NOEXEC'], [32, 'MS_REMOUNT'], [4096, 'MS_BIND'],
  [8192, 'MS_MOVE'], [16384, 'MS_REC'], [1 << 18, 'MS_PRIVATE'], [1 << 19, 'MS_SLAVE'], [1 << 20, 'MS_SHARED'],
];

type Net = Extract<KArg, { kind: 'net' }>;

function setNetwork(c: HookContext, dst: Net | undefined, sock: Net | undefined): string | null {
  if (!dst?.daddr) return 'no address in the arguments';
  c.e.network = {
    protocol: sock?.protocol || dst.protocol,
    remoteIp: dst.daddr,
    remotePort: dst.dport,
    localIp: sock?.saddr ?? '',
    localPort: sock?.sport ?? 0,
    family: dst.family || sock?.family || '',
  };
  return null;
}

/** Outbound: the address passed in (sockaddr_arg) when there is one, else the socket's or packet's destination. */
const connect: Fill = (c) => {
  const nets = c.args.filter((a): a is Net => a.kind === 'net');
  const sockaddr = nets.find((a) => a.source === 'sockaddr');
  const sock = nets.find((a) => a.source !== 'sockaddr');
  return setNetwork(c, sockaddr ?? sock, sock);
};

/** Inbound: the accepted socket (inet_csk_accept's return value) or a socket argument; its peer is the remote end. */
const accept: Fill = (c) => {
  const sock = c.ret?.kind === 'net' ? c.ret : firstNet(c.args);
  return setNetwork(c, sock, sock);
};

const mount: Fill = (c) => {
  const s = strings(c.args);
  const p = paths(c.args);
  const flags = intAt(c, 0, 'flag');
  c.e.mount = {
    source: s[0] ?? '',
    target: p[0] ?? s[1] ?? '',
    fsType: (p.length ? s[1] : s[2]) ?? '',
    flags: flags === null ? [] : MOUNT_FLAGS.flatMap(([bit, name]) => (flags & bit ? [name] : [])),
  };
  return null;
};

function moduleName(path: string): string {
  return basename(path).replace(/\.ko(\.(xz|gz|zst))?$/, '');
}

const moduleRequest: Fill = (c) => {
  c.e.module = { name: strings(c.args)[0] ?? '', path: '' };
  return null;
};

const moduleLoad: Fill = (c) => {
  const m = c.args.find((a) => a.kind === 'module');
  const path = paths(c.args)[0] ?? '';
  c.e.module = { name: m?.kind === 'module' ? m.name : moduleName(path), path };
  return null;
};

const kernelReadFile: Fill = (c) => {
  const id = labelledInt(c.args, 'id') ?? (c.positional ? ints(c.args)[0] ?? null : null);
  if (id !== null && id !== READING_MODULE) return 'not a kernel module read';
  return moduleLoad(c);
};

/**
 * ptrace(2) (request, pid, ...) and ptrace_attach (task, request, ...) carry the request;
 * ptrace_access_check (task, mode) only a mode. The target's pid needs a policy that reads it
 * (an int argument labelled pid) except for ptrace(2) itself.
 */
const ptrace: Fill = (c) => {
  if (c.fn === 'ptrace_traceme') c.e.ptrace.request = 'PTRACE_TRACEME';
  else if (c.fn === 'ptrace' || c.fn === 'ptrace_attach') {
    const req = intAt(c, 0, 'request');
    if (req !== null) c.e.ptrace.request = PTRACE_REQUESTS[req] ?? String(req);
  }
  c.e.targetProcess.pid = (c.fn === 'ptrace' ? intAt(c, 1, 'pid') : labelledInt(c.args, 'pid')) ?? 0;
  return null;
};

const vmWrite: Fill = (c) => {
  c.e.targetProcess.pid = intAt(c, 0, 'pid') ?? 0;
  return null;
};

/** A uid argument: -1 (also as the unsigned 4294967295) means "unchanged". */
function uidArg(v: number | undefined): number {
  return v === undefined || v < 0 || v === 4294967295 ? -1 : v;
}

/**
 * The real uid asked for, as the Tracee adapter reads it: setuid(uid), setreuid(ruid, ...),
 * setresuid(ruid, ...), setfsuid(fsuid); commit_creds: the new credentials' real uid. commit_creds
 * also runs on every execve (a set-user-ID exec changes only the effective uid), so taking the real
 * uid keeps execs of sudo and friends from looking like a process making itself root.
 */
const setuid: Fill = (c) => {
  const creds = c.args.find((a) => a.kind === 'creds');
  if (creds?.kind === 'creds') c.e.setuid.uid = uidArg(creds.uid);
  else c.e.setuid.uid = uidArg(intAt(c, 0, 'uid') ?? undefined);
  return null;
};

const memfd: Fill = (c) => {
  c.e.file.path = `memfd:${strings(c.args)[0] ?? ''}`;
  return null;
};

const none: Fill = () => null;

const table: [RuntimeEventType, Fill, string[]][] = [
  ['file_open', filePermission, ['file_permission']],
  ['file_open', fileOpen, ['file_open', 'fd_install', 'open', 'openat', 'openat2', 'do_sys_open', 'do_sys_openat2', 'do_filp_open']],
  ['file_write', fileOpen, ['creat']],
  ['file_write', fileTruncate, ['path_truncate', 'file_truncate', 'truncate', 'ftruncate', 'do_truncate', 'vfs_truncate']],
  ['library_load', mmapFile, ['mmap_file']],
  ['file_rename', rename, ['rename', 'renameat', 'renameat2', 'inode_rename', 'path_rename', 'vfs_rename', 'do_renameat2']],
  ['file_unlink', unlink, ['unlink', 'unlinkat', 'inode_unlink', 'path_unlink', 'vfs_unlink', 'do_unlinkat']],
  ['network_connect', connect, ['tcp_connect', 'tcp_v4_connect', 'tcp_v6_connect', 'connect', 'socket_connect', 'inet_stream_connect', 'ip4_datagram_connect', 'ip6_datagram_connect', 'udp_sendmsg', 'udpv6_sendmsg', 'ip_output', 'ip_finish_output', 'ip_local_out', 'ip6_output', 'ip_send_skb', 'ip_queue_xmit']],
  ['network_accept', accept, ['inet_csk_accept', 'socket_accept', 'accept', 'accept4']],
  ['mount', mount, ['sb_mount', 'mount', 'do_mount', 'path_mount']],
  ['module_load', moduleRequest, ['kernel_module_request']],
  ['module_load', moduleLoad, ['do_init_module', 'load_module', 'init_module', 'finit_module']],
  ['module_load', kernelReadFile, ['kernel_read_file', 'kernel_load_data']],
  ['ptrace', ptrace, ['ptrace', 'ptrace_access_check', 'ptrace_attach', 'ptrace_traceme']],
  ['process_vm_write', vmWrite, ['process_vm_writev']],
  ['setuid', setuid, ['setuid', 'setreuid', 'setresuid', 'setfsuid', 'commit_creds']],
  ['memfd_create', memfd, ['memfd_create']],
  ['userfaultfd', none, ['userfaultfd']],
];

export const HOOKS: ReadonlyMap<string, Hook> = new Map(table.flatMap(([type, fill, names]) => names.map((n): [string, Hook] => [n, { type, fill }])));
