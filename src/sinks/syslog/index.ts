// The syslog (RFC 5424) sink type for the registry.

import { hostname } from 'node:os';
import type { SinkDefinition } from '../definition.js';
import { DEFAULT_SD_ID, FACILITIES } from './render.js';
import { SyslogSink } from './sink.js';

function readFacility(v: unknown): { value: unknown } | { problem: string } {
  if (typeof v === 'string' && Object.hasOwn(FACILITIES, v)) return { value: FACILITIES[v as keyof typeof FACILITIES] };
  if (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 23) return { value: v };
  return { problem: `must be 0-23 or one of ${Object.keys(FACILITIES).join(', ')}` };
}

export const syslogDefinition: SinkDefinition = {
  type: 'syslog',
  description: 'RFC 5424 syslog over UDP or TCP (octet-counting framing)',
  fields: {
    transport: { kind: 'enum', values: ['udp', 'tcp'], default: 'udp' },
    host: { kind: 'string', default: '127.0.0.1' },
    port: { kind: 'int', min: 1, max: 65_535, default: 514 },
    facility: { kind: 'custom', read: readFacility, default: FACILITIES.local0 },
    format: { kind: 'enum', values: ['json', 'text'], default: 'json' },
    hostname: { kind: 'string', pattern: /^[\x21-\x7e]{1,255}$/, hint: 'must be 1-255 printable ASCII characters without spaces' },
    appName: { kind: 'string', pattern: /^[\x21-\x7e]{1,48}$/, hint: 'must be 1-48 printable ASCII characters without spaces', default: 'vigil' },
    sdId: { kind: 'string', pattern: /^[\x21\x23-\x3c\x3e-\x5c\x5e-\x7e]{1,32}$/, hint: 'must be an RFC 5424 SD-ID (1-32 printable ASCII characters, no = ] " or space), e.g. vigil@32473', default: DEFAULT_SD_ID },
    timeout: { kind: 'duration', default: 10_000, max: 300_000 },
  },
  build: (name, o) =>
    new SyslogSink({
      name,
      transport: o.transport as 'udp' | 'tcp',
      host: o.host as string,
      port: o.port as number,
      facility: o.facility as number,
      format: o.format as 'json' | 'text',
      hostname: (o.hostname as string | undefined) ?? hostname(),
      appName: o.appName as string,
      procId: String(process.pid),
      sdId: o.sdId as string,
      timeoutMs: o.timeout as number,
    }),
};
