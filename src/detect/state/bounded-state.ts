// Bounded key-value state for stateful components (detectors, enrichers). Least recently used
// entries are evicted past the cap, and evictions are counted. Every change is journaled so the
// pipeline can persist it atomically with the batch that caused it (store.commitBatch), and the
// state is reloaded from the store on start.

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

export class BoundedState {
  readonly component: string;
  readonly capacity: number;
  #map = new Map<string, string>();
  #journal: StateJournal;
  evictions = 0;

  constructor(component: string, capacity: number, journal: StateJournal) {
    if (!(capacity > 0)) throw new Error(`state capacity must be positive, got ${capacity}`);
    this.component = component;
    this.capacity = capacity;
    this.#journal = journal;
  }

  get size(): number {
    return this.#map.size;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  /** Reads a value and marks it recently used. */
  get(key: string): string | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  set(key: string, value: string): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#journal.record({ component: this.component, key, value });
    while (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
      this.evictions++;
      this.#journal.record({ component: this.component, key: oldest, value: null });
    }
  }

  delete(key: string): void {
    if (this.#map.delete(key)) this.#journal.record({ component: this.component, key, value: null });
  }

  /** Replaces the content with saved entries (oldest first) without journaling. */
  restore(entries: Iterable<[string, string]>): void {
    this.#map.clear();
    for (const [k, v] of entries) {
      this.#map.set(k, v);
      if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as string);
    }
  }
}
