// Delivery ids already committed, and deliveries still being processed, for push sources whose
// sender re-sends a failed or timed-out delivery under the same id (Firehose request ids, Pub/Sub
// message ids), so a retry is answered without judging it again.
//
// The list is in memory and bounded (oldest forgotten): after a restart or an eviction a retried
// delivery is judged again. That cannot double count findings: the pipeline's per-event keys
// (cluster + auditID + stage, kept in the store) make each audit event's effects idempotent.

import { SeenRequests } from '../pipeline/seen-requests.js';

export class DeliveryIds<T> {
  readonly #committed: SeenRequests;
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(capacity: number) {
    this.#committed = new SeenRequests(capacity);
  }

  committed(cluster: string, deliveryId: string): boolean {
    return this.#committed.has(key(cluster, deliveryId));
  }

  /**
   * Runs `work` for a request id unless the same id is being processed: then the running one's
   * result is shared. The id is remembered as committed only when `work` resolves.
   */
  async once(cluster: string, deliveryId: string, work: () => Promise<T>): Promise<{ result: T; shared: boolean }> {
    const k = key(cluster, deliveryId);
    const running = this.#inFlight.get(k);
    if (running) return { result: await running, shared: true };
    const p = work();
    this.#inFlight.set(k, p);
    try {
      const result = await p;
      this.#committed.add(k);
      return { result, shared: false };
    } finally {
      this.#inFlight.delete(k);
    }
  }

  get size(): number {
    return this.#committed.size;
  }
}

function key(cluster: string, deliveryId: string): string {
  return `${cluster}\u0000${deliveryId}`;
}
