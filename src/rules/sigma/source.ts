// Reading YAML with positions: locations of nodes and of offsets inside scalars, and a reader that
// collects diagnostics for one document.

import { isScalar, type LineCounter, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic, Location } from '../diagnostics.js';
import { makeLocation, scalarLocator } from '../yaml-positions.js';
import type { SigmaScalar } from './detection.js';

export { makeLocation, scalarLocator };

export class Reader {
  readonly before: number;
  constructor(
    readonly src: string,
    readonly lc: LineCounter,
    readonly file: string,
    readonly diagnostics: Diagnostic[],
  ) {
    this.before = diagnostics.length;
  }
  loc(node: Node | null | undefined, fallback: Location): Location {
    return node?.range ? makeLocation(this.lc, this.file, node.range[0]) : fallback;
  }
  error(code: Diagnostic['code'], message: string, at: Location): void {
    this.diagnostics.push({ code, severity: 'error', message, location: at });
  }
  get failed(): boolean {
    return this.diagnostics.length > this.before;
  }
}

export function pairsOf(map: YAMLMap): { key: string; keyNode: Node | null; value: Node | null }[] {
  return map.items.map((p) => ({
    key: isScalar(p.key) ? String(p.key.value) : '',
    keyNode: p.key as Node | null,
    value: p.value as Node | null,
  }));
}

export function scalarValue(node: Node | null): { ok: true; value: SigmaScalar } | { ok: false } {
  if (node === null) return { ok: true, value: null };
  if (!isScalar(node)) return { ok: false };
  const v = node.value;
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return { ok: true, value: v };
  return { ok: false };
}
