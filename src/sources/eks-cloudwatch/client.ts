// The FilterLogEvents call through the official AWS SDK v3 client. Region and credentials come
// from the SDK's default provider chain unless given; `endpoint` points it at a VPC interface
// endpoint (or, in tests, a local server replaying recorded responses).

import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';

export interface FilterPageInput {
  logGroupName: string;
  logStreamNamePrefix: string;
  startTime: number;
  nextToken?: string;
}

export interface LogEvent {
  eventId: string;
  timestamp: number;
  message: string;
  logStreamName?: string;
}

export interface FilterPage {
  events: LogEvent[];
  nextToken?: string;
  /** Events of the page left out because they had no eventId or timestamp (counted by the poller). */
  malformed?: number;
}

/** One FilterLogEvents page; rejects on throttling, network and permission errors. */
export interface LogEventsSource {
  filterPage(input: FilterPageInput): Promise<FilterPage>;
  close(): void;
}

export interface ClientOptions {
  region?: string;
  endpoint?: string;
  /** Static credentials (tests); default: the provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** SDK attempts per call, its own retries included (SDK default 3). */
  maxAttempts?: number;
}

export function cloudWatchLogsSource(o: ClientOptions): LogEventsSource {
  const client = new CloudWatchLogsClient({
    ...(o.region ? { region: o.region } : {}),
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
    ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}),
  });
  return {
    async filterPage(input) {
      const out = await client.send(new FilterLogEventsCommand({ ...input }));
      const events: LogEvent[] = [];
      let malformed = 0;
      for (const e of out.events ?? []) {
        if (typeof e.eventId !== 'string' || typeof e.timestamp !== 'number') {
          malformed++;
          continue;
        }
        events.push({ eventId: e.eventId, timestamp: e.timestamp, message: e.message ?? '', ...(e.logStreamName ? { logStreamName: e.logStreamName } : {}) });
      }
      return { events, ...(out.nextToken ? { nextToken: out.nextToken } : {}), ...(malformed ? { malformed } : {}) };
    },
    close: () => client.destroy(),
  };
}
