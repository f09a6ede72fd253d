// The sinks' public surface for the rest of Vigil (the server wires a FindingDispatcher after ingest).

export { FindingDispatcher } from './dispatcher.js';
export type { CloseOptions, DispatcherOptions, SinkSpec } from './dispatcher.js';
export type { LaneOptions, SinkLog, SinkStats } from './lane.js';
export type { Sink, SendResult } from './sink.js';
export { CADENCES, DEFAULT_CADENCE, type Cadence } from './cadence.js';
export { buildRoute, type RouteOptions } from './routing.js';
export { parseSinksConfig, type SinkConfig, type SinksConfigResult } from './config.js';
export type { ConfigProblem, SecretSources } from './config-fields.js';
export type { SinkBuildContext, SinkDefinition } from './definition.js';
export { SINK_DEFINITIONS, buildSinkSpecs, loadSinks, parseSinks } from './registry.js';
export { MemorySink } from './memory/sink.js';
export { verifySignature, signBody } from './webhook/signature.js';
export { DeadLetterFile, type DeadLetter, type DeadLetterLine } from './dead-letter.js';
export { manualScheduler, realScheduler, type ManualScheduler, type Scheduler } from './scheduler.js';
