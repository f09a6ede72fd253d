// Defensive readers for untrusted JSON: every accessor returns a typed default instead of throwing,
// and strings are capped so one hostile event cannot blow up memory downstream.

export const MAX_STRING = 8192;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown, max = MAX_STRING): string {
  if (typeof v !== 'string') return '';
  return v.length > max ? v.slice(0, max) : v;
}

export function bool(v: unknown): boolean {
  return v === true;
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function obj(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

export function arr(v: unknown, max = 1000): unknown[] {
  if (!Array.isArray(v)) return [];
  return v.length > max ? v.slice(0, max) : v;
}

/** The strings of a list (others dropped), capped; a list that already is one is returned as it is. */
export function strList(v: unknown, max = 256): string[] {
  if (Array.isArray(v) && v.length <= max && v.every((x) => typeof x === 'string' && x.length <= MAX_STRING)) return v as string[];
  const out: string[] = [];
  for (const x of arr(v, max)) if (typeof x === 'string') out.push(str(x));
  return out;
}

/** A map of string -> string (labels, selectors, annotations); non-string values are dropped. */
export function strMap(v: unknown, max = 512): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!isObject(v)) return out;
  let n = 0;
  for (const k of Object.keys(v)) {
    if (n++ >= max) break;
    const x = v[k];
    if (typeof x === 'string') out[k] = str(x);
  }
  return out;
}

/** A map of string -> string[] (user.extra). */
export function strListMap(v: unknown, max = 128): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  if (!isObject(v)) return out;
  let n = 0;
  for (const k of Object.keys(v)) {
    if (n++ >= max) break;
    out[k] = strList(v[k]);
  }
  return out;
}
