// vigil rules list|validate: inspect the rule set (built-in rules plus --rules DIR).

import { writeFileSync } from 'node:fs';
import { BUILTIN_RULES_DIR } from '../../app/paths.js';
import { DETECTORS } from '../../detect/registry.js';
import { formatDiagnostic } from '../../rules/diagnostics.js';
import { runRuleFixtures } from '../../pipeline/rule-fixtures.js';
import { loadRules } from '../../rules/load.js';
import { UsageError, parse } from '../args.js';
import { DOC_FILES, detectionsMarkdown, fieldsMarkdown } from '../docs/generate.js';

export const RULES_HELP = `Usage:
  vigil rules list [--rules DIR] [--json]       every rule: id, finding type, severity, catalog
  vigil rules validate [--rules DIR] [--json]   load the rules and report every problem with file:line:col
  vigil rules test [--rules DIR] [--rule ID]    run each rule's fixtures and say which fired
  vigil rules docs [--write]                    print (or write) docs/detections.md and docs/fields.md`;

export async function rulesCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(`rules ${sub ?? ''}`.trim(), rest, { rules: { type: 'string', multiple: true }, json: { type: 'boolean' }, write: { type: 'boolean' }, rule: { type: 'string', multiple: true } });
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(RULES_HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  const rs = loadRules([BUILTIN_RULES_DIR, ...((values.rules as string[] | undefined) ?? [])], DETECTORS);
  const errors = rs.diagnostics.filter((d) => d.severity === 'error');
  if (sub === 'list') {
    const rows = rs.rules.map((r) => ({ id: r.id, type: r.type, severity: r.severity, catalog: r.catalog, enabled: r.enabled, tags: r.tags, file: r.location.file }));
    if (values.json) process.stdout.write(JSON.stringify(rows) + '\n');
    else for (const r of rows) process.stdout.write(`${r.id.padEnd(36)} ${String(r.severity).padEnd(3)} ${r.catalog.padEnd(10)} ${r.type}\n`);
    for (const d of errors) process.stderr.write(formatDiagnostic(d) + '\n');
    return errors.length ? 1 : 0;
  }
  if (sub === 'validate') {
    if (values.json) process.stdout.write(JSON.stringify({ rules: rs.rules.length, diagnostics: rs.diagnostics }) + '\n');
    else {
      for (const d of rs.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
      process.stdout.write(`${rs.rules.length} rule(s) loaded from ${rs.files.length} file(s), ${errors.length} error(s)\n`);
    }
    return errors.length ? 1 : 0;
  }
  if (sub === 'test') {
    for (const d of errors) process.stderr.write(formatDiagnostic(d) + '\n');
    const only = values.rule as string[] | undefined;
    const selected = rs.rules.filter((r) => !only || only.includes(r.id));
    if (only) for (const id of only) if (!rs.rules.some((r) => r.id === id)) process.stderr.write(`no rule with id ${id}\n`);
    let failed = 0;
    const results = selected.map((r) => runRuleFixtures(rs, r));
    for (const res of results) {
      if (!res.ok) failed++;
      if (values.json) continue;
      process.stdout.write(`${res.ok ? 'ok  ' : 'FAIL'} ${res.ruleId}\n`);
      for (const m of res.missing) process.stdout.write(`       missing ${m} in ${res.dir}\n`);
      for (const c of res.cases) {
        if (c.error) process.stdout.write(`       ${c.file}:${c.line}: not an audit event: ${c.error}\n`);
        else if (c.fired !== c.expected) process.stdout.write(`       ${c.file}:${c.line}: ${c.fired ? 'fired but should not' : 'did not fire but should'}\n`);
      }
    }
    if (values.json) process.stdout.write(JSON.stringify(results) + '\n');
    else process.stdout.write(`${results.length - failed} of ${results.length} rule(s) pass their fixtures\n`);
    return failed > 0 || errors.length > 0 || (only !== undefined && selected.length !== only.length) ? 1 : 0;
  }
  if (sub === 'docs') {
    if (errors.length) {
      for (const d of errors) process.stderr.write(formatDiagnostic(d) + '\n');
      return 1;
    }
    if (values.write) {
      writeFileSync(DOC_FILES.detections, detectionsMarkdown(rs));
      writeFileSync(DOC_FILES.fields, fieldsMarkdown());
      process.stdout.write(`wrote ${DOC_FILES.detections} and ${DOC_FILES.fields}\n`);
    } else process.stdout.write(detectionsMarkdown(rs) + '\n' + fieldsMarkdown());
    return 0;
  }
  throw new UsageError(`rules: unknown subcommand ${JSON.stringify(sub)}\n${RULES_HELP}`);
}
