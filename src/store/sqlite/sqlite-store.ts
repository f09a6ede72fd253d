// The embedded Store: one SQLite file (or ':memory:') through better-sqlite3's synchronous API.
// Every write path runs in a single transaction; durability is synchronous = FULL in WAL mode, so a
// batch whose commitBatch promise resolved survives a crash or power loss. Over 400 lines because it
// is the one class implementing the Store interface; row mapping and SQL for findings, finding
// entities and aggregates, the event archive, intel lists, runtime nodes, ingest counts, clusters,
// tokens, filters and access keys live in their own files beside it.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Finding } from '../../core/finding.js';
import type {
  BatchCommit, Cluster, CommitResult, FindingPage, FindingQuery, FindingSort, IngestStats, IntelList, IntelListInfo,
  AuditEntry, ClusterFeatures, FindingFilter, FindingStatistics, RuntimeNode, Store, TokenRecord,
  AccessKeyRecord, DetectorSettings, DailySeverityCounts, FindingDimension, FindingScope,
  ArchivedEventInput, EventFacetField, EventPage, EventQuery, FacetValue,
} from '../store.js';
import {
  clampLimit, decodeToken, encodeToken, findingParams, normaliseTimes, pickTime, rowToFinding, type FindingRow,
} from './finding-rows.js';
import { SqliteAccessKeys } from './access-keys.js';
import { SqliteEventArchive } from './event-archive.js';
import { SqliteFindingAggregates } from './finding-aggregates.js';
import { aboutAny, backfillFindingEntities, SqliteFindingEntities } from './finding-entities.js';
import { SqliteFilters } from './filters.js';
import { SqliteIntelLists } from './intel-lists.js';
import { SqliteRuntimeNodes } from './runtime-nodes.js';
import { SqliteIngestCounts } from './ingest-counts.js';
import { SqliteTokens } from './tokens.js';
import { SqliteClusters } from './clusters.js';
import { conflictOr } from './conflict.js';
import { FINDING_ENTITIES_VERSION, migrations, SCHEMA_VERSION } from './migrations.js';

type Db = Database.Database;
type Stmt = Database.Statement;

/** ingest_counts as selected: IngestStats with the rejected map still JSON. */

/** Sort keys → column (a fixed whitelist: user input never reaches the SQL text). */
const SORTS: Record<FindingSort, { col: string; kind: 'string' | 'number' }> = {
  updatedAt: { col: 'updated_at', kind: 'string' },
  createdAt: { col: 'created_at', kind: 'string' },
  severity: { col: 'severity', kind: 'number' },
  count: { col: 'count', kind: 'number' },
  eventLastSeen: { col: 'last_seen', kind: 'string' },
};
const MAX_CACHED_QUERIES = 256;

export function openSqliteStore(opts: { path: string }): SqliteStore {
  const memory = opts.path === ':memory:';
  if (!memory) {
    fs.mkdirSync(path.dirname(path.resolve(opts.path)), { recursive: true, mode: 0o700 });
    // Create the file ourselves so it is private; SQLite gives -wal/-shm the same permissions.
    fs.closeSync(fs.openSync(opts.path, 'a', 0o600));
  }
  const db = new Database(opts.path);
  try {
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStore(db);
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this build supports (${SCHEMA_VERSION})`);
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(migrations[v]!);
    if (current < FINDING_ENTITIES_VERSION && current > 0) backfillFindingEntities(db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`); // an integer constant, not user input
  }).immediate();
}

// Columns selected under the property names of the interface types, so rows need no mapping.

