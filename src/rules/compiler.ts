// Rule files -> compiled rules. Collects lists first (rules may reference lists.<name>), then
// compiles every rule, reporting every problem with its code and location; a rule with errors is
// left out, the others load.

import { FINDING_TYPE_PATTERN, GUARDDUTY_AUDIT_TYPES, GUARDDUTY_RUNTIME_TYPES } from '../core/guardduty-types.js';
import { SEVERITY_DEFAULTS, isSeverityLabel } from '../core/severity.js';
import type { DetectorDefinition } from '../detect/detector.js';
import { RUNTIME_CATALOG, buildCelEnvironments, type CelEnvironments, type Lists } from './cel-env.js';
import { compileEventTypeMatcher, type Catalog, type CompiledRule, type RuleSource } from './compiled-rule.js';
import type { Diagnostic } from './diagnostics.js';
import { compileExpression } from './expression.js';
import type { RuleFile, SourceMap } from './reader.js';
import { compileMatcher, validatePattern, type RequestPattern } from './request-matcher.js';
import { compileTemplate } from './template.js';

const RULE_KEYS = new Set([
  'id', 'type', 'catalog', 'severity', 'title', 'description', 'tags', 'enabled', 'source', 'match',
  'condition', 'aggregateBy', 'detector', 'notes',
]);
const MATCH_KEYS = new Set(['verbs', 'resources', 'nonResourceURLs', 'users', 'codes', 'listedSource', 'impersonated']);
const RUNTIME_MATCH_KEYS = new Set(['events', 'programs']);
export const RUNTIME_EVENT_TYPES = new Set([
  'process_exec', 'process_exit', 'file_write', 'file_rename', 'file_unlink', 'file_open', 'library_load', 'memfd_create',
  'dns_request', 'network_connect', 'network_accept', 'mount', 'ptrace', 'process_vm_write', 'module_load', 'setuid',
  'userfaultfd', 'sensor_alert',
]);
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;
export const DEFAULT_AGGREGATE_BY = ['user.username', 'target.namespace', 'target.resource', 'target.name'];
export const DEFAULT_RUNTIME_AGGREGATE_BY = ['pod.namespace', 'pod.name', 'process.executablePath'];

export interface CompileOptions {
  detectors: ReadonlyMap<string, DetectorDefinition<any>>;
}

export interface CompileResult {
  rules: CompiledRule[];
  lists: Lists;
  /** CEL environments over audit events (rules, exceptions and severity modifiers). */
  envs: CelEnvironments;
  /** CEL environments over runtime events. */
  runtimeEnvs: CelEnvironments;
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function collectLists(files: RuleFile[], diagnostics: Diagnostic[]): Lists {
  const lists: Lists = {};
  for (const f of files) {
    for (const sm of f.lists) {
      for (const [name, v] of Object.entries(sm.value)) {
        if (!/^[a-z][a-z0-9_]*$/.test(name)) {
          diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: `list name ${JSON.stringify(name)} must be lower_snake_case`, location: sm.keyAt(name) });
        } else if (!isStringList(v)) {
          diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: `list ${name} must be a list of strings`, location: sm.keyAt(name) });
        } else if (lists[name]) {
          diagnostics.push({ code: 'RULE_DUPLICATE_LIST', severity: 'error', message: `list ${name} is defined twice`, location: sm.keyAt(name) });
        } else lists[name] = Object.freeze([...v]) as string[];
      }
    }
  }
  return lists;
}

