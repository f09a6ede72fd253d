// A small declarative schema for sink options: each field names its kind, the reader checks every
// field and reports every problem with its path (no stopping at the first one), and fills defaults.

import { readFileSync } from 'node:fs';
import { parseDuration } from '../lib/duration.js';

export type Field =
  | { kind: 'string'; required?: boolean; default?: string; pattern?: RegExp; hint?: string }
  | { kind: 'url'; required?: boolean }
  /** Given as `<key>`, `<key>Env` (an environment variable) or `<key>File` (a file's trimmed content). */
  | { kind: 'secret'; required?: boolean }
  | { kind: 'enum'; values: readonly string[]; default?: string }
  | { kind: 'int'; min: number; max: number; default?: number }
  | { kind: 'boolean'; default?: boolean }
  /** "30s", "5m" or milliseconds; read as milliseconds. */
  | { kind: 'duration'; default?: number; min?: number; max?: number }
  /** A mapping of HTTP header names to values. */
  | { kind: 'headers'; reserved?: readonly string[] }
  /** Anything else: returns the value or a problem message. */
  | { kind: 'custom'; read: (v: unknown) => { value: unknown } | { problem: string }; default?: unknown };

export type Fields = Record<string, Field>;

export interface ConfigProblem {
  /** Where, e.g. `sinks[2].url`. */
  path: string;
  message: string;
}

export interface SecretSources {
  env?: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

/** Every key a field set accepts (secrets accept three spellings). */
export function acceptedKeys(fields: Fields): string[] {
  return Object.entries(fields).flatMap(([k, f]) => (f.kind === 'secret' ? [k, `${k}Env`, `${k}File`] : [k]));
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function readSecret(raw: Record<string, unknown>, key: string, required: boolean, src: SecretSources): { value?: string; problem?: [string, string] } {
  const given = [key, `${key}Env`, `${key}File`].filter((k) => raw[k] !== undefined);
  if (given.length > 1) return { problem: [key, `give only one of ${given.join(', ')}`] };
  const k = given[0];
  if (k === undefined) return required ? { problem: [key, `is required (or ${key}Env / ${key}File)`] } : {};
  const v = raw[k];
  if (typeof v !== 'string' || v.length === 0) return { problem: [k, 'must be a non-empty string'] };
  if (k === key) return { value: v };
  if (k.endsWith('Env')) {
    const e = (src.env ?? process.env)[v];
    return e ? { value: e } : { problem: [k, `environment variable ${v} is not set or empty`] };
  }
  try {
    const text = (src.readFile ?? ((p) => readFileSync(p, 'utf8')))(v).trim();
    return text ? { value: text } : { problem: [k, `file ${v} is empty`] };
  } catch (err) {
    return { problem: [k, `cannot read ${v}: ${(err as Error).message}`] };
  }
}

function readOne(v: unknown, f: Exclude<Field, { kind: 'secret' }>): { value: unknown } | { problem: string } {
  switch (f.kind) {
    case 'string':
      if (typeof v !== 'string' || v.length === 0) return { problem: 'must be a non-empty string' };
      return f.pattern && !f.pattern.test(v) ? { problem: f.hint ?? `must match ${String(f.pattern)}` } : { value: v };
    case 'url': {
      if (typeof v !== 'string') return { problem: 'must be an http or https URL' };
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:' ? { value: v } : { problem: 'must be an http or https URL' };
      } catch {
        return { problem: 'must be an http or https URL' };
      }
    }
    case 'enum':
      return typeof v === 'string' && f.values.includes(v) ? { value: v } : { problem: `must be one of ${f.values.join(', ')}` };
    case 'int':
      return Number.isInteger(v) && (v as number) >= f.min && (v as number) <= f.max ? { value: v } : { problem: `must be an integer from ${f.min} to ${f.max}` };
    case 'boolean':
      return typeof v === 'boolean' ? { value: v } : { problem: 'must be true or false' };
    case 'duration': {
      const ms = parseDuration(v);
      if (ms === null) return { problem: 'must be a duration such as 500ms, 10s or 5m' };
      if ((f.min !== undefined && ms < f.min) || (f.max !== undefined && ms > f.max)) return { problem: `must be from ${f.min ?? 0} ms to ${f.max ?? Infinity} ms` };
      return { value: ms };
    }
    case 'headers': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return { problem: 'must be a mapping of header names to values' };
      for (const [name, value] of Object.entries(v)) {
        if (!HEADER_NAME.test(name)) return { problem: `header name ${JSON.stringify(name)} is not a valid HTTP token` };
        if (f.reserved?.includes(name.toLowerCase())) return { problem: `header ${name} is set by Vigil and cannot be configured` };
        if (typeof value !== 'string' || /[\r\n\0]/.test(value)) return { problem: `header ${name} must be a string without line breaks` };
      }
      return { value: v };
    }
    case 'custom':
      return f.read(v);
  }
}

/** Reads `fields` from `raw`; problems are added with paths under `path`. Unknown keys are the caller's job. */
export function readFields(raw: Record<string, unknown>, fields: Fields, path: string, problems: ConfigProblem[], src: SecretSources = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(fields)) {
    if (f.kind === 'secret') {
      const r = readSecret(raw, key, f.required ?? false, src);
      if (r.problem) problems.push({ path: `${path}.${r.problem[0]}`, message: r.problem[1] });
      else if (r.value !== undefined) out[key] = r.value;
      continue;
    }
    const v = raw[key];
    if (v === undefined) {
      if ('required' in f && f.required) problems.push({ path: `${path}.${key}`, message: 'is required' });
      else if ('default' in f && f.default !== undefined) out[key] = f.default;
      continue;
    }
    const r = readOne(v, f);
    if ('problem' in r) problems.push({ path: `${path}.${key}`, message: r.problem });
    else out[key] = r.value;
  }
  return out;
}
