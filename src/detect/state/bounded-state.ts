// Bounded key-value state for stateful components (detectors, enrichers). Least recently used
// entries are evicted past the cap on entries or on (estimated) bytes, and evictions are counted.
// The byte cap keeps memory bounded when keys or values are long (attacker-chosen paths, names). Every change is journaled so the
// pipeline can persist it atomically with the batch that caused it (store.commitBatch), and the
// state is reloaded from the store on start.
//
// The LRU order is a doubly linked list over slot numbers (typed arrays), not a Map's insertion
// order: evicting through `map.keys().next()` after many deletes makes V8 walk the deleted
// entries' holes each time, and 50,000 inserts at the cap took 2.9 s instead of 50 ms.

import type { StateChange } from '../../store/store.js';

export class StateJournal {
  #changes: StateChange[] = [];
  record(change: StateChange): void {
    this.#changes.push(change);
  }
  /** Returns and clears the changes recorded since the last drain. */
  drain(): StateChange[] {
    const out = this.#changes;
    this.#changes = [];
    return out;
  }
  get size(): number {
    return this.#changes.length;
  }
}

const NONE = -1;
const INITIAL_SLOTS = 1024;
/**
 * Estimated heap bytes of one entry besides its strings' characters (map entry, slots, string
 * headers). Measured: 100k entries with 87-character keys and 50-character values took 266 to 281
 * bytes each in V8 (Node 20), and this estimate gives 265.
 */
export const ENTRY_OVERHEAD_BYTES = 128;
/** The byte cap when none is given: room for entries averaging this many bytes. */
export const DEFAULT_BYTES_PER_ENTRY = 320;

function entryBytes(key: string, value: string): number {
  return ENTRY_OVERHEAD_BYTES + key.length + value.length;
}

export class BoundedState {
  readonly component: string;
  readonly capacity: number;
  /** Cap on the estimated bytes of all entries. */
  readonly maxBytes: number;
  evictions = 0;
  #journal: StateJournal;
  /** key → slot */
  #slots = new Map<string, number>();
  #keys: (string | undefined)[] = [];
  #values: (string | undefined)[] = [];
  #prev: Int32Array;
  #next: Int32Array;
  /** Most recently used slot, least recently used slot, first free slot (linked through #next). */
  #head = NONE;
  #tail = NONE;
  #free = NONE;
  #used = 0;
  #bytes = 0;

  constructor(component: string, capacity: number, journal: StateJournal, maxBytes = capacity * DEFAULT_BYTES_PER_ENTRY) {
    if (!(capacity > 0) || !Number.isInteger(capacity)) throw new Error(`state capacity must be a positive integer, got ${capacity}`);
    if (!(maxBytes >= ENTRY_OVERHEAD_BYTES)) throw new Error(`state byte cap must be at least ${ENTRY_OVERHEAD_BYTES}, got ${maxBytes}`);
    this.component = component;
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.#journal = journal;
    const n = Math.min(capacity, INITIAL_SLOTS);
    this.#prev = new Int32Array(n);
    this.#next = new Int32Array(n);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Estimated heap bytes held (characters plus a fixed overhead per entry). */
  get bytes(): number {
    return this.#bytes;
  }

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  /** Reads a value and marks it recently used. */
  get(key: string): string | undefined {
    const s = this.#slots.get(key);
    if (s === undefined) return undefined;
    this.#touch(s);
    return this.#values[s];
  }

  set(key: string, value: string): void {
    this.#put(key, value);
    this.#journal.record({ component: this.component, key, value });
    while (this.#overfull()) {
      const oldest = this.#evictTail();
      this.evictions++;
      this.#journal.record({ component: this.component, key: oldest, value: null });
    }
  }

  delete(key: string): void {
    const s = this.#slots.get(key);
    if (s === undefined) return;
    this.#slots.delete(key);
    this.#unlink(s);
    this.#release(s);
    this.#journal.record({ component: this.component, key, value: null });
  }

  /** Replaces the content with saved entries (oldest first) without journaling. */
  restore(entries: Iterable<[string, string]>): void {
    this.#slots.clear();
    this.#keys = [];
    this.#values = [];
    this.#head = this.#tail = this.#free = NONE;
    this.#used = 0;
    this.#bytes = 0;
    for (const [k, v] of entries) {
      this.#put(k, v);
      while (this.#overfull()) this.#evictTail();
    }
  }

  /** Entries from least to most recently used (for tests and inspection). */
  *entries(): IterableIterator<[string, string]> {
    for (let s = this.#tail; s !== NONE; s = this.#prev[s]!) yield [this.#keys[s]!, this.#values[s]!];
  }

  /** Over a cap, with more than the newest entry left (a single entry larger than the byte cap stays). */
  #overfull(): boolean {
    return this.#slots.size > this.capacity || (this.#bytes > this.maxBytes && this.#slots.size > 1);
  }

  #put(key: string, value: string): void {
    const existing = this.#slots.get(key);
    if (existing !== undefined) {
      this.#bytes += value.length - this.#values[existing]!.length;
      this.#values[existing] = value;
      this.#touch(existing);
      return;
    }
    const s = this.#allocate();
    this.#keys[s] = key;
    this.#values[s] = value;
    this.#slots.set(key, s);
    this.#bytes += entryBytes(key, value);
    this.#pushHead(s);
  }

  #evictTail(): string {
    const s = this.#tail;
    const key = this.#keys[s]!;
    this.#slots.delete(key);
    this.#unlink(s);
    this.#release(s);
    return key;
  }

  #allocate(): number {
    if (this.#free !== NONE) {
      const s = this.#free;
      this.#free = this.#next[s]!;
      return s;
    }
    const s = this.#used++;
    if (s >= this.#prev.length) {
      // One slot past the cap is used transiently before the eviction.
      const n = Math.min(this.#prev.length * 2, this.capacity + 1);
      const prev = new Int32Array(n);
      const next = new Int32Array(n);
      prev.set(this.#prev);
      next.set(this.#next);
      this.#prev = prev;
      this.#next = next;
    }
    return s;
  }

  #release(s: number): void {
    this.#bytes -= entryBytes(this.#keys[s]!, this.#values[s]!);
    this.#keys[s] = undefined;
    this.#values[s] = undefined;
    this.#next[s] = this.#free;
    this.#free = s;
  }

  #touch(s: number): void {
    if (s === this.#head) return;
    this.#unlink(s);
    this.#pushHead(s);
  }

  #pushHead(s: number): void {
    this.#prev[s] = NONE;
    this.#next[s] = this.#head;
    if (this.#head !== NONE) this.#prev[this.#head] = s;
    this.#head = s;
    if (this.#tail === NONE) this.#tail = s;
  }

  #unlink(s: number): void {
    const p = this.#prev[s]!;
    const n = this.#next[s]!;
    if (p !== NONE) this.#next[p] = n;
    else this.#head = n;
    if (n !== NONE) this.#prev[n] = p;
    else this.#tail = p;
  }
}
