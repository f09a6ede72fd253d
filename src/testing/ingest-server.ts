// A real `vigil serve` HTTP server for ingest-route tests: a file-backed SQLite store in a temporary
// directory, the real pipeline with the built-in rules, registered clusters with an ingest token
// each, listening on a loopback port. Test helper only.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.js';
import { DEFAULT_CONFIG } from '../app/config.js';
import { loadIntelIndex } from '../app/intel.js';
import { loadRuleset, openStore } from '../app/open.js';
import { issueToken } from '../app/tokens.js';
import { systemClock } from '../core/clock.js';
import { AuditPipeline } from '../pipeline/audit-pipeline.js';
import type { Cluster, Store } from '../store/store.js';

export interface IngestServer {
  store: Store;
  pipeline: AuditPipeline;
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  base: string;
  clusters: Record<string, Cluster>;
  /** Each cluster's ingest token. */
  keys: Record<string, string>;
  close(): Promise<void>;
}

export async function startIngestServer(opts: { clusters: string[]; platform: string; maxBodyBytes: number; rateLimit?: { apiPerMinute: number; ingestPerMinute: number } }): Promise<IngestServer> {
  const dir = mkdtempSync(join(tmpdir(), `vigil-ingest-${opts.platform}-`));
  const store = openStore(dir);
  const pipeline = new AuditPipeline({
    store,
    ruleset: loadRuleset([]),
    clock: systemClock,
    finding: { accountId: DEFAULT_CONFIG.accountId, region: DEFAULT_CONFIG.region, partition: 'aws' },
    intel: await loadIntelIndex(store),
  });
  await pipeline.restore();
  const clusters: Record<string, Cluster> = {};
  const keys: Record<string, string> = {};
  for (const [i, name] of opts.clusters.entries()) {
    const cluster: Cluster = { name, detectorId: String(i).repeat(32), createdAt: Date.now(), platform: opts.platform, arn: null };
    await store.addCluster(cluster);
    clusters[name] = cluster;
    keys[name] = (await issueToken(store, 'ingest', { cluster: name, now: Date.now() })).secret;
  }
  const app = await buildServer({ store, pipeline, maxBodyBytes: opts.maxBodyBytes, consoleDir: false, ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  assert.ok(addr && typeof addr === 'object');
  return {
    store,
    pipeline,
    app,
    base: `http://127.0.0.1:${addr.port}`,
    clusters,
    keys,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
