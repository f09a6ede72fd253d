// A Pub/Sub subscription through the official client (@google-cloud/pubsub, StreamingPull with
// lease management). Credentials are the client's Application Default Credentials
// (GOOGLE_APPLICATION_CREDENTIALS, the metadata server, gcloud's ADC file). `endpoint` points it at
// another host:port; one that is not *.googleapis.com is spoken to without TLS or credentials, as
// the client does for the Pub/Sub emulator (tests use a local fake server that way).

import { PubSub, type Message } from '@google-cloud/pubsub';

export interface PulledMessage {
  id: string;
  /** Epoch ms when Pub/Sub accepted the message. */
  publishTime: number;
  data: Buffer;
  ack(): void;
  /** Gives the message back for redelivery now. */
  nack(): void;
}

export interface MessageSubscription {
  /** Starts streaming; messages are leased (their ack deadline extended) until ack or nack. */
  start(onMessage: (m: PulledMessage) => void, onError: (e: Error) => void): void;
  /** Stops streaming, nacks what was neither acked nor nacked, flushes acks, closes the channel. */
  close(): Promise<void>;
}

export interface SubscriptionOptions {
  /** projects/<project>/subscriptions/<name>. */
  subscription: string;
  endpoint?: string;
  /** Most messages leased and not yet acked at once (flow control). */
  maxMessages: number;
  /** First wait before reopening after a fatal stream error; doubles up to a minute. Default 1 s. */
  retryMs?: number;
}

export function pubsubSubscription(o: SubscriptionOptions): MessageSubscription {
  const projectId = o.subscription.split('/')[1] ?? '';
  const pubsub = new PubSub({ projectId, ...(o.endpoint ? { apiEndpoint: o.endpoint } : {}) });
  const sub = pubsub.subscription(o.subscription, {
    flowControl: { maxMessages: o.maxMessages, allowExcessMessages: false },
    // One stream is plenty for audit logs and keeps a batch's messages in one lease manager.
    streamingOptions: { maxStreams: 1 },
  });
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  return {
    start(onMessage, onError) {
      sub.on('message', (m: Message) => {
        failures = 0;
        onMessage({ id: m.id, publishTime: m.publishTime.getTime(), data: m.data, ack: () => m.ack(), nack: () => m.nack() });
      });
      // The client retries what is retryable itself; after any other error (NOT_FOUND,
      // PERMISSION_DENIED, ...) its subscriber has closed: open it again after a backoff.
      sub.on('error', (e: Error) => {
        onError(e);
        if (closed || timer) return;
        failures++;
        timer = setTimeout(() => {
          timer = null;
          if (!closed && !sub.isOpen) sub.open();
        }, Math.min((o.retryMs ?? 1000) * 2 ** (failures - 1), 60_000));
        timer.unref();
      });
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await sub.close();
      await pubsub.close();
    },
  };
}
