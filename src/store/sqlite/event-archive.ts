// The event archive (table event_archive): raw events kept for investigation, listed by entity and
// time with keyset pages, counted by value for "related" lists, and deleted past retention in
// bounded chunks. Used by SqliteStore; append runs inside the caller's transaction.

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ArchivedEvent, ArchivedEventInput, EventFacetField, EventPage, EventQuery, FacetValue } from '../archived-event.js';
import { clampLimit, decodeToken, encodeToken } from './finding-rows.js';

type Db = Database.Database;

/** Query members -> columns (a fixed whitelist: user input never reaches the SQL text). */
const FILTERS = {
  actor: 'actor', workload: 'workload', pod: 'pod', image: 'image', node: 'node', sourceIp: 'source_ip',
} as const satisfies Partial<Record<keyof EventQuery, string>>;

/** Facet fields -> SQL expressions; userAgent lives only in the raw audit event. */
const FACETS: Record<EventFacetField, string> = {
  ...FILTERS,
  userAgent: `CASE WHEN plane = 'audit' AND json_valid(raw) THEN CAST(json_extract(raw, '$.userAgent') AS TEXT) END`,
};

const COLUMNS = `id, cluster, time, plane, actor, namespace, workload, pod, image, node, source_ip AS sourceIp, summary, truncated, raw`;
const MAX_CACHED = 128;
/** The token's sort name: event pages are always by time. */
const SORT = 'time';

type EventRow = Omit<ArchivedEvent, 'id' | 'truncated'> & { id: number; truncated: number };

/** 48 bits of SHA-256 of (cluster, key): with the time, the event's identity in the archive. */
function eventKey(cluster: string, key: string): number {
  return createHash('sha256').update(cluster).update('\u0000').update(key).digest().readUIntBE(0, 6);
}

function toEvent(r: EventRow): ArchivedEvent {
  return { ...r, id: String(r.id), truncated: r.truncated === 1 };
}

export class SqliteEventArchive {
  readonly #db: Db;
  readonly #insert: Database.Statement;
  readonly #deleteBefore: Database.Statement;
  readonly #queries = new Map<string, Database.Statement>();

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(`INSERT OR IGNORE INTO event_archive
      (ekey, cluster, time, plane, actor, namespace, workload, pod, image, node, source_ip, summary, truncated, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#deleteBefore = db.prepare(`DELETE FROM event_archive WHERE id IN
      (SELECT id FROM event_archive WHERE time < ? ORDER BY time LIMIT ?)`);
  }

  /** Must run inside the caller's transaction. Returns how many events were new. */
  append(events: readonly ArchivedEventInput[]): number {
    let added = 0;
    for (const e of events) {
      added += this.#insert.run(
        eventKey(e.cluster, e.key), e.cluster, Math.trunc(e.time), e.plane, e.actor, e.namespace, e.workload, e.pod,
        e.image, e.node, e.sourceIp, e.summary, e.truncated ? 1 : 0, e.raw,
      ).changes;
    }
    return added;
  }

  list(q: EventQuery): EventPage {
    const order = q.order ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw new Error(`invalid order: ${String(order)}`);
    const limit = clampLimit(q.limit);
    const { where, params } = this.#where(q);
    if (q.nextToken != null) {
      const after = decodeToken(q.nextToken, SORT, order, 'number');
      const id = Number(after.id);
      if (!Number.isSafeInteger(id)) throw new Error('invalid nextToken: malformed');
      where.push(`(time, id) ${order === 'desc' ? '<' : '>'} (?, ?)`);
      params.push(after.v, id);
    }
    const dir = order === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT ${COLUMNS} FROM event_archive${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY time ${dir}, id ${dir} LIMIT ?`;
    const rows = this.#query(sql).all(...params, limit + 1) as EventRow[];
    let nextToken: string | null = null;
    if (rows.length > limit) {
      rows.length = limit;
      const last = rows[limit - 1]!;
      nextToken = encodeToken({ s: SORT, o: order, v: last.time, id: String(last.id) });
    }
    return { events: rows.map(toEvent), nextToken };
  }

  facets(q: Omit<EventQuery, 'order' | 'limit' | 'nextToken'>, field: EventFacetField, opts: { sample: number; limit: number }): FacetValue[] {
    if (!Object.hasOwn(FACETS, field)) throw new Error(`invalid facet field: ${String(field)}`);
    const { where, params } = this.#where(q);
    const sql = `SELECT v AS value, COUNT(*) AS count, MAX(time) AS lastSeen FROM
      (SELECT ${FACETS[field]} AS v, time FROM event_archive${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY time DESC, id DESC LIMIT ?)
      WHERE v IS NOT NULL GROUP BY v ORDER BY count DESC, value LIMIT ?`;
    const bound = (n: number) => Math.max(1, Math.min(100_000, Math.trunc(n) || 1));
    return this.#query(sql).all(...params, bound(opts.sample), bound(opts.limit)) as FacetValue[];
  }

  deleteBefore(before: number, maxRows: number): number {
    return this.#deleteBefore.run(before, Math.max(1, Math.trunc(maxRows))).changes;
  }

  #where(q: Omit<EventQuery, 'order' | 'limit' | 'nextToken'>): { where: string[]; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.clusters?.length === 1) {
      where.push('cluster = ?');
      params.push(q.clusters[0]);
    } else if (q.clusters?.length) {
      where.push('cluster IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(q.clusters));
    }
    for (const [member, col] of Object.entries(FILTERS)) {
      const v = q[member as keyof typeof FILTERS];
      if (v === undefined) continue;
      where.push(`${col} = ?`);
      params.push(v);
    }
    if (q.from !== undefined) { where.push('time >= ?'); params.push(q.from); }
    if (q.to !== undefined) { where.push('time <= ?'); params.push(q.to); }
    return { where, params };
  }

  /** Statements prepared once per distinct SQL shape (bounded by the filter combinations). */
  #query(sql: string): Database.Statement {
    let stmt = this.#queries.get(sql);
    if (stmt === undefined) {
      if (this.#queries.size >= MAX_CACHED) this.#queries.clear();
      this.#queries.set(sql, (stmt = this.#db.prepare(sql)));
    }
    return stmt;
  }
}
