import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuntimeEvent } from '../../core/runtime-event.js';
import { kprobe, lsm, tetragonEvent, tetragonProcess } from './tetragon-events.js';
import { normalizeTetragonEvent } from './tetragon.js';

function ok(raw: unknown): RuntimeEvent {
  const r = normalizeTetragonEvent(raw, 'prod-eu');
  assert.ok(r.ok, JSON.stringify(r));
  return r.event;
}

function skipped(raw: unknown): string {
  const r = normalizeTetragonEvent(raw, 'prod-eu');
  assert.equal(r.ok, false);
  if (r.ok) return '';
  assert.equal(r.skip, true, r.reason);
  return r.code;
}

const file = (path: string) => ({ file_arg: { path, permission: '-rw-r--r--' } });

test('security_file_permission: MAY_WRITE / MAY_APPEND are writes, MAY_READ an open (kprobe or LSM hook)', () => {
  const w = ok(kprobe('security_file_permission', [file('/usr/bin/curl.dpkg-new'), { int_arg: 2 }], { return: { int_arg: 0 } }));
  assert.equal(w.eventType, 'file_write');
  assert.equal(w.sensorEvent, 'process_kprobe/security_file_permission');
  assert.equal(w.file.path, '/usr/bin/curl.dpkg-new');
  assert.deepEqual(w.file.flags, ['MAY_WRITE']);
  assert.equal(w.container.id.length, 64);
  assert.equal(ok(kprobe('security_file_permission', [file('/var/log/app.log'), { int_arg: 8 }])).eventType, 'file_write');
  const r = ok(kprobe('security_file_permission', [file('/etc/passwd'), { int_arg: 4 }]));
  assert.equal(r.eventType, 'file_open');
  assert.deepEqual(r.file.flags, ['MAY_READ']);
  const l = ok(lsm('file_permission', [file('/etc/shadow'), { int_arg: 2 }]));
  assert.equal(l.eventType, 'file_write');
  assert.equal(l.sensorEvent, 'process_lsm/file_permission');
  assert.equal(skipped(kprobe('security_file_permission', [{ int_arg: 2 }])), 'unusable_event');
});

test('failed or overridden file changes are skipped: the file did not change', () => {
  assert.equal(skipped(kprobe('security_file_permission', [file('/etc/shadow'), { int_arg: 2 }], { return: { int_arg: -13 } })), 'failed_call');
  assert.equal(skipped(kprobe('security_file_permission', [file('/etc/shadow'), { int_arg: 2 }], { action: 'KPROBE_ACTION_OVERRIDE' })), 'failed_call');
  // A read that failed is still an attempt worth keeping.
  assert.equal(ok(kprobe('security_file_permission', [file('/etc/shadow'), { int_arg: 4 }], { return: { int_arg: -13 } })).eventType, 'file_open');
});

test('fd_install, security_file_open and openat: writes by their open flags; relative paths against the cwd', () => {
  const fd = ok(kprobe('fd_install', [{ int_arg: 3 }, file('/etc/hosts')]));
  assert.equal(fd.eventType, 'file_open');
  assert.equal(fd.file.path, '/etc/hosts');
  const labelled = ok(kprobe('security_file_open', [file('/usr/local/bin/x'), { uint_arg: 0o101, label: 'f_flags' }]));
  assert.equal(labelled.eventType, 'file_write');
  assert.deepEqual(labelled.file.flags, ['O_WRONLY', 'O_CREAT']);
  const fdWrite = ok(kprobe('fd_install', [{ int_arg: 4 }, file('/var/log/app/app.log'), { int_arg: 0o2001, label: 'flags' }]));
  assert.equal(fdWrite.eventType, 'file_write');
  const openat = ok(kprobe('__x64_sys_openat', [{ int_arg: -100 }, { string_arg: 'out/report.txt' }, { int_arg: 0o1101 }]));
  assert.equal(openat.eventType, 'file_write');
  assert.equal(openat.file.path, '/srv/out/report.txt');
  assert.deepEqual(openat.file.flags, ['O_WRONLY', 'O_CREAT', 'O_TRUNC']);
  const viaDirfd = ok(kprobe('__x64_sys_openat', [{ int_arg: 5 }, { string_arg: 'cfg.yaml' }, { int_arg: 0 }]));
  assert.equal(viaDirfd.eventType, 'file_open');
  assert.equal(viaDirfd.file.path, 'cfg.yaml');
  assert.equal(ok(kprobe('__x64_sys_openat', [{ int_arg: -100 }, { string_arg: '/tmp/a' }, { string_arg: 'O_RDWR|O_CLOEXEC' }])).eventType, 'file_write');
  const trunc = ok(kprobe('security_path_truncate', [{ path_arg: { path: '/etc/resolv.conf' } }]));
  assert.equal(trunc.eventType, 'file_write');
  assert.equal(trunc.file.path, '/etc/resolv.conf');
});