function prepareStatements(db: Db) {
  const p = (sql: string): Stmt => db.prepare(sql);
  return {
    byFingerprint: p('SELECT * FROM findings WHERE fingerprint = ?'),
    byId: p('SELECT * FROM findings WHERE id = ?'),
    insertFinding: p(`INSERT INTO findings (id, fingerprint, type, severity, cluster, namespace, archived, count,
        created_at, updated_at, first_seen, last_seen, doc)
      VALUES (@id, @fingerprint, @type, @severity, @cluster, @namespace, @archived, @count,
        @created_at, @updated_at, @first_seen, @last_seen, @doc)`),
    updateFinding: p(`UPDATE findings SET type = @type, severity = @severity, cluster = @cluster,
        namespace = @namespace, archived = @archived, count = @count, created_at = @created_at,
        updated_at = @updated_at, first_seen = @first_seen, last_seen = @last_seen, doc = @doc
      WHERE id = @id`),
    setArchived: p(`UPDATE findings SET archived = ?, doc = json_set(doc, '$.service.archived', json(?))
      WHERE id IN (SELECT value FROM json_each(?))`),
    insertSeen: p('INSERT INTO seen_requests (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    loadSeen: p('SELECT key FROM seen_requests WHERE seen_at >= ? ORDER BY seen_at DESC, key DESC LIMIT ?').pluck(),
    pruneSeen: p('DELETE FROM seen_requests WHERE seen_at < ?'),
    upsertState: p(`INSERT INTO component_state (component, key, value, updated_at, seq) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (component, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
        seq = excluded.seq`),
    deleteState: p('DELETE FROM component_state WHERE component = ? AND key = ?'),
    loadState: p('SELECT key, value FROM component_state WHERE component = ? ORDER BY updated_at, seq').raw(),
    maxStateSeq: p('SELECT COALESCE(MAX(seq), 0) FROM component_state').pluck(),
    deleteOld: p(`DELETE FROM findings WHERE updated_at < ?`),
    setFeedback: p(`UPDATE findings SET doc = json_set(doc, '$.service.userFeedback', ?)
      WHERE id IN (SELECT value FROM json_each(?))`),
    recordAudit: p(`INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)`),
    listAudit: p(`SELECT at, actor, action, details FROM audit_log ORDER BY seq DESC LIMIT ?`),
  };
}
type Statements = ReturnType<typeof prepareStatements>;

export class SqliteStore implements Store {
  readonly #db: Db;
  readonly #s: Statements;
  readonly #queries = new Map<string, Stmt>();
  readonly #intel: SqliteIntelLists;
  readonly #nodes: SqliteRuntimeNodes;
  readonly #counts: SqliteIngestCounts;
  readonly #tokens: SqliteTokens;
  readonly #clusters: SqliteClusters;
  readonly #putCursor: Stmt;
  readonly #filters: SqliteFilters;
  readonly #keys: SqliteAccessKeys;
  readonly #archive: SqliteEventArchive;
  readonly #entities: SqliteFindingEntities;
  readonly #aggregates: SqliteFindingAggregates;
  readonly #commit: Database.Transaction<(batch: BatchCommit, now: number) => CommitResult>;
  readonly #appendEvents: Database.Transaction<(events: ArchivedEventInput[]) => number>;
  /** Orders state entries written in the same millisecond; gaps are harmless. */
  #stateSeq: number;

  constructor(db: Db) {
    this.#db = db;
    this.#s = prepareStatements(db);
    this.#intel = new SqliteIntelLists(db);
    this.#nodes = new SqliteRuntimeNodes(db);
    this.#counts = new SqliteIngestCounts(db);
    this.#tokens = new SqliteTokens(db);
    this.#clusters = new SqliteClusters(db);
    this.#putCursor = db.prepare('INSERT INTO source_cursors (source, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
    this.#filters = new SqliteFilters(db);
    this.#keys = new SqliteAccessKeys(db);
    this.#archive = new SqliteEventArchive(db);
    this.#entities = new SqliteFindingEntities(db);
    this.#aggregates = new SqliteFindingAggregates((sql) => this.#query(sql));
    this.#stateSeq = this.#s.maxStateSeq.get() as number;
    this.#commit = db.transaction((batch: BatchCommit, now: number) => this.#commitSync(batch, now));
    this.#appendEvents = db.transaction((events: ArchivedEventInput[]) => this.#archive.append(events));
  }

  async commitBatch(batch: BatchCommit, now: number): Promise<CommitResult> {
    // IMMEDIATE: take the write lock up front, so a concurrent writer waits (busy_timeout) instead of
    // failing the upgrade half-way through.
    return this.#commit.immediate(batch, now);
  }

  #commitSync(batch: BatchCommit, now: number): CommitResult {
    const nowIso = new Date(now).toISOString();
    const touched = new Map<string, 'created' | 'updated'>();
    for (const occ of batch.occurrences) {
      const row = this.#s.byFingerprint.get(occ.fingerprint) as FindingRow | undefined;
      const incoming = normaliseTimes(structuredClone(occ.finding));
      if (occ.suppressed) incoming.service.archived = true;
      if (row === undefined) {
        this.#s.insertFinding.run(findingParams(occ.fingerprint, incoming));
        this.#entities.add(incoming);
        touched.set(incoming.id, 'created');
        continue;
      }
      const existing = rowToFinding(row);
      const newestTime = Date.parse(existing.service.eventLastSeen);
      let doc: Finding = existing;
      if (!(occ.time < newestTime)) {
        // The newest occurrence so far: its activity details replace the stored ones.
        doc = incoming;
        doc.id = existing.id;
        doc.arn = existing.arn;
        doc.createdAt = existing.createdAt;
        if (existing.service.userFeedback !== undefined) doc.service.userFeedback = existing.service.userFeedback;
        else delete doc.service.userFeedback;
      }
      doc.service.count = existing.service.count + 1;
      doc.service.eventFirstSeen = pickTime(existing.service.eventFirstSeen, incoming.service.eventFirstSeen, 'min');
      doc.service.eventLastSeen = pickTime(existing.service.eventLastSeen, incoming.service.eventLastSeen, 'max');
      // A recurrence brings a manually archived finding back to current; a suppressed one stays archived.
      doc.service.archived = occ.suppressed === true;
      doc.updatedAt = nowIso;
      this.#s.updateFinding.run(findingParams(row.fingerprint, doc));
      if (doc !== existing) this.#entities.replace(existing, doc);
      if (!touched.has(doc.id)) touched.set(doc.id, 'updated');
    }

    for (const key of batch.seenKeys) this.#s.insertSeen.run(key, now);

    for (const c of batch.stateChanges) {
      if (c.value === null) this.#s.deleteState.run(c.component, c.key);
      else this.#s.upsertState.run(c.component, c.key, c.value, now, ++this.#stateSeq);
    }

    if (batch.cursor) this.#putCursor.run(batch.cursor.source, batch.cursor.value, now);
    this.#counts.record(batch.cluster, batch.counts, now);

    if (batch.nodes?.length) this.#nodes.record(batch.cluster, batch.nodes);
    if (batch.events?.length) this.#archive.append(batch.events);

    const result: CommitResult = { created: [], updated: [] };
    for (const [id, kind] of touched) result[kind].push(rowToFinding(this.#s.byId.get(id) as FindingRow));
    return result;
  }

  async getFinding(id: string): Promise<Finding | null> {
    const row = this.#s.byId.get(id) as FindingRow | undefined;
    return row === undefined ? null : rowToFinding(row);
  }

  async listFindings(q: FindingQuery): Promise<FindingPage> {
    const sortName = q.sort ?? 'updatedAt';
    if (!Object.hasOwn(SORTS, sortName)) throw new Error(`invalid sort: ${String(sortName)}`);
    const sort = SORTS[sortName];
    const order = q.order ?? 'desc';
    if (order !== 'asc' && order !== 'desc') throw new Error(`invalid order: ${String(order)}`);
    const limit = clampLimit(q.limit);

    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (col: string, values: string[] | undefined): void => {
      if (values === undefined || values.length === 0) return; // empty list = no filter
      where.push(`${col} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(values));
    };
    inList('type', q.types);
    inList('cluster', q.clusters);
    inList('namespace', q.namespaces);
    if (q.minSeverity !== undefined) { where.push('severity >= ?'); params.push(q.minSeverity); }
    if (q.maxSeverity !== undefined) { where.push('severity <= ?'); params.push(q.maxSeverity); }
    if (q.archived !== undefined) { where.push('archived = ?'); params.push(q.archived ? 1 : 0); }
    if (q.entities !== undefined) {
      const about = aboutAny('id', q.entities);
      where.push(about.sql);
      params.push(about.param);
    }
    if (q.seenFrom !== undefined) { where.push('last_seen >= ?'); params.push(q.seenFrom); }
    if (q.seenTo !== undefined) { where.push('first_seen <= ?'); params.push(q.seenTo); }
    if (q.nextToken != null) {
      const after = decodeToken(q.nextToken, sortName, order, sort.kind);
      where.push(`(${sort.col}, id) ${order === 'desc' ? '<' : '>'} (?, ?)`);
      params.push(after.v, after.id);
    }
    const dir = order === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT * FROM findings${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${sort.col} ${dir}, id ${dir} LIMIT ?`;
    params.push(limit + 1);

    const rows = this.#query(sql).all(...params) as FindingRow[];
    let nextToken: string | null = null;
    if (rows.length > limit) {
      rows.length = limit;
      const last = rows[limit - 1]!;
      nextToken = encodeToken({ s: sortName, o: order, v: last[sort.col as keyof FindingRow], id: last.id });
    }
    return { findings: rows.map(rowToFinding), nextToken };
  }

  /** Statements for listFindings, prepared once per distinct SQL shape (bounded by the filter combinations). */
  #query(sql: string): Stmt {
    let stmt = this.#queries.get(sql);
    if (stmt === undefined) {
      if (this.#queries.size >= MAX_CACHED_QUERIES) this.#queries.clear();
      this.#queries.set(sql, (stmt = this.#db.prepare(sql)));
    }
    return stmt;
  }

  /**
   * Archives or un-archives findings (GuardDuty ArchiveFindings / UnarchiveFindings). Not part of
   * the Store interface yet; returns how many findings matched.
   */
  async setArchived(ids: string[], archived: boolean): Promise<number> {
    return this.#s.setArchived.run(archived ? 1 : 0, archived ? 'true' : 'false', JSON.stringify(ids)).changes;
  }

  async loadState(component: string): Promise<[string, string][]> {
    return this.#s.loadState.all(component) as [string, string][];
  }

  async loadSeenKeys(since: number, limit: number): Promise<string[]> {
    return this.#s.loadSeen.all(since, Math.max(0, Math.trunc(limit))) as string[];
  }

  async pruneSeen(before: number): Promise<number> {
    return this.#s.pruneSeen.run(before).changes;
  }

  async addCluster(cluster: Cluster): Promise<void> {
    this.#clusters.add(cluster);
  }

  async getClusterFeatures(name: string): Promise<ClusterFeatures> {
    return this.#clusters.features(name);
  }

  async setClusterFeatures(name: string, f: ClusterFeatures, now: number): Promise<void> {
    this.#clusters.setFeatures(name, f, now);
  }

  async getCluster(name: string): Promise<Cluster | null> {
    return this.#clusters.get(name);
  }

  async listClusters(): Promise<Cluster[]> {
    return this.#clusters.list();
  }

  async deleteCluster(name: string): Promise<boolean> {
    return this.#clusters.delete(name);
  }

  async getDetectorSettings(cluster: string): Promise<DetectorSettings | null> {
    return this.#keys.getSettings(cluster);
  }

  async putDetectorSettings(cluster: string, settings: DetectorSettings): Promise<void> {
    this.#keys.putSettings(cluster, settings);
  }

  async addAccessKey(key: AccessKeyRecord, sealedSecret: string): Promise<void> {
    try {
      this.#keys.add(key, sealedSecret);
    } catch (err) {
      throw conflictOr(err, `access key ${key.accessKeyId} already exists`);
    }
  }

  async getAccessKey(accessKeyId: string): Promise<{ key: AccessKeyRecord; sealedSecret: string } | null> {
    return this.#keys.get(accessKeyId);
  }

  async listAccessKeys(): Promise<AccessKeyRecord[]> {
    return this.#keys.list();
  }

  async revokeAccessKey(accessKeyId: string, at: number): Promise<boolean> {
    return this.#keys.revoke(accessKeyId, at);
  }

  async addToken(token: TokenRecord, secretHash: string): Promise<void> {
    this.#tokens.add(token, secretHash);
  }

  async findTokenByHash(secretHash: string): Promise<TokenRecord | null> {
    return this.#tokens.byHash(secretHash);
  }

  async listTokens(): Promise<TokenRecord[]> {
    return this.#tokens.list();
  }

  async revokeToken(id: string, at: number): Promise<boolean> {
    return this.#tokens.revoke(id, at);
  }

  async deleteFindingsUpdatedBefore(beforeIso: string): Promise<number> {
    return this.#s.deleteOld.run(beforeIso).changes;
  }

  async findingStatistics(q: { archived?: boolean; clusters?: string[] }): Promise<FindingStatistics> {
    return this.#aggregates.statistics(q);
  }

  async findingDailySeverity(scope: FindingScope, fromIso: string): Promise<DailySeverityCounts[]> {
    return this.#aggregates.dailySeverity(scope, fromIso);
  }

  async topFindingValues(scope: FindingScope, by: FindingDimension, limit: number): Promise<{ key: string; count: number }[]> {
    return this.#aggregates.top(scope, by, limit);
  }

  async appendEvents(events: ArchivedEventInput[]): Promise<number> {
    return this.#appendEvents.immediate(events);
  }

  async listEvents(query: EventQuery): Promise<EventPage> {
    return this.#archive.list(query);
  }

  async eventFacets(query: Omit<EventQuery, 'order' | 'limit' | 'nextToken'>, field: EventFacetField, opts: { sample: number; limit: number }): Promise<FacetValue[]> {
    return this.#archive.facets(query, field, opts);
  }

  async deleteEventsBefore(before: number, maxRows: number): Promise<number> {
    return this.#archive.deleteBefore(before, maxRows);
  }

  async setFeedback(ids: string[], feedback: 'USEFUL' | 'NOT_USEFUL'): Promise<number> {
    return this.#s.setFeedback.run(feedback, JSON.stringify(ids)).changes;
  }

  async putFilter(filter: FindingFilter): Promise<void> {
    this.#filters.put(filter);
  }

  async getFilter(name: string): Promise<FindingFilter | null> {
    return this.#filters.get(name);
  }

  async listFilters(): Promise<FindingFilter[]> {
    return this.#filters.list();
  }

  async deleteFilter(name: string): Promise<boolean> {
    return this.#filters.delete(name);
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    this.#s.recordAudit.run(entry.at, entry.actor, entry.action, JSON.stringify(entry.details));
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    return (this.#s.listAudit.all(Math.max(1, Math.min(10_000, Math.trunc(limit)))) as { at: number; actor: string; action: string; details: string }[])
      .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  }

  async ingestStats(): Promise<IngestStats[]> {
    return this.#counts.all();
  }

  async runtimeNodes(): Promise<RuntimeNode[]> {
    return this.#nodes.all();
  }

  async getCursor(source: string): Promise<string | null> {
    const row = this.#query('SELECT value FROM source_cursors WHERE source = ?').get(source) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async setCursor(source: string, value: string, now: number): Promise<void> {
    this.#putCursor.run(source, value, now);
  }

  async putIntelList(list: IntelList): Promise<void> {
    this.#intel.put(list);
  }

  async getIntelList(name: string): Promise<IntelList | null> {
    return this.#intel.get(name);
  }

  async listIntelLists(): Promise<IntelListInfo[]> {
    return this.#intel.list();
  }

  async deleteIntelList(name: string): Promise<boolean> {
    return this.#intel.delete(name);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
