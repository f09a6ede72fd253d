// Loading a rule set from directories: read every *.yaml / *.yml file (sorted, recursively; the
// fixtures folders hold JSON lines and are skipped), compile, and return rules, lists, the tactic
// table and all diagnostics.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DetectorDefinition } from '../detect/detector.js';
import type { CelEnvironments, Lists } from './cel-env.js';
import type { CompiledRule } from './compiled-rule.js';
import { compileRules } from './compiler.js';
import type { Diagnostic } from './diagnostics.js';
import { readRuleFile, type RuleFile } from './reader.js';
import { isSigmaDocument, loadSigmaFile } from './sigma/index.js';
import { attachExceptions, compileExceptions } from './exceptions.js';
import { compileSeverityModifiers, type SeverityModifier } from './severity-modifiers.js';
import { compileTacticTable, type TacticTable } from './tactics.js';

export interface Ruleset {
  /** Context that raises severities (severityModifiers sections, in file order). */
  severityModifiers: SeverityModifier[];
  rules: CompiledRule[];
  lists: Lists;
  tactics: TacticTable | null;
  diagnostics: Diagnostic[];
  files: string[];
  envs: CelEnvironments;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

export function loadRulesFromSources(
  sources: { file: string; src: string }[],
  detectors: ReadonlyMap<string, DetectorDefinition<any>>,
): Ruleset {
  const diagnostics: Diagnostic[] = [];
  // A file with top-level `detection` and `logsource` is a Sigma rule; the rest are Vigil rule files.
  const sigma: CompiledRule[] = [];
  const files: RuleFile[] = [];
  for (const s of sources) {
    if (isSigmaDocument(s.src)) sigma.push(...loadSigmaFile(s.file, s.src, diagnostics));
    else files.push(readRuleFile(s.file, s.src, diagnostics));
  }
  const { rules, lists, envs, runtimeEnvs } = compileRules(files, { detectors }, diagnostics);
  const sourceOf = new Map(rules.map((r) => [r.id, r.source]));
  const seen = new Map(rules.map((r) => [r.id, `${r.location.file}:${r.location.line}`]));
  for (const r of sigma) {
    const prev = seen.get(r.id);
    if (prev) diagnostics.push({ code: 'RULE_DUPLICATE_ID', severity: 'error', message: `rule id ${r.id} is already defined at ${prev}`, location: r.location, ruleId: r.id });
    else {
      seen.set(r.id, `${r.location.file}:${r.location.line}`);
      rules.push(r);
    }
  }
  let tactics: TacticTable | null = null;
  for (const f of files) {
    const t = f.sections.get('tactics');
    if (!t) continue;
    if (tactics) diagnostics.push({ code: 'RULE_BAD_VALUE', severity: 'error', message: 'the tactic table is defined twice', location: t.at });
    else tactics = compileTacticTable(t.value, t.at, diagnostics);
  }
  const severityModifiers: SeverityModifier[] = [];
  for (const f of files) {
    const m = f.sections.get('severityModifiers');
    if (m) severityModifiers.push(...compileSeverityModifiers(m.value, m.at, { 'k8s-audit': envs, runtime: runtimeEnvs }, diagnostics));
    const ex = f.sections.get('exceptions');
    // An exception is checked against the fields of its rules' event kind (runtime when all its rules are runtime rules).
    if (ex) attachExceptions(rules, compileExceptions(ex.value, ex.at, (ids) => (ids.length > 0 && ids.every((id) => sourceOf.get(id) === 'runtime') ? runtimeEnvs : envs), diagnostics), diagnostics);
  }
  return { rules, lists, tactics, severityModifiers, diagnostics, files: sources.map((s) => s.file), envs };
}

/** Loads every rule file under the given directories. Unreadable paths become diagnostics. */
export function loadRules(dirs: string[], detectors: ReadonlyMap<string, DetectorDefinition<any>>, base = process.cwd()): Ruleset {
  const sources: { file: string; src: string }[] = [];
  const readErrors: Diagnostic[] = [];
  for (const dir of dirs) {
    try {
      for (const f of yamlFiles(dir)) sources.push({ file: relative(base, f) || f, src: readFileSync(f, 'utf8') });
    } catch (e) {
      readErrors.push({ code: 'RULE_FILE_READ', severity: 'error', message: (e as Error).message, location: { file: dir, line: 1, col: 1 } });
    }
  }
  const rs = loadRulesFromSources(sources, detectors);
  rs.diagnostics.unshift(...readErrors);
  return rs;
}