test('security_mmap_file with PROT_EXEC is a library load; other mappings are skipped', () => {
  const lib = ok(kprobe('security_mmap_file', [file('/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0'), { uint_arg: 5 }], { return: { int_arg: 0 } }));
  assert.equal(lib.eventType, 'library_load');
  assert.equal(lib.file.path, '/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0');
  assert.equal(skipped(kprobe('security_mmap_file', [file('/usr/lib/locale/C.utf8/LC_CTYPE'), { uint_arg: 1 }])), 'unusable_event');
  assert.equal(skipped(kprobe('security_mmap_file', [file('/usr/bin/curl'), { uint_arg: 5 }])), 'unusable_event');
});

test('renames and unlinks: syscalls with string paths, LSM hooks with a directory and a name', () => {
  const r = ok(kprobe('__x64_sys_renameat2', [{ int_arg: -100 }, { string_arg: '/usr/bin/curl.dpkg-new' }, { int_arg: -100 }, { string_arg: '/usr/bin/curl' }, { int_arg: 0 }]));
  assert.equal(r.eventType, 'file_rename');
  assert.equal(r.file.path, '/usr/bin/curl.dpkg-new');
  assert.equal(r.file.newPath, '/usr/bin/curl');
  const rel = ok(kprobe('__x64_sys_rename', [{ string_arg: 'app.log' }, { string_arg: 'app.log.1' }]));
  assert.deepEqual([rel.file.path, rel.file.newPath], ['/srv/app.log', '/srv/app.log.1']);
  const hook = ok(kprobe('security_path_rename', [{ path_arg: { path: '/var/log/app' } }, { string_arg: 'app.log' }, { path_arg: { path: '/var/log/app' } }, { string_arg: 'app.log.1' }]));
  assert.deepEqual([hook.file.path, hook.file.newPath], ['/var/log/app/app.log', '/var/log/app/app.log.1']);
  assert.equal(skipped(kprobe('__x64_sys_rename', [{ string_arg: '/a' }])), 'unusable_event');
  const u = ok(kprobe('__x64_sys_unlinkat', [{ int_arg: -100 }, { string_arg: '/dev/shm/x' }, { int_arg: 0 }]));
  assert.equal(u.eventType, 'file_unlink');
  assert.equal(u.file.path, '/dev/shm/x');
  assert.equal(ok(kprobe('security_path_unlink', [{ path_arg: { path: '/tmp' } }, { string_arg: 'payload' }])).file.path, '/tmp/payload');
});

