// A local fake of an Azure Event Hubs namespace speaking AMQP 1.0 (built with rhea, the library the
// official client uses), for tests of the real @azure/event-hubs client. Plain TCP on 127.0.0.1: the
// client connects without TLS when its connection string ends in `;UseDevelopmentEmulator=true`
// (the switch Microsoft's Event Hubs emulator uses; Vigil refuses it for non-local endpoints).
//
// What it does as the service does:
// - SASL: required; the client's ANONYMOUS mechanism is accepted.
// - CBS: put-token requests on `$cbs` carry SAS tokens; each is verified (HMAC-SHA256 with the
//   namespace key, audience, expiry) and answered 202, or 401 when it does not verify. Links to an
//   entity are refused with amqp:unauthorized-access unless a verified token covers its audience.
// - `$management`: READ of com.microsoft:eventhub (name, created_at, partition_count,
//   partition_ids) and com.microsoft:partition (sequence numbers, offsets, enqueued times), answered
//   on the caller's reply link with status-code 200 (or 404 for another hub or partition).
// - Receivers on `<hub>/ConsumerGroups/<cg>/Partitions/<id>`: the selector filter
//   (apache.org:selector-filter:string, `amqp.annotation.x-opt-offset|x-opt-sequence-number|
//   x-opt-enqueued-time > or >= 'value'`, offset -1 = start, @latest = end) sets where delivery
//   starts; events are sent as credit allows, each a data section with the x-opt-sequence-number
//   (long), x-opt-offset (string) and x-opt-enqueued-time (timestamp) message annotations.
// Every attach, filter and management request is recorded for assertions.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo, Server } from 'node:net';
import rhea, { type Connection, type EventContext, type Message, type Receiver, type Sender, type Source, type TerminusOptions } from 'rhea';

export const KEY_NAME = 'vigil-listen';
export const KEY = 'bm90LWEtcmVhbC1rZXktanVzdC1hLWxvY2FsLWZha2UtMDEyMzQ1Njc4OQ==';
const BASE_ENQUEUED = Date.UTC(2025, 3, 20, 16, 30, 0);

export interface StoredEvent {
  body: Buffer;
  sequenceNumber: number;
  offset: string;
  enqueuedMs: number;
}

export interface ReceiverAttach {
  partition: string;
  consumerGroup: string;
  filter: string;
}

export interface FakeEventHubs {
  /** Connection string for the real client (listen rights, development-emulator mode). */
  connectionString: string;
  hub: string;
  partitions: Map<string, StoredEvent[]>;
  /** Appends message bodies to a partition (and delivers them to open receivers). */
  publish(partition: string, bodies: (string | Buffer)[]): void;
  receivers: ReceiverAttach[];
  /** Management operations asked for (`com.microsoft:eventhub`, `com.microsoft:partition:<id>`). */
  managementRequests: string[];
  /** Audiences of verified put-token requests, and how many were refused. */
  tokens: { accepted: string[]; refused: number };
  close(): Promise<void>;
}

interface OpenReceiver {
  sender: Sender;
  partition: string;
  next: number;
}

