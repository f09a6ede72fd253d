// Sigma values and value modifiers -> a test over a field's values (fields.ts gives every field as
// a list; absent is the empty list). Values of a list are ORed (`all` ANDs them); a list field
// matches a value when any of its elements does.
//
// Strings match case-insensitively (`cased` makes them case-sensitive), with `*` (any run) and
// `?` (one character) wildcards; `\*`, `\?` and `\\` are the literal characters and a backslash
// before anything else is a plain backslash. Numbers compare as numbers, booleans as booleans, and
// `null` or `''` match an absent field. Supported modifiers: contains, startswith, endswith, all,
// exists, cased, windash, re (with i, m, s), cidr (IPv4 and IPv6), gt, gte, lt, lte.

import { IpSet } from '../../lib/ip-set.js';
import type { Location } from '../diagnostics.js';
import type { FieldScalar } from './fields.js';
import type { SigmaFieldItem, SigmaScalar, SigmaValue } from './detection.js';

export type ItemMatcher = (values: readonly FieldScalar[]) => boolean;
type Report = (message: string, at: Location) => void;

interface ValueTest {
  test: (v: FieldScalar) => boolean;
  /** Whether the value also matches an absent field (null, '', exists: false). */
  matchesAbsent: boolean;
}

export const MAX_REGEX_LENGTH = 1000;
const STRING_POSITION = new Set(['contains', 'startswith', 'endswith']);
const NUMERIC = new Set(['gt', 'gte', 'lt', 'lte']);
const REGEX_FLAGS = new Set(['i', 'm', 's']);
const SUPPORTED = new Set([...STRING_POSITION, ...NUMERIC, ...REGEX_FLAGS, 'all', 'exists', 'cased', 'windash', 're', 'cidr']);
const UNSUPPORTED = new Set(['base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'expand', 'fieldref', 'neq', 'minute', 'hour', 'day', 'week', 'month', 'year']);
const DASHES = '-/\u2013\u2014\u2015';

function text(v: FieldScalar): string {
  return typeof v === 'string' ? v : String(v);
}

function asNumber(v: FieldScalar | SigmaScalar): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

type GlobToken = { lit: string } | '*' | '?';

/** Splits a Sigma string into literal runs and wildcards, resolving backslash escapes. */
export function parseGlob(s: string): GlobToken[] {
  const out: GlobToken[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push({ lit });
    lit = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const n = s[i + 1];
    if (c === '\\' && (n === '*' || n === '?' || n === '\\')) {
      lit += n;
      i++;
    } else if (c === '*' || c === '?') {
      flush();
      out.push(c);
    } else lit += c;
  }
  flush();
  return out;
}

function escapeRegex(s: string, windash: boolean): string {
  let out = '';
  for (const c of s) {
    if (windash && DASHES.includes(c)) out += '[\\-/\u2013\u2014\u2015]';
    else out += /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/** A string test for one Sigma string value with its position modifier, case and windash options. */
export function globTest(value: string, position: 'exact' | 'contains' | 'startswith' | 'endswith', cased: boolean, windash = false): (s: string) => boolean {
  const tokens = parseGlob(value);
  if (position === 'contains' || position === 'endswith') tokens.unshift('*');
  if (position === 'contains' || position === 'startswith') tokens.push('*');
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  const inner = tokens.slice(tokens[0] === '*' ? 1 : 0, tokens[tokens.length - 1] === '*' && tokens.length > 1 ? -1 : undefined);
  if (!windash && inner.length <= 1 && inner.every((t) => typeof t === 'object')) {
    const lit = fold(inner.length === 1 ? (inner[0] as { lit: string }).lit : '');
    const lead = tokens[0] === '*';
    const trail = tokens.length > 1 && tokens[tokens.length - 1] === '*';
    if (lead && trail) return (s) => fold(s).includes(lit);
    if (lead) return (s) => fold(s).endsWith(lit);
    if (trail) return (s) => fold(s).startsWith(lit);
    return (s) => fold(s) === lit;
  }
  const source = tokens.map((t) => (t === '*' ? '[\\s\\S]*' : t === '?' ? '[\\s\\S]' : escapeRegex(t.lit, windash))).join('');
  const re = new RegExp(`^${source}$`, cased ? '' : 'i');
  return (s) => re.test(s);
}

/** One CIDR value, with the same address matching as threat lists (lib/ip-set). */
function cidrTest(value: string): ((ip: string) => boolean) | null {
  const set = new IpSet();
  return set.add(value).ok ? (ip) => set.has(ip) : null;
}

function numericTest(op: string, n: number): (v: FieldScalar) => boolean {
  return (v) => {
    const x = asNumber(v);
    if (x === null) return false;
    return op === 'gt' ? x > n : op === 'gte' ? x >= n : op === 'lt' ? x < n : x <= n;
  };
}

/** The plain (modifier-less) test of one value: typed equality or a case-insensitive glob. */
function plainTest(v: SigmaValue, cased: boolean): ValueTest {
  const p = v.value;
  if (p === null) return { test: () => false, matchesAbsent: true };
  if (typeof p === 'number') return { test: (x) => asNumber(x) === p, matchesAbsent: false };
  if (typeof p === 'boolean') return { test: (x) => (typeof x === 'boolean' ? x === p : text(x).toLowerCase() === String(p)), matchesAbsent: false };
  if (p === '') return { test: (x) => text(x) === '', matchesAbsent: true };
  const g = globTest(p, 'exact', cased);
  return { test: (x) => g(text(x)), matchesAbsent: false };
}

/** Compiles a field item's modifiers and values; reports problems and returns null on any. */
export function compileItem(item: Pick<SigmaFieldItem, 'field' | 'modifiers' | 'values' | 'at'>, report: Report): ItemMatcher | null {
  const mods = new Set<string>();
  let ok = true;
  const bad = (message: string, at: Location = item.at) => {
    report(`${item.field}: ${message}`, at);
    ok = false;
  };
  for (const m of item.modifiers) {
    if (mods.has(m)) bad(`modifier ${m} is given twice`);
    else if (UNSUPPORTED.has(m)) bad(`modifier ${m} is not supported by Vigil`);
    else if (!SUPPORTED.has(m)) bad(`unknown modifier ${JSON.stringify(m)}`);
    mods.add(m);
  }
  if (!ok) return null;
  const has = (...names: string[]) => names.filter((n) => mods.has(n));
  const position = has(...STRING_POSITION);
  const numeric = has(...NUMERIC);
  const kinds = [position.length || mods.has('cased') || mods.has('windash') ? 'string' : '', mods.has('re') ? 're' : '', mods.has('cidr') ? 'cidr' : '', numeric.length ? 'numeric' : '', mods.has('exists') ? 'exists' : ''].filter(Boolean);
  if (position.length > 1) bad(`modifiers ${position.join(' and ')} cannot be combined`);
  if (numeric.length > 1) bad(`modifiers ${numeric.join(' and ')} cannot be combined`);
  if (kinds.length > 1) bad(`modifiers ${[...mods].join('|')} cannot be combined`);
  if (!mods.has('re') && has(...REGEX_FLAGS).length) bad(`modifiers i, m and s apply only to re`);
  if (mods.has('exists') && mods.size > 1) bad('exists cannot be combined with other modifiers');
  if (item.values.some((v) => v.value === null) && mods.size > 0) bad('null cannot be used with modifiers');
  if (!ok) return null;

  if (mods.has('exists')) {
    const v = item.values[0];
    if (item.values.length !== 1 || typeof v?.value !== 'boolean') {
      bad('exists needs a single true or false');
      return null;
    }
    const want = v.value;
    return (values) => values.length > 0 === want;
  }

  const tests: ValueTest[] = [];
  for (const v of item.values) {
    const p = v.value;
    if (mods.has('re')) {
      if (typeof p !== 'string') bad('a regular expression must be a string', v.at);
      else if (p.length > MAX_REGEX_LENGTH) bad(`regular expression is longer than ${MAX_REGEX_LENGTH} characters`, v.at);
      else {
        try {
          const re = new RegExp(p, has(...REGEX_FLAGS).join(''));
          tests.push({ test: (x) => re.test(text(x)), matchesAbsent: false });
        } catch (e) {
          bad(`invalid regular expression: ${(e as Error).message}`, v.at);
        }
      }
    } else if (mods.has('cidr')) {
      const t = typeof p === 'string' ? cidrTest(p) : null;
      if (t) tests.push({ test: (x) => typeof x === 'string' && t(x), matchesAbsent: false });
      else bad(`${JSON.stringify(p)} is not an IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8`, v.at);
    } else if (numeric.length) {
      const n = asNumber(p);
      if (n === null) bad(`${numeric[0]} needs a number`, v.at);
      else tests.push({ test: numericTest(numeric[0] as string, n), matchesAbsent: false });
    } else if (position.length || mods.has('windash') || (mods.has('cased') && typeof p === 'string')) {
      if (typeof p !== 'string' && typeof p !== 'number') bad(`${[...mods].join('|')} needs a string`, v.at);
      else {
        const g = globTest(String(p), (position[0] ?? 'exact') as 'exact', mods.has('cased'), mods.has('windash'));
        tests.push({ test: (x) => g(text(x)), matchesAbsent: false });
      }
    } else tests.push(plainTest(v, mods.has('cased')));
  }
  if (!ok) return null;
  const one = (t: ValueTest, values: readonly FieldScalar[]) => (values.length === 0 ? t.matchesAbsent : values.some(t.test));
  if (mods.has('all')) return (values) => tests.every((t) => one(t, values));
  if (tests.length === 1) {
    const t = tests[0] as ValueTest;
    return (values) => one(t, values);
  }
  return (values) => tests.some((t) => one(t, values));
}
