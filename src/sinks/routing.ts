// Which findings a sink receives: a minimum severity, finding types and clusters. One predicate,
// built once from the sink's configuration and applied by the dispatcher before the sink sees a finding.

import type { Finding } from '../core/finding.js';
import { SEVERITY_RANGES, isSeverityLabel, type SeverityLabel } from '../core/severity.js';
import { compileComparison, type Comparison } from '../rules/operators.js';

export interface RouteOptions {
  /** A GuardDuty severity number, or a label meaning the bottom of its range (medium = 4). */
  minSeverity?: number | SeverityLabel;
  /** Finding types, exact (`Execution:Kubernetes/ExecInKubeSystemPod`) or a prefix ending in `*` (`Execution:*`). */
  types?: string[];
  /** Cluster names (resource.eksClusterDetails.name), exact. */
  clusters?: string[];
}

export type FindingRoute = (f: Finding) => boolean;

export function minSeverityValue(v: number | SeverityLabel): number {
  return typeof v === 'number' ? v : SEVERITY_RANGES[v].min;
}

/** The problem with a type pattern, or null when it is valid (a `*` may only end it). */
export function typePatternProblem(p: string): string | null {
  if (p.length === 0) return 'must not be empty';
  const star = p.indexOf('*');
  if (star !== -1 && star !== p.length - 1) return 'may contain * only at the end';
  return null;
}

function typeMatcher(patterns: string[]): Comparison {
  const exact = compileComparison('equals', patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  const prefix = compileComparison('startswith', prefixes);
  return (t) => exact(t) || prefix(t);
}

/** A predicate accepting findings that pass every given criterion (no criteria: everything). */
export function buildRoute(o: RouteOptions = {}): FindingRoute {
  const min = o.minSeverity === undefined ? undefined : minSeverityValue(o.minSeverity);
  if (typeof o.minSeverity === 'string' && !isSeverityLabel(o.minSeverity)) throw new Error(`unknown severity ${String(o.minSeverity)}`);
  for (const p of o.types ?? []) {
    const problem = typePatternProblem(p);
    if (problem) throw new Error(`type pattern ${JSON.stringify(p)} ${problem}`);
  }
  const type = o.types ? typeMatcher(o.types) : undefined;
  const clusters = o.clusters ? new Set(o.clusters) : undefined;
  return (f) =>
    (min === undefined || f.severity >= min) &&
    (type === undefined || type(f.type)) &&
    (clusters === undefined || clusters.has(f.resource.eksClusterDetails.name));
}
