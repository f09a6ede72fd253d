// Reading query-string parameters of the /api/v1 routes: unknown names, repeated single values,
// ISO 8601 times and integer ranges are refused with a 400 that names the parameter.

import { VigilError } from '../core/errors.js';

export type Query = Record<string, unknown>;

export function badRequest(detail: string): VigilError {
  return new VigilError('VIGIL_BAD_REQUEST', detail, 400);
}

/** Refuses parameters outside `known`, so a typo is not silently ignored. */
export function onlyKnown(q: Query, known: readonly string[]): void {
  for (const k of Object.keys(q)) {
    if (!known.includes(k)) throw badRequest(`unknown query parameter ${JSON.stringify(k.slice(0, 64))}; known: ${known.join(', ')}`);
  }
}

/** A parameter given at most once, as a string of at most `max` characters; undefined when absent or empty. */
export function single(q: Query, name: string, max = 1024): string | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest(`${name} must be given once`);
  if (v.length > max) throw badRequest(`${name} must be at most ${max} characters`);
  return v;
}

/** Comma-separated values of a parameter that may repeat; [] when absent. */
export function list(v: unknown): string[] {
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);
}

export function number(v: unknown, name: string): number {
  const n = Number(v);
  if (v === undefined || v === '' || typeof v !== 'string' || !Number.isFinite(n)) throw badRequest(`${name} must be a number`);
  return n;
}

/** An integer parameter in [min, max], or `fallback` when absent. */
export function integer(q: Query, name: string, min: number, max: number, fallback: number): number {
  const v = single(q, name, 32);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min || n > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date (YYYY-MM-DD, UTC midnight) or date-time with a zone, as epoch ms; undefined when absent. */
export function isoTime(q: Query, name: string): number | undefined {
  const v = single(q, name, 40);
  if (v === undefined) return undefined;
  const m = ISO.exec(v);
  const t = Date.parse(v);
  if (m && Number.isFinite(t)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCMonth() === mo - 1 && day.getUTCDate() === d) return t;
  }
  throw badRequest(`${name} must be an ISO 8601 time such as 2024-03-01T12:00:00Z or a date such as 2024-03-01, got ${JSON.stringify(v)}`);
}

/** asc or desc, or `fallback` when absent. */
export function order(q: Query, fallback: 'asc' | 'desc'): 'asc' | 'desc' {
  const v = single(q, 'order', 8);
  if (v === undefined) return fallback;
  if (v !== 'asc' && v !== 'desc') throw badRequest('order must be asc or desc');
  return v;
}

/** Store errors about page tokens become 400s; anything else is rethrown. */
export function pageTokenError(e: unknown): never {
  if (e instanceof Error && e.message.startsWith('invalid nextToken')) throw badRequest(e.message);
  throw e;
}
