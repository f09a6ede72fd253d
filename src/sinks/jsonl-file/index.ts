// The JSON-lines file sink type for the registry.

import type { SinkDefinition } from '../definition.js';
import { JsonlFileSink } from './sink.js';

export const jsonlFileDefinition: SinkDefinition = {
  type: 'jsonl-file',
  description: 'Appends one finding per line to a local file (mode 600)',
  fields: { path: { kind: 'string', required: true } },
  build: (name, o) => new JsonlFileSink({ name, path: o.path as string }),
};
