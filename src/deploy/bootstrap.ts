// `vigil deploy bootstrap` (the Deployment's init container): registers the cluster Vigil runs in and
// the tokens from the mounted Secret in the store, so a token created outside Vigil (kubectl create
// secret) is valid. Idempotent: run on every start; a changed admin token replaces the old one.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN_FILE, hashToken } from '../app/tokens.js';
import { VigilError } from '../core/errors.js';
import type { Store } from '../store/store.js';

/** Tokens travel in URLs (Tracee's user info, Pub/Sub's query): URL-safe characters only. */
const TOKEN = /^[A-Za-z0-9._~-]{20,512}$/;

export function readTokenFile(file: string, what: string): string {
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new VigilError('VIGIL_CONFIG', `cannot read the ${what} token file ${file}: ${(e as Error).message}`);
  }
  if (!TOKEN.test(secret)) throw new VigilError('VIGIL_CONFIG', `the ${what} token in ${file} must be 20-512 characters of A-Z a-z 0-9 . _ ~ -`);
  return secret;
}

export async function bootstrap(store: Store, dataDir: string, opts: { cluster: string; platform: string; ingestToken: string; adminToken?: string; now: number }): Promise<string[]> {
  const done: string[] = [];
  if (!(await store.getCluster(opts.cluster))) {
    await store.addCluster({ name: opts.cluster, detectorId: randomBytes(16).toString('hex'), createdAt: opts.now, platform: opts.platform, arn: null });
    done.push(`registered cluster ${opts.cluster}`);
  }
  const known = await store.findTokenByHash(hashToken(opts.ingestToken));
  if (known && (known.kind !== 'ingest' || known.cluster !== opts.cluster)) throw new VigilError('VIGIL_CONFIG', `the ingest token file holds a token Vigil knows as ${known.kind === 'ingest' ? `cluster ${known.cluster ?? '?'}'s` : 'an API'} token`);
  if (known?.revokedAt != null) throw new VigilError('VIGIL_CONFIG', `the ingest token in the Secret was revoked (${known.id}); put a new one in the Secret`);
  if (!known) {
    await store.addToken({ id: randomBytes(8).toString('hex'), kind: 'ingest', role: null, cluster: opts.cluster, createdAt: opts.now, revokedAt: null, description: 'ingest token from the Secret (vigil deploy bootstrap)' }, hashToken(opts.ingestToken));
    done.push(`ingest token for ${opts.cluster} added`);
  }
  if (opts.adminToken) {
    const file = join(dataDir, ADMIN_TOKEN_FILE);
    const previous = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (previous !== opts.adminToken) {
      const old = previous ? await store.findTokenByHash(hashToken(previous)) : null;
      if (old && old.revokedAt === null && old.kind === 'api') {
        await store.revokeToken(old.id, opts.now);
        done.push(`previous admin token ${old.id} revoked`);
      }
      // vigil serve registers DIR/admin.token as an admin token when it starts.
      writeFileSync(file, opts.adminToken + '\n', { mode: 0o600 });
      done.push('admin token written');
    }
  }
  return done;
}
