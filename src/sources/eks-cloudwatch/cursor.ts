// The CloudWatch Logs poller's position: the newest event timestamp committed and the ids of the
// events committed at exactly that millisecond.
//
// Why not just "the last timestamp + 1"? FilterLogEvents selects by startTime in whole
// milliseconds, and a busy kube-apiserver writes several audit events in one millisecond. If a
// page ends (or a batch commits) between two events of the same millisecond, a cursor of "last
// timestamp + 1" skips the rest of that millisecond for good, and "last timestamp" alone
// re-ingests the part already taken. So the cursor keeps the timestamp AND the eventIds already
// committed at it; the next poll starts at that timestamp (inclusive) and drops events whose id is
// in the set. An event at a later timestamp resets the set. The set is bounded (MAX_IDS): past
// the bound the oldest ids are dropped and the pipeline's per-event idempotency is the second
// guard (pipeline/seen-requests: cluster + auditID of every event that raised findings), so a
// re-sent event never raises or counts a finding twice.

export const MAX_IDS = 5000;

export interface CloudWatchCursor {
  /** Epoch ms of the newest committed event (0: nothing committed yet). */
  t: number;
  /** eventIds committed at exactly `t`, oldest first, at most MAX_IDS. */
  ids: string[];
}

/** Parses a saved cursor; null when there is none or it cannot be read (the caller starts afresh). */
export function decodeCursor(raw: string | null): CloudWatchCursor | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const { t, ids } = v as Record<string, unknown>;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return null;
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) return null;
    return { t, ids: ids.slice(-MAX_IDS) };
  } catch {
    return null;
  }
}

export function encodeCursor(c: CloudWatchCursor): string {
  return JSON.stringify({ t: c.t, ids: c.ids });
}

/** The cursor after committing these events (any order): a newer timestamp resets the id set. */
export function advance(c: CloudWatchCursor, events: readonly { timestamp: number; eventId: string }[]): CloudWatchCursor {
  let t = c.t;
  let ids = c.ids;
  let copied = false;
  for (const e of events) {
    if (e.timestamp > t) {
      t = e.timestamp;
      ids = [e.eventId];
      copied = true;
    } else if (e.timestamp === t && !ids.includes(e.eventId)) {
      if (!copied) ids = [...ids];
      copied = true;
      ids.push(e.eventId);
    }
  }
  if (ids.length > MAX_IDS) ids = ids.slice(-MAX_IDS);
  return { t, ids };
}
