// Threat-intelligence lists in SQLite (table intel_lists), used by SqliteStore.

import type Database from 'better-sqlite3';
import type { IntelList, IntelListInfo } from '../store.js';

const COLUMNS = `name, kind, format, source, entries, rejected, created_at AS createdAt, updated_at AS updatedAt`;

export class SqliteIntelLists {
  readonly #put: Database.Statement;
  readonly #get: Database.Statement;
  readonly #list: Database.Statement;
  readonly #delete: Database.Statement;

  constructor(db: Database.Database) {
    this.#put = db.prepare(
      `INSERT INTO intel_lists (name, kind, format, source, entries, rejected, created_at, updated_at, content)
       VALUES (@name, @kind, @format, @source, @entries, @rejected, @createdAt, @updatedAt, @content)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, format = excluded.format, source = excluded.source,
         entries = excluded.entries, rejected = excluded.rejected, updated_at = excluded.updated_at, content = excluded.content`,
    );
    this.#get = db.prepare(`SELECT ${COLUMNS}, content FROM intel_lists WHERE name = ?`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM intel_lists ORDER BY name`);
    this.#delete = db.prepare(`DELETE FROM intel_lists WHERE name = ?`);
  }

  put(list: IntelList): void {
    this.#put.run({ ...list });
  }

  get(name: string): IntelList | null {
    return (this.#get.get(name) as IntelList | undefined) ?? null;
  }

  list(): IntelListInfo[] {
    return this.#list.all() as IntelListInfo[];
  }

  delete(name: string): boolean {
    return this.#delete.run(name).changes > 0;
  }
}
