// A parsed Sigma rule -> a CompiledRule that runs in the same engine as Vigil's own rules.
//   id        sigma-<Sigma id> (or a slug of the title)
//   type      <Tactic>:Kubernetes/Sigma.<TitleInCamelCase>, the tactic from the first attack.<tactic> tag
//   severity  from level: informational 1, low 2, medium 5 (also when absent), high 8, critical 9
//   condition a plain predicate over the normalized AuditEvent; pattern {} (any request)

import type { AuditEvent } from '../../core/event.js';
import { FINDING_TYPE_PATTERN } from '../../core/guardduty-types.js';
import type { CompiledRule } from '../compiled-rule.js';
import { DEFAULT_AGGREGATE_BY } from '../compiler.js';
import type { Diagnostic, Location } from '../diagnostics.js';
import type { Evaluator } from '../expression.js';
import { compileMatcher } from '../request-matcher.js';
import { matchIdentifiers, parseCondition, type ConditionNode } from './condition.js';
import { resolveField, suggestField } from './fields.js';
import { compileItem } from './modifiers.js';
import type { SigmaFieldItem, SigmaSearch } from './detection.js';
import type { SigmaLevel, SigmaRule } from './parse.js';

type Predicate = (e: AuditEvent) => boolean;

export const LEVEL_SEVERITY: Readonly<Record<SigmaLevel, number>> = { informational: 1, low: 2, medium: 5, high: 8, critical: 9 };

/** MITRE ATT&CK tactics -> GuardDuty ThreatPurpose; tactics without a GuardDuty word become Behavior. */
const TACTIC_PURPOSE: Readonly<Record<string, string>> = {
  'credential-access': 'CredentialAccess',
  'privilege-escalation': 'PrivilegeEscalation',
  'defense-evasion': 'DefenseEvasion',
  'initial-access': 'InitialAccess',
  discovery: 'Discovery',
  execution: 'Execution',
  persistence: 'Persistence',
  impact: 'Impact',
  exfiltration: 'Exfiltration',
  'lateral-movement': 'Behavior',
  collection: 'Behavior',
  'command-and-control': 'Behavior',
  reconnaissance: 'Behavior',
  'resource-development': 'Behavior',
};

/** ThreatPurpose of the first attack.<tactic> tag (attack.credential_access or attack.credential-access), else Behavior. */
export function threatPurpose(tags: readonly string[]): string {
  for (const t of tags) {
    const m = /^attack\.(.+)$/.exec(t.toLowerCase().replace(/_/g, '-'));
    const purpose = m ? TACTIC_PURPOSE[m[1] as string] : undefined;
    if (purpose) return purpose;
  }
  return 'Behavior';
}

/** "Container With A hostPath Mount Created" -> "ContainerWithAHostPathMountCreated". */
export function camelTitle(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w[0] as string).toUpperCase() + w.slice(1))
    .join('');
}

export function findingType(rule: Pick<SigmaRule, 'title' | 'tags'>): string {
  return `${threatPurpose(rule.tags)}:Kubernetes/Sigma.${camelTitle(rule.title) || 'Rule'}`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 74).replace(/-+$/, '');
}

export function sigmaRuleId(rule: Pick<SigmaRule, 'id' | 'title'>): string {
  return `sigma-${slug(rule.id ?? '') || slug(rule.title) || 'rule'}`;
}

/** attack.t1552.007 -> T1552.007 (the technique ids Vigil rules carry in tags). */
function techniques(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const m = /^attack\.(t\d{4}(\.\d{3})?)$/i.exec(t);
    if (m) out.push((m[1] as string).toUpperCase());
  }
  return out;
}

function compileField(item: SigmaFieldItem, err: (m: string, at: Location) => void, warn: (m: string, at: Location) => void): Predicate | null {
  const field = resolveField(item.field);
  if (!field) {
    const hint = suggestField(item.field);
    err(`unknown field ${JSON.stringify(item.field)}${hint ? ` (did you mean ${hint}?)` : ''}; docs/rules.md lists the Sigma fields Vigil maps`, item.at);
    return null;
  }
  const m = compileItem(item, err);
  if (!m) return null;
  const plain = item.modifiers.every((x) => x === 'all' || x === 'cased');
  if (field.kind === 'number' && plain)
    for (const v of item.values)
      if (typeof v.value === 'string' && !/^[\d*?\s.-]*$/.test(v.value)) warn(`${item.field} is a number: ${JSON.stringify(v.value)} can never match`, v.at);
  return (e) => m(field.get(e));
}

