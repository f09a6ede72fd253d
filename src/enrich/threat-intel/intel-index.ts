// The compiled threat-intelligence lists the enricher consults: one IpSet and one domain set per
// list, grouped by kind. Built once per change of the lists, then read-only (swapped whole).

import type { IntelInfo } from '../../core/event.js';
import { IpSet } from '../../lib/ip-set.js';
import type { IntelKind } from '../../store/store.js';
import { parseList, type ListFormat, type ParsedList } from './formats.js';

export interface IntelListInput {
  name: string;
  kind: IntelKind;
  format: ListFormat;
  content: string;
}

interface CompiledList {
  name: string;
  kind: IntelKind;
  ips: IpSet;
  domains: Set<string>;
  hashes: Set<string>;
}

/** A threat-intelligence match of source IPs: the event's intel field (core/event.ts IntelInfo). */
export type IntelMatch = IntelInfo;

export const NO_MATCH: IntelMatch = Object.freeze({ ip: '', lists: [], kinds: [], threatLists: [], tor: false, malicious: false, trusted: false });

export class IntelIndex {
  readonly #lists: CompiledList[];
  readonly #trusted: CompiledList[];

  readonly #ipLists: CompiledList[];

  private constructor(lists: CompiledList[]) {
    this.#trusted = lists.filter((l) => l.kind === 'trusted' && l.ips.size > 0);
    this.#lists = lists.filter((l) => l.kind !== 'trusted');
    this.#ipLists = this.#lists.filter((l) => l.ips.size > 0);
  }

  static readonly EMPTY = new IntelIndex([]);

  /** Compiles lists; returns the index and what each list yielded (entries and refused lines). */
  static build(inputs: IntelListInput[]): { index: IntelIndex; parsed: Map<string, ParsedList & { entries: number }> } {
    const parsed = new Map<string, ParsedList & { entries: number }>();
    const lists: CompiledList[] = [];
    for (const input of inputs) {
      const p = parseList(input.format, input.content);
      const ips = new IpSet();
      const errors = [...p.errors];
      for (const ip of p.ips) {
        const r = ips.add(ip);
        if (!r.ok) errors.push({ line: 0, reason: r.reason });
      }
      const domains = new Set(p.domains);
      const hashes = new Set(p.hashes);
      lists.push({ name: input.name, kind: input.kind, ips, domains, hashes });
      parsed.set(input.name, { ...p, errors, entries: ips.size + domains.size + hashes.size });
    }
    return { index: new IntelIndex(lists), parsed };
  }

  get listCount(): number {
    return this.#lists.length + this.#trusted.length;
  }

  isTrusted(ip: string): boolean {
    return this.#trusted.some((l) => l.ips.has(ip));
  }

  /** Matches source IPs: a trusted IP is never matched against the other lists (trusted wins). */
  matchIps(ips: readonly string[]): IntelMatch {
    if (this.#ipLists.length === 0 && this.#trusted.length === 0) return NO_MATCH;
    let trusted = false;
    for (const ip of ips) {
      if (this.isTrusted(ip)) {
        trusted = true;
        continue;
      }
      const hit = this.#ipLists.filter((l) => l.ips.has(ip));
      if (hit.length === 0) continue;
      return {
        ip,
        lists: hit.map((l) => l.name),
        kinds: hit.map((l) => l.kind),
        threatLists: hit.filter((l) => l.kind === 'threat').map((l) => l.name),
        tor: hit.some((l) => l.kind === 'tor'),
        malicious: hit.some((l) => l.kind === 'malicious'),
        trusted,
      };
    }
    return trusted ? { ...NO_MATCH, trusted } : NO_MATCH;
  }

  /** Lists (not trusted) holding the SHA-256 of a file, with their kinds. */
  matchHash(sha256: string): { lists: string[]; kinds: string[] } {
    const h = sha256.toLowerCase();
    const hit = this.#lists.filter((l) => l.hashes.has(h));
    return { lists: hit.map((l) => l.name), kinds: hit.map((l) => l.kind) };
  }

  /**
   * Lists holding the domain or one of its parent domains (a.b.example.com matches example.com).
   * Only the most specific match counts: when c2.example.com is on one list and example.com on
   * another, a query for x.c2.example.com names the first list only.
   */
  matchDomainWithKinds(domain: string): { lists: string[]; kinds: string[] } {
    const d = domain.toLowerCase().replace(/\.$/, '');
    let cur = d;
    for (;;) {
      const hit = this.#lists.filter((l) => l.domains.has(cur) || l.domains.has(`*.${cur}`));
      if (hit.length) return { lists: hit.map((l) => l.name), kinds: hit.map((l) => l.kind) };
      const dot = cur.indexOf('.');
      if (dot < 0) return { lists: [], kinds: [] };
      cur = cur.slice(dot + 1);
    }
  }

  matchDomain(domain: string): string[] {
    return this.matchDomainWithKinds(domain).lists;
  }
}
