// The webhook sink type for the registry.

import type { SinkDefinition } from '../definition.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';
import { WebhookSink } from './sink.js';

export const RESERVED_HEADERS = [SIGNATURE_HEADER, TIMESTAMP_HEADER, 'content-type', 'content-length', 'host'] as const;

export const webhookDefinition: SinkDefinition = {
  type: 'webhook',
  description: 'POSTs findings as JSON signed with HMAC-SHA256 (X-Vigil-Signature)',
  fields: {
    url: { kind: 'url', required: true },
    secret: { kind: 'secret', required: true },
    mode: { kind: 'enum', values: ['batch', 'per-finding'], default: 'batch' },
    headers: { kind: 'headers', reserved: RESERVED_HEADERS },
    timeout: { kind: 'duration', default: 10_000, max: 300_000 },
  },
  build: (name, o, ctx) =>
    new WebhookSink({
      name,
      url: o.url as string,
      secret: o.secret as string,
      mode: o.mode as 'batch' | 'per-finding',
      headers: o.headers as Record<string, string> | undefined,
      timeoutMs: o.timeout as number,
      clock: ctx.clock,
    }),
};
