// The field catalog of runtime events as rules see them (the runtime twin of
// normalize/k8s-audit/fields.ts). It mirrors RuntimeEvent in core/runtime-event.ts.

import type { FieldDoc } from '../k8s-audit/fields.js';

export const RUNTIME_TYPES: Record<string, Record<string, string>> = {};

export const RUNTIME_FIELDS: Record<string, FieldDoc> = {
  eventType: { type: 'string', doc: 'process_exec, process_exit, file_write, file_rename, file_unlink, file_open, library_load, memfd_create, dns_request, network_connect, network_accept, mount, ptrace, process_vm_write, module_load, setuid, userfaultfd or sensor_alert.' },
  sensorEvent: { type: 'string', doc: "The sensor's own event name (e.g. Tracee sched_process_exec)." },
  sensor: { type: 'string', doc: 'tracee, tetragon or falco.' },
  cluster: { type: 'string', doc: 'Registered cluster name.' },
  node: { type: 'string', doc: 'Node (host) name.' },
  time: { type: 'int', doc: 'Event time, epoch ms.' },
  timestamp: { type: 'string', doc: "The sensor's timestamp as given." },
  dedupeKey: { type: 'string', doc: 'Identity used to judge a re-delivered event once.' },
  container: { type: { id: 'string', name: 'string', image: 'string', imageId: 'string', startedAt: 'int' }, doc: 'The container (id: bare hex; startedAt: epoch ms, 0 when unknown).' },
  pod: { type: { name: 'string', namespace: 'string', uid: 'string' }, doc: 'The pod the container belongs to.' },
  process: {
    type: {
      pid: 'int', hostPid: 'int', ppid: 'int', hostPpid: 'int', name: 'string', executablePath: 'string', args: 'list<string>', commandLine: 'string', commandLineLower: 'string', executableName: 'string', uid: 'int', euid: 'int', pwd: 'string',
      startTime: 'int', uniqueId: 'string', parentUniqueId: 'string', parentPath: 'string', parentName: 'string', stdinPath: 'string', sha256: 'string',
    },
    doc: 'The process that acted (for process_exec: the new program). commandLine is args joined by spaces; commandLineLower the same with ASCII letters lower-cased (use them rather than args.join(" ") in conditions: they are computed once per event); executableName is executablePath after its last slash.',
  },
  file: { type: { path: 'string', newPath: 'string', ctime: 'int', flags: 'list<string>' }, doc: 'The file acted on (exec: the executed file; rename: path -> newPath; ctime epoch ms when the sensor gives it).' },
  dns: { type: { query: 'string', queryType: 'string', resolver: 'string' }, doc: 'A DNS request.' },
  network: { type: { protocol: 'string', remoteIp: 'string', remotePort: 'int', localIp: 'string', localPort: 'int', family: 'string' }, doc: 'A connection (connect: outbound; accept: inbound).' },
  mount: { type: { source: 'string', target: 'string', fsType: 'string', flags: 'list<string>' }, doc: 'A mount call.' },
  targetProcess: { type: { pid: 'int', name: 'string' }, doc: 'The process acted upon (ptrace, process_vm_writev).' },
  module: { type: { name: 'string', path: 'string' }, doc: 'A kernel module load.' },
  ptrace: { type: { request: 'string' }, doc: 'A ptrace call: the request (PTRACE_TRACEME, PTRACE_POKETEXT, PTRACE_ATTACH, ...).' },
  setuid: { type: { uid: 'int' }, doc: 'A setuid-family call: the uid asked for (-1 when unknown).' },
  alert: { type: { rule: 'string', priority: 'string', output: 'string' }, doc: "A detection the sensor made itself (Tracee signature, Falco rule)." },
  derived: {
    type: {
      modifiedInContainer: 'bool', modifyingProcess: 'dyn', modifiedAt: 'int', fileless: 'bool',
      domainLists: 'list<string>', domainKinds: 'list<string>', ipLists: 'list<string>', ipKinds: 'list<string>', hashLists: 'list<string>', hashKinds: 'list<string>', lineage: 'dyn',
    },
    doc: 'Facts the enrichers derived: modifiedInContainer (the executed binary or loaded library was written after the container started; modifyingProcess and modifiedAt say by whom and when), fileless (executed from memory, a deleted file or /dev/shm), domainLists/domainKinds ipLists/ipKinds and hashLists/hashKinds (threat-intelligence lists the DNS query, remote IP or executable SHA-256 is on), lineage (ancestors of the process, parent first: name, executablePath, pid, hostPid, uniqueId, parentUniqueId, startTime, userId).',
  },
};
