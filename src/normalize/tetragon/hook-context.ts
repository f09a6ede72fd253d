// What a hook reader gets (the event being built, the parsed arguments) and the argument
// lookups the readers share: path-like arguments in order, ints by label or position.

import type { RuntimeEvent } from '../../core/runtime-event.js';
import { ints, labelledInt, type KArg } from './kprobe-args.js';

export interface HookContext {
  e: RuntimeEvent;
  args: KArg[];
  /** The `return` argument (a sock for inet_csk_accept), when the policy asked for it. */
  ret: KArg | null;
  /** False for tracepoints, whose argument order is the tracepoint format's, not the call's. */
  positional: boolean;
  /** The canonical hook name. */
  fn: string;
}

/** null: the event is filled; a string: why the well-formed event is of no use (skipped). */
export type Fill = (c: HookContext) => string | null;

const AT_FDCWD = -100;

export function join(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, '')}/${name.replace(/^\.\//, '')}`;
}

/**
 * Path-like arguments in order: resolved file/path arguments, and string arguments (syscall
 * pathnames). A relative pathname is made absolute against the process's cwd when it was relative
 * to the cwd (no dirfd before it, or AT_FDCWD); a name right after a resolved directory (LSM
 * hooks: directory, then entry name) is left for the caller to join.
 */
export function pathList(c: HookContext): string[] {
  const out: string[] = [];
  let dirfd: number | null = null;
  let afterDir = false;
  for (const a of c.args) {
    if (a.kind === 'int') dirfd = a.value;
    else if (a.kind === 'path' && a.path) out.push(a.path);
    else if (a.kind === 'string' && a.value) {
      const cwd = c.e.process.pwd;
      const relativeToCwd = !a.value.startsWith('/') && cwd && !afterDir && (dirfd === null || dirfd === AT_FDCWD);
      out.push(relativeToCwd ? join(cwd, a.value) : a.value);
    }
    afterDir = a.kind === 'path';
  }
  return out;
}

/** An int argument by label, else (call-ordered hooks only) by position among the ints. */
export function intAt(c: HookContext, index: number, ...labels: string[]): number | null {
  const l = labels.length ? labelledInt(c.args, ...labels) : null;
  if (l !== null || !c.positional) return l;
  return ints(c.args)[index] ?? null;
}

/** The first int or string argument after the first path-like one (open flags, mask, prot). */
export function valueAfterPath(c: HookContext, ...labels: string[]): number | string | null {
  const l = labelledInt(c.args, ...labels);
  if (l !== null) return l;
  const at = c.args.findIndex((a) => a.kind === 'path' || a.kind === 'string');
  if (at < 0) return null;
  for (const a of c.args.slice(at + 1)) {
    if (a.kind === 'int') return a.value;
    if (a.kind === 'string' && /^O_[A-Z]/.test(a.value)) return a.value;
  }
  return null;
}
