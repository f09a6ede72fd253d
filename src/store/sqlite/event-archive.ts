// The event archive (table event_archive): raw events kept for investigation, listed by entity and
// time with keyset pages, counted by value for "related" lists, and deleted past retention in
// bounded chunks. Used by SqliteStore; append runs inside the caller's transaction.

import type Database from 'better-sqlite3';
import type { ArchivedEvent, ArchivedEventInput, EventFacetField, EventPage, EventQuery, FacetValue } from '../archived-event.js';
import { clampLimit, decodeToken, encodeToken } from './finding-rows.js';
import { workloadKey } from '../../core/entities.js';

type Db = Database.Database;

/** Query members -> columns (a fixed whitelist: user input never reaches the SQL text). pod is handled apart. */
const FILTERS = {
  actor: 'actor', workload: 'workload', image: 'image', node: 'node', sourceIp: 'source_ip',
} as const satisfies Partial<Record<keyof EventQuery, string>>;

/** Facet fields -> SQL expressions; userAgent lives only in the raw audit event. */
const FACETS: Record<EventFacetField, string> = {
  ...FILTERS,
  pod: 'pod',
  userAgent: `CASE WHEN plane = 'audit' AND json_valid(raw) THEN CAST(json_extract(raw, '$.userAgent') AS TEXT) END`,
};

const COLUMNS = `id, cluster, time, plane, actor, namespace, workload, pod, image, node, source_ip AS sourceIp, summary, truncated, raw`;
const MAX_CACHED = 128;
/** The token's sort name: event pages are always by time. */
const SORT = 'time';

type EventRow = Omit<ArchivedEvent, 'id' | 'truncated'> & { id: number; truncated: number };

/** Rows per INSERT statement: fewer calls into SQLite per batch. */
const CHUNK = 32;
const INSERT = `INSERT OR IGNORE INTO event_archive
  (ekey, cluster, time, plane, actor, namespace, workload, pod, image, node, source_ip, summary, truncated, raw) VALUES `;
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * A 48-bit hash of (cluster, key) (two 32-bit multiplicative hashes, as in cyrb53): with the time
 * and the cluster, the event's identity in the archive. Not cryptographic: a collision needs the same
 * cluster and millisecond as well, and would only drop one event from the archive.
 */
export function eventKey(cluster: string, key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const s = `${cluster}\u0000${key}`;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0) % 0x10000 * 0x100000000 + (h1 >>> 0);
}

function rowValues(e: ArchivedEventInput, out: unknown[]): void {
  out.push(eventKey(e.cluster, e.key), e.cluster, Math.trunc(e.time), e.plane, e.actor, e.namespace, e.workload, e.pod,
    e.image, e.node, e.sourceIp, e.summary, e.truncated ? 1 : 0, e.raw);
}

/** NAMESPACE/NAME -> [NAMESPACE, NAME] (a value without "/" matches no pod). */
function splitPod(pod: string): [string, string] {
  const i = pod.indexOf('/');
  return i < 0 ? ['\u0000', pod] : [pod.slice(0, i), pod.slice(i + 1)];
}

function toEvent(r: EventRow): ArchivedEvent {
  return { ...r, id: String(r.id), truncated: r.truncated === 1 };
}

export class SqliteEventArchive {
  readonly #db: Db;
  readonly #insertOne: Database.Statement;
  readonly #insertChunk: Database.Statement;
  readonly #deleteBefore: Database.Statement;
  readonly #queries = new Map<string, Database.Statement>();

  constructor(db: Db) {
    this.#db = db;
    this.#insertOne = db.prepare(INSERT + ROW);
    this.#insertChunk = db.prepare(INSERT + Array.from({ length: CHUNK }, () => ROW).join(', '));
    this.#deleteBefore = db.prepare(`DELETE FROM event_archive WHERE id IN
      (SELECT id FROM event_archive WHERE time < ? ORDER BY time LIMIT ?)`);
  }

  /** Must run inside the caller's transaction. Returns how many events were new. */
  append(events: readonly ArchivedEventInput[]): number {
    let added = 0;
    let i = 0;
    const values: unknown[] = [];
    for (; i + CHUNK <= events.length; i += CHUNK) {
      values.length = 0;
      for (let j = i; j < i + CHUNK; j++) rowValues(events[j]!, values);
      added += this.#insertChunk.run(values).changes;
    }
    for (; i < events.length; i++) {
      values.length = 0;
      rowValues(events[i]!, values);
      added += this.#insertOne.run(values).changes;
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
    // A pod's events are those of its workload pods/NAMESPACE/NAME (core/entities.ts), which is indexed.
    if (q.pod !== undefined) { where.push('workload = ?'); params.push(workloadKey('pods', ...splitPod(q.pod))); }
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
