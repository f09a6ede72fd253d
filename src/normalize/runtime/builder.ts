// Building RuntimeEvents: one empty event with every member defaulted, plus the normalizations every
// sensor adapter shares (container ids, time units).

import type { RuntimeEvent, RuntimeEventType } from '../../core/runtime-event.js';

export type RuntimeNormalizeResult =
  | { ok: true; event: RuntimeEvent }
  /** skip: a well-formed sensor event of a kind Vigil does not use (counted as skipped, not rejected). */
  | { ok: false; code: string; reason: string; skip?: boolean };

export function emptyRuntimeEvent(eventType: RuntimeEventType, sensor: string, cluster: string): RuntimeEvent {
  return {
    kind: 'runtime',
    eventType,
    sensorEvent: '',
    sensor,
    cluster,
    node: '',
    time: 0,
    timestamp: '',
    dedupeKey: '',
    container: { id: '', name: '', image: '', imageId: '', startedAt: 0 },
    pod: { name: '', namespace: '', uid: '' },
    process: {
      pid: 0, hostPid: 0, ppid: 0, hostPpid: 0, name: '', executablePath: '', args: [], commandLine: '', commandLineLower: '', executableName: '', uid: -1, euid: -1, pwd: '',
      startTime: 0, uniqueId: '', parentUniqueId: '', parentPath: '', parentName: '', stdinPath: '', sha256: '',
    },
    file: { path: '', newPath: '', ctime: 0, flags: [] },
    dns: { query: '', queryType: '', resolver: '' },
    network: { protocol: '', remoteIp: '', remotePort: 0, localIp: '', localPort: 0, family: '' },
    mount: { source: '', target: '', fsType: '', flags: [] },
    targetProcess: { pid: 0, name: '' },
    module: { name: '', path: '' },
    ptrace: { request: '' },
    setuid: { uid: -1 },
    alert: { rule: '', priority: '', output: '' },
    derived: { modifiedInContainer: false, modifyingProcess: null, modifiedAt: 0, fileless: false, domainLists: [], domainKinds: [], ipLists: [], ipKinds: [], hashLists: [], hashKinds: [], lineage: [] },
  };
}

/** containerd://<64 hex>, docker://..., cri-o://... or bare -> bare lower-case hex ('' when not hex). */
export function normalizeContainerId(id: string): string {
  const bare = id.replace(/^[a-z-]+:\/\//, '').trim().toLowerCase();
  return /^[0-9a-f]{12,64}$/.test(bare) ? bare : '';
}

/** True when two container ids name the same container (one may be a prefix, as Tetragon's 31 chars). */
export function sameContainer(a: string, b: string): boolean {
  if (!a || !b) return false;
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** ns since epoch (number or numeric string) or an RFC 3339 string -> epoch ms; null when unreadable. */
export function toEpochMs(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e15 ? Math.floor(v / 1e6) : v > 1e12 ? Math.floor(v) : Math.floor(v * 1000);
  if (typeof v === 'string' && v !== '') {
    if (/^\d+$/.test(v)) return toEpochMs(Number(v));
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}
