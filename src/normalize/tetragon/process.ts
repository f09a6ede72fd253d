// The `process` and `parent` blocks every Tetragon event carries (tetragon.Process), and the
// Kubernetes identity inside them (pod, pod.container).

import type { RuntimeEvent } from '../../core/runtime-event.js';
import { isObject, obj } from '../k8s-audit/values.js';
import { normalizeContainerId, toEpochMs } from '../runtime/builder.js';
import { basename, num, numOrNull, splitArguments, str } from './values.js';

/**
 * Fills process, container and pod. Tetragon's `pid` is the host pid; the pid in the container's
 * namespace is pod.container.pid. `uid` is the effective uid (process_credentials, when the agent
 * runs with --enable-process-cred, has both). `arguments` holds argv[1..] only: Tetragon does not
 * export argv[0], so process.args[0] is the binary's base name (as the Falco adapter does), and
 * rules that read argv after the program name see the same list from every sensor.
 */
export function fillProcess(e: RuntimeEvent, body: Record<string, unknown>): void {
  const proc = obj(body.process);
  const parent = obj(body.parent);
  const pod = obj(proc.pod);
  const c = obj(pod.container);
  const image = obj(c.image);
  const p = e.process;

  p.hostPid = num(proc.pid);
  p.pid = num(c.pid);
  p.executablePath = str(proc.binary, 4096);
  p.name = basename(p.executablePath);
  const args = splitArguments(str(proc.arguments, 32768));
  p.args = p.name ? [p.name, ...args].slice(0, 256) : args;
  const creds = obj(proc.process_credentials);
  const euid = numOrNull(creds.euid) ?? numOrNull(proc.uid);
  p.euid = euid ?? -1;
  p.uid = numOrNull(creds.uid) ?? p.euid;
  p.pwd = str(proc.cwd, 4096);
  p.startTime = toEpochMs(proc.start_time) ?? 0;
  p.uniqueId = str(proc.exec_id, 512);
  p.parentUniqueId = str(proc.parent_exec_id, 512) || str(parent.exec_id, 512);
  p.parentPath = str(parent.binary, 4096);
  p.parentName = basename(p.parentPath);
  p.hostPpid = num(parent.pid);
  p.ppid = num(obj(obj(parent.pod).container).pid);

  // pod.container.id is "containerd://<64 hex>" (or cri-o://, docker://); `docker` has only the
  // first 31 hex characters: use it only when the full id is missing (sameContainer matches prefixes).
  e.container = {
    id: normalizeContainerId(str(c.id, 256)) || normalizeContainerId(str(proc.docker, 256)),
    name: str(c.name, 256),
    image: str(image.name, 1024),
    imageId: str(image.id, 1024),
    startedAt: toEpochMs(c.start_time) ?? 0,
  };
  e.pod = { name: str(pod.name, 256), namespace: str(pod.namespace, 256), uid: str(pod.uid, 128) };
}

/**
 * The path executed, as enrich/container-files judges it: the binary, marked " (deleted)" when
 * Tetragon says it has no link on any file system (binary_properties.file: a memfd, an unlinked
 * file, anonymous shared memory) and the path does not already say so (/proc/self/fd/3 does).
 */
export function executedFile(proc: Record<string, unknown>, fileless: (path: string) => boolean): string {
  const binary = str(proc.binary, 4096);
  const file = obj(obj(proc.binary_properties).file);
  const links = numOrNull(obj(file.inode).links);
  const unlinked = isObject(obj(proc.binary_properties).file) && (links === null || links === 0);
  return unlinked && binary && !fileless(binary) ? `${binary} (deleted)` : binary;
}

/** privileges_changed reasons of an exec (PRIVILEGES_RAISED_EXEC_FILE_SETUID, ..._FILE_CAP). */
export function privilegesChanged(proc: Record<string, unknown>): string[] {
  const v = obj(proc.binary_properties).privileges_changed;
  return Array.isArray(v) ? v.slice(0, 8).filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 64)) : [];
}
