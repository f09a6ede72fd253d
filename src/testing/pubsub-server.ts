// A local fake of Pub/Sub's Subscriber gRPC service (google.pubsub.v1, loaded from the pubsub.proto
// that ships in @google-cloud/pubsub) for tests of the pull subscriber with the official client:
// StreamingPull delivers leased messages as the real service does (respecting the stream's
// max_outstanding_messages), Acknowledge removes them, ModifyAckDeadline extends a lease or (0)
// gives the message back for redelivery, and an expired lease redelivers too. Acks and modacks sent
// on the stream itself are honoured as well. Everything is recorded for assertions. Test helper only.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
const PUBSUB_ROOT = join(dirname(require.resolve('@google-cloud/pubsub')), '..', '..');
const GAX_PROTOS = join(dirname(createRequire(join(PUBSUB_ROOT, 'package.json')).resolve('google-gax')), '..', 'protos');

export interface FakeMessage {
  data: Buffer;
  messageId: string;
  /** Epoch ms. */
  publishTime: number;
  attributes?: Record<string, string>;
}

interface Held {
  msg: FakeMessage;
  ackId: string;
  /** Epoch ms the lease ends; 0: available. */
  leasedUntil: number;
  stream: unknown;
  deliveries: number;
}

type Stream = grpc.ServerDuplexStream<Record<string, unknown>, Record<string, unknown>>;

export interface FakePubSub {
  endpoint: string;
  publish(messages: FakeMessage[]): void;
  /** messageIds acknowledged, in order (a redelivered message may be acked once more). */
  acked: string[];
  /** messageIds given back with ModifyAckDeadline 0, in order. */
  nacked: string[];
  /** Deliveries per messageId. */
  deliveries: Map<string, number>;
  /** The first StreamingPullRequest of each stream opened. */
  streams: Record<string, unknown>[];
  /** Messages neither acked nor available: leased to a client. */
  readonly leased: number;
  /** Messages not yet acked. */
  readonly unacked: number;
  /** Ends every stream with this status (UNAVAILABLE makes the client reconnect). */
  failStreams(code: grpc.status, details: string): void;
  close(): Promise<void>;
}

export async function startFakePubSub(subscription: string): Promise<FakePubSub> {
  const def = protoLoader.loadSync('google/pubsub/v1/pubsub.proto', { includeDirs: [join(PUBSUB_ROOT, 'build', 'protos'), GAX_PROTOS], keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { google: { pubsub: { v1: { Subscriber: { service: grpc.ServiceDefinition } } } } };
  const held = new Map<string, Held>();
  const byAck = new Map<string, Held>();
  const streams = new Map<Stream, { max: number; deadlineMs: number }>();
  let ackSeq = 0;
  const rec = { acked: [] as string[], nacked: [] as string[], deliveries: new Map<string, number>(), streams: [] as Record<string, unknown>[] };

  const outstanding = (s: Stream) => [...held.values()].filter((h) => h.leasedUntil > 0 && h.stream === s).length;
  function pump(): void {
    const now = Date.now();
    for (const h of held.values()) if (h.leasedUntil > 0 && h.leasedUntil <= now) release(h);
    for (const [s, o] of streams) {
      const free = o.max > 0 ? o.max - outstanding(s) : Number.MAX_SAFE_INTEGER;
      const ready = [...held.values()].filter((h) => h.leasedUntil === 0).slice(0, Math.max(0, free));
      if (ready.length === 0) continue;
      const receivedMessages = ready.map((h) => {
        h.ackId = `ack-${++ackSeq}`;
        byAck.set(h.ackId, h);
        h.leasedUntil = now + o.deadlineMs;
        h.stream = s;
        h.deliveries++;
        rec.deliveries.set(h.msg.messageId, h.deliveries);
        const t = h.msg.publishTime;
        return {
          ackId: h.ackId,
          message: { data: h.msg.data, attributes: h.msg.attributes ?? {}, messageId: h.msg.messageId, publishTime: { seconds: Math.floor(t / 1000), nanos: (t % 1000) * 1e6 }, orderingKey: '' },
          deliveryAttempt: 0,
        };
      });
      s.write({ receivedMessages });
    }
  }
  function release(h: Held): void {
    byAck.delete(h.ackId);
    h.leasedUntil = 0;
    h.stream = null;
  }
  function ack(ids: unknown): void {
    for (const id of (ids as string[] | undefined) ?? []) {
      const h = byAck.get(id);
      if (!h) continue;
      byAck.delete(id);
      held.delete(h.msg.messageId);
      rec.acked.push(h.msg.messageId);
    }
  }
  function modAck(ids: unknown, seconds: (i: number) => number): void {
    ((ids as string[] | undefined) ?? []).forEach((id, i) => {
      const h = byAck.get(id);
      if (!h) return;
      const s = seconds(i);
      if (s === 0) {
        rec.nacked.push(h.msg.messageId);
        release(h);
      } else h.leasedUntil = Date.now() + s * 1000;
    });
  }
  const ticker = setInterval(pump, 50);

  const server = new grpc.Server();
  server.addService(pkg.google.pubsub.v1.Subscriber.service, {
    StreamingPull(call: Stream) {
      let first = true;
      call.on('data', (req: Record<string, unknown>) => {
        if (first) {
          first = false;
          if (req.subscription !== subscription) {
            call.emit('error', { code: grpc.status.NOT_FOUND, details: `Resource not found (resource=${String(req.subscription)}).` });
            return;
          }
          rec.streams.push(req);
          streams.set(call, { max: Number(req.maxOutstandingMessages ?? 0), deadlineMs: Number(req.streamAckDeadlineSeconds ?? 10) * 1000 });
        }
        ack(req.ackIds);
        const secs = (req.modifyDeadlineSeconds as number[] | undefined) ?? [];
        modAck(req.modifyDeadlineAckIds, (i) => secs[i] ?? 0);
        pump();
      });
      // As with the real service, leases outlive the stream: their ack ids stay valid until the deadline.
      const drop = () => streams.delete(call);
      call.on('end', () => {
        drop();
        call.end();
      });
      call.on('cancelled', drop);
      call.on('error', drop);
    },
    Acknowledge(call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, cb: grpc.sendUnaryData<unknown>) {
      ack(call.request.ackIds);
      cb(null, {});
      pump();
    },
    ModifyAckDeadline(call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, cb: grpc.sendUnaryData<unknown>) {
      const s = Number(call.request.ackDeadlineSeconds ?? 0);
      modAck(call.request.ackIds, () => s);
      cb(null, {});
      pump();
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));

  return {
    endpoint: `127.0.0.1:${port}`,
    publish(messages) {
      for (const msg of messages) held.set(msg.messageId, { msg, ackId: '', leasedUntil: 0, stream: null, deliveries: 0 });
      pump();
    },
    ...rec,
    get leased() {
      return [...held.values()].filter((h) => h.leasedUntil > 0).length;
    },
    get unacked() {
      return held.size;
    },
    failStreams(code, details) {
      for (const s of [...streams.keys()]) {
        streams.delete(s);
        s.emit('error', { code, details });
      }
    },
    async close() {
      clearInterval(ticker);
      server.forceShutdown();
      await Promise.resolve();
    },
  };
}