test('tcp_connect, security_socket_connect and packets to port 53 are connects; inet_csk_accept an accept', () => {
  const sock = { family: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_TCP', saddr: '10.0.7.33', daddr: '104.21.58.179', sport: 48272, dport: 12026, cookie: '18446628424812413888', state: 'TCP_SYN_SENT' };
  const c = ok(kprobe('tcp_connect', [{ sock_arg: sock }]));
  assert.equal(c.eventType, 'network_connect');
  assert.deepEqual(c.network, { protocol: 'TCP', remoteIp: '104.21.58.179', remotePort: 12026, localIp: '10.0.7.33', localPort: 48272, family: 'AF_INET' });
  const sc = ok(kprobe('security_socket_connect', [{ sock_arg: { ...sock, daddr: '', dport: 0, saddr: '', sport: 0 } }, { sockaddr_arg: { family: 'AF_INET6', addr: '2606:4700::6815:3ab3', port: 443 } }]));
  assert.equal(sc.network.remoteIp, '2606:4700::6815:3ab3');
  assert.equal(sc.network.remotePort, 443);
  assert.equal(sc.network.family, 'AF_INET6');
  assert.equal(sc.network.protocol, 'TCP');
  // Tetragon has no DNS names: a packet to port 53 is a connect to the resolver, nothing more.
  const dns = ok(kprobe('ip_output', [{ skb_arg: { len: 73, saddr: '10.0.7.33', daddr: '172.20.0.10', sport: 41234, dport: 53, proto: 17 } }]));
  assert.equal(dns.eventType, 'network_connect');
  assert.deepEqual(dns.network, { protocol: 'UDP', remoteIp: '172.20.0.10', remotePort: 53, localIp: '10.0.7.33', localPort: 41234, family: 'AF_INET' });
  assert.equal(dns.dns.query, '');
  const acc = ok(kprobe('inet_csk_accept', [{ sock_arg: { family: 'AF_INET', protocol: 'IPPROTO_TCP', saddr: '0.0.0.0', sport: 8080 } }], { return: { sock_arg: { ...sock, saddr: '10.0.7.33', sport: 8080, daddr: '10.0.9.14', dport: 51544 } } }));
  assert.equal(acc.eventType, 'network_accept');
  assert.deepEqual([acc.network.remoteIp, acc.network.remotePort, acc.network.localPort], ['10.0.9.14', 51544, 8080]);
  assert.equal(skipped(kprobe('tcp_connect', [])), 'unusable_event');
});

test('mounts: sys_mount strings and security_sb_mount with a path', () => {
  const m = ok(kprobe('__x64_sys_mount', [{ string_arg: '/dev/nvme0n1p1' }, { string_arg: '/mnt/host' }, { string_arg: 'xfs' }, { long_arg: '0' }]));
  assert.equal(m.eventType, 'mount');
  assert.deepEqual(m.mount, { source: '/dev/nvme0n1p1', target: '/mnt/host', fsType: 'xfs', flags: [] });
  const sb = ok(kprobe('security_sb_mount', [{ string_arg: '/proc' }, { path_arg: { path: '/tmp/p' } }, { string_arg: 'none' }, { long_arg: 4096 + 16384 }]));
  assert.deepEqual(sb.mount, { source: '/proc', target: '/tmp/p', fsType: 'none', flags: ['MS_BIND', 'MS_REC'] });
});

test('module loads: requests by name, do_init_module, kernel_read_file of a module', () => {
  const req = ok(kprobe('security_kernel_module_request', [{ string_arg: 'ipt_LOG' }], { return: { int_arg: 0 } }));
  assert.equal(req.eventType, 'module_load');
  assert.deepEqual(req.module, { name: 'ipt_LOG', path: '' });
  assert.deepEqual(ok(kprobe('do_init_module', [{ module_arg: { name: 'diamorphine', signature_ok: false, tainted: ['TAINT_UNSIGNED_MODULE'] } }])).module, { name: 'diamorphine', path: '' });
  const read = ok(kprobe('security_kernel_read_file', [file('/tmp/rk/diamorphine.ko'), { int_arg: 2 }]));
  assert.deepEqual(read.module, { name: 'diamorphine', path: '/tmp/rk/diamorphine.ko' });
  assert.equal(ok(kprobe('security_kernel_read_file', [file('/lib/modules/6.1.0/kernel/net/sctp/sctp.ko.xz')])).module.name, 'sctp');
  assert.equal(skipped(kprobe('security_kernel_read_file', [file('/lib/firmware/iwlwifi.ucode'), { int_arg: 1 }])), 'unusable_event');
});

test('ptrace, process_vm_writev, setuid family, commit_creds and memfd_create', () => {
  const pt = ok(kprobe('__x64_sys_ptrace', [{ long_arg: '16' }, { int_arg: 4242 }]));
  assert.equal(pt.eventType, 'ptrace');
  assert.equal(pt.ptrace.request, 'PTRACE_ATTACH');
  assert.equal(pt.targetProcess.pid, 4242);
  const check = ok(kprobe('security_ptrace_access_check', [{ int_arg: 2 }, { int_arg: 977, label: 'pid' }]));
  assert.equal(check.eventType, 'ptrace');
  assert.equal(check.targetProcess.pid, 977);
  assert.equal(check.ptrace.request, '');
  assert.equal(ok(kprobe('ptrace_traceme', [])).ptrace.request, 'PTRACE_TRACEME');
  const vm = ok(kprobe('__x64_sys_process_vm_writev', [{ int_arg: 31801 }, { size_arg: '1' }]));
  assert.equal(vm.eventType, 'process_vm_write');
  assert.equal(vm.targetProcess.pid, 31801);
  const su = ok(kprobe('__sys_setuid', [{ int_arg: 0 }]));
  assert.equal(su.eventType, 'setuid');
  assert.equal(su.setuid.uid, 0);
  // The real uid asked for, as the Tracee adapter reads it; -1 (or 4294967295) leaves it unchanged.
  assert.equal(ok(kprobe('__sys_setresuid', [{ int_arg: 0 }, { int_arg: 0 }, { int_arg: 0 }])).setuid.uid, 0);
  assert.equal(ok(kprobe('__sys_setresuid', [{ int_arg: -1 }, { int_arg: 0 }, { int_arg: -1 }])).setuid.uid, -1);
  assert.equal(ok(kprobe('__x64_sys_setreuid', [{ uint_arg: 4294967295 }, { int_arg: 1000 }])).setuid.uid, -1);
  assert.equal(ok(kprobe('__x64_sys_setuid', [{ int_arg: 33, label: 'uid' }])).setuid.uid, 33);
  const root = ok(kprobe('commit_creds', [{ process_credentials_arg: { uid: 0, gid: 0, euid: 0, egid: 0, suid: 0, sgid: 0, fsuid: 0, fsgid: 0 } }]));
  assert.equal(root.eventType, 'setuid');
  assert.equal(root.setuid.uid, 0);
  // A set-user-ID exec commits creds with only the effective uid raised: not a setuid to root.
  const suidExec = ok(kprobe('commit_creds', [{ process_credentials_arg: { uid: 1000, gid: 1000, euid: 0, egid: 1000, suid: 0, sgid: 1000, fsuid: 0, fsgid: 1000 } }]));
  assert.equal(suidExec.setuid.uid, 1000);
  const mf = ok(kprobe('__x64_sys_memfd_create', [{ string_arg: 'payload' }, { int_arg: 0 }]));
  assert.equal(mf.eventType, 'memfd_create');
  assert.equal(mf.file.path, 'memfd:payload');
  assert.equal(ok(kprobe('__x64_sys_userfaultfd', [{ int_arg: 0 }])).eventType, 'userfaultfd');
});

test('tracepoints: syscalls/sys_enter_* by name, argument positions not trusted', () => {
  const tp = ok(tetragonEvent('process_tracepoint', { subsys: 'syscalls', event: 'sys_enter_ptrace', args: [{ int_arg: 101 }, { long_arg: '16' }, { int_arg: 4242 }], policy_name: 'ptrace-tp' }));
  assert.equal(tp.eventType, 'ptrace');
  assert.equal(tp.sensorEvent, 'process_tracepoint/syscalls/sys_enter_ptrace');
  assert.equal(tp.targetProcess.pid, 0);
  const mf = ok(tetragonEvent('process_tracepoint', { subsys: 'syscalls', event: 'sys_enter_memfd_create', args: [{ string_arg: 'x' }] }));
  assert.equal(mf.file.path, 'memfd:x');
  // Hook events carry the same process, container and pod as execs.
  assert.equal(mf.process.executablePath, (tetragonProcess().binary as string));
  assert.equal(mf.pod.namespace, 'payments');
});
