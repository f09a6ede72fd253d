// Conformance suite of the Store's source cursors (a test suite, not product code): where pulling
// sources stopped. Every Store implementation runs it beside store.conformance.ts.

import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from './store.js';

export function runCursorConformance(name: string, open: () => Promise<Store>, reopen?: (s: Store) => Promise<Store>): void {
  describe(`${name}: source cursors`, () => {
    let store: Store;
    beforeEach(async () => { store = await open(); });
    afterEach(async () => { await store.close(); });

    test('an unknown source has no cursor; a saved one is read back and replaced', async () => {
      assert.equal(await store.getCursor('file:/var/log/audit.log'), null);
      await store.setCursor('file:/var/log/audit.log', '{"ino":7,"offset":10}', 1000);
      await store.setCursor('file:/other.log', '{"ino":8,"offset":1}', 1000);
      assert.equal(await store.getCursor('file:/var/log/audit.log'), '{"ino":7,"offset":10}');
      await store.setCursor('file:/var/log/audit.log', '{"ino":7,"offset":99}', 2000);
      assert.equal(await store.getCursor('file:/var/log/audit.log'), '{"ino":7,"offset":99}');
      assert.equal(await store.getCursor('file:/other.log'), '{"ino":8,"offset":1}');
    });

    test('a batch saves its source cursor with its other effects', async () => {
      await store.setCursor('file:/a.log', 'old', 1000);
      await store.commitBatch({
        cluster: 'prod', occurrences: [], seenKeys: ['prod\u0000x'], stateChanges: [],
        counts: { source: 'file:/a.log', accepted: 1, skipped: 0, duplicates: 0, rejected: {}, lastEventAt: 1500 },
        cursor: { source: 'file:/a.log', value: 'after-batch' },
      }, 2000);
      assert.equal(await store.getCursor('file:/a.log'), 'after-batch');
      assert.deepEqual(await store.loadSeenKeys(0, 10), ['prod\u0000x']);
    });

    if (reopen) {
      test('cursors survive closing and opening the store', async () => {
        await store.setCursor('s', 'v', 1);
        store = await reopen(store);
        assert.equal(await store.getCursor('s'), 'v');
      });
    }
  });
}
