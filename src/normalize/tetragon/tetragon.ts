// Tetragon (cilium/tetragon) JSON export -> RuntimeEvent. One line of the export (a protojson
// GetEventsResponse: exactly one event key plus node_name and time) is one event. Never throws;
// a malformed line is rejected with a stable code and a reason, a valid event Vigil does not use
// is skipped.
//
// process_exec / process_exit come from Tetragon's base sensor; everything else comes from
// TracingPolicies (kprobes, LSM hooks, tracepoints), mapped by hook name in hooks.ts. Tetragon has
// no DNS query names and no library loads unless a policy hooks security_mmap_file (see hooks.ts
// and test/fixtures/runtime/README.md).

import type { RuntimeEventType } from '../../core/runtime-event.js';
import { isObject, obj } from '../k8s-audit/values.js';
import { emptyRuntimeEvent, toEpochMs, type RuntimeNormalizeResult } from '../runtime/builder.js';
import { HOOKS } from './hooks.js';
import { parseArg, parseArgs, returnValue } from './kprobe-args.js';
import { executedFile, fillProcess, privilegesChanged } from './process.js';
import { isFileless } from '../runtime/files.js';
import { canonicalFunction, str } from './values.js';

/** Event keys of a GetEventsResponse Vigil judges. */
const JUDGED = ['process_exec', 'process_exit', 'process_kprobe', 'process_lsm', 'process_tracepoint'] as const;
/** Valid Tetragon events Vigil does not use (loader: the loader sensor's binary/library loads, path and build id only). */
const UNUSED = ['process_loader', 'process_throttle', 'rate_limit_info', 'process_uprobe', 'process_usdt', 'process_dns', 'test'];
/** Event types whose event records a change to a file: a failed or overridden call changed nothing. */
const CHANGES_FILES: readonly RuntimeEventType[] = ['file_write', 'file_rename', 'file_unlink', 'library_load'];

type Judged = (typeof JUDGED)[number];

function eventKey(raw: Record<string, unknown>): { key: string } | { error: RuntimeNormalizeResult } {
  const keys = [...JUDGED, ...UNUSED].filter((k) => isObject(raw[k]));
  if (keys.length === 0) return { error: { ok: false, code: 'not_tetragon', reason: `not a Tetragon event: none of ${JUDGED.join(', ')}` } };
  if (keys.length > 1) return { error: { ok: false, code: 'ambiguous_event', reason: `more than one event key: ${keys.join(', ')}` } };
  return { key: keys[0] as string };
}

/** The hook's name and arguments for kprobe, LSM and tracepoint events. */
function hookOf(key: Judged, body: Record<string, unknown>): { name: string; fn: string; positional: boolean } {
  if (key === 'process_tracepoint') {
    const subsys = str(body.subsys, 64);
    const event = str(body.event, 128);
    // syscalls/sys_enter_<call> reads like a kprobe on <call>; sys_exit_* carries only the return value.
    const fn = subsys === 'syscalls' && event.startsWith('sys_enter_') ? event.slice('sys_enter_'.length) : `${subsys}/${event}`;
    return { name: subsys || event ? `${subsys}/${event}` : '', fn, positional: false };
  }
  const name = str(body.function_name, 128);
  return { name, fn: canonicalFunction(name), positional: true };
}

/** True when raw has the shape of a Tetragon export line (for telling sensors apart in mixed files). */
export function isTetragonEvent(raw: unknown): boolean {
  return isObject(raw) && [...JUDGED, ...UNUSED].some((k) => isObject(raw[k]));
}

/** Normalizes one line of Tetragon's JSON export. node: the node name when the line lacks node_name. */
export function normalizeTetragonEvent(raw: unknown, cluster: string, node = ''): RuntimeNormalizeResult {
  if (!isObject(raw)) return { ok: false, code: 'not_object', reason: 'not a JSON object' };
  const k = eventKey(raw);
  if ('error' in k) return k.error;
  if (UNUSED.includes(k.key)) return { ok: false, code: 'unused_event', reason: `Tetragon ${k.key} events are not used by Vigil`, skip: true };
  const key = k.key as Judged;
  const time = toEpochMs(raw.time);
  if (time === null) return { ok: false, code: 'bad_timestamp', reason: 'missing or invalid time' };
  const body = obj(raw[key]);
  if (!isObject(body.process)) return { ok: false, code: 'no_process', reason: `${key} without a process` };

  const hook = key === 'process_exec' || key === 'process_exit' ? null : hookOf(key, body);
  const def = hook ? HOOKS.get(hook.fn) : undefined;
  if (hook && !hook.name) return { ok: false, code: 'no_function', reason: `${key} without function_name (or subsys/event)` };
  if (hook && !def) return { ok: false, code: 'unused_event', reason: `Tetragon hook ${hook.name.slice(0, 64)} is not used by Vigil`, skip: true };
  const hookName = hook?.name ?? '';

  const e = emptyRuntimeEvent(def?.type ?? (key === 'process_exit' ? 'process_exit' : 'process_exec'), 'tetragon', cluster);
  e.sensorEvent = hookName ? `${key}/${hookName}` : key;
  e.time = time;
  e.timestamp = str(raw.time, 64);
  e.node = str(raw.node_name, 256) || node;
  fillProcess(e, body);

  if (key === 'process_exec') {
    // file: the executed file (fileless-looking when Tetragon says it is linked nowhere); flags:
    // binary_properties.privileges_changed (a set-user-ID or file-capability exec).
    const proc = obj(body.process);
    e.file.path = executedFile(proc, isFileless);
    e.file.flags = privilegesChanged(proc);
  } else if (hook && def) {
    const ret = body.return === undefined ? null : parseArg(body.return);
    const why = def.fill({ e, args: parseArgs(body.args), ret, positional: hook.positional, fn: hook.fn });
    if (why) return { ok: false, code: 'unusable_event', reason: `${hookName.slice(0, 64)}: ${why}`, skip: true };
    const rv = returnValue(body.return);
    const overridden = str(body.action, 64) === 'KPROBE_ACTION_OVERRIDE' || str(body.return_action, 64) === 'KPROBE_ACTION_OVERRIDE';
    if (CHANGES_FILES.includes(e.eventType) && ((rv !== null && rv < 0) || overridden)) {
      return { ok: false, code: 'failed_call', reason: `${hookName.slice(0, 64)} failed or was overridden: the file did not change`, skip: true };
    }
  }

  e.dedupeKey = `tetragon|${e.node}|${e.process.uniqueId}|${e.timestamp}|${e.sensorEvent}|${e.file.path}`;
  return { ok: true, event: e };
}
