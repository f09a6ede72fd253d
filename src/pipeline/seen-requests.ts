// Request keys (cluster + auditID) of events that produced findings, so a re-delivered batch or the
// ResponseComplete of an already judged ResponseStarted changes nothing. Bounded (oldest dropped).
// Events that produced nothing need no entry: judging them again changes nothing either.

export class SeenRequests {
  readonly capacity: number;
  #set = new Set<string>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  has(key: string): boolean {
    return this.#set.has(key);
  }

  add(key: string): void {
    this.#set.add(key);
    if (this.#set.size > this.capacity) this.#set.delete(this.#set.values().next().value as string);
  }

  delete(key: string): void {
    this.#set.delete(key);
  }

  /** keys newest first (as the store returns them). */
  restore(keys: string[]): void {
    this.#set.clear();
    for (let i = keys.length - 1; i >= 0; i--) this.add(keys[i] as string);
  }

  get size(): number {
    return this.#set.size;
  }
}
