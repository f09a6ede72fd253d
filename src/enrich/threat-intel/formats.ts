// Threat and trusted list formats: plain text (one IP, CIDR or domain a line; # ; // comments),
// CSV with a header row (a column named ip, ip_address, address, cidr, network, indicator, value or
// domain), and STIX 2.1 bundles (ipv4-addr / ipv6-addr / domain-name objects, and indicators whose
// pattern compares those values or a file's SHA-256). A 64-hex entry is a SHA-256 file hash. Every entry that cannot be read is reported with its line.

import { isIP } from 'node:net';

export type ListFormat = 'txt' | 'csv' | 'stix';

export interface ParsedList {
  ips: string[];
  domains: string[];
  /** SHA-256 file hashes (64 hex characters), lower-case. */
  hashes: string[];
  errors: { line: number; reason: string }[];
}

const DOMAIN = /^(?=.{1,253}$)(\*\.)?([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

function classify(value: string, line: number, out: ParsedList): void {
  const v = value.trim().replace(/^\[|\]$/g, '');
  if (v === '') return;
  if (/^[0-9a-f]{64}$/i.test(v)) {
    out.hashes.push(v.toLowerCase());
    return;
  }
  const slash = v.indexOf('/');
  const addr = slash < 0 ? v : v.slice(0, slash);
  if (isIP(addr) !== 0) {
    const prefix = slash < 0 ? '' : v.slice(slash + 1);
    const max = isIP(addr) === 4 ? 32 : 128;
    if (slash >= 0 && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max)) out.errors.push({ line, reason: `bad prefix length in ${JSON.stringify(v)}` });
    else out.ips.push(v);
  } else if (DOMAIN.test(v)) out.domains.push(v.toLowerCase().replace(/\.$/, ''));
  else out.errors.push({ line, reason: `not an IP address, CIDR block or domain: ${JSON.stringify(v.slice(0, 100))}` });
}

export function parseTxt(text: string): ParsedList {
  const out: ParsedList = { ips: [], domains: [], hashes: [], errors: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s(#|;|\/\/).*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('//')) return;
    classify(line.split(/\s+/)[0] ?? '', i + 1, out);
  });
  return out;
}

/** Splits one CSV line (RFC 4180 quoting). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const CSV_COLUMNS = ['ip', 'ip_address', 'ipaddress', 'address', 'cidr', 'network', 'indicator', 'value', 'domain', 'host', 'sha256', 'hash'];

export function parseCsv(text: string): ParsedList {
  const out: ParsedList = { ips: [], domains: [], hashes: [], errors: [] };
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  let col = -1;
  lines.forEach((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const fields = csvFields(raw);
    if (!header) {
      header = fields.map((f) => f.trim().toLowerCase().replace(/[\s-]/g, '_'));
      col = CSV_COLUMNS.map((c) => (header as string[]).indexOf(c)).find((x) => x >= 0) ?? -1;
      if (col < 0) out.errors.push({ line: i + 1, reason: `no IP or domain column in the header (expected one of ${CSV_COLUMNS.join(', ')})` });
      return;
    }
    if (col < 0) return;
    const v = fields[col];
    if (v === undefined) out.errors.push({ line: i + 1, reason: `row has no column ${col + 1}` });
    else classify(v, i + 1, out);
  });
  return out;
}

const STIX_PATTERN = /\[\s*(ipv4-addr:value|ipv6-addr:value|domain-name:value|file:hashes\.'SHA-256'|file:hashes\.'sha256')\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]/g;

export function parseStix(text: string): ParsedList {
  const out: ParsedList = { ips: [], domains: [], hashes: [], errors: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    out.errors.push({ line: 1, reason: `not valid JSON: ${(e as Error).message}` });
    return out;
  }
  const objects = (doc as { type?: unknown; objects?: unknown }).objects;
  if ((doc as { type?: unknown }).type !== 'bundle' || !Array.isArray(objects)) {
    out.errors.push({ line: 1, reason: 'a STIX 2.1 list must be a bundle with an objects array' });
    return out;
  }
  objects.forEach((o: unknown, i) => {
    if (typeof o !== 'object' || o === null) return;
    const obj = o as { type?: unknown; value?: unknown; pattern?: unknown; pattern_type?: unknown };
    if ((obj.type === 'ipv4-addr' || obj.type === 'ipv6-addr' || obj.type === 'domain-name') && typeof obj.value === 'string') classify(obj.value, i + 1, out);
    else if (obj.type === 'indicator' && typeof obj.pattern === 'string' && (obj.pattern_type === undefined || obj.pattern_type === 'stix')) {
      let found = false;
      for (const m of obj.pattern.matchAll(STIX_PATTERN)) {
        found = true;
        classify((m[2] ?? '').replace(/\\(.)/g, '$1'), i + 1, out);
      }
      if (!found) out.errors.push({ line: i + 1, reason: `indicator pattern compares no ipv4-addr, ipv6-addr, domain-name value or SHA-256 file hash: ${obj.pattern.slice(0, 120)}` });
    }
  });
  return out;
}

/** Guesses the format from the file name and content. */
export function detectFormat(name: string, text: string): ListFormat {
  const t = text.trimStart();
  if (/\.json$/i.test(name) || (t.startsWith('{') && t.includes('"bundle"'))) return 'stix';
  if (/\.csv$/i.test(name)) return 'csv';
  return 'txt';
}

export function parseList(format: ListFormat, text: string): ParsedList {
  switch (format) {
    case 'txt':
      return parseTxt(text);
    case 'csv':
      return parseCsv(text);
    case 'stix':
      return parseStix(text);
  }
}
