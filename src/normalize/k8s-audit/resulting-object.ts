// Which object does an audit event describe? The resulting object when the event carries it
// (responseObject at RequestResponse level), else the request body: a full object for create and
// update, a merge patch for patch, or a JSON patch whose add/replace operations we fold into a
// partial object so rules can still read e.g. spec.type.

import { arr, isObject, str } from './values.js';

function isStatus(o: Record<string, unknown>): boolean {
  return o.kind === 'Status';
}

/** Applies add/replace ops of a JSON patch (RFC 6902) onto an empty object. */
export function foldJsonPatch(ops: unknown[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const op of arr(ops, 500)) {
    if (!isObject(op)) continue;
    const kind = op.op;
    if (kind !== 'add' && kind !== 'replace') continue;
    const path = str(op.path);
    if (!path.startsWith('/')) continue;
    const parts = path
      .slice(1)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parts.length > 32) continue;
    let cur: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i] as string;
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') break;
      const last = i === parts.length - 1;
      if (Array.isArray(cur)) {
        const idx = key === '-' ? cur.length : Number(key);
        if (!Number.isInteger(idx) || idx < 0 || idx > 10000) break;
        if (last) cur[idx] = op.value;
        else {
          const next: unknown = cur[idx];
          cur = (isObject(next) || Array.isArray(next) ? next : (cur[idx] = {})) as Record<string, unknown>;
        }
      } else {
        if (last) cur[key] = op.value;
        else {
          const next: unknown = cur[key];
          if (isObject(next) || Array.isArray(next)) cur = next as Record<string, unknown>;
          else {
            const nextIsArray = /^(\d+|-)$/.test(parts[i + 1] ?? '');
            const created: Record<string, unknown> | unknown[] = nextIsArray ? [] : {};
            cur[key] = created;
            cur = created;
          }
        }
      }
    }
  }
  return root;
}

export function resultingObject(requestObject: unknown, responseObject: unknown): Record<string, unknown> | null {
  if (isObject(responseObject) && !isStatus(responseObject) && isObject(responseObject.metadata)) return responseObject;
  if (isObject(requestObject) && !isStatus(requestObject)) return requestObject;
  if (Array.isArray(requestObject)) return foldJsonPatch(requestObject);
  return null;
}

/** The request body as an object: the body itself, or a JSON patch folded into a partial object. */
export function requestBody(requestObject: unknown): Record<string, unknown> | null {
  if (isObject(requestObject)) return requestObject;
  if (Array.isArray(requestObject)) return foldJsonPatch(requestObject);
  return null;
}
