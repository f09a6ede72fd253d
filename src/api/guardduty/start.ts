// Starting the GuardDuty-compatible API beside the main server (vigil serve --guardduty-port N).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { VigilConfig } from '../../app/config.js';
import type { Vigil } from '../../app/open.js';
import { dataDirSecretBox } from './access-keys.js';
import { buildGuardDutyServer } from './server.js';

/** Local list files for CreateIPSet / CreateThreatIntelSet must be in DIR/lists (created with mode 700). */
export const LIST_DIR = 'lists';

export async function startGuardDutyApi(
  vigil: Vigil,
  config: VigilConfig,
  opts: { port: number; logger?: boolean | { level: string }; tls?: { key: Buffer; cert: Buffer }; onIntelChange: () => Promise<void> },
): Promise<{ app: FastifyInstance; address: string }> {
  const listDir = join(config.data, LIST_DIR);
  mkdirSync(listDir, { recursive: true, mode: 0o700 });
  const app = await buildGuardDutyServer({
    store: vigil.store,
    pipeline: vigil.pipeline,
    ruleset: vigil.ruleset,
    accountId: config.accountId,
    region: config.region,
    now: Date.now,
    staleAfterMs: 600_000,
    listDir,
    onFiltersChange: async () => vigil.pipeline.setFilters(await vigil.store.listFilters()),
    onIntelChange: opts.onIntelChange,
    secrets: dataDirSecretBox(config.data),
    perMinute: config.rateLimit.apiPerMinute,
    ...(opts.tls ? { tls: opts.tls } : {}),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  });
  const address = await app.listen({ host: config.host, port: opts.port });
  return { app, address };
}
