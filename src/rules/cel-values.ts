// Values on the compiled CEL fast path (cel-compile.ts): which JavaScript values are CEL values
// as cel-js reads them from our plain event objects, and the comparisons whose results the fast
// path may give itself. BAIL means "not sure: let the interpreter decide".

export const BAIL: unique symbol = Symbol('cel-bail');
export type Value = unknown;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const c = (v).constructor;
  return c === Object || c === undefined;
}

/** A value cel-js reads from a plain object without converting it (see its debugType). */
export function celValue(v: unknown): Value {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'bigint':
    case 'number':
      return v;
    case 'object':
      return v === null || Array.isArray(v) || isPlainObject(v) ? v : BAIL;
    default:
      return BAIL;
  }
}

/**
 * Whether cel-js can type a list or map: it looks at the first element (of a map, the first
 * entry's value), recursively, and fails on values that are not CEL values (undefined, say).
 */
export function typeable(v: unknown): boolean {
  for (let depth = 0; depth < 64; depth++) {
    if (Array.isArray(v)) {
      if (v.length === 0) return true;
      v = v[0];
    } else if (isPlainObject(v)) {
      let first: unknown = undefined;
      let any = false;
      for (const k in v) {
        first = v[k];
        any = true;
        break;
      }
      if (!any) return true;
      v = first;
    } else return celValue(v) !== BAIL;
  }
  return false;
}

export function stringSize(s: string): bigint {
  let n = 0;
  for (const _ of s) n++;
  return BigInt(n);
}

/** Strict equality for values of one scalar type; BAIL for mixed or composite operands. */
export function equal(a: Value, b: Value): boolean | typeof BAIL {
  if (a === BAIL || b === BAIL) return BAIL;
  const t = typeof a;
  // An int and a double compare by numeric value (cel-js's heterogeneous equality).
  if ((t === 'number' && typeof b === 'bigint') || (t === 'bigint' && typeof b === 'number')) return a == b;  
  // null equals only null, whatever the other side is.
  if (a === null || b === null) return a === b;
  if (t !== typeof b) return BAIL;
  // Doubles compare with ===, so NaN equals nothing (as in cel-js).
  if (t === 'string' || t === 'boolean' || t === 'bigint' || t === 'number') return a === b;
  return BAIL;
}

const NUMERIC = new Set(['number', 'bigint']);

export function compare(op: string, a: Value, b: Value): boolean | typeof BAIL {
  const t = typeof a;
  // Same types, or int against double (compared by numeric value, as cel-js's overloads do).
  if (!(t === typeof b ? t === 'string' || NUMERIC.has(t) : NUMERIC.has(t) && NUMERIC.has(typeof b))) return BAIL;
  const x = a as string | number | bigint;
  const y = b as string | number | bigint;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** Patterns computed at evaluation (list elements in a macro), compiled once; null when invalid. */
const patterns = new Map<string, RegExp | null>();
const MAX_PATTERNS = 1000;

export function patternOf(p: string): RegExp | null {
  let re = patterns.get(p);
  if (re === undefined) {
    try {
      re = new RegExp(p);
    } catch {
      re = null;
    }
    // Bounded: patterns built from event data could otherwise grow it without end.
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    patterns.set(p, re);
  }
  return re;
}

export function onlyStrings(v: Value): v is string[] {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== 'string') return false;
  return true;
}

