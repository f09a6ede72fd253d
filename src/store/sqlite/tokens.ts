// API and ingest tokens (table tokens): only a hash of each secret is kept.

import Database from 'better-sqlite3';
import type { TokenRecord } from '../store.js';
import { conflictOr } from './conflict.js';

const COLUMNS = 'id, kind, cluster, role, created_at AS createdAt, revoked_at AS revokedAt, description';

export class SqliteTokens {
  readonly #add: Database.Statement;
  readonly #revoke: Database.Statement;
  readonly #byHash: Database.Statement;
  readonly #list: Database.Statement;

  constructor(db: Database.Database) {
    this.#add = db.prepare(`INSERT INTO tokens (id, secret_hash, kind, role, cluster, created_at, revoked_at, description)
      VALUES (@id, @secretHash, @kind, @role, @cluster, @createdAt, @revokedAt, @description)`);
    this.#revoke = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.#byHash = db.prepare(`SELECT ${COLUMNS} FROM tokens WHERE secret_hash = ?`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM tokens ORDER BY created_at, id`);
  }

  add(token: TokenRecord, secretHash: string): void {
    try {
      this.#add.run({ ...token, secretHash });
    } catch (err) {
      if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new Error(`token ${token.id}: unknown cluster ${String(token.cluster)}`);
      }
      throw conflictOr(err, `token ${token.id} (or its secret) already exists`);
    }
  }

  byHash(secretHash: string): TokenRecord | null {
    return (this.#byHash.get(secretHash) as TokenRecord | undefined) ?? null;
  }

  list(): TokenRecord[] {
    return this.#list.all() as TokenRecord[];
  }

  revoke(id: string, at: number): boolean {
    return this.#revoke.run(at, id).changes > 0;
  }
}
