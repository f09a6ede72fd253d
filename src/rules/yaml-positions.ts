// Source positions for YAML rule files (Vigil and Sigma): a node's location, and the location of a
// character offset inside a scalar's value, so CEL and Sigma condition errors point at the source.

import { Scalar, type LineCounter } from 'yaml';
import type { Location } from './diagnostics.js';

export function makeLocation(lc: LineCounter, file: string, offset: number): Location {
  const p = lc.linePos(offset);
  return { file, line: p.line, col: p.col };
}

/** Maps an offset inside a scalar's value back to the source (exact for plain, quoted and literal scalars). */
export function scalarLocator(src: string, lc: LineCounter, file: string, node: Scalar): (offset: number) => Location {
  const start = node.range?.[0] ?? 0;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    return (offset) => {
      // Walk the content lines; literal keeps newlines, folded joins lines with one space: both consume len + 1.
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
