// The EventBridge-envelope sink type for the registry: exactly one of `url` or `file`.

import type { SinkDefinition } from '../definition.js';
import { RESERVED_HEADERS } from '../webhook/index.js';
import { EventBridgeSink } from './sink.js';

export const eventbridgeDefinition: SinkDefinition = {
  type: 'eventbridge',
  description: "GuardDuty's EventBridge event envelope, POSTed to a URL or appended to a JSON-lines file",
  fields: {
    url: { kind: 'url' },
    file: { kind: 'string' },
    secret: { kind: 'secret' },
    headers: { kind: 'headers', reserved: RESERVED_HEADERS },
    timeout: { kind: 'duration', default: 10_000, max: 300_000 },
  },
  check: (o) => {
    if ((o.url === undefined) === (o.file === undefined)) return [['url', 'give exactly one of url or file']];
    if (o.file !== undefined && (o.secret !== undefined || o.headers !== undefined)) return [['file', 'secret and headers apply to url only']];
    return [];
  },
  build: (name, o, ctx) =>
    o.file !== undefined
      ? new EventBridgeSink({ name, clock: ctx.clock, file: o.file as string })
      : new EventBridgeSink({
          name,
          clock: ctx.clock,
          url: o.url as string,
          secret: o.secret as string | undefined,
          headers: o.headers as Record<string, string> | undefined,
          timeoutMs: o.timeout as number,
        }),
};
