// A realistic synthetic Tracee (v0.24 `tracee --output json`) recording for benchmarks: mostly
// execs of common binaries across many pods, file opens, DNS requests for ordinary domains and
// TCP connects; about one event in 2,000 is suspicious (a mining-pool DNS lookup, an exec from
// /dev/shm, reconnaissance commands) so the runtime rules fire.

import { openSync, writeSync, closeSync } from 'node:fs';

const PODS = 400;
const BINARIES: [string, string[]][] = [
  ['/usr/bin/sh', ['/bin/sh', '-c', 'cat /tmp/healthy']],
  ['/usr/bin/cat', ['cat', '/tmp/healthy']],
  ['/usr/local/bin/python3.12', ['python3', '-m', 'gunicorn', 'app:app']],
  ['/usr/bin/curl', ['curl', '-fsS', 'http://localhost:8080/healthz']],
  ['/usr/bin/date', ['date', '+%s']],
  ['/usr/sbin/nginx', ['nginx', '-s', 'reload']],
  ['/usr/local/bin/node', ['node', 'server.js']],
  ['/usr/bin/grep', ['grep', '-q', 'ready', '/tmp/status']],
];
const FILES = ['/etc/hosts', '/etc/resolv.conf', '/usr/share/nginx/html/index.html', '/app/config.yaml', '/etc/ssl/certs/ca-certificates.crt', '/usr/lib/python3.12/json/__init__.py'];
const DOMAINS = ['payments.payments.svc.cluster.local', 'kubernetes.default.svc.cluster.local', 'api.stripe.com', 'sts.us-west-2.amazonaws.com', 's3.us-west-2.amazonaws.com', 'redis.cache.svc.cluster.local', 'github.com'];
const CONNECTS = ['10.100.12.7', '172.20.0.10', '52.94.133.131', '10.100.40.2'];
const IMAGE_CTIME = 1_771_047_758_220_000_000;
const RECON: [string, string[]][] = [['/usr/bin/whoami', ['whoami']], ['/usr/bin/id', ['id']], ['/usr/bin/uname', ['uname', '-a']], ['/usr/bin/cat', ['cat', '/etc/passwd']]];

function hex(n: number, len: number): string {
  return n.toString(16).padStart(8, '0').repeat(Math.ceil(len / 8)).slice(0, len);
}

function base(i: number, ts: number, pod: number, eventName: string, eventId: string, syscall: string, exe: string, args: { name: string; type: string; value: unknown }[]): Record<string, unknown> {
  const cid = hex(0x5a000000 + pod * 7919, 64);
  const app = ['web', 'checkout-api', 'orders-worker', 'search', 'auth'][pod % 5] as string;
  const podName = `${app}-7d9c6b5f8d-${hex(pod * 104729, 5)}`;
  const pid = 20 + (i % 300);
  return {
    timestamp: ts, threadStartTime: ts - 2_000_000_000, processorId: i % 4, processId: pid, cgroupId: 9000 + pod, threadId: pid, parentProcessId: 1,
    hostProcessId: 20_000 + pod * 50 + (i % 50), hostThreadId: 20_000 + pod * 50 + (i % 50), hostParentProcessId: 19_000 + pod, userId: pod % 3 === 0 ? 0 : 1000,
    mountNamespace: 4026532000 + pod, pidNamespace: 4026533000 + pod, processName: exe.split('/').pop(), executable: { path: exe }, hostName: podName,
    containerId: cid, container: { id: cid, name: app, image: `registry.example/${app}:1.${pod % 9}`, imageDigest: `sha256:${hex(pod * 31 + 7, 64)}` },
    kubernetes: { podName, podNamespace: ['shop', 'checkout', 'search', 'auth'][pod % 4], podUID: `0c9a6e4d-1b7f-4e3a-8d25-${hex(pod, 12)}` },
    eventId, eventName, matchedPolicies: ['default'], argsNum: args.length, returnValue: 0, syscall, stackAddresses: null,
    contextFlags: { containerStarted: true, isCompat: false }, threadEntityId: 3_000_000_000 + i, processEntityId: 3_000_000_000 + i, parentEntityId: 2_000_000_000 + pod, args,
  };
}

