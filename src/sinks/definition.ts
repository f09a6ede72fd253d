// What each sink folder exports to the registry: its config type name, its option fields, lane
// defaults that suit it, and how to build it from validated options.

import type { Clock } from '../core/clock.js';
import type { Fields } from './config-fields.js';
import type { LaneOptions } from './lane.js';
import type { Sink } from './sink.js';

export interface SinkBuildContext {
  clock: Clock;
}

export interface SinkDefinition {
  /** The `type:` value in configuration. */
  type: string;
  description: string;
  fields: Fields;
  /** Checks across fields after each field is valid; returns [key, message] pairs. */
  check?: (options: Record<string, unknown>) => [string, string][];
  /** Lane settings this sink type defaults to (a sink's own `batch:` settings override them). */
  laneDefaults?: Pick<LaneOptions, 'maxBatchSize' | 'maxDelayMs'>;
  /** Builds the sink from options that passed `fields` and `check`. */
  build: (name: string, options: Record<string, unknown>, ctx: SinkBuildContext) => Sink;
}
