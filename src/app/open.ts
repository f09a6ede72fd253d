// Opens what every command needs: the store, the rule set and the audit pipeline.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { DETECTORS } from '../detect/registry.js';
import { AuditPipeline } from '../pipeline/audit-pipeline.js';
import { formatDiagnostic } from '../rules/diagnostics.js';
import { loadRules, type Ruleset } from '../rules/load.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Cluster, Store } from '../store/store.js';
import { sampleOccurrences } from './samples.js';
import type { IntelListInput } from '../enrich/threat-intel/intel-index.js';
import type { VigilConfig } from './config.js';
import { loadIntelIndex } from './intel.js';
import { BUILTIN_RULES_DIR } from './paths.js';

export interface Vigil {
  store: Store;
  ruleset: Ruleset;
  pipeline: AuditPipeline;
  /** Creates one sample finding per type (all types when empty) in the cluster. */
  samples: (cluster: Cluster, types: string[]) => Promise<{ created: number; unknown: string[] }>;
  close(): Promise<void>;
}

export function loadRuleset(extraDirs: string[]): Ruleset {
  const rs = loadRules([BUILTIN_RULES_DIR, ...extraDirs], DETECTORS);
  const errors = rs.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new VigilError('VIGIL_RULES', `rules did not load:\n${errors.map(formatDiagnostic).join('\n')}`);
  return rs;
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'vigil.db');
}

/** Opens the store: DIR/vigil.db, or an in-memory database when dataDir is null (replay). */
export function openStore(dataDir: string | null): Store {
  if (dataDir === null) return openSqliteStore({ path: ':memory:' });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return openSqliteStore({ path: databasePath(dataDir) });
}

export async function openVigil(
  config: Pick<VigilConfig, 'accountId' | 'region' | 'rules' | 'ingest' | 'archive'> & Partial<Pick<VigilConfig, 'state'>>,
  dataDir: string | null,
  clock: Clock,
  extraIntel: IntelListInput[] = [],
): Promise<Vigil> {
  const ruleset = loadRuleset(config.rules);
  const store = openStore(dataDir);
  const pipeline = new AuditPipeline({
    store,
    ruleset,
    clock,
    finding: { accountId: config.accountId, region: config.region, partition: 'aws' },
    maxQueuedBatches: config.ingest.maxQueuedBatches,
    ...(config.state ? { stateCapacities: config.state } : {}),
    intel: await loadIntelIndex(store, extraIntel),
    // An in-memory store (replay) is gone when the command ends: nobody could read its archive.
    ...(config.archive.enabled && dataDir !== null ? { archiveEvents: { audit: true, runtime: config.archive.runtime } } : {}),
  });
  await pipeline.restore();
  const samples = async (cluster: Cluster, types: string[]) => {
    const ctx = { accountId: config.accountId, region: config.region, partition: 'aws', now: clock.now(), severityModifiers: ruleset.severityModifiers };
    const { occurrences, unknown } = sampleOccurrences(ruleset, cluster, types, ctx);
    const r = await pipeline.commitOccurrences(cluster, occurrences, 'samples');
    return { created: r.created.length, unknown };
  };
  return { store, ruleset, pipeline, samples, close: () => store.close() };
}
