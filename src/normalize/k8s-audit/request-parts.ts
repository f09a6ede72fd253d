// The two parts of an audit event that cost the most to read: its RFC 3339 timestamps and the
// query string of its requestURI. Each has a fast path for the common shape and falls back to the
// standard parser (Date.parse, URLSearchParams) for everything else, so results are the standard
// parser's (request-parts.test.ts compares them on generated input).

/** Timestamps such as 2025-03-14T09:26:53.104211Z (RFC 3339, any fraction); null when invalid. */
export function parseTime(v: unknown): number | null {
  if (typeof v !== 'string' || v.length > 64) return null;
  const t = fastUtc(v);
  if (t !== null) return t;
  const parsed = Date.parse(v);
  return Number.isFinite(parsed) ? parsed : null;
}

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000; // any non-digit makes the sum negative
}

/**
 * YYYY-MM-DDTHH:MM:SS[.fraction]Z with every field in range (days up to 28: later days depend on
 * the month and go to Date.parse) and a fraction of 1 to 9 digits; null for any other text.
 * Fractions are truncated to milliseconds, as Date.parse does.
 */
function fastUtc(s: string): number | null {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const hour = digit(s, 11) * 10 + digit(s, 12);
  const minute = digit(s, 14) * 10 + digit(s, 15);
  const second = digit(s, 17) * 10 + digit(s, 18);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let ms = 0;
  if (n > 20) {
    // Longer fractions go to Date.parse, whose handling of them is its own (V8 reads
    // .0001000000 as 1 ms).
    if (s.charCodeAt(19) !== 46 /* . */ || n === 21 || n > 30) return null;
    for (let i = 20, scale = 100; i < n - 1; i++, scale /= 10) {
      const d = digit(s, i);
      if (d < 0) return null;
      if (scale >= 1) ms += d * scale;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** A requestURI's path and its query parameters (at most 257 values kept). */
export function parseQuery(uri: string): { path: string; query: Record<string, string[]> } {
  const q = uri.indexOf('?');
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  if (q < 0) return { path: uri, query };
  const text = uri.slice(q + 1);
  let n = 0;
  // Without escapes ('%', '+') form decoding changes nothing: split by hand.
  if (!text.includes('%') && !text.includes('+')) {
    // URLSearchParams drops one leading '?' of its input.
    for (const part of (text.startsWith('?') ? text.slice(1) : text).split('&')) {
      if (part === '') continue;
      if (n++ > 256) break;
      const eq = part.indexOf('=');
      const k = eq < 0 ? part : part.slice(0, eq);
      (query[k] ??= []).push(eq < 0 ? '' : part.slice(eq + 1));
    }
    return { path: uri.slice(0, q), query };
  }
  for (const [k, v] of new URLSearchParams(text)) {
    if (n++ > 256) break;
    (query[k] ??= []).push(v);
  }
  return { path: uri.slice(0, q), query };
}