function exec(i: number, ts: number, pod: number, path: string, argv: string[], ctime = IMAGE_CTIME): Record<string, unknown> {
  return base(i, ts, pod, 'sched_process_exec', '715', 'execve', path, [
    { name: 'cmdpath', type: 'string', value: argv[0] }, { name: 'pathname', type: 'string', value: path }, { name: 'dev', type: 'uint32', value: 301 },
    { name: 'inode', type: 'uint64', value: 3_410_000 + (i % 5000) }, { name: 'ctime', type: 'uint64', value: ctime }, { name: 'inode_mode', type: 'uint16', value: 33261 },
    { name: 'argv', type: '[]string', value: argv }, { name: 'stdin_type', type: 'uint16', value: 8192 }, { name: 'stdin_path', type: 'string', value: '/dev/null' },
    { name: 'invoked_from_kernel', type: 'bool', value: false }, { name: 'prev_comm', type: 'string', value: 'runc:[2:INIT]' }, { name: 'pwd', type: 'string', value: '/' },
  ]);
}

function dns(i: number, ts: number, pod: number, query: string): Record<string, unknown> {
  return base(i, ts, pod, 'net_packet_dns_request', '2007', 'sendmmsg', '/usr/local/bin/python3.12', [
    { name: 'metadata', type: 'trace.PktMeta', value: { src_ip: `10.0.${pod >> 8}.${pod & 255}`, dst_ip: '172.20.0.10', src_port: 30_000 + (i % 30_000), dst_port: 53, protocol: 17, packet_len: 90, iface: 'any' } },
    { name: 'dns_questions', type: '[]trace.DnsQueryData', value: [{ query, query_type: 'A', query_class: 'IN' }] },
  ]);
}

/** One event; i decides the kind (deterministic, so runs are comparable). */
function event(i: number, ts: number): Record<string, unknown> {
  const pod = (i * 7) % PODS;
  if (i % 2000 === 1000) return dns(i, ts, pod, 'us-east.equihash-hub.miningpoolhub.com');
  if (i % 5000 === 2500) return exec(i, ts, pod, '/dev/shm/x', ['/dev/shm/x'], ts);
  if (i % 3000 >= 1500 && i % 3000 < 1504) {
    const [path, argv] = RECON[i % 4] as [string, string[]];
    return exec(i, ts, 7, path, argv);
  }
  const k = i % 100;
  if (k < 45) {
    const [path, argv] = BINARIES[i % BINARIES.length] as [string, string[]];
    return exec(i, ts, pod, path, argv);
  }
  if (k < 70) {
    const f = FILES[i % FILES.length] as string;
    return base(i, ts, pod, 'security_file_open', '732', 'openat', '/usr/sbin/nginx', [
      { name: 'pathname', type: 'string', value: f }, { name: 'flags', type: 'int32', value: 34816 }, { name: 'dev', type: 'uint32', value: 287 },
      { name: 'inode', type: 'uint64', value: 1_841_077 + (i % 100) }, { name: 'ctime', type: 'uint64', value: IMAGE_CTIME }, { name: 'syscall_pathname', type: 'string', value: f },
    ]);
  }
  if (k < 90) return dns(i, ts, pod, DOMAINS[i % DOMAINS.length] as string);
  const ip = CONNECTS[i % CONNECTS.length] as string;
  return base(i, ts, pod, 'security_socket_connect', '736', 'connect', '/usr/local/bin/python3.12', [
    { name: 'sockfd', type: 'int32', value: 9 }, { name: 'type', type: 'int32', value: 1 },
    { name: 'remote_addr', type: 'SockAddr', value: { sa_family: 'AF_INET', sin_port: ip === '172.20.0.10' ? '53' : '443', sin_addr: ip } },
  ]);
}

export function generateTraceeLog(file: string, count: number): void {
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  let ts = Date.UTC(2026, 1, 17, 11, 20) * 1_000_000; // ns, as Tracee writes them
  for (let i = 0; i < count; i++) {
    ts += 1_000_000;
    buf.push(JSON.stringify(event(i, ts)));
    if (buf.length >= 5000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  }
  if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);
}
