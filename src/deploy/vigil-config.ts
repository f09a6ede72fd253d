// Vigil's configuration file in the pod, and the heap cap that fits its memory limit
// (docs/operations.md, "Memory": state up to 160 MB plus about four times the ingest bytes in
// flight; NODE_OPTIONS=--max-old-space-size keeps the heap, and so the pod, under its limit).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../app/config.js';
import { VigilError } from '../core/errors.js';
import { parseQuantity } from './quantity.js';
import type { Values } from './values.js';

const MiB = 2 ** 20;
const STATE_BYTES = 160 * MiB;
export const DATA_DIR = '/var/lib/vigil';
export const CONFIG_DIR = '/etc/vigil';
export const TLS_DIR = '/etc/vigil/tls';

export interface MemoryPlan {
  /** --max-old-space-size, MiB: three quarters of the limit (the rest: code, buffers, SQLite). */
  heapMiB: number;
  maxInFlightBytes: number;
  maxBodyBytes: number;
}

export function memoryPlan(v: Values): MemoryPlan {
  const limit = parseQuantity(v.resources.limits.memory) as number;
  const heapMiB = Math.floor((limit * 0.75) / MiB);
  const ingest = (v.config.ingest ?? {}) as { maxInFlightBytes?: number; maxBodyBytes?: number };
  const fits = Math.floor((heapMiB * MiB - STATE_BYTES) / 4 / MiB) * MiB;
  const maxInFlightBytes = ingest.maxInFlightBytes ?? Math.min(256 * MiB, fits);
  const maxBodyBytes = ingest.maxBodyBytes ?? Math.min(64 * MiB, maxInFlightBytes);
  if (STATE_BYTES + 4 * maxInFlightBytes > heapMiB * MiB) {
    throw new VigilError('VIGIL_CONFIG', `config.ingest.maxInFlightBytes ${maxInFlightBytes} does not fit a ${heapMiB} MiB heap (resources.limits.memory ${v.resources.limits.memory}): at most ${fits}, or raise the limit`);
  }
  return { heapMiB, maxInFlightBytes, maxBodyBytes };
}

/** The config.yaml the ConfigMap holds; checked with Vigil's own configuration loader. */
export function vigilConfig(v: Values, mem: MemoryPlan): Record<string, unknown> {
  const user = v.config;
  const config: Record<string, unknown> = {
    ...user,
    data: DATA_DIR,
    host: '0.0.0.0',
    port: v.service.port,
    ingest: { ...(user.ingest as object | undefined), maxInFlightBytes: mem.maxInFlightBytes, maxBodyBytes: mem.maxBodyBytes },
    ...(v.tls.secretName ? { tls: { cert: `${TLS_DIR}/tls.crt`, key: `${TLS_DIR}/tls.key` } } : {}),
  };
  const dir = mkdtempSync(join(tmpdir(), 'vigil-deploy-'));
  try {
    writeFileSync(join(dir, 'config.yaml'), stringify(config));
    loadConfig(join(dir, 'config.yaml'), {});
  } catch (e) {
    throw new VigilError('VIGIL_CONFIG', `config: ${(e as Error).message.replace(/^.*?config\.yaml: |^invalid configuration: /, '')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return config;
}
