// Saved filters and suppression rules (table filters), used by SqliteStore.

import type Database from 'better-sqlite3';
import type { FindingFilter } from '../store.js';

const COLUMNS = `name, cluster, description, action, rank, criteria, reason, expires_at AS expiresAt, created_at AS createdAt, updated_at AS updatedAt`;

type Row = Omit<FindingFilter, 'criteria'> & { criteria: string };

function fromRow(r: Row): FindingFilter {
  return { ...r, criteria: JSON.parse(r.criteria) as unknown };
}

export class SqliteFilters {
  readonly #put: Database.Statement;
  readonly #get: Database.Statement;
  readonly #list: Database.Statement;
  readonly #delete: Database.Statement;

  constructor(db: Database.Database) {
    this.#put = db.prepare(
      `INSERT INTO filters (name, cluster, description, action, rank, criteria, reason, expires_at, created_at, updated_at)
       VALUES (@name, @cluster, @description, @action, @rank, @criteria, @reason, @expiresAt, @createdAt, @updatedAt)
       ON CONFLICT (name) DO UPDATE SET cluster = excluded.cluster, description = excluded.description, action = excluded.action,
         rank = excluded.rank, criteria = excluded.criteria, reason = excluded.reason, expires_at = excluded.expires_at,
         updated_at = excluded.updated_at`,
    );
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM filters WHERE name = ?`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM filters ORDER BY rank, name`);
    this.#delete = db.prepare(`DELETE FROM filters WHERE name = ?`);
  }

  put(f: FindingFilter): void {
    this.#put.run({ ...f, criteria: JSON.stringify(f.criteria) });
  }

  get(name: string): FindingFilter | null {
    const r = this.#get.get(name) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  list(): FindingFilter[] {
    return (this.#list.all() as Row[]).map(fromRow);
  }

  delete(name: string): boolean {
    return this.#delete.run(name).changes > 0;
  }
}
