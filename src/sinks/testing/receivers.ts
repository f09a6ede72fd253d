// Real local receivers for sink tests (test helpers, not product code): an HTTP server, a UDP and a
// TCP syslog listener (octet-counting), all on 127.0.0.1 with an ephemeral port.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createSocket } from 'node:dgram';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** Polls `get` until it holds at least `n` items (real time: these are real sockets and files). */
export async function waitForItems<T>(get: () => T[] | Promise<T[]>, n: number, timeoutMs = 5000): Promise<T[]> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const items = await get();
    if (items.length >= n) return items;
    if (performance.now() > end) throw new Error(`expected ${n} items, got ${items.length} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Decides each answer; default 200. Replace at any time. */
  reply: (req: ReceivedRequest, index: number) => Reply;
  waitFor(n: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function httpReceiver(reply: HttpReceiver['reply'] = () => ({ status: 200, body: 'ok' })): Promise<HttpReceiver> {
  const r: HttpReceiver = {
    url: '',
    requests: [],
    reply,
    waitFor: (n) => waitForItems(() => r.requests, n),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = r.requests.length;
      r.requests.push(rec);
      const a = r.reply(rec, index);
      const answer = () => {
        res.writeHead(a.status, a.headers);
        res.end(a.body ?? '');
      };
      if (a.delayMs) setTimeout(answer, a.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}

export interface SyslogReceiver {
  port: number;
  messages: string[];
  waitFor(n: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function udpSyslogReceiver(): Promise<SyslogReceiver> {
  const sock = createSocket('udp4');
  const messages: string[] = [];
  sock.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return {
    port: sock.address().port,
    messages,
    waitFor: (n) => waitForItems(() => messages, n),
    close: () => new Promise((resolve) => sock.close(() => resolve())),
  };
}

/** Splits RFC 6587 octet-counted frames ("<len> <msg>"); returns the bytes not yet complete. */
export function deframe(buf: Buffer, out: string[]): Buffer {
  let rest = buf;
  for (;;) {
    const sp = rest.indexOf(0x20);
    if (sp <= 0) return rest;
    const len = Number(rest.subarray(0, sp).toString('ascii'));
    if (!Number.isInteger(len) || rest.length < sp + 1 + len) return rest;
    out.push(rest.subarray(sp + 1, sp + 1 + len).toString('utf8'));
    rest = rest.subarray(sp + 1 + len);
  }
}

export async function tcpSyslogReceiver(port = 0): Promise<SyslogReceiver & { connections: number }> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((s) => {
    sockets.add(s);
    rec.connections++;
    let pending: Buffer = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      pending = deframe(Buffer.concat([pending, d]), messages);
    });
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const rec = {
    port: (server.address() as AddressInfo).port,
    messages,
    connections: 0,
    waitFor: (n: number) => waitForItems(() => messages, n),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
  return rec;
}

/** A local port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function tempDir(prefix = 'vigil-sinks-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
