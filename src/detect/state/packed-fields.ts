// Compact values for bounded state: fields joined by NUL instead of JSON objects, about half the
// bytes for process records (state memory is the largest part of Vigil's heap at scale). A NUL
// inside a field (only possible in hostile input) becomes U+FFFD so the fields stay aligned.
// Packed values start with U+0001, so values saved as JSON by earlier versions are told apart
// (`isPacked`) and still read.

const MARK = '\u0001';
const SEP = '\u0000';
const NUL = new RegExp(SEP, 'g');

export function packFields(fields: readonly (string | number)[]): string {
  // join, not +: concatenation leaves V8 rope strings that cost about twice the bytes.
  const parts = fields.map((f) => (typeof f === 'number' ? String(f) : f.includes(SEP) ? f.replace(NUL, '\uFFFD') : f));
  parts[0] = MARK + (parts[0] ?? '');
  return parts.join(SEP);
}

/**
 * A state key from parts joined by NUL, as one flat string: a template literal gives a V8 rope
 * (32 more bytes per key, kept for as long as the entry).
 */
export function stateKey(...parts: string[]): string {
  return parts.join(SEP);
}

export function unpackFields(value: string): string[] {
  return value.slice(1).split(SEP);
}

/** A number field; NaN and missing fields read as 0. */
export function numField(fields: readonly string[], i: number): number {
  const n = Number(fields[i]);
  return Number.isFinite(n) ? n : 0;
}

/** Written by packFields (otherwise: JSON from a version before values were packed). */
export function isPacked(value: string): boolean {
  return value.charCodeAt(0) === 1;
}
