// Tracee event arguments as a name -> value map, from either JSON format:
//   v0.24.x  args: [{name, type, value}]
//   v1beta1  data: [{name, value}] (newest writer) or [{name, <typed key>: value}] with
//            str_array {value: [...]}, dns_questions {questions} (generated protojson)
// 64-bit integers may arrive as strings (v1beta1); num() accepts both.

import { isObject } from '../k8s-audit/values.js';

export type ArgMap = Map<string, unknown>;

const MAX_ARGS = 64;

export function argsOf(raw: Record<string, unknown>): ArgMap {
  const out: ArgMap = new Map();
  const list = Array.isArray(raw.args) ? raw.args : Array.isArray(raw.data) ? raw.data : [];
  for (const a of list.slice(0, MAX_ARGS)) {
    if (!isObject(a) || typeof a.name !== 'string') continue;
    if ('value' in a) {
      out.set(a.name, a.value);
      continue;
    }
    const key = Object.keys(a).find((k) => k !== 'name');
    if (key === undefined) continue;
    let v = a[key];
    if (key === 'str_array' && isObject(v)) v = v.value;
    else if (key === 'dns_questions' && isObject(v)) v = v.questions;
    out.set(a.name, v);
  }
  return out;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v.slice(0, 8192) : '';
}

export function num(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return 0;
}

export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.slice(0, 256).filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 4096)) : [];
}
