// A set of IPv4/IPv6 addresses and CIDR blocks with fast membership tests: exact addresses sit in
// hash sets, blocks in one hash set per prefix length, so a lookup costs one probe per distinct
// prefix length present (at most 33 for IPv4, 129 for IPv6) whatever the number of entries.
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are treated as the IPv4 address.

import { isIPv4, isIPv6 } from 'node:net';

function v4ToInt(ip: string): number {
  const p = ip.split('.');
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

/** 8 groups of 16 bits, or null. */
function v6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = s.slice(lastColon + 1);
    if (!isIPv4(v4)) return null;
    const n = v4ToInt(v4);
    tail = [n >>> 16, n & 0xffff];
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 && head.length !== 8) return null;
  if (missing < 0) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest].map((g) => parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  if (tail.length) {
    groups[6] = tail[0] as number;
    groups[7] = tail[1] as number;
  }
  return groups;
}

function v6Key(groups: number[], prefix: number): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    const mask = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    out += ((groups[i] as number) & mask).toString(16) + ':';
  }
  return out;
}

/** An address as IPv4 text when it is IPv4 or IPv4-mapped IPv6; otherwise unchanged. */
export function canonicalIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m && isIPv4(m[1] as string) ? (m[1] as string) : ip;
}

export type ParsedEntry = { ok: true } | { ok: false; reason: string };

export class IpSet {
  #v4 = new Map<number, Set<number>>(); // prefix length -> masked networks
  #v6 = new Map<number, Set<string>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds "1.2.3.4", "10.0.0.0/8", "2001:db8::/32" or "::1". */
  add(entry: string): ParsedEntry {
    const text = entry.trim();
    const slash = text.indexOf('/');
    const addr = canonicalIp(slash < 0 ? text : text.slice(0, slash));
    const prefixText = slash < 0 ? null : text.slice(slash + 1);
    if (isIPv4(addr)) {
      const prefix = prefixText === null ? 32 : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32 || (prefixText !== null && !/^\d+$/.test(prefixText))) return { ok: false, reason: `bad IPv4 prefix length in ${JSON.stringify(entry)}` };
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      let set = this.#v4.get(prefix);
      if (!set) this.#v4.set(prefix, (set = new Set()));
      const before = set.size;
      set.add((v4ToInt(addr) & mask) >>> 0);
      if (set.size > before) this.#size++;
      return { ok: true };
    }
    if (isIPv6(addr)) {
      const groups = v6Groups(addr);
      const prefix = prefixText === null ? 128 : Number(prefixText);
      if (!groups) return { ok: false, reason: `bad IPv6 address ${JSON.stringify(entry)}` };
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128 || (prefixText !== null && !/^\d+$/.test(prefixText))) return { ok: false, reason: `bad IPv6 prefix length in ${JSON.stringify(entry)}` };
      let set = this.#v6.get(prefix);
      if (!set) this.#v6.set(prefix, (set = new Set()));
      const before = set.size;
      set.add(v6Key(groups, prefix));
      if (set.size > before) this.#size++;
      return { ok: true };
    }
    return { ok: false, reason: `not an IP address or CIDR block: ${JSON.stringify(entry.slice(0, 100))}` };
  }

  has(ip: string): boolean {
    const addr = canonicalIp(ip);
    if (isIPv4(addr)) {
      const n = v4ToInt(addr);
      for (const [prefix, set] of this.#v4) {
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
        if (set.has((n & mask) >>> 0)) return true;
      }
      return false;
    }
    if (this.#v6.size === 0 || !isIPv6(addr)) return false;
    const groups = v6Groups(addr);
    if (!groups) return false;
    for (const [prefix, set] of this.#v6) if (set.has(v6Key(groups, prefix))) return true;
    return false;
  }
}
