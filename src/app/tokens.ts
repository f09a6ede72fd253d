// API and ingest tokens: random secrets shown once, stored only as SHA-256 hashes.

import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store, TokenKind, TokenRecord, TokenRole } from '../store/store.js';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** vgl_<role or ingest>_<32 random bytes>; the prefix only helps people tell tokens apart. */
export function newSecret(label: string): string {
  return `vgl_${label}_${randomBytes(24).toString('base64url')}`;
}

export async function issueToken(
  store: Store,
  kind: TokenKind,
  opts: { cluster?: string; role?: TokenRole; description?: string; now: number },
): Promise<{ secret: string; record: TokenRecord }> {
  const role = kind === 'api' ? (opts.role ?? 'viewer') : null;
  const secret = newSecret(role ?? 'ingest');
  const record: TokenRecord = {
    id: randomBytes(8).toString('hex'),
    kind,
    role,
    cluster: opts.cluster ?? null,
    createdAt: opts.now,
    revokedAt: null,
    description: opts.description ?? '',
  };
  await store.addToken(record, hashToken(secret));
  return { secret, record };
}

export const ADMIN_TOKEN_FILE = 'admin.token';

/**
 * Makes sure DIR/admin.token exists (mode 600) and is a valid admin token in the store.
 * Returns the token and whether it was created now.
 */
export async function ensureAdminToken(store: Store, dataDir: string, now: number): Promise<{ secret: string; created: boolean }> {
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 20) {
      const known = await store.findTokenByHash(hashToken(secret));
      if (!known) {
        await store.addToken(
          { id: randomBytes(8).toString('hex'), kind: 'api', role: 'admin', cluster: null, createdAt: now, revokedAt: null, description: 'admin.token file' },
          hashToken(secret),
        );
      }
      chmodSync(file, 0o600);
      return { secret, created: false };
    }
  }
  const { secret } = await issueToken(store, 'api', { role: 'admin', description: 'admin.token file', now });
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, created: true };
}
