// Every sink type, one line each, and building configured sinks into dispatcher specs.
// Adding a sink type: a new folder with render.ts, sink.ts and index.ts, plus one line below.

import { VigilError } from '../core/errors.js';
import type { SecretSources } from './config-fields.js';
import { parseSinksConfig, type SinkConfig, type SinksConfigResult } from './config.js';
import type { SinkBuildContext, SinkDefinition } from './definition.js';
import type { SinkSpec } from './dispatcher.js';
import { eventbridgeDefinition } from './eventbridge/index.js';
import { jsonlFileDefinition } from './jsonl-file/index.js';
import { buildRoute } from './routing.js';
import { slackDefinition } from './slack/index.js';
import { syslogDefinition } from './syslog/index.js';
import { webhookDefinition } from './webhook/index.js';

export const SINK_DEFINITIONS: readonly SinkDefinition[] = [
  webhookDefinition,
  slackDefinition,
  eventbridgeDefinition,
  jsonlFileDefinition,
  syslogDefinition,
];

/** Validates a raw `sinks:` section against every known sink type. */
export function parseSinks(raw: unknown, src: SecretSources = {}): SinksConfigResult {
  return parseSinksConfig(raw, SINK_DEFINITIONS, src);
}

/** Builds validated sink configurations into the dispatcher's specs. */
export function buildSinkSpecs(configs: readonly SinkConfig[], ctx: SinkBuildContext): SinkSpec[] {
  return configs.map((c) => {
    const def = SINK_DEFINITIONS.find((d) => d.type === c.type);
    if (!def) throw new VigilError('VIGIL_CONFIG', `unknown sink type ${c.type}`);
    return { ...c.lane, route: buildRoute(c.route), sink: def.build(c.name, c.options, ctx) };
  });
}

/** parseSinks + buildSinkSpecs; throws VIGIL_CONFIG listing every problem. */
export function loadSinks(raw: unknown, ctx: SinkBuildContext, src: SecretSources = {}): SinkSpec[] {
  const { sinks, problems } = parseSinks(raw, src);
  if (problems.length) {
    throw new VigilError('VIGIL_CONFIG', `invalid sinks configuration: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, 400, { problems });
  }
  return buildSinkSpecs(sinks, ctx);
}
