// Configuration: the archive section's defaults, file values and validation.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { VigilError } from '../core/errors.js';
import { loadConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('the event archive is on by default for audit events and keeps 7 days', () => {
  assert.deepEqual(loadConfig(undefined, {}).archive, { enabled: true, retentionHours: 168, runtime: false });
});

test('a file can switch the archive off or change its retention; missing keys keep their default', () => {
  assert.deepEqual(loadConfig(file('off.yaml', 'archive:\n  enabled: false\n'), {}).archive, { enabled: false, retentionHours: 168, runtime: false });
  assert.deepEqual(loadConfig(file('24h.yaml', 'archive:\n  retentionHours: 24\n'), {}).archive, { enabled: true, retentionHours: 24, runtime: false });
  assert.deepEqual(loadConfig(file('rt.yaml', 'archive:\n  runtime: true\n'), {}).archive, { enabled: true, retentionHours: 168, runtime: true });
});

test('wrong types, unknown keys and out-of-range retention are refused with the key named', () => {
  const refused = (text: string, pattern: RegExp) =>
    assert.throws(() => loadConfig(file('bad.yaml', text), {}), (e: unknown) => e instanceof VigilError && e.code === 'VIGIL_CONFIG' && pattern.test(e.message));
  refused('archive:\n  enabled: "yes"\n', /archive\.enabled must be a boolean/);
  refused('archive:\n  retention: 5\n', /unknown key archive\.retention/);
  refused('archive:\n  retentionHours: 0\n', /archive\.retentionHours must be an integer from 1/);
  refused('archive:\n  retentionHours: 1.5\n', /archive\.retentionHours must be an integer/);
});
