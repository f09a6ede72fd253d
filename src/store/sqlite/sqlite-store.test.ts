import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runArchiveConformance } from '../archive.conformance.js';
import { runCursorConformance } from '../cursor.conformance.js';
import { runFindingIndexConformance } from '../finding-index.conformance.js';
import { buildTestFinding, runStoreConformance } from '../store.conformance.js';
import type { ConformanceHooks } from '../store.conformance.js';
import type { BatchCommit, Store } from '../store.js';
import { findingParams } from './finding-rows.js';
import { FINDING_ENTITIES_VERSION, SCHEMA_VERSION, migrations } from './migrations.js';
import { openSqliteStore, SqliteStore } from './sqlite-store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-sqlite-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;
const freshPath = (): string => path.join(tmp, `store-${++fileNo}`, 'vigil.db');

const hooks: ConformanceHooks = {
  setArchived: async (store: Store, id: string, archived: boolean) => {
    assert.ok(store instanceof SqliteStore);
    assert.equal(await store.setArchived([id], archived), 1);
  },
};

runStoreConformance('SqliteStore (:memory:)', async () => openSqliteStore({ path: ':memory:' }), hooks);
runStoreConformance('SqliteStore (file)', async () => openSqliteStore({ path: freshPath() }), hooks);
runArchiveConformance('SqliteStore (:memory:)', async () => openSqliteStore({ path: ':memory:' }));
runArchiveConformance('SqliteStore (file)', async () => openSqliteStore({ path: freshPath() }));
runFindingIndexConformance('SqliteStore (:memory:)', async () => openSqliteStore({ path: ':memory:' }));
{
  let cursorFile = '';
  runCursorConformance(
    'SqliteStore (file)',
    async () => openSqliteStore({ path: (cursorFile = freshPath()) }),
    async (s) => {
      await s.close();
      return openSqliteStore({ path: cursorFile });
    },
  );
}

const N0 = Date.UTC(2024, 2, 1, 13, 0, 0);

function batch(b: Partial<BatchCommit> = {}): BatchCommit {
  return {
    cluster: 'prod', occurrences: [], seenKeys: [], stateChanges: [],
    counts: { source: 'k8s-audit-webhook', accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null },
    ...b,
  };
}

