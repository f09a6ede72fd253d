// GuardDuty's FindingCriteria over findings: {criterion: {"<dotted field path>": Condition}}.
// Conditions: eq/equals, neq/notEquals (string lists: any / none of), gt/greaterThan, gte/
// greaterThanOrEqual, lt/lessThan, lte/lessThanOrEqual (numbers; timestamps compared as epoch ms),
// matches/notMatches (wildcard * and ? string lists). Criteria on different fields are ANDed;
// the values of one list are ORed. Field paths are dotted camelCase paths into the finding; lists
// on the way are transparent (any element may match), as in GuardDuty.

import type { Finding } from '../core/finding.js';

export type Condition = Partial<Record<ConditionOp, unknown>>;
export interface FindingCriteria {
  criterion: Record<string, Condition>;
}

const OPS = [
  'eq', 'equals', 'neq', 'notEquals', 'gt', 'greaterThan', 'gte', 'greaterThanOrEqual', 'lt', 'lessThan', 'lte', 'lessThanOrEqual', 'matches', 'notMatches',
] as const;
type ConditionOp = (typeof OPS)[number];

export type FindingPredicate = (f: Finding) => boolean;

/** Values at a dotted path; lists are flattened. additionalInfo.value is parsed (threatListName etc.). */
export function valuesAt(f: Finding, path: string): unknown[] {
  let cur: unknown[] = [f];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const v of cur) {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        if (typeof item !== 'object' || item === null) continue;
        let obj = item as Record<string, unknown>;
        if (part !== 'value' && typeof obj.value === 'string' && obj.type === 'default' && !(part in obj)) {
          try {
            obj = JSON.parse(obj.value) as Record<string, unknown>; // service.additionalInfo.<key>
          } catch {
            continue;
          }
        }
        if (part in obj) next.push(obj[part]);
      }
    }
    cur = next;
  }
  return cur.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return null;
  if (typeof v === 'string' && v !== '') {
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
}

/** Compiles criteria; throws an Error naming the field and operator when the criteria are malformed. */
export function compileCriteria(c: FindingCriteria | undefined): FindingPredicate {
  if (c === undefined) return () => true;
  if (typeof c !== 'object' || c === null || typeof c.criterion !== 'object' || c.criterion === null) throw new Error('findingCriteria must be {criterion: {...}}');
  const tests: FindingPredicate[] = [];
  for (const [field, cond] of Object.entries(c.criterion)) {
    if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(field)) throw new Error(`bad field path ${JSON.stringify(field)}`);
    if (typeof cond !== 'object' || cond === null) throw new Error(`${field}: a condition object is required`);
    for (const [op, raw] of Object.entries(cond)) {
      if (!OPS.includes(op as ConditionOp)) throw new Error(`${field}: unknown operator ${op}; known: ${OPS.join(', ')}`);
      const list = Array.isArray(raw) ? raw.map(String) : [String(raw)];
      const num = asNumber(Array.isArray(raw) ? raw[0] : raw);
      const at = (f: Finding) => valuesAt(f, field);
      switch (op as ConditionOp) {
        case 'eq':
        case 'equals':
          tests.push((f) => at(f).some((v) => list.includes(String(v))));
          break;
        case 'neq':
        case 'notEquals':
          tests.push((f) => !at(f).some((v) => list.includes(String(v))));
          break;
        case 'matches': {
          const res = list.map(wildcard);
          tests.push((f) => at(f).some((v) => res.some((r) => r.test(String(v)))));
          break;
        }
        case 'notMatches': {
          const res = list.map(wildcard);
          tests.push((f) => !at(f).some((v) => res.some((r) => r.test(String(v)))));
          break;
        }
        default: {
          if (num === null) throw new Error(`${field}: ${op} needs a number`);
          const cmp =
            op === 'gt' || op === 'greaterThan' ? (x: number) => x > num
            : op === 'gte' || op === 'greaterThanOrEqual' ? (x: number) => x >= num
            : op === 'lt' || op === 'lessThan' ? (x: number) => x < num
            : (x: number) => x <= num;
          tests.push((f) => at(f).some((v) => {
            const x = asNumber(v);
            return x !== null && cmp(x);
          }));
        }
      }
    }
  }
  return (f) => tests.every((t) => t(f));
}