function compileSearch(s: SigmaSearch, err: (m: string, at: Location) => void, warn: (m: string, at: Location) => void): Predicate | null {
  if (s.kind === 'keywords') {
    err(`search identifier ${s.name}: keyword searches (a list of plain values) are not supported for audit events; use field: value`, s.at);
    return null;
  }
  const maps = s.maps.map((items) => {
    const preds = items.map((i) => compileField(i, err, warn));
    if (preds.some((p) => p === null)) return null;
    const all = preds as Predicate[];
    return (e: AuditEvent) => all.every((p) => p(e));
  });
  if (maps.some((m) => m === null)) return null;
  const any = maps as Predicate[];
  return any.length === 1 ? (any[0] as Predicate) : (e) => any.some((m) => m(e));
}

function compileNode(n: ConditionNode, searches: Map<string, Predicate | null>, at: (o: number) => Location, err: (m: string, at: Location) => void): Predicate | null {
  switch (n.kind) {
    case 'id': {
      if (!searches.has(n.name)) {
        err(`unknown search identifier ${JSON.stringify(n.name)} in the condition`, at(n.offset));
        return null;
      }
      return searches.get(n.name) ?? null;
    }
    case 'of': {
      const names = matchIdentifiers(n.pattern, [...searches.keys()]);
      if (names.length === 0) {
        err(n.pattern === null ? 'the detection has no search identifiers for "them"' : `no search identifier matches ${JSON.stringify(n.pattern)}`, at(n.patternOffset));
        return null;
      }
      const preds = names.map((k) => searches.get(k) ?? null);
      if (preds.some((p) => p === null)) return null;
      const ps = preds as Predicate[];
      return n.quantifier === 'all' ? (e) => ps.every((p) => p(e)) : (e) => ps.some((p) => p(e));
    }
    case 'not': {
      const p = compileNode(n.operand, searches, at, err);
      return p ? (e) => !p(e) : null;
    }
    default: {
      const preds = n.operands.map((o) => compileNode(o, searches, at, err));
      if (preds.some((p) => p === null)) return null;
      const ps = preds as Predicate[];
      return n.kind === 'and' ? (e) => ps.every((p) => p(e)) : (e) => ps.some((p) => p(e));
    }
  }
}

/** user.username -> (e) => e.user.username: the default aggregation expressions as plain evaluators. */
function pathEvaluator(path: string): Evaluator {
  const parts = path.split('.');
  return (activation) => {
    let cur: unknown = activation;
    for (const p of parts) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
    return cur ?? '';
  };
}

export function compileSigmaRule(rule: SigmaRule, diagnostics: Diagnostic[]): CompiledRule | null {
  const id = sigmaRuleId(rule);
  const before = diagnostics.filter((d) => d.severity === 'error').length;
  const push = (severity: Diagnostic['severity']) => (message: string, location: Location) => diagnostics.push({ code: 'RULE_SIGMA', severity, message, location, ruleId: id });
  const err = push('error');
  const warn = push('warning');

  const searches = new Map<string, Predicate | null>();
  for (const [name, s] of rule.searches) searches.set(name, compileSearch(s, err, warn));
  const conditions: Predicate[] = [];
  for (const c of rule.conditions) {
    const parsed = parseCondition(c.text);
    if (!parsed.ok) err(`condition: ${parsed.message}`, c.at(parsed.offset));
    else {
      const p = compileNode(parsed.node, searches, c.at, err);
      if (p) conditions.push(p);
    }
  }
  const type = findingType(rule);
  if (!FINDING_TYPE_PATTERN.test(type)) err(`cannot make a finding type from the title (${type})`, rule.at);
  if (diagnostics.filter((d) => d.severity === 'error').length > before || conditions.length === 0) return null;

  const match = conditions.length === 1 ? (conditions[0] as Predicate) : (e: AuditEvent) => conditions.some((p) => p(e));
  const title = rule.title;
  const fp = rule.falsepositives.filter((f) => f.trim() !== '');
  const description = [rule.description || title, fp.length ? `False positives: ${fp.join('; ')}` : ''].filter(Boolean).join('\n\n');
  const notes = [
    `Sigma rule ${rule.id ?? '(no id)'}${rule.author ? ` by ${rule.author}` : ''}${rule.status ? ` (status ${rule.status})` : ''}.`,
    rule.references.length ? `References: ${rule.references.join(', ')}` : '',
  ].filter(Boolean).join(' ');
  return {
    id,
    type,
    catalog: 'sigma',
    severity: LEVEL_SEVERITY[rule.level ?? 'medium'],
    title: () => title,
    titleText: title,
    description: () => description,
    tags: techniques(rule.tags),
    enabled: true,
    exceptions: [],
    source: 'k8s-audit',
    pattern: {},
    matcher: compileMatcher({}),
    conditionText: rule.conditions.length === 1 ? (rule.conditions[0] as { text: string }).text.trim() : rule.conditions.map((c) => `(${c.text.trim()})`).join(' or '),
    condition: (activation) => match(activation as AuditEvent),
    aggregateBy: DEFAULT_AGGREGATE_BY.map(pathEvaluator),
    aggregateByText: [...DEFAULT_AGGREGATE_BY],
    detector: null,
    notes,
    location: rule.at,
  };
}
