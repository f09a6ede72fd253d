// Syslog (RFC 5424) over UDP (one datagram per finding, RFC 5426) or TCP with octet-counting framing
// (RFC 6587: "<length> <message>"), one connection kept open and re-made after an error.
// UDP is fire-and-forget: an unreachable receiver is only known from a late ICMP error, which is
// reported as a retryable failure of the next send.

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import type { Finding } from '../../core/finding.js';
import { CLOSED, OK, describeError, failure, type SendResult, type Sink } from '../sink.js';
import { renderSyslog, type SyslogRenderOptions } from './render.js';

export interface SyslogSinkOptions extends SyslogRenderOptions {
  name: string;
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
  /** TCP connect and write timeout. Default 10 s. */
  timeoutMs?: number;
  /** Largest UDP datagram; a bigger JSON message is sent as the text form. Default 65000. */
  maxDatagramBytes?: number;
}

export class SyslogSink implements Sink {
  readonly name: string;
  readonly #o: SyslogSinkOptions;
  #closed = false;
  #tcp: Socket | null = null;
  #udp: UdpSocket | null = null;
  #udpError: string | null = null;
  /** A connection being made, shared by concurrent sends. */
  #connecting: Promise<Socket | UdpSocket> | null = null;

  constructor(o: SyslogSinkOptions) {
    this.name = o.name;
    this.#o = o;
  }

  /** The wire messages for `findings` (without TCP framing). */
  render(findings: Finding[]): string[] {
    const max = this.#o.maxDatagramBytes ?? 65_000;
    return findings.map((f) => {
      const m = renderSyslog(f, this.#o);
      return this.#o.transport === 'udp' && Buffer.byteLength(m) > max ? renderSyslog(f, { ...this.#o, format: 'text' }) : m;
    });
  }

  async send(findings: Finding[]): Promise<SendResult> {
    if (this.#closed) return CLOSED;
    if (findings.length === 0) return OK;
    const messages = this.render(findings);
    return this.#o.transport === 'udp' ? this.#sendUdp(messages) : this.#sendTcp(messages);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const tcp = this.#tcp;
    this.#tcp = null;
    if (tcp) {
      await new Promise<void>((resolve) => {
        tcp.once('close', () => resolve());
        tcp.end();
        setTimeout(() => tcp.destroy(), 1000).unref();
      });
    }
    this.#udp?.close();
    this.#udp = null;
  }

  async #sendUdp(messages: string[]): Promise<SendResult> {
    if (this.#udpError) {
      const error = this.#udpError;
      this.#udpError = null;
      return failure(true, `syslog receiver unreachable: ${error}`);
    }
    let sock: UdpSocket;
    try {
      sock = (await this.#shared(() => this.#udpSocket())) as UdpSocket;
    } catch (err) {
      return failure(true, `syslog UDP connect failed: ${describeError(err)}`);
    }
    for (const [i, m] of messages.entries()) {
      const err = await new Promise<Error | null>((resolve) => {
        try {
          sock.send(Buffer.from(m, 'utf8'), (e) => resolve(e));
        } catch (e) {
          resolve(e as Error);
        }
      });
      if (err) return failure(true, `syslog UDP send failed: ${describeError(err)}`, { delivered: i });
    }
    return OK;
  }

  #shared(open: () => Promise<Socket | UdpSocket>): Promise<Socket | UdpSocket> {
    this.#connecting ??= open().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  /** A UDP socket connected to the receiver, so ICMP errors come back as 'error' events. */
  #udpSocket(): Promise<UdpSocket> {
    if (this.#udp) return Promise.resolve(this.#udp);
    const sock = createSocket(isIPv6(this.#o.host) ? 'udp6' : 'udp4');
    sock.unref();
    return new Promise((resolve, reject) => {
      sock.once('error', reject);
      sock.connect(this.#o.port, this.#o.host, () => {
        sock.off('error', reject);
        sock.on('error', (err) => {
          this.#udpError = describeError(err);
          if (this.#udp === sock) this.#udp = null;
          sock.close();
        });
        if (this.#closed) {
          sock.close();
          reject(new Error('sink closed'));
          return;
        }
        this.#udp = sock;
        resolve(sock);
      });
    });
  }

  async #sendTcp(messages: string[]): Promise<SendResult> {
    const frames = Buffer.concat(messages.map((m) => {
      const b = Buffer.from(m, 'utf8');
      return Buffer.concat([Buffer.from(`${b.length} `), b]);
    }));
    let sock: Socket;
    try {
      sock = (await this.#shared(() => this.#tcpSocket())) as Socket;
    } catch (err) {
      return failure(true, `syslog TCP connect failed: ${describeError(err)}`);
    }
    const timeoutMs = this.#o.timeoutMs ?? 10_000;
    const err = await new Promise<Error | null>((resolve) => {
      sock.setTimeout(timeoutMs, () => sock.destroy(new Error(`write not finished within ${timeoutMs} ms`)));
      sock.write(frames, (e) => resolve(e ?? null));
    });
    sock.setTimeout(0);
    if (err) {
      sock.destroy();
      return failure(true, `syslog TCP write failed: ${describeError(err)}`);
    }
    return OK;
  }

  #tcpSocket(): Promise<Socket> {
    if (this.#tcp && !this.#tcp.destroyed) return Promise.resolve(this.#tcp);
    const timeoutMs = this.#o.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const sock = connect({ host: this.#o.host, port: this.#o.port });
      sock.setTimeout(timeoutMs, () => sock.destroy(new Error(`no connection within ${timeoutMs} ms`)));
      sock.once('error', reject);
      sock.once('connect', () => {
        sock.off('error', reject);
        sock.setTimeout(0);
        sock.setNoDelay(true);
        sock.on('error', () => undefined); // reported by the write callback; 'close' follows
        sock.on('close', () => {
          if (this.#tcp === sock) this.#tcp = null;
        });
        sock.resume(); // a receiver has nothing to say; discard anything it sends
        sock.unref();
        if (this.#closed) {
          sock.destroy();
          reject(new Error('sink closed'));
          return;
        }
        this.#tcp = sock;
        resolve(sock);
      });
    });
  }
}
