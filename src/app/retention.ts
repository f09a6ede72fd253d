// Retention, run hourly by vigil serve: findings not updated for retentionDays and archived events
// older than archive.retentionHours are deleted. Events go in bounded chunks with a yield between
// them, so a large backlog never holds the store (and ingest) for long.

import type { Store } from '../store/store.js';
import type { VigilConfig } from './config.js';

const EVENT_CHUNK = 5000;

export interface RetentionResult {
  findings: number;
  events: number;
  /** The cutoffs applied (ISO 8601). */
  findingsBefore: string;
  eventsBefore: string;
}

export async function applyRetention(store: Store, config: Pick<VigilConfig, 'retentionDays' | 'archive'>, now: number): Promise<RetentionResult> {
  const findingsBefore = new Date(now - config.retentionDays * 86_400_000).toISOString();
  const findings = await store.deleteFindingsUpdatedBefore(findingsBefore);
  // Applied when archiving is off too: events archived before it was switched off still expire.
  const cutoff = now - config.archive.retentionHours * 3_600_000;
  let events = 0;
  for (;;) {
    const n = await store.deleteEventsBefore(cutoff, EVENT_CHUNK);
    events += n;
    if (n < EVENT_CHUNK) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { findings, events, findingsBefore, eventsBefore: new Date(cutoff).toISOString() };
}
