// Reading YAML with positions: locations of nodes and of offsets inside scalars, and a reader that
// collects diagnostics for one document.

import { Scalar, isScalar, type LineCounter, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic, Location } from '../diagnostics.js';
import type { SigmaScalar } from './detection.js';

export function makeLocation(lc: LineCounter, file: string, offset: number): Location {
  const p = lc.linePos(offset);
  return { file, line: p.line, col: p.col };
}

/** Maps an offset inside a scalar's value back to the source (exact for plain, quoted and literal scalars). */
export function scalarLocator(src: string, lc: LineCounter, file: string, node: Scalar): (offset: number) => Location {
  const start = node.range?.[0] ?? 0;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    return (offset) => {
      let pos = src.indexOf('\n', start) + 1;
      if (pos <= 0) return makeLocation(lc, file, start);
      let remaining = offset;
      let indent = -1;
      while (pos < src.length) {
        const eol = src.indexOf('\n', pos);
        const line = src.slice(pos, eol < 0 ? src.length : eol);
        if (line.trim() !== '') {
          if (indent < 0) indent = line.length - line.trimStart().length;
          if (remaining <= line.length - indent) return makeLocation(lc, file, pos + indent + remaining);
          remaining -= line.length - indent + 1;
        } else remaining -= 1;
        if (eol < 0) break;
        pos = eol + 1;
      }
      return makeLocation(lc, file, start);
    };
  }
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  return (offset) => makeLocation(lc, file, start + quoted + offset);
}

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