function compileRule(sm: SourceMap, envsBySource: Record<RuleSource, CelEnvironments>, lists: Lists, opts: CompileOptions, diagnostics: Diagnostic[]): CompiledRule | null {
  const v = sm.value;
  const source: RuleSource = v.source === 'runtime' ? 'runtime' : 'k8s-audit';
  const envs = envsBySource[source];
  const id = typeof v.id === 'string' ? v.id : '';
  const before = diagnostics.length;
  const err = (code: Diagnostic['code'], key: string, message: string) => {
    const d: Diagnostic = { code, severity: 'error', message, location: sm.keyAt(key) };
    if (id) d.ruleId = id;
    diagnostics.push(d);
  };
  for (const k of Object.keys(v)) if (!RULE_KEYS.has(k)) err('RULE_UNKNOWN_KEY', k, `unknown key ${JSON.stringify(k)}`);
  for (const k of ['id', 'type', 'severity', 'title', 'description', 'condition']) if (v[k] === undefined) err('RULE_MISSING_KEY', k, `missing required key ${JSON.stringify(k)}`);
  if (v.id !== undefined && !ID_PATTERN.test(id)) err('RULE_BAD_VALUE', 'id', 'id must be lower-case letters, digits and dashes');
  const type = typeof v.type === 'string' ? v.type : '';
  if (v.type !== undefined && !FINDING_TYPE_PATTERN.test(type))
    err('RULE_BAD_TYPE_NAME', 'type', `type ${JSON.stringify(v.type)} does not follow ThreatPurpose:ResourceType/ThreatFamily.Mechanism!Artifact`);
  const catalog = (v.catalog ?? 'vigil') as Catalog;
  if (catalog !== 'guardduty' && catalog !== 'vigil') err('RULE_BAD_VALUE', 'catalog', 'catalog must be guardduty or vigil');
  let severity = 0;
  if (typeof v.severity === 'number' && v.severity >= 1 && v.severity <= 10) severity = v.severity;
  else if (typeof v.severity === 'string' && isSeverityLabel(v.severity)) severity = SEVERITY_DEFAULTS[v.severity];
  else if (v.severity !== undefined) err('RULE_BAD_VALUE', 'severity', 'severity must be a number from 1 to 10 or low, medium, high, critical');
  const gdTable = v.source === 'runtime' ? GUARDDUTY_RUNTIME_TYPES : GUARDDUTY_AUDIT_TYPES;
  if (catalog === 'guardduty' && type) {
    const gd = gdTable[type];
    if (gd === undefined) err('RULE_BAD_TYPE_NAME', 'type', `${type} is not a GuardDuty ${v.source === 'runtime' ? 'Runtime Monitoring' : 'Kubernetes audit-log'} finding type; use catalog: vigil for Vigil's own detections`);
    else if (gd !== null && severity && severity !== gd) err('RULE_BAD_VALUE', 'severity', `GuardDuty's default severity for ${type} is ${gd}`);
  }
  if (catalog === 'vigil' && gdTable[type] !== undefined) err('RULE_BAD_VALUE', 'catalog', `${type} is a GuardDuty type: set catalog: guardduty`);
  if (v.source !== undefined && v.source !== 'k8s-audit' && v.source !== 'runtime') err('RULE_BAD_VALUE', 'source', 'source must be k8s-audit or runtime');
  if (v.enabled !== undefined && typeof v.enabled !== 'boolean') err('RULE_BAD_VALUE', 'enabled', 'enabled must be true or false');
  if (v.tags !== undefined && !isStringList(v.tags)) err('RULE_BAD_VALUE', 'tags', 'tags must be a list of strings');
  if (v.notes !== undefined && typeof v.notes !== 'string') err('RULE_BAD_VALUE', 'notes', 'notes must be a string');

  // match
  const pattern: RequestPattern & { events?: string[]; programs?: string[] } = {};
  if (v.match !== undefined) {
    const m = v.match as Record<string, unknown>;
    const keys = source === 'runtime' ? RUNTIME_MATCH_KEYS : MATCH_KEYS;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) err('RULE_BAD_VALUE', 'match', 'match must be a mapping');
    else {
      for (const k of Object.keys(m)) {
        if (!keys.has(k)) err('RULE_UNKNOWN_KEY', 'match', `unknown key match.${k} for ${source} rules (expected ${[...keys].join(', ')})`);
        else if (k === 'listedSource' || k === 'impersonated') {
          if (m[k] !== true) err('RULE_BAD_VALUE', 'match', `match.${k} can only be true (leave it out otherwise)`);
          else pattern[k] = true;
        } else if (k === 'codes') {
          const codes = m[k];
          if (!Array.isArray(codes) || codes.length === 0 || !codes.every((c) => Number.isInteger(c) && (c as number) >= 100 && (c as number) <= 599)) err('RULE_BAD_VALUE', 'match', 'match.codes must be a non-empty list of HTTP status codes');
          else pattern.codes = codes as number[];
        } else if (!isStringList(m[k]) || m[k].length === 0) err('RULE_BAD_VALUE', 'match', `match.${k} must be a non-empty list of strings`);
        else if (k === 'events') {
          const bad = m[k].filter((x) => !RUNTIME_EVENT_TYPES.has(x));
          if (bad.length) err('RULE_BAD_VALUE', 'match', `unknown runtime event type ${bad.join(', ')}; known: ${[...RUNTIME_EVENT_TYPES].join(', ')}`);
          else pattern.events = m[k];
        } else if (k === 'programs') {
          // Names, or lists.NAME for every name of a rule list. The condition must not be able to hold
          // for any other program: the rule index only offers the rule to events of these programs.
          const names: string[] = [];
          for (const p of m[k]) {
            if (!p.startsWith('lists.')) names.push(p);
            else if (lists[p.slice(6)]) names.push(...(lists[p.slice(6)] as string[]));
            else err('RULE_BAD_VALUE', 'match', `match.programs: unknown list ${p}`);
          }
          if (m.events === undefined) err('RULE_BAD_VALUE', 'match', 'match.programs needs match.events');
          pattern.programs = names;
        } else pattern[k as 'verbs' | 'resources' | 'nonResourceURLs' | 'users'] = m[k];
      }
      if (source === 'k8s-audit') for (const p of validatePattern(pattern)) err('RULE_BAD_VALUE', 'match', p);
    }
  }

  const expr = (key: string, text: string, what: string, expect?: 'bool' | 'string-or-list') =>
    compileExpression(envs, text, { at: (o) => sm.offsetAt(key, o), ruleId: id, what, ...(expect ? { expect } : {}) }, diagnostics);

  const condition = typeof v.condition === 'string' ? expr('condition', v.condition, 'condition', 'bool') : null;
  if (v.condition !== undefined && typeof v.condition !== 'string') err('RULE_BAD_VALUE', 'condition', 'condition must be a CEL expression string');
  const tmpl = (key: string) =>
    typeof v[key] === 'string' ? compileTemplate(envs, v[key], { at: (o) => sm.offsetAt(key, o), ruleId: id, what: key }, diagnostics) : null;
  const title = tmpl('title');
  const description = tmpl('description');

  let aggregateByText = source === 'runtime' ? DEFAULT_RUNTIME_AGGREGATE_BY : DEFAULT_AGGREGATE_BY;
  if (v.aggregateBy !== undefined) {
    if (!isStringList(v.aggregateBy)) err('RULE_BAD_VALUE', 'aggregateBy', 'aggregateBy must be a list of CEL expressions');
    else aggregateByText = v.aggregateBy;
  }
  const aggregateBy = aggregateByText.map((t) =>
    compileExpression(envs, t, { at: () => sm.keyAt('aggregateBy'), ruleId: id, what: `aggregateBy ${JSON.stringify(t)}` }, diagnostics),
  );

  let detector: CompiledRule['detector'] = null;
  if (v.detector !== undefined) {
    const d = v.detector as Record<string, unknown>;
    const name = typeof d?.name === 'string' ? d.name : '';
    const def = opts.detectors.get(name);
    if (!def) err('RULE_UNKNOWN_DETECTOR', 'detector', `unknown detector ${JSON.stringify(name)}; known: ${[...opts.detectors.keys()].join(', ')}`);
    else if (typeof d.key !== 'string') err('RULE_DETECTOR_PARAMS', 'detector', 'detector.key must be a CEL expression giving a string or a list of strings');
    else {
      const { name: _n, key: _k, ...params } = d;
      const parsed = def.parseParams(params);
      if (!parsed.ok) for (const e of parsed.errors) err('RULE_DETECTOR_PARAMS', 'detector', `detector.${e.param}: ${e.message}`);
      const key = compileExpression(envs, d.key, { at: () => sm.keyAt('detector'), ruleId: id, what: 'detector.key', expect: 'string-or-list' }, diagnostics);
      const distinct =
        typeof d.distinct === 'string'
          ? compileExpression(envs, d.distinct, { at: () => sm.keyAt('detector'), ruleId: id, what: 'detector.distinct', expect: 'string-or-list' }, diagnostics)
          : null;
      if (parsed.ok && key && (distinct !== null || typeof d.distinct !== 'string')) detector = { def, params: parsed.params, key, distinct };
    }
  }

  if (diagnostics.length > before || !condition || !title || !description || aggregateBy.some((a) => a === null)) return null;
  return {
    id,
    type,
    catalog,
    severity,
    title,
    titleText: v.title as string,
    description,
    tags: (v.tags as string[] | undefined) ?? [],
    enabled: v.enabled !== false,
    source,
    pattern,
    matcher: source === 'runtime' ? compileEventTypeMatcher(pattern.events, pattern.programs) : compileMatcher(pattern),
    conditionText: v.condition as string,
    condition,
    aggregateBy: aggregateBy as NonNullable<(typeof aggregateBy)[number]>[],
    aggregateByText,
    detector,
    exceptions: [],
    notes: typeof v.notes === 'string' ? v.notes : '',
    location: sm.at,
  };
}

export function compileRules(files: RuleFile[], opts: CompileOptions, diagnostics: Diagnostic[]): CompileResult {
  const lists = collectLists(files, diagnostics);
  const envs = buildCelEnvironments(lists);
  const runtimeEnvs = buildCelEnvironments(lists, RUNTIME_CATALOG);
  const rules: CompiledRule[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    for (const sm of f.rules) {
      const r = compileRule(sm, { 'k8s-audit': envs, runtime: runtimeEnvs }, lists, opts, diagnostics);
      if (!r) continue;
      const prev = seen.get(r.id);
      if (prev) {
        diagnostics.push({ code: 'RULE_DUPLICATE_ID', severity: 'error', message: `rule id ${r.id} is already defined at ${prev}`, location: sm.keyAt('id'), ruleId: r.id });
        continue;
      }
      seen.set(r.id, `${r.location.file}:${r.location.line}`);
      rules.push(r);
    }
  }
  return { rules, lists, envs, runtimeEnvs };
}
