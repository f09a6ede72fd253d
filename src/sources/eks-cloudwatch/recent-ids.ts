// The CloudWatch poller's memory of recently committed log event ids, so the lookback overlap of
// each poll is not submitted again. Bounded: past the cap the oldest remembered id goes (the
// pipeline's idempotency by auditID still holds for anything forgotten early).
//
// Ids are kept in a Set for lookups and in a queue in the order they were remembered for expiry
// and eviction. Evicting through a Map's insertion order (`keys().next()`) after many deletes makes
// V8 walk the deleted entries' holes on every eviction (see detect/state/bounded-state.ts).

export class RecentIds {
  readonly capacity: number;
  #set = new Set<string>();
  #ids: string[] = [];
  #times: number[] = [];
  #head = 0;

  constructor(capacity: number) {
    if (!(capacity > 0) || !Number.isInteger(capacity)) throw new Error(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.#set.size;
  }

  has(id: string): boolean {
    return this.#set.has(id);
  }

  remember(id: string, t: number): void {
    if (this.#set.has(id)) return;
    this.#set.add(id);
    this.#ids.push(id);
    this.#times.push(t);
    while (this.#set.size > this.capacity) this.#shift();
  }

  /**
   * Forgets ids remembered before any with time >= `t`, from the oldest on. Ids arrive nearly in
   * time order; one older than `t` behind a newer one stays until it reaches the front (bounded by
   * the cap).
   */
  expireBefore(t: number): void {
    while (this.#head < this.#ids.length && this.#times[this.#head]! < t) this.#shift();
  }

  #shift(): void {
    this.#set.delete(this.#ids[this.#head]!);
    this.#ids[this.#head] = '';
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#ids.length) {
      this.#ids = this.#ids.slice(this.#head);
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}
