// Request keys (cluster + auditID) of events that produced findings, so a re-delivered batch or the
// ResponseComplete of an already judged ResponseStarted changes nothing. Bounded (least recently
// added dropped). Events that produced nothing need no entry: judging them again changes nothing.

import { LruMap } from '../lib/lru-map.js';

export class SeenRequests {
  readonly #keys: LruMap<string, true>;

  constructor(capacity: number) {
    this.#keys = new LruMap(capacity);
  }

  get capacity(): number {
    return this.#keys.capacity;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(key: string): void {
    this.#keys.set(key, true);
  }

  delete(key: string): void {
    this.#keys.delete(key);
  }

  /** keys newest first (as the store returns them). */
  restore(keys: string[]): void {
    this.#keys.clear();
    for (let i = keys.length - 1; i >= 0; i--) this.add(keys[i] as string);
  }

  get size(): number {
    return this.#keys.size;
  }
}
