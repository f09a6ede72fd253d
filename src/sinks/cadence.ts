// GuardDuty's export cadence for one sink: a new finding goes out at once; later occurrences of a
// finding already sent are held and re-sent at most once per window (findingPublishingFrequency),
// carrying the newest version. Memory is bounded: the oldest remembered ids are forgotten first, and a
// forgotten id's next update is sent at once (a duplicate is better than a silent gap).

import type { Finding } from '../core/finding.js';
import { LruMap } from '../lib/lru-map.js';

export const CADENCES = { FIFTEEN_MINUTES: 15 * 60_000, ONE_HOUR: 60 * 60_000, SIX_HOURS: 6 * 60 * 60_000 } as const;
export type Cadence = keyof typeof CADENCES;
export const DEFAULT_CADENCE: Cadence = 'SIX_HOURS';

export function isCadence(v: unknown): v is Cadence {
  return typeof v === 'string' && Object.hasOwn(CADENCES, v);
}

export class RepeatCadence {
  readonly windowMs: number;
  readonly #capacity: number;
  /** id -> when it was last let through (bounded: least recently sent forgotten first). */
  readonly #lastSent: LruMap<string, number>;
  /** id -> newest version waiting for its window to end. */
  readonly #held = new Map<string, Finding>();

  constructor(cadence: Cadence = DEFAULT_CADENCE, capacity = 100_000) {
    this.windowMs = CADENCES[cadence];
    this.#capacity = Math.max(1, capacity);
    this.#lastSent = new LruMap(this.#capacity);
  }

  get held(): number {
    return this.#held.size;
  }

  /**
   * True when `f` should be sent now (and it is recorded as sent at `now`); false when it is held.
   * `isNew`: the finding was created by this batch.
   */
  admit(f: Finding, isNew: boolean, now: number): boolean {
    const last = this.#lastSent.get(f.id);
    if (!isNew && last !== undefined && now - last < this.windowMs) {
      this.#held.set(f.id, f);
      return false;
    }
    this.#held.delete(f.id);
    this.#markSent(f.id, now);
    return true;
  }

  /** Forgets a held version (the finding was archived, or no longer routed here). */
  discard(id: string): void {
    this.#held.delete(id);
  }

  /** When the earliest held finding becomes due, or null when nothing is held. */
  nextDue(): number | null {
    let min: number | null = null;
    for (const id of this.#held.keys()) {
      const due = this.#due(id);
      if (min === null || due < min) min = due;
    }
    return min;
  }

  /** Due time of one held finding (for re-arming a timer after admit() held it). */
  dueOf(id: string): number | null {
    return this.#held.has(id) ? this.#due(id) : null;
  }

  /** Held findings whose window has ended at `now` (all of them with `all`); they count as sent. */
  release(now: number, all = false): Finding[] {
    const out: Finding[] = [];
    for (const [id, f] of this.#held) {
      if (all || now >= this.#due(id)) {
        out.push(f);
        this.#held.delete(id);
        this.#markSent(id, now);
      }
    }
    return out;
  }

  /** A held finding whose send time was forgotten is due at once. */
  #due(id: string): number {
    const last = this.#lastSent.get(id);
    return last === undefined ? -Infinity : last + this.windowMs;
  }

  #markSent(id: string, now: number): void {
    // Past the cap the oldest send time is forgotten: a held finding without one is due at the next release.
    this.#lastSent.set(id, now);
  }
}