/** Starts the fake with `partitionCount` empty partitions of hub `hub`. */
export async function startFakeEventHubs(hub = 'aks-audit', partitionCount = 2): Promise<FakeEventHubs> {
  const container = rhea.create_container({ id: 'fake-eventhubs' });
  container.sasl_server_mechanisms.enable_anonymous();
  const partitions = new Map<string, StoredEvent[]>();
  for (let i = 0; i < partitionCount; i++) partitions.set(String(i), []);
  const receivers: ReceiverAttach[] = [];
  const managementRequests: string[] = [];
  const tokens = { accepted: [] as string[], refused: 0 };
  const open = new Set<OpenReceiver>();
  const authorized = new Map<Connection, Set<string>>();
  /** Per connection: reply-to address -> the server sender on that reply link. */
  const replies = new Map<Connection, Map<string, Sender>>();
  let endpoint = '';
  let created = 0;

  const covers = (c: Connection, audience: string) => [...(authorized.get(c) ?? [])].some((a) => audience === a || audience.startsWith(a.endsWith('/') ? a : `${a}/`));

  function pump(r: OpenReceiver): void {
    const events = partitions.get(r.partition) ?? [];
    while (r.next < events.length && r.sender.sendable()) {
      const e = events[r.next++]!;
      r.sender.send({
        body: rhea.message.data_section(e.body),
        message_annotations: {
          'x-opt-sequence-number': rhea.types.wrap_long(e.sequenceNumber),
          'x-opt-offset': e.offset,
          'x-opt-enqueued-time': rhea.types.wrap_timestamp(e.enqueuedMs),
        },
      });
    }
  }

  function reply(ctx: EventContext, request: Message, status: number, description: string, body: unknown): void {
    const to = String(request.reply_to ?? '');
    const sender = replies.get(ctx.connection)?.get(to);
    if (!sender) return;
    sender.send({ to, correlation_id: request.message_id, application_properties: { 'status-code': status, 'status-description': description }, body });
  }

  function verifyToken(token: string, audience: string): boolean {
    const m = /^SharedAccessSignature (.+)$/.exec(token);
    if (!m) return false;
    const parts = new Map(m[1]!.split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]));
    const sr = parts.get('sr') ?? '';
    const se = Number(parts.get('se'));
    if (decodeURIComponent(parts.get('skn') ?? '') !== KEY_NAME || decodeURIComponent(sr) !== audience || !(se * 1000 > Date.now())) return false;
    const want = createHmac('sha256', KEY).update(`${sr}\n${parts.get('se')}`).digest();
    const got = Buffer.from(decodeURIComponent(parts.get('sig') ?? ''), 'base64');
    return got.length === want.length && timingSafeEqual(got, want);
  }

  function management(ctx: EventContext, m: Message): void {
    const p = (m.application_properties ?? {}) as Record<string, unknown>;
    const audience = `${endpoint}${String(p.name)}`;
    if (typeof p.security_token !== 'string' || !verifyToken(p.security_token, audience)) return reply(ctx, m, 401, 'Unauthorized: the security_token does not verify', null);
    if (p.operation !== 'READ' || p.name !== hub) return reply(ctx, m, 404, `The messaging entity '${String(p.name)}' could not be found`, null);
    if (p.type === 'com.microsoft:eventhub') {
      managementRequests.push('com.microsoft:eventhub');
      return reply(ctx, m, 200, 'OK', { name: hub, type: 'com.microsoft:eventhub', created_at: new Date(BASE_ENQUEUED - 86_400_000), partition_count: partitions.size, partition_ids: [...partitions.keys()] });
    }
    const id = String(p.partition);
    managementRequests.push(`${String(p.type)}:${id}`);
    const events = partitions.get(id);
    if (p.type !== 'com.microsoft:partition' || !events) return reply(ctx, m, 404, `partition ${id} not found`, null);
    const last = events.at(-1);
    return reply(ctx, m, 200, 'OK', {
      name: hub,
      type: 'com.microsoft:partition',
      partition: id,
      begin_sequence_number: rhea.types.wrap_long(events[0]?.sequenceNumber ?? 0),
      last_enqueued_sequence_number: rhea.types.wrap_long(last?.sequenceNumber ?? -1),
      last_enqueued_offset: last?.offset ?? '-1',
      last_enqueued_time_utc: new Date(last?.enqueuedMs ?? BASE_ENQUEUED),
      is_partition_empty: events.length === 0,
    });
  }

  container.on('message', (ctx: EventContext) => {
    const m = ctx.message!;
    const address = ctx.receiver ? attachOf(ctx.receiver).target?.address : undefined;
    if (address === '$cbs') {
      const p = (m.application_properties ?? {}) as Record<string, unknown>;
      const audience = String(p.name);
      if (p.operation === 'put-token' && typeof m.body === 'string' && verifyToken(m.body, audience)) {
        let set = authorized.get(ctx.connection);
        if (!set) authorized.set(ctx.connection, (set = new Set()));
        set.add(audience);
        tokens.accepted.push(audience);
        reply(ctx, m, 202, 'Accepted', null);
      } else {
        tokens.refused++;
        reply(ctx, m, 401, 'InvalidSignature: the token has an invalid signature', null);
      }
    } else if (address === '$management') management(ctx, m);
  });

  container.on('sender_open', (ctx: EventContext) => {
    const sender = ctx.sender!;
    const remote = attachOf(sender);
    const address = remote.source?.address ?? '';
    echoTermini(sender, remote);
    if (address === '$cbs' || address === '$management') {
      // Replies go to the link whose target address (or, without one, name) the request's reply_to names.
      let map = replies.get(ctx.connection);
      if (!map) replies.set(ctx.connection, (map = new Map()));
      map.set(remote.target?.address ?? sender.name, sender);
      return;
    }
    const m = new RegExp(`^${hub}/ConsumerGroups/([^/]+)/Partitions/([^/]+)$`, 'i').exec(address);
    if (!m || !partitions.has(m[2]!)) {
      sender.close({ condition: 'amqp:not-found', description: `The messaging entity '${address}' could not be found.` });
      return;
    }
    if (!covers(ctx.connection, `${endpoint}${address}`)) {
      sender.close({ condition: 'amqp:unauthorized-access', description: `Unauthorized access to '${address}': no put-token covers it` });
      return;
    }
    const described = remote.source?.filter?.['apache.org:selector-filter:string'] as { value?: unknown } | string | undefined;
    const value = typeof described === 'string' ? described : described?.value;
    const filter = typeof value === 'string' ? value : '';
    receivers.push({ consumerGroup: m[1]!, partition: m[2]!, filter });
    const r: OpenReceiver = { sender, partition: m[2]!, next: startIndex(partitions.get(m[2]!)!, filter) };
    open.add(r);
    sender.on('sendable', () => pump(r));
    sender.on('sender_close', () => open.delete(r));
    pump(r);
  });
  container.on('receiver_open', (ctx: EventContext) => echoTermini(ctx.receiver!, attachOf(ctx.receiver!)));
  container.on('disconnected', (ctx: EventContext) => {
    authorized.delete(ctx.connection);
    replies.delete(ctx.connection);
    for (const r of open) if (r.sender.connection === ctx.connection) open.delete(r);
  });

  const server = container.listen({ port: 0, host: '127.0.0.1', require_sasl: true } as never) as unknown as Server;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const port = (server.address() as AddressInfo).port;
  endpoint = `sb://127.0.0.1:${port}/`;
  return {
    connectionString: `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=${KEY_NAME};SharedAccessKey=${KEY};EntityPath=${hub};UseDevelopmentEmulator=true`,
    hub,
    partitions,
    receivers,
    managementRequests,
    tokens,
    publish(partition, bodies) {
      const events = partitions.get(partition);
      if (!events) throw new Error(`no partition ${partition}`);
      for (const b of bodies) {
        const body = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
        const prev = events.at(-1);
        // Offsets are byte positions in the partition's log (strings); sequence numbers count from 0.
        const offset = prev ? String(Number(prev.offset) + prev.body.length + 64) : '0';
        events.push({ body, sequenceNumber: prev ? prev.sequenceNumber + 1 : 0, offset, enqueuedMs: BASE_ENQUEUED + created++ * 10 });
      }
      for (const r of open) if (r.partition === partition) pump(r);
    },
    async close() {
      for (const r of open) r.sender.connection.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Attach {
  source?: { address?: string; filter?: Record<string, unknown> };
  target?: { address?: string };
}

/** The attach frame the client sent for this link. */
function attachOf(link: Sender | Receiver): Attach {
  return (link as unknown as { remote: { attach: Attach } }).remote.attach;
}

/** Answers an attach with the client's own source and target, as the service does. */
function echoTermini(link: Sender | Receiver, remote: Attach): void {
  if (remote.source) link.set_source(remote.source as Source);
  if (remote.target) link.set_target(remote.target as TerminusOptions);
}

/** The index of the first event the selector filter asks for. */
export function startIndex(events: StoredEvent[], filter: string): number {
  const m = /^amqp\.annotation\.x-opt-(offset|sequence-number|enqueued-time) (>=?) '([^']*)'$/.exec(filter);
  if (!m) throw new Error(`unsupported selector filter ${JSON.stringify(filter)}`);
  const [, field, op, value] = m as unknown as [string, string, string, string];
  if (field === 'offset' && value === '@latest') return events.length;
  if (field === 'offset' && value === '-1') return 0;
  const key = (e: StoredEvent) => (field === 'offset' ? Number(e.offset) : field === 'sequence-number' ? e.sequenceNumber : e.enqueuedMs);
  const v = Number(value);
  const i = events.findIndex((e) => (op === '>=' ? key(e) >= v : key(e) > v));
  return i < 0 ? events.length : i;
}
