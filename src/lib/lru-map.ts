// A bounded map that forgets its least recently set entries past a cap. Entries live in a Map
// (key -> value and the sequence number of its latest set) for lookups, and in a queue in the
// order they were set for eviction; a queue entry whose key was deleted or set again since is
// skipped. Evicting through a Map's insertion order (`keys().next()`) after many deletes instead
// makes V8 walk the deleted entries' holes: 100,000 inserts at a 200,000 cap took 1.3 s, not 0.1 s.

export class LruMap<K, V> {
  readonly capacity: number;
  #entries = new Map<K, { value: V; seq: number }>();
  #queue: K[] = [];
  #queueSeq: number[] = [];
  #head = 0;
  #next = 0;

  constructor(capacity: number) {
    if (!(capacity > 0) || !Number.isInteger(capacity)) throw new Error(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** The value, without making it recent. */
  get(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Sets the value and makes the key the most recent; returns the keys evicted to stay within the cap. */
  set(key: K, value: V): K[] {
    const seq = this.#next++;
    this.#entries.set(key, { value, seq });
    this.#queue.push(key);
    this.#queueSeq.push(seq);
    const evicted: K[] = [];
    while (this.#entries.size > this.capacity) evicted.push(this.#evictOldest());
    // Keys deleted or set again leave stale queue entries; keep the queue within twice the cap.
    if (this.#queue.length - this.#head > 2 * this.capacity + 1024) this.#compact();
    return evicted;
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#queue = [];
    this.#queueSeq = [];
    this.#head = 0;
  }

  #evictOldest(): K {
    for (;;) {
      const key = this.#queue[this.#head]!;
      const seq = this.#queueSeq[this.#head]!;
      this.#queue[this.#head] = undefined as K;
      this.#head++;
      if (this.#entries.get(key)?.seq === seq) {
        this.#entries.delete(key);
        if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) this.#compact();
        return key;
      }
    }
  }

  /** Drops consumed and stale queue entries. */
  #compact(): void {
    const keys: K[] = [];
    const seqs: number[] = [];
    for (let i = this.#head; i < this.#queue.length; i++) {
      const key = this.#queue[i]!;
      if (this.#entries.get(key)?.seq === this.#queueSeq[i]) {
        keys.push(key);
        seqs.push(this.#queueSeq[i]!);
      }
    }
    this.#queue = keys;
    this.#queueSeq = seqs;
    this.#head = 0;
  }
}
