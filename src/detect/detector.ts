// Stateful detectors. A rule may name a detector (`detector: {name: first-seen, key: ...}`): once
// the rule's match and condition hold, the detector decides with its own bounded state whether the
// occurrence becomes a finding. Detectors never read raw events or the clock directly: they get the
// rule's key values, the event time and an injected Clock.

import type { Clock } from '../core/clock.js';
import type { BoundedState } from './state/bounded-state.js';

export interface DetectorContext {
  clock: Clock;
  /** State scoped to this (detector, rule) pair. */
  state: BoundedState;
}

export interface DetectorInput {
  cluster: string;
  /** The rule's `key` expression evaluated on the event (a string or a list of strings). */
  keys: string[];
  /** Event time, epoch ms. */
  time: number;
  /** The rule's `detector.distinct` expression evaluated on the event, when the rule sets one. */
  distinct?: string[];
}

export type ParamResult<P> = { ok: true; params: P } | { ok: false; errors: { param: string; message: string }[] };

export interface DetectorDefinition<P = unknown> {
  name: string;
  description: string;
  /** Validates the detector's own parameters (everything under `detector:` except name and key). */
  parseParams(raw: Record<string, unknown>): ParamResult<P>;
  /** True when this occurrence should become a finding. May update state. */
  judge(input: DetectorInput, params: P, ctx: DetectorContext): boolean;
}
