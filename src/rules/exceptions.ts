// Structured exceptions: suppress a rule's matches for known-good activity without editing the rule.
//   exceptions:
//     - name: ebs-csi-node
//       rules: [container-with-sensitive-mount]       # rule ids this applies to
//       reason: The EBS CSI node plugin mounts /var/lib/kubelet by design
//       match:                                         # all must hold
//         - field: workload.namespace                  # CEL expression: a string or a list of strings
//           op: equals                                 # equals | startswith | endswith | contains | glob | cidr
//           values: [kube-system]
//         - field: workload.containers.map(c, c.image)
//           op: glob
//           values: ["public.ecr.aws/ebs-csi-driver/*"]
// A list-valued field matches when any of its items compares true with any value.

import type { CelEnvironments } from './cel-env.js';
import type { CompiledRule } from './compiled-rule.js';
import type { Diagnostic, Location } from './diagnostics.js';
import { celToKeys, compileExpression, type Evaluator } from './expression.js';
import { OPERATORS, compileComparison, type Comparison, type Operator } from './operators.js';

export interface CompiledException {
  name: string;
  reason: string;
  rules: string[];
  clauses: { field: Evaluator; test: Comparison }[];
  location: Location;
}

export function compileExceptions(section: unknown, at: Location, envsFor: (ruleIds: string[]) => CelEnvironments, diagnostics: Diagnostic[]): CompiledException[] {
  const bad = (message: string) => diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: `exceptions: ${message}`, location: at });
  if (!Array.isArray(section)) {
    bad('must be a list of {name, rules, reason, match}');
    return [];
  }
  const out: CompiledException[] = [];
  for (const raw of section as Record<string, unknown>[]) {
    const name = typeof raw?.name === 'string' ? raw.name : '';
    const extra = Object.keys(raw ?? {}).filter((k) => !['name', 'rules', 'reason', 'match'].includes(k));
    const rules = raw?.rules;
    if (!name || extra.length || !Array.isArray(rules) || rules.length === 0 || !rules.every((r) => typeof r === 'string') || typeof raw.reason !== 'string' || !Array.isArray(raw.match) || raw.match.length === 0) {
      bad(`entry ${JSON.stringify(name || '?')} needs name, rules (rule ids), reason and match (a non-empty list), and nothing else${extra.length ? `; unknown ${extra.join(', ')}` : ''}`);
      continue;
    }
    const clauses: CompiledException['clauses'] = [];
    let ok = true;
    for (const c of raw.match as Record<string, unknown>[]) {
      const op = c?.op as Operator;
      const values = c?.values;
      if (typeof c?.field !== 'string' || !OPERATORS.includes(op) || !Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
        bad(`${name}: each match needs field (CEL), op (${OPERATORS.join(', ')}) and values (strings)`);
        ok = false;
        continue;
      }
      const field = compileExpression(envsFor(rules), c.field, { at: () => at, ruleId: `exception:${name}`, what: `exception ${name} field`, expect: 'string-or-list' }, diagnostics);
      let test: Comparison;
      try {
        test = compileComparison(op, values);
      } catch (e) {
        bad(`${name}: ${(e as Error).message}`);
        ok = false;
        continue;
      }
      if (field) clauses.push({ field, test });
      else ok = false;
    }
    if (ok) out.push({ name, reason: raw.reason, rules: rules, clauses, location: at });
  }
  return out;
}

/** Attaches exceptions to their rules; an unknown rule id is an error. */
export function attachExceptions(rules: CompiledRule[], exceptions: CompiledException[], diagnostics: Diagnostic[]): void {
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const ex of exceptions) {
    for (const id of ex.rules) {
      const r = byId.get(id);
      if (!r) diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: `exceptions: ${ex.name} names unknown rule ${JSON.stringify(id)}`, location: ex.location });
      else r.exceptions = [...r.exceptions, ex];
    }
  }
}

/** The first exception that holds for the event, or null. */
export function matchingException(rule: CompiledRule, event: object): CompiledException | null {
  for (const ex of rule.exceptions) {
    let all = true;
    for (const c of ex.clauses) {
      let values: string[];
      try {
        values = celToKeys(c.field(event));
      } catch {
        values = [];
      }
      if (!values.some(c.test)) {
        all = false;
        break;
      }
    }
    if (all) return ex;
  }
  return null;
}
