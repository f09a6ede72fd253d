// Ingest counters per (cluster, source) (table ingest_counts): events accepted, skipped, duplicated
// and rejected by reason, the newest event, the last delivery and its lag. Used by SqliteStore
// inside the batch transaction.

import type Database from 'better-sqlite3';
import type { IngestCounts, IngestStats } from '../store.js';

type CountsRow = Omit<IngestStats, 'rejected'> & { rejected: string };

const COLUMNS = 'cluster, source, accepted, skipped, duplicates, rejected, last_event_at AS lastEventAt, last_received_at AS lastReceivedAt, lag_ms AS lagMs';

export class SqliteIngestCounts {
  readonly #get: Database.Statement;
  readonly #put: Database.Statement;
  readonly #all: Database.Statement;

  constructor(db: Database.Database) {
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM ingest_counts WHERE cluster = ? AND source = ?`);
    this.#put = db.prepare(`INSERT INTO ingest_counts (cluster, source, accepted, skipped, duplicates, rejected, last_event_at, last_received_at, lag_ms)
      VALUES (@cluster, @source, @accepted, @skipped, @duplicates, @rejected, @lastEventAt, @lastReceivedAt, @lagMs)
      ON CONFLICT (cluster, source) DO UPDATE SET accepted = excluded.accepted, skipped = excluded.skipped,
        duplicates = excluded.duplicates, rejected = excluded.rejected, last_event_at = excluded.last_event_at,
        last_received_at = excluded.last_received_at, lag_ms = excluded.lag_ms`);
    this.#all = db.prepare(`SELECT ${COLUMNS} FROM ingest_counts ORDER BY cluster, source`);
  }

  /** Adds one batch's counts, committed at `now`. Must run inside the caller's transaction. */
  record(cluster: string, k: IngestCounts, now: number): void {
    const prev = this.#get.get(cluster, k.source) as CountsRow | undefined;
    const rejected = prev ? (JSON.parse(prev.rejected) as Record<string, number>) : {};
    for (const [reason, n] of Object.entries(k.rejected)) rejected[reason] = (rejected[reason] ?? 0) + n;
    const prevLast = prev?.lastEventAt ?? null;
    this.#put.run({
      cluster, source: k.source, rejected: JSON.stringify(rejected),
      accepted: (prev?.accepted ?? 0) + k.accepted,
      skipped: (prev?.skipped ?? 0) + k.skipped,
      duplicates: (prev?.duplicates ?? 0) + k.duplicates,
      lastEventAt: prevLast === null ? k.lastEventAt : k.lastEventAt === null ? prevLast : Math.max(prevLast, k.lastEventAt),
      lastReceivedAt: now,
      lagMs: k.lastEventAt === null ? (prev?.lagMs ?? null) : Math.max(0, now - k.lastEventAt),
    });
  }

  all(): IngestStats[] {
    return (this.#all.all() as CountsRow[]).map((r) => ({ ...r, rejected: JSON.parse(r.rejected) as Record<string, number> }));
  }
}
