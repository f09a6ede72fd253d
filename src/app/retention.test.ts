// Retention: findings past retentionDays and archived events past archive.retentionHours are
// deleted, events in chunks until none is left; newer data stays.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { buildTestFinding } from '../store/store.conformance.js';
import { testEvent } from '../store/archive.conformance.js';
import { DEFAULT_CONFIG } from './config.js';
import { applyRetention } from './retention.js';

const NOW = Date.UTC(2024, 5, 1);
const HOUR = 3_600_000;

test('old findings and events go; the rest stays, however many events there are to delete', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const old = buildTestFinding({ created: NOW - 91 * 24 * HOUR });
    const recent = buildTestFinding({ created: NOW - HOUR });
    await store.commitBatch({
      cluster: 'prod', seenKeys: [], stateChanges: [],
      counts: { source: 's', accepted: 0, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: null },
      occurrences: [{ fingerprint: 'old', finding: old, time: 0 }, { fingerprint: 'recent', finding: recent, time: 0 }],
    }, NOW);
    const expired = Array.from({ length: 12_345 }, (_, i) => testEvent({ time: NOW - 169 * HOUR - i }));
    await store.appendEvents([...expired, testEvent({ time: NOW - 167 * HOUR, summary: 'kept' })]);

    const r = await applyRetention(store, DEFAULT_CONFIG, NOW);
    assert.equal(r.findings, 1);
    assert.equal(r.events, 12_345);
    assert.equal(r.eventsBefore, new Date(NOW - 168 * HOUR).toISOString());
    assert.deepEqual((await store.listFindings({})).findings.map((f) => f.id), [recent.id]);
    assert.deepEqual((await store.listEvents({})).events.map((e) => e.summary), ['kept']);

    const short = await applyRetention(store, { ...DEFAULT_CONFIG, archive: { enabled: false, retentionHours: 1, runtime: false } }, NOW);
    assert.equal(short.events, 1, 'events expire when archiving is off too');
  } finally {
    await store.close();
  }
});
