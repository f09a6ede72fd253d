// Findings indexed by entity (table finding_entities): the actor, workload, pod, images, node and
// IP addresses of each finding's current document, as core/entities.ts reads them. Written by
// SqliteStore inside the batch transaction whenever a finding's document is replaced; rows of a
// deleted finding go with it (trigger findings_delete_entities).

import type Database from 'better-sqlite3';
import { entityRefs, findingEntities } from '../../core/entities.js';
import type { Finding } from '../../core/finding.js';

type Db = Database.Database;

/** Entity values longer than this are not indexed (nobody types them; they only bloat the index). */
const MAX_VALUE = 512;

function refsOf(f: Finding): { kind: string; value: string }[] {
  return entityRefs(findingEntities(f)).filter((r) => r.value.length <= MAX_VALUE);
}

export class SqliteFindingEntities {
  readonly #insert: Database.Statement;
  readonly #clear: Database.Statement;

  constructor(db: Db) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO finding_entities (kind, value, finding_id) VALUES (?, ?, ?)');
    this.#clear = db.prepare('DELETE FROM finding_entities WHERE finding_id = ?');
  }

  /** Indexes a new finding. Must run inside the caller's transaction. */
  add(f: Finding): void {
    for (const r of refsOf(f)) this.#insert.run(r.kind, r.value, f.id);
  }

  /** Re-indexes a finding whose document changed from `before` to `after`; a no-op when its entities did not. */
  replace(before: Finding, after: Finding): void {
    const old = refsOf(before);
    const now = refsOf(after);
    if (old.length === now.length && old.every((r, i) => r.kind === now[i]!.kind && r.value === now[i]!.value)) return;
    this.#clear.run(after.id);
    for (const r of now) this.#insert.run(r.kind, r.value, after.id);
  }
}

/** Indexes every stored finding (run once, by the migration that created the table). */
export function backfillFindingEntities(db: Db): void {
  const index = new SqliteFindingEntities(db);
  const page = db.prepare('SELECT rowid AS r, doc FROM findings WHERE rowid > ? ORDER BY rowid LIMIT 500');
  let after = 0;
  for (;;) {
    const rows = page.all(after) as { r: number; doc: string }[];
    if (rows.length === 0) return;
    for (const row of rows) index.add(JSON.parse(row.doc) as Finding);
    after = rows[rows.length - 1]!.r;
  }
}

/** SQL condition "the finding (column `idCol`) is about any of these entities", with its parameter. */
export function aboutAny(idCol: string, refs: { kind: string; value: string }[]): { sql: string; param: string } {
  return {
    sql: `${idCol} IN (SELECT fe.finding_id FROM json_each(?) j JOIN finding_entities fe
      ON fe.kind = json_extract(j.value, '$.kind') AND fe.value = json_extract(j.value, '$.value'))`,
    param: JSON.stringify(refs.map((r) => ({ kind: r.kind, value: r.value }))),
  };
}
