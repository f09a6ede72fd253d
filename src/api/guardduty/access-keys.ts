// SigV4 access keys: an access key id (VGLK + 16 base32 characters, like AWS's AKIA...) and a
// 40-character secret, carrying a role like an API token. Verifying a signature needs the secret
// itself, so it cannot be stored as a hash: the store keeps it sealed with AES-256-GCM (the access
// key id is the additional data, so a sealed secret cannot be moved to another key) under a 32-byte
// key kept in DIR/sigv4.key (mode 600), created on first use. Someone with the database alone
// cannot use the keys; someone with the data folder can (as with admin.token).

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessKeyRecord, Store, TokenRole } from '../../store/store.js';

export const SIGV4_KEY_FILE = 'sigv4.key';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VERSION = 'v1';

/** Seals and opens access-key secrets. */
export interface SecretBox {
  seal(accessKeyId: string, secret: string): string;
  /** The secret, or null when the sealed text is damaged or was sealed under another key. */
  open(accessKeyId: string, sealed: string): string | null;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the SigV4 sealing key must be 32 bytes');
  return {
    seal(accessKeyId, secret) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(accessKeyId, 'utf8'));
      const data = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
      return `${VERSION}.${Buffer.concat([iv, c.getAuthTag(), data]).toString('base64url')}`;
    },
    open(accessKeyId, sealed) {
      if (!sealed.startsWith(`${VERSION}.`)) return null;
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
      if (raw.length < 29) return null;
      try {
        const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        d.setAAD(Buffer.from(accessKeyId, 'utf8'));
        d.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

/** The box for a data folder: DIR/sigv4.key, created (mode 600) when missing. */
export function dataDirSecretBox(dataDir: string): SecretBox {
  const file = join(dataDir, SIGV4_KEY_FILE);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process created it first
    }
  }
  chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return secretBox(key);
}

export function newAccessKeyId(): string {
  const bytes = randomBytes(16);
  let id = 'VGLK';
  for (const b of bytes) id += BASE32[b % 32];
  return id;
}

export async function issueAccessKey(
  store: Store,
  box: SecretBox,
  opts: { role: TokenRole; description?: string; now: number },
): Promise<{ accessKeyId: string; secretAccessKey: string; record: AccessKeyRecord }> {
  const secretAccessKey = randomBytes(30).toString('base64url'); // 40 characters
  const record: AccessKeyRecord = { accessKeyId: newAccessKeyId(), role: opts.role, createdAt: opts.now, revokedAt: null, description: opts.description ?? '' };
  await store.addAccessKey(record, box.seal(record.accessKeyId, secretAccessKey));
  return { accessKeyId: record.accessKeyId, secretAccessKey, record };
}

/** The unrevoked key and its secret, for verifying a signature; null when unknown, revoked or unreadable. */
export async function lookupAccessKey(store: Store, box: SecretBox, accessKeyId: string): Promise<{ secret: string; key: AccessKeyRecord } | null> {
  const found = await store.getAccessKey(accessKeyId);
  if (!found || found.key.revokedAt !== null) return null;
  const secret = box.open(accessKeyId, found.sealedSecret);
  return secret === null ? null : { secret, key: found.key };
}
