// Load diagnostics: every problem found while loading rules, with a stable code and an exact
// location. Loading never stops at the first problem.

export type DiagnosticCode =
  | 'RULE_FILE_READ'
  | 'RULE_YAML_SYNTAX'
  | 'RULE_UNKNOWN_KEY'
  | 'RULE_MISSING_KEY'
  | 'RULE_BAD_VALUE'
  | 'RULE_DUPLICATE_ID'
  | 'RULE_BAD_TYPE_NAME'
  | 'RULE_CEL_SYNTAX'
  | 'RULE_CEL_TYPE'
  | 'RULE_NOT_BOOL'
  | 'RULE_UNKNOWN_DETECTOR'
  | 'RULE_DETECTOR_PARAMS'
  | 'RULE_DUPLICATE_LIST'
  | 'RULE_SIGMA'
  | 'RULE_SIGMA_SKIPPED';

export interface Location {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  location: Location;
  ruleId?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.location.file}:${d.location.line}:${d.location.col}`;
  const rule = d.ruleId ? ` [${d.ruleId}]` : '';
  return `${where}: ${d.severity} ${d.code}${rule}: ${d.message}`;
}
