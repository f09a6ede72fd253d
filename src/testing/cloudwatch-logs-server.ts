// A local stand-in for the CloudWatch Logs API (JSON 1.1 over HTTP POST /, X-Amz-Target
// Logs_20140328.FilterLogEvents) that the real AWS SDK client is pointed at with `endpoint`, so
// tests never reach AWS. It answers FilterLogEvents over an in-memory list of log events in the
// recorded response shape (startTime inclusive, logStreamNamePrefix, pages of `pageSize` with an
// opaque nextToken), records every request, and can answer the next requests with a recorded
// error (ThrottlingException). Test helper only.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FILTER_TARGET = 'Logs_20140328.FilterLogEvents';
export const THROTTLED = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
export const AUDIT_STREAMS = ['kube-apiserver-audit-0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'kube-apiserver-audit-7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29'];
export const BASE_MS = Date.UTC(2024, 2, 14, 9, 26, 53);

export interface StoredEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface SeenRequest {
  target: string;
  body: { logGroupName?: string; logStreamNamePrefix?: string; startTime?: number; nextToken?: string; [k: string]: unknown };
}

export interface FakeCloudWatchLogs {
  endpoint: string;
  /** The log group's events as CloudWatch holds them now (tests add late arrivals). */
  events: StoredEvent[];
  requests: SeenRequest[];
  /** Answers for the next requests, before the normal ones (recorded error responses). */
  failNext: { status: number; body: unknown }[];
  /** Fixed answers: when set, every FilterLogEvents request gets the next one of these bodies. */
  replay: unknown[] | null;
  close(): Promise<void>;
}

/** A 56-digit decimal id like CloudWatch's; unique and stable for (ms, n). */
export function eventId(ms: number, n: number): string {
  return `${BigInt(ms) * 10n ** 40n + BigInt(n)}`.padStart(56, '0');
}

/** Audit lines as an EKS log group holds them: `perMs` events share each millisecond, streams alternate. */
export function logGroupEvents(lines: string[], perMs = 3, firstMs = BASE_MS): StoredEvent[] {
  return lines.map((message, i) => {
    const timestamp = firstMs + Math.floor(i / perMs);
    return { logStreamName: AUDIT_STREAMS[i % 2] as string, timestamp, message, ingestionTime: timestamp + 1500, eventId: eventId(timestamp, i) };
  });
}

export async function startFakeCloudWatchLogs(events: StoredEvent[] = [], pageSize = 50): Promise<FakeCloudWatchLogs> {
  const fake: Omit<FakeCloudWatchLogs, 'endpoint' | 'close'> = { events, requests: [], failNext: [], replay: null };
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(text || '{}') as SeenRequest['body'];
      fake.requests.push({ target, body });
      const answer = (status: number, doc: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${fake.requests.length}` });
        res.end(JSON.stringify(doc));
      };
      const fail = fake.failNext.shift();
      if (fail) return answer(fail.status, fail.body);
      if (target !== FILTER_TARGET) return answer(400, { __type: 'UnknownOperationException', message: `not served here: ${target}` });
      if (fake.replay) return answer(200, fake.replay.shift() ?? { events: [], searchedLogStreams: [] });
      answer(200, filterPage(fake.events, body, pageSize));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

function filterPage(all: StoredEvent[], q: SeenRequest['body'], pageSize: number): unknown {
  const prefix = q.logStreamNamePrefix ?? '';
  const matching = all
    .filter((e) => e.logStreamName.startsWith(prefix) && e.timestamp >= (q.startTime ?? 0))
    .sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
  const from = q.nextToken ? Number(Buffer.from(q.nextToken, 'base64').toString('utf8').split(':')[1]) : 0;
  const events = matching.slice(from, from + pageSize);
  const next = from + pageSize < matching.length ? Buffer.from(`page:${from + pageSize}`).toString('base64') : undefined;
  return { events, searchedLogStreams: [], ...(next ? { nextToken: next } : {}) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
