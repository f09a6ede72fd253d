// Builders of Tracee v0.24 events for tests (test-only).

const CONTAINER = 'a1b2c3d4e5f60718'.repeat(4);
let ns = 1_780_000_000_000_000_000; // 2026-05-28: months before the tests run

export function traceeEvent(eventName: string, args: { name: string; type: string; value: unknown }[], over: Record<string, unknown> = {}): Record<string, unknown> {
  ns += 1_000_000_000;
  return {
    timestamp: ns,
    threadStartTime: ns - 5_000_000,
    processorId: 1,
    processId: 42,
    cgroupId: 9912,
    threadId: 42,
    parentProcessId: 7,
    hostProcessId: 31042,
    hostThreadId: 31042,
    hostParentProcessId: 30999,
    userId: 0,
    mountNamespace: 4026532841,
    pidNamespace: 4026532844,
    processName: 'bash',
    executable: { path: '/usr/bin/bash' },
    hostName: 'crypto',
    containerId: CONTAINER,
    container: { id: CONTAINER, name: 'crypto', image: 'ubuntu', imageDigest: 'sha256:7c06e91f61fa1b1b1b1a7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f' },
    kubernetes: { podName: 'crypto', podNamespace: 'other', podUID: '5d6f0d3e-8b7a-4c21-9e44-2f1c3b5a7d90' },
    eventId: '0',
    eventName,
    matchedPolicies: ['vigil'],
    argsNum: args.length,
    returnValue: 0,
    contextFlags: { containerStarted: true, isCompat: false },
    processEntityId: 1000 + (ns % 997),
    parentEntityId: 999,
    args,
    ...over,
  };
}

export function exec(path: string, argv: string[], ctimeNs: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return traceeEvent(
    'sched_process_exec',
    [
      { name: 'cmdpath', type: 'const char*', value: path },
      { name: 'pathname', type: 'const char*', value: path },
      { name: 'ctime', type: 'unsigned long', value: ctimeNs },
      { name: 'argv', type: 'const char**', value: argv },
      { name: 'stdin_path', type: 'char*', value: 'pipe:[88123]' },
      { name: 'prev_comm', type: 'char*', value: 'bash' },
      { name: 'pwd', type: 'char*', value: '/' },
    ],
    { processName: argv[0]?.split('/').pop() ?? 'x', executable: { path }, ...over },
  );
}

export function write(path: string, by = 'dpkg'): Record<string, unknown> {
  return traceeEvent('magic_write', [{ name: 'pathname', type: 'const char*', value: path }, { name: 'bytes', type: 'bytes', value: 'f0VMRgIBAQA=' }], { processName: by, executable: { path: `/usr/bin/${by}` } });
}

export function rename(from: string, to: string, by = 'dpkg'): Record<string, unknown> {
  return traceeEvent('security_inode_rename', [{ name: 'old_path', type: 'void*', value: from }, { name: 'new_path', type: 'void*', value: to }], { processName: by, executable: { path: `/usr/bin/${by}` } });
}

export function dns(query: string, by = 'curl'): Record<string, unknown> {
  return traceeEvent(
    'net_packet_dns_request',
    [
      { name: 'metadata', type: 'trace.PktMeta', value: { src_ip: '10.244.1.7', dst_ip: '172.20.0.10', src_port: 41234, dst_port: 53, protocol: 17, packet_len: 73, iface: 'any' } },
      { name: 'dns_questions', type: '[]trace.DnsQueryData', value: [{ query, query_type: 'A', query_class: 'IN' }] },
    ],
    { processName: by, executable: { path: `/usr/bin/${by}` } },
  );
}

export function libraryLoad(path: string, ctimeNs: number, by = 'curl'): Record<string, unknown> {
  return traceeEvent('shared_object_loaded', [{ name: 'pathname', type: 'const char*', value: path }, { name: 'flags', type: 'int', value: 0 }, { name: 'ctime', type: 'unsigned long', value: ctimeNs }], { processName: by, executable: { path: `/usr/bin/${by}` } });
}

/** A time long before any event here (an image's files). */
export const IMAGE_CTIME_NS = 1_700_000_000_000_000_000;
