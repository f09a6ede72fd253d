// What the compiler produces for one rule.

import type { DetectorDefinition } from '../detect/detector.js';
import { fileName } from '../normalize/runtime/files.js';
import type { Location } from './diagnostics.js';
import type { CompiledException } from './exceptions.js';
import type { Evaluator } from './expression.js';
import type { RequestMatcher, RequestPattern } from './request-matcher.js';
import type { Template } from './template.js';

/** Where a detection comes from: GuardDuty's catalog, Vigil's own rules, or a loaded Sigma rule. */
export type Catalog = 'guardduty' | 'vigil' | 'sigma';

export type RuleSource = 'k8s-audit' | 'runtime';

/**
 * The match block of a runtime rule: the runtime event types it applies to (empty: all) and, with
 * `programs`, the programs (process name or executable file name) it can fire for.
 */
export interface EventTypeMatcher {
  readonly events: ReadonlySet<string> | null;
  readonly programs: ReadonlySet<string> | null;
  matches(e: { eventType: string; process: { name: string; executablePath: string } }): boolean;
}

export function compileEventTypeMatcher(events: string[] | undefined, programs?: string[]): EventTypeMatcher {
  const set = events && events.length ? new Set(events) : null;
  const progs = programs && programs.length ? new Set(programs) : null;
  return {
    events: set,
    programs: progs,
    matches: (e) => (set === null || set.has(e.eventType)) && (progs === null || progs.has(e.process.name) || progs.has(fileName(e.process.executablePath))),
  };
}

export interface CompiledRule {
  id: string;
  type: string;
  catalog: Catalog;
  severity: number;
  title: Template;
  /** The title as written in the rule (with its {{ }} parts), for catalogs and the console. */
  titleText?: string;
  description: Template;
  tags: string[];
  enabled: boolean;
  /** The kind of events the rule judges: Kubernetes audit events or runtime sensor events. */
  source: RuleSource;
  /** Audit rules: the request pattern; runtime rules: `events` (runtime event types) and `programs`. */
  pattern: RequestPattern & { events?: string[]; programs?: string[] };
  matcher: RequestMatcher | EventTypeMatcher;
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
