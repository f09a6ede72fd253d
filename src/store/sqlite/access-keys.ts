// SigV4 access keys (table access_keys) and GuardDuty detector settings (table detector_settings),
// used by SqliteStore. Secrets arrive sealed; this file never sees them in clear.

import type Database from 'better-sqlite3';
import type { AccessKeyRecord, DetectorSettings } from '../store.js';

const COLUMNS = 'access_key_id AS accessKeyId, role, created_at AS createdAt, revoked_at AS revokedAt, description';

export class SqliteAccessKeys {
  readonly #add: Database.Statement;
  readonly #get: Database.Statement;
  readonly #list: Database.Statement;
  readonly #revoke: Database.Statement;
  readonly #getSettings: Database.Statement;
  readonly #putSettings: Database.Statement;

  constructor(db: Database.Database) {
    this.#add = db.prepare(`INSERT INTO access_keys (access_key_id, sealed_secret, role, created_at, revoked_at, description)
      VALUES (@accessKeyId, @sealedSecret, @role, @createdAt, @revokedAt, @description)`);
    this.#get = db.prepare(`SELECT ${COLUMNS}, sealed_secret AS sealedSecret FROM access_keys WHERE access_key_id = ?`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM access_keys ORDER BY created_at, access_key_id`);
    this.#revoke = db.prepare('UPDATE access_keys SET revoked_at = ? WHERE access_key_id = ? AND revoked_at IS NULL');
    this.#getSettings = db.prepare('SELECT settings FROM detector_settings WHERE cluster = ?').pluck();
    this.#putSettings = db.prepare(`INSERT INTO detector_settings (cluster, settings, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (cluster) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`);
  }

  add(key: AccessKeyRecord, sealedSecret: string): void {
    this.#add.run({ ...key, sealedSecret });
  }

  get(accessKeyId: string): { key: AccessKeyRecord; sealedSecret: string } | null {
    const r = this.#get.get(accessKeyId) as (AccessKeyRecord & { sealedSecret: string }) | undefined;
    if (!r) return null;
    const { sealedSecret, ...key } = r;
    return { key, sealedSecret };
  }

  list(): AccessKeyRecord[] {
    return this.#list.all() as AccessKeyRecord[];
  }

  revoke(accessKeyId: string, at: number): boolean {
    return this.#revoke.run(at, accessKeyId).changes > 0;
  }

  getSettings(cluster: string): DetectorSettings | null {
    const s = this.#getSettings.get(cluster) as string | undefined;
    return s === undefined ? null : (JSON.parse(s) as DetectorSettings);
  }

  putSettings(cluster: string, settings: DetectorSettings): void {
    this.#putSettings.run(cluster, JSON.stringify(settings), settings.updatedAt);
  }
}
