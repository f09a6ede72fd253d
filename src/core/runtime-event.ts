// The normalized runtime event: what node sensors (Tracee, Tetragon, Falco) saw inside a container,
// in one shape whatever the sensor. Adapters in normalize/<sensor>/ build it; rules and detectors
// never read a sensor's raw format. Members that do not apply to an event's type hold empty values.

export type RuntimeEventType =
  | 'process_exec'
  | 'process_exit'
  | 'file_write'
  | 'file_rename'
  | 'file_unlink'
  | 'file_open'
  | 'library_load'
  | 'memfd_create'
  | 'dns_request'
  | 'network_connect'
  | 'network_accept'
  | 'mount'
  | 'ptrace'
  | 'process_vm_write'
  | 'module_load'
  | 'setuid'
  | 'userfaultfd'
  | 'sensor_alert';

export interface RuntimeProcess {
  /** pid inside the container's pid namespace (0 when unknown). */
  pid: number;
  hostPid: number;
  ppid: number;
  hostPpid: number;
  /** comm / thread name */
  name: string;
  executablePath: string;
  /** argv as the sensor reported it. */
  args: string[];
  /** argv joined by spaces, and the same with ASCII letters lower-cased (enrich/command-line). */
  commandLine: string;
  commandLineLower: string;
  /** The executable's file name: executablePath after its last slash (enrich/command-line). */
  executableName: string;
  uid: number;
  euid: number;
  pwd: string;
  /** Epoch ms the process started (0 when unknown). */
  startTime: number;
  /** The sensor's stable process id (Tracee entity id, Tetragon exec_id), '' when absent. */
  uniqueId: string;
  parentUniqueId: string;
  /** The parent's executable path and name when the sensor gives them. */
  parentPath: string;
  parentName: string;
  /** stdin of an exec'd process (Tracee stdin_path), '' when unknown. */
  stdinPath: string;
  /** SHA-256 of the executable when the sensor computes it (Tracee exec-hash option), else ''. */
  sha256: string;
}

export interface RuntimeContainer {
  /** Bare container id (64 hex when known, a prefix when the sensor gives fewer characters). */
  id: string;
  name: string;
  image: string;
  imageId: string;
  /** Epoch ms the container started, 0 when the sensor does not say. */
  startedAt: number;
}

export interface RuntimeEvent {
  kind: 'runtime';
  eventType: RuntimeEventType;
  /** The sensor's own event name (sched_process_exec, process_kprobe/security_file_permission, ...). */
  sensorEvent: string;
  sensor: string;
  cluster: string;
  node: string;
  /** Epoch ms. */
  time: number;
  /** The sensor's timestamp as given (ns precision where the sensor has it). */
  timestamp: string;
  /** Identity used to judge a re-delivered event once. */
  dedupeKey: string;
  container: RuntimeContainer;
  pod: { name: string; namespace: string; uid: string };
  process: RuntimeProcess;
  /** file_* events and exec: the file acted on; exec: the executed file. */
  file: { path: string; newPath: string; ctime: number; flags: string[] };
  dns: { query: string; queryType: string; resolver: string };
  network: { protocol: string; remoteIp: string; remotePort: number; localIp: string; localPort: number; family: string };
  mount: { source: string; target: string; fsType: string; flags: string[] };
  targetProcess: { pid: number; name: string };
  module: { name: string; path: string };
  /** ptrace: the request (PTRACE_TRACEME, PTRACE_POKETEXT, PTRACE_ATTACH, ...). */
  ptrace: { request: string };
  /** setuid-family calls: the uid asked for (-1 when unknown). */
  setuid: { uid: number };
  /** Detections the sensor itself made (Tracee signatures, Falco rules). */
  alert: { rule: string; priority: string; output: string };
  /** Set by enrichers. */
  derived: RuntimeDerived;
}

export interface RuntimeDerived {
  /** The executed binary or loaded library was written in the container after it started. */
  modifiedInContainer: boolean;
  /** The process that wrote it, and when (epoch ms), when a write was seen. */
  modifyingProcess: { name: string; executablePath: string; pid: number; hostPid: number; uniqueId: string } | null;
  modifiedAt: number;
  /** Executed from memory or a deleted file (memfd, /proc/self/fd, "(deleted)", /dev/shm). */
  fileless: boolean;
  /** Lists the DNS query's domain (or a parent domain) is on, and their kinds. */
  domainLists: string[];
  domainKinds: string[];
  /** Lists the remote IP is on, and their kinds. */
  ipLists: string[];
  ipKinds: string[];
  /** Lists the executable's SHA-256 is on, and their kinds. */
  hashLists: string[];
  hashKinds: string[];
  /** Ancestors of the process, parent first, as far as the process tree knows them. */
  lineage: LineageEntry[];
}

export interface LineageEntry {
  name: string;
  executablePath: string;
  pid: number;
  hostPid: number;
  uniqueId: string;
  parentUniqueId: string;
  startTime: number;
  userId: number;
}
