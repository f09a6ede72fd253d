// Registered clusters (table clusters), their feature switches (cluster_features), and deleting a
// cluster with everything that belongs to it.

import type Database from 'better-sqlite3';
import type { Cluster, ClusterFeatures } from '../store.js';
import { conflictOr } from './conflict.js';

const COLUMNS = 'name, detector_id AS detectorId, created_at AS createdAt, platform, arn';

/** Rows that belong to a cluster, deleted with it. */
const OWNED = ['findings', 'cluster_features', 'detector_settings', 'filters', 'tokens', 'ingest_counts', 'runtime_nodes', 'event_archive'];

export class SqliteClusters {
  readonly #add: Database.Statement;
  readonly #get: Database.Statement;
  readonly #list: Database.Statement;
  readonly #getFeatures: Database.Statement;
  readonly #setFeatures: Database.Statement;
  readonly #delete: Database.Transaction<(name: string) => boolean>;

  constructor(db: Database.Database) {
    this.#add = db.prepare(`INSERT INTO clusters (name, detector_id, created_at, platform, arn)
      VALUES (@name, @detectorId, @createdAt, @platform, @arn)`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM clusters WHERE name = ?`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM clusters ORDER BY name`);
    this.#getFeatures = db.prepare('SELECT audit_logs AS auditLogs, runtime_monitoring AS runtimeMonitoring FROM cluster_features WHERE cluster = ?');
    this.#setFeatures = db.prepare(`INSERT INTO cluster_features (cluster, audit_logs, runtime_monitoring, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (cluster) DO UPDATE SET audit_logs = excluded.audit_logs, runtime_monitoring = excluded.runtime_monitoring, updated_at = excluded.updated_at`);
    const owned = OWNED.map((table) => db.prepare(`DELETE FROM ${table} WHERE cluster = ?`));
    const cluster = db.prepare('DELETE FROM clusters WHERE name = ?');
    this.#delete = db.transaction((name: string) => {
      for (const st of owned) st.run(name);
      return cluster.run(name).changes > 0;
    });
  }

  add(c: Cluster): void {
    try {
      this.#add.run({ ...c });
    } catch (err) {
      throw conflictOr(err, `cluster ${c.name} (or its detector id) already exists`);
    }
  }

  get(name: string): Cluster | null {
    return (this.#get.get(name) as Cluster | undefined) ?? null;
  }

  list(): Cluster[] {
    return this.#list.all() as Cluster[];
  }

  /** Both features are on until switched off. */
  features(name: string): ClusterFeatures {
    const r = this.#getFeatures.get(name) as { auditLogs: number; runtimeMonitoring: number } | undefined;
    return r ? { auditLogs: r.auditLogs === 1, runtimeMonitoring: r.runtimeMonitoring === 1 } : { auditLogs: true, runtimeMonitoring: true };
  }

  setFeatures(name: string, f: ClusterFeatures, now: number): void {
    this.#setFeatures.run(name, f.auditLogs ? 1 : 0, f.runtimeMonitoring ? 1 : 0, now);
  }

  delete(name: string): boolean {
    return this.#delete.immediate(name);
  }
}
