// Nodes sending runtime events (table runtime_nodes), for coverage. Used by SqliteStore inside the
// batch transaction.

import type Database from 'better-sqlite3';
import type { NodeSighting, RuntimeNode } from '../store.js';

export class SqliteRuntimeNodes {
  readonly #upsert: Database.Statement;
  readonly #all: Database.Statement;

  constructor(db: Database.Database) {
    this.#upsert = db.prepare(
      `INSERT INTO runtime_nodes (cluster, node, sensor, version, first_seen_at, last_event_at, events)
       VALUES (@cluster, @node, @sensor, @version, @lastEventAt, @lastEventAt, @events)
       ON CONFLICT (cluster, node, sensor) DO UPDATE SET
         version = CASE WHEN excluded.version <> '' THEN excluded.version ELSE runtime_nodes.version END,
         last_event_at = MAX(runtime_nodes.last_event_at, excluded.last_event_at),
         events = runtime_nodes.events + excluded.events`,
    );
    this.#all = db.prepare(
      `SELECT cluster, node, sensor, version, first_seen_at AS firstSeenAt, last_event_at AS lastEventAt, events
       FROM runtime_nodes ORDER BY cluster, node, sensor`,
    );
  }

  /** Must run inside the caller's transaction. */
  record(cluster: string, nodes: readonly NodeSighting[]): void {
    for (const n of nodes) this.#upsert.run({ cluster, ...n });
  }

  all(): RuntimeNode[] {
    return this.#all.all() as RuntimeNode[];
  }
}
