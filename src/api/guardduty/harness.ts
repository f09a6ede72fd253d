// Test support (not product code): a real Vigil (store, rules, pipeline) in a temporary folder with
// the GuardDuty-compatible API on an ephemeral port, access keys of each role, and SDK clients.

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuardDutyClient, type GuardDutyClientConfig } from '@aws-sdk/client-guardduty';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CONFIG } from '../../app/config.js';
import { openVigil, type Vigil } from '../../app/open.js';
import { systemClock } from '../../core/clock.js';
import type { TokenRole } from '../../store/store.js';
import { issueAccessKey, secretBox } from './access-keys.js';
import { buildGuardDutyServer } from './server.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Harness {
  dir: string;
  listDir: string;
  vigil: Vigil;
  app: FastifyInstance;
  endpoint: string;
  keys: Record<TokenRole, Credentials>;
  /** A client for a role's key (or any credentials); maxAttempts 1 unless overridden. */
  client(who: TokenRole | Credentials, extra?: Partial<GuardDutyClientConfig>): GuardDutyClient;
  close(): Promise<void>;
}

export const ACCOUNT_ID = '111122223333';

export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-guardduty-'));
  const listDir = join(dir, 'lists');
  mkdirSync(listDir);
  const vigil = await openVigil({ ...DEFAULT_CONFIG, accountId: ACCOUNT_ID, region: 'us-east-1' }, dir, systemClock);
  const secrets = secretBox(randomBytes(32));
  const keys = {} as Record<TokenRole, Credentials>;
  for (const role of ['viewer', 'analyst', 'admin'] as const) {
    const k = await issueAccessKey(vigil.store, secrets, { role, description: `test ${role}`, now: Date.now() });
    keys[role] = { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
  }
  const app = await buildGuardDutyServer({
    store: vigil.store,
    pipeline: vigil.pipeline,
    ruleset: vigil.ruleset,
    accountId: ACCOUNT_ID,
    region: 'us-east-1',
    now: Date.now,
    staleAfterMs: 600_000,
    listDir,
    onFiltersChange: async () => vigil.pipeline.setFilters(await vigil.store.listFilters()),
    onIntelChange: async () => undefined,
    secrets,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const endpoint = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const clients: GuardDutyClient[] = [];
  return {
    dir,
    listDir,
    vigil,
    app,
    endpoint,
    keys,
    client(who, extra = {}) {
      const credentials = typeof who === 'string' ? keys[who] : who;
      const c = new GuardDutyClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1, ...extra });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.destroy();
      await app.close();
      await vigil.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
