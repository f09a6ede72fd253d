// IpSet with 100,000 entries (a third CIDR blocks) against the baseline of an exact-match
// Set<string> of the same addresses: lookups per second, in one run on one machine.

import { IpSet } from '../lib/ip-set.js';

export function benchIpSet(): Record<string, unknown> {
  const entries: string[] = [];
  for (let i = 0; i < 100_000; i++) entries.push(`${11 + (i >>> 16)}.${(i >>> 8) & 255}.${i & 255}.${(i * 7) & 255}${i % 3 === 0 ? '/28' : ''}`);
  for (let i = 0; i < 2_000; i++) entries.push(`2001:db8:${(i >>> 8).toString(16)}:${(i & 255).toString(16)}::/64`);
  const set = new IpSet();
  let t = performance.now();
  for (const e of entries) set.add(e);
  const buildMs = performance.now() - t;
  const exact = new Set(entries.map((e) => e.split('/')[0]));
  const probes: string[] = [];
  for (let i = 0; i < 1_000_000; i++) probes.push(`${11 + ((i * 13) % 2)}.${(i >>> 3) & 255}.${i & 255}.${(i * 5) & 255}`);
  let hits = 0;
  t = performance.now();
  for (const p of probes) if (set.has(p)) hits++;
  const ipSetMs = performance.now() - t;
  let baseHits = 0;
  t = performance.now();
  for (const p of probes) if (exact.has(p)) baseHits++;
  const baseMs = performance.now() - t;
  return {
    name: 'ip-set-100k',
    entries: set.size,
    buildMs: Math.round(buildMs),
    lookups: probes.length,
    ipSetLookupsPerSec: Math.round(probes.length / (ipSetMs / 1000)),
    exactSetLookupsPerSec: Math.round(probes.length / (baseMs / 1000)),
    ratioToExactSet: +(baseMs / ipSetMs).toFixed(3),
    hits,
    exactHits: baseHits,
  };
}
