// Context that raises a finding's severity, as data (rules/audit/severity.yaml):
//   severityModifiers:
//     - id: listed-caller-ip
//       when: intel.ip != ""                 # CEL over the event, type-checked like conditions
//       raise: 2                             # added to the rule's severity
//       reason: "the caller {{intel.ip}} is on {{intel.lists}}"
//       source: k8s-audit                    # or runtime: the event kind it looks at
// Every matching modifier's reason is recorded in the finding (additionalInfo.severityReasons).
// GuardDuty-catalog types keep GuardDuty's severity exactly; the raise applies to Vigil's own and
// Sigma rules, capped at 8 (High): Critical (9-10) is reserved for attack sequences.

import type { CelEnvironments } from './cel-env.js';
import type { CompiledRule, RuleSource } from './compiled-rule.js';
import type { Diagnostic, Location } from './diagnostics.js';
import { compileExpression, type Evaluator } from './expression.js';
import { compileTemplate, type Template } from './template.js';

export interface SeverityModifier {
  id: string;
  /** The event kind it looks at (default k8s-audit). */
  source: RuleSource;
  when: Evaluator;
  raise: number;
  reason: Template;
}

export const MAX_RAISED_SEVERITY = 8;

export function compileSeverityModifiers(section: unknown, at: Location, envsBySource: Record<RuleSource, CelEnvironments>, diagnostics: Diagnostic[]): SeverityModifier[] {
  const bad = (message: string) => diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: `severityModifiers: ${message}`, location: at });
  if (!Array.isArray(section)) {
    bad('must be a list of {id, when, raise, reason}');
    return [];
  }
  const out: SeverityModifier[] = [];
  for (const item of section as Record<string, unknown>[]) {
    const id = typeof item?.id === 'string' ? item.id : '';
    const extra = Object.keys(item ?? {}).filter((k) => !['id', 'when', 'raise', 'reason', 'source'].includes(k));
    const source: RuleSource = item?.source === 'runtime' ? 'runtime' : 'k8s-audit';
    if (item?.source !== undefined && item.source !== 'runtime' && item.source !== 'k8s-audit') {
      bad(`entry ${JSON.stringify(id)}: source must be k8s-audit or runtime`);
      continue;
    }
    const envs = envsBySource[source];
    if (!id || typeof item.when !== 'string' || typeof item.reason !== 'string' || typeof item.raise !== 'number' || item.raise <= 0 || item.raise > 5 || extra.length) {
      bad(`entry ${JSON.stringify(id || item)} needs id, when (CEL), raise (a number above 0, at most 5) and reason, and nothing else`);
      continue;
    }
    const where = { at: () => at, ruleId: `severity:${id}` };
    const when = compileExpression(envs, item.when, { ...where, what: `severityModifiers ${id} when`, expect: 'bool' }, diagnostics);
    const reason = compileTemplate(envs, item.reason, { ...where, what: `severityModifiers ${id} reason` }, diagnostics);
    if (when && reason) out.push({ id, source, when, raise: item.raise, reason });
  }
  return out;
}

/** The finding's severity and the reasons its context gives. */
export function assessSeverity(rule: CompiledRule, event: object, modifiers: readonly SeverityModifier[]): { severity: number; reasons: string[] } {
  let raise = 0;
  const reasons: string[] = [];
  for (const m of modifiers) {
    if (m.source !== rule.source) continue;
    let hit: unknown = false;
    try {
      hit = m.when(event);
    } catch {
      hit = false;
    }
    if (hit !== true) continue;
    raise += m.raise;
    reasons.push(m.reason(event));
  }
  if (rule.catalog === 'guardduty' || raise === 0) return { severity: rule.severity, reasons };
  return { severity: Math.max(rule.severity, Math.min(MAX_RAISED_SEVERITY, rule.severity + raise)), reasons };
}
