// SQLite unique-key violations as the Store's ConflictError; other errors pass through.

import Database from 'better-sqlite3';
import { ConflictError } from '../store.js';

export function conflictOr(err: unknown, message: string): unknown {
  if (err instanceof Database.SqliteError
    && (err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err.code === 'SQLITE_CONSTRAINT_UNIQUE')) {
    return new ConflictError(message);
  }
  return err;
}
