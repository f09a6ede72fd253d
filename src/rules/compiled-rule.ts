// What the compiler produces for one rule.

import type { DetectorDefinition } from '../detect/detector.js';
import type { Location } from './diagnostics.js';
import type { CompiledException } from './exceptions.js';
import type { Evaluator } from './expression.js';
import type { RequestMatcher, RequestPattern } from './request-matcher.js';
import type { Template } from './template.js';

/** Where a detection comes from: GuardDuty's catalog, Vigil's own rules, or a loaded Sigma rule. */
export type Catalog = 'guardduty' | 'vigil' | 'sigma';

export interface CompiledRule {
  id: string;
  type: string;
  catalog: Catalog;
  severity: number;
  title: Template;
  description: Template;
  tags: string[];
  enabled: boolean;
  /** The source of events the rule judges; only k8s-audit today. */
  source: 'k8s-audit';
  pattern: RequestPattern;
  matcher: RequestMatcher;
  conditionText: string;
  condition: Evaluator;
  /** Expressions whose values, with type and cluster, identify "the same activity" for aggregation. */
  aggregateBy: Evaluator[];
  aggregateByText: string[];
  detector: { def: DetectorDefinition<any>; params: unknown; key: Evaluator; distinct: Evaluator | null } | null;
  /** Structured exceptions attached to this rule (from `exceptions:` sections). */
  exceptions: CompiledException[];
  /** Free-text explanation shown in docs/detections.md. */
  notes: string;
  location: Location;
}