describe('SqliteStore specifics', () => {
  test('data survives close and reopen; directory and file are private', async () => {
    const file = freshPath();
    const finding = buildTestFinding({ id: 'f'.repeat(32) });
    let store = openSqliteStore({ path: file });
    await store.addCluster({ name: 'prod', detectorId: 'd'.repeat(32), createdAt: 1, platform: 'eks', arn: null });
    await store.addToken({ id: 't1', kind: 'ingest', cluster: 'prod', role: null, createdAt: 2, revokedAt: null, description: '' }, 'h'.repeat(64));
    await store.commitBatch(batch({
      occurrences: [{ fingerprint: 'fp', finding, time: Date.parse(finding.service.eventLastSeen) }],
      seenKeys: ['prod/1'],
      stateChanges: [{ component: 'c', key: 'k', value: 'v' }],
      counts: { source: 'k8s-audit-webhook', accepted: 1, skipped: 0, duplicates: 0, rejected: { x: 1 }, lastEventAt: 5 },
    }), N0);
    await store.close();
    await store.close();
    await assert.rejects(store.getFinding(finding.id), 'a closed store refuses work');

    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    }

    store = openSqliteStore({ path: file });
    try {
      assert.deepEqual(await store.getFinding(finding.id), finding);
      assert.equal((await store.listClusters()).length, 1);
      assert.equal((await store.findTokenByHash('h'.repeat(64)))?.id, 't1');
      assert.deepEqual(await store.loadSeenKeys(0, 10), ['prod/1']);
      assert.deepEqual(await store.loadState('c'), [['k', 'v']]);
      assert.equal((await store.ingestStats())[0]?.accepted, 1);
      // State written after a reopen still sorts after older entries written in the same millisecond.
      await store.commitBatch(batch({ stateChanges: [{ component: 'c', key: 'a', value: 'w' }] }), N0);
      assert.deepEqual(await store.loadState('c'), [['k', 'v'], ['a', 'w']]);
    } finally {
      await store.close();
    }
  });

  test('schema version and journal mode are set; reopening does not re-migrate', async () => {
    const file = freshPath();
    await openSqliteStore({ path: file }).close();
    await openSqliteStore({ path: file }).close();
    const db = new Database(file, { readonly: true });
    try {
      assert.ok(SCHEMA_VERSION >= 1);
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
      assert.deepEqual(tables, ['access_keys', 'audit_log', 'cluster_features', 'clusters', 'component_state', 'detector_settings', 'event_archive', 'filters', 'finding_entities', 'findings', 'ingest_counts', 'intel_lists', 'runtime_nodes', 'seen_requests', 'source_cursors', 'sqlite_sequence', 'tokens']);
    } finally {
      db.close();
    }
  });

  test('a database from a newer version is refused', () => {
    const file = freshPath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(() => openSqliteStore({ path: file }), /newer/);
  });

  test('a commit that fails late leaves nothing half-written', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const ok = buildTestFinding({ id: 'a'.repeat(32) });
      await store.commitBatch(batch({ occurrences: [{ fingerprint: 'fp-a', finding: ok, time: 0 }] }), N0);

      // Unserialisable finding after a good one.
      const unserialisable = buildTestFinding({ id: 'b'.repeat(32) }) as unknown as Record<string, unknown>;
      unserialisable.extra = 10n;
      await assert.rejects(store.commitBatch(batch({
        occurrences: [
          { fingerprint: 'fp-c', finding: buildTestFinding({ id: 'c'.repeat(32) }), time: 0 },
          { fingerprint: 'fp-b', finding: unserialisable as never, time: 0 },
        ],
      }), N0), TypeError);

      // Failure in the very last step, after findings, seen keys, state and the cursor were written.
      await store.setCursor('file:/a.log', 'old', N0);
      await assert.rejects(store.commitBatch(batch({
        cursor: { source: 'file:/a.log', value: 'past-the-batch' },
        occurrences: [
          { fingerprint: 'fp-a', finding: buildTestFinding(), time: Date.now() },
          { fingerprint: 'fp-d', finding: buildTestFinding({ id: 'd'.repeat(32) }), time: 0 },
        ],
        seenKeys: ['prod/x'],
        stateChanges: [{ component: 'c', key: 'k', value: 'v' }],
        counts: { source: 's', accepted: 1, skipped: 0, duplicates: 0, rejected: { bad: 1n as unknown as number }, lastEventAt: 1 },
      }), N0 + 1000), TypeError);

      assert.deepEqual((await store.listFindings({})).findings.map((f) => f.id), [ok.id]);
      assert.deepEqual(await store.getFinding(ok.id), ok);
      assert.deepEqual(await store.loadSeenKeys(0, 10), []);
      assert.deepEqual(await store.loadState('c'), []);
      assert.equal(await store.getCursor('file:/a.log'), 'old', 'the cursor does not move past a batch that was not committed');
      assert.deepEqual((await store.ingestStats()).map((s) => s.source), ['k8s-audit-webhook']);

      // The connection is usable afterwards.
      const r = await store.commitBatch(batch({ seenKeys: ['prod/y'] }), N0 + 2000);
      assert.deepEqual(r, { created: [], updated: [] });
      assert.deepEqual(await store.loadSeenKeys(0, 10), ['prod/y']);
    } finally {
      await store.close();
    }
  });

  test('timestamps are normalised to toISOString form so they sort correctly', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const f = buildTestFinding({ id: 'e'.repeat(32) });
      f.createdAt = '2024-03-01T13:00:00Z';
      f.updatedAt = '2024-03-01T13:00:00+00:00';
      f.service.eventFirstSeen = f.service.eventLastSeen = '2024-03-01T12:00:00Z';
      await store.commitBatch(batch({ occurrences: [{ fingerprint: 'fp', finding: f, time: 0 }] }), N0);
      const got = await store.getFinding(f.id);
      assert.equal(got?.createdAt, '2024-03-01T13:00:00.000Z');
      assert.equal(got?.updatedAt, '2024-03-01T13:00:00.000Z');
      assert.equal(got?.service.eventFirstSeen, '2024-03-01T12:00:00.000Z');
    } finally {
      await store.close();
    }
  });

  test('a version-3 database migrates: its admin token becomes an API token with the admin role', async () => {
    const file = freshPath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    for (const m of migrations.slice(0, 3)) db.exec(m);
    db.pragma('user_version = 3');
    db.prepare(`INSERT INTO tokens (id, secret_hash, kind, cluster, created_at, revoked_at, description) VALUES ('t0', ?, 'admin', NULL, 1, NULL, 'old')`).run('a'.repeat(64));
    db.close();
    const store = openSqliteStore({ path: file });
    assert.deepEqual(await store.findTokenByHash('a'.repeat(64)), { id: 't0', kind: 'api', role: 'admin', cluster: null, createdAt: 1, revokedAt: null, description: 'old' });
    await store.close();
  });

  test('upgrading across the finding-entities migration indexes the findings already stored', async () => {
    const file = freshPath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    for (const m of migrations.slice(0, FINDING_ENTITIES_VERSION - 1)) db.exec(m);
    db.pragma(`user_version = ${FINDING_ENTITIES_VERSION - 1}`);
    const insert = db.prepare(`INSERT INTO findings (id, fingerprint, type, severity, cluster, namespace, archived, count, created_at, updated_at, first_seen, last_seen, doc)
      VALUES (@id, @fingerprint, @type, @severity, @cluster, @namespace, @archived, @count, @created_at, @updated_at, @first_seen, @last_seen, @doc)`);
    db.transaction(() => {
      for (let i = 0; i < 1203; i++) {
        insert.run(findingParams(`fp-${i}`, buildTestFinding({ id: i.toString(16).padStart(32, '0'), username: i % 2 ? 'odd' : 'even', sourceIp: `10.0.${i >> 8}.${i & 255}` })));
      }
    })();
    db.close();
    const store = openSqliteStore({ path: file });
    try {
      const page = await store.listFindings({ entities: [{ kind: 'actor', value: 'odd' }], limit: 1000 });
      assert.equal(page.findings.length, 601, 'findings past the first chunk of the backfill are indexed too');
      const one = await store.listFindings({ entities: [{ kind: 'ip', value: '10.0.4.178' }] });
      assert.deepEqual(one.findings.map((f) => f.id), [(0x4b2).toString(16).padStart(32, '0')]);
    } finally {
      await store.close();
    }
  });
});
