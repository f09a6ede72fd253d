// String and address comparisons used by structured rule exceptions: the one place these
// comparisons are implemented for Vigil's own rule data.

import { IpSet } from '../lib/ip-set.js';

export const OPERATORS = ['equals', 'startswith', 'endswith', 'contains', 'glob', 'cidr'] as const;
export type Operator = (typeof OPERATORS)[number];

export type Comparison = (value: string) => boolean;

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) re += c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`, 's');
}

/** A comparison against a list of values (true when any value compares true). Throws on bad values. */
export function compileComparison(op: Operator, values: readonly string[]): Comparison {
  switch (op) {
    case 'equals': {
      const set = new Set(values);
      return (v) => set.has(v);
    }
    case 'startswith':
      return (v) => values.some((x) => v.startsWith(x));
    case 'endswith':
      return (v) => values.some((x) => v.endsWith(x));
    case 'contains':
      return (v) => values.some((x) => v.includes(x));
    case 'glob': {
      const res = values.map(globToRegExp);
      return (v) => res.some((r) => r.test(v));
    }
    case 'cidr': {
      const set = new IpSet();
      for (const x of values) {
        const r = set.add(x);
        if (!r.ok) throw new Error(r.reason);
      }
      return (v) => set.has(v);
    }
  }
}
