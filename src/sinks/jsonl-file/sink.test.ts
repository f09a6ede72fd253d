import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../core/finding.js';
import { runSinkConformance } from '../sink.conformance.js';
import { auditFinding, hostileFinding } from '../testing/findings.js';
import { tempDir, waitForItems } from '../testing/receivers.js';
import { renderJsonLines } from './render.js';
import { JsonlFileSink } from './sink.js';

const lines = (path: string): Finding[] => {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
  } catch {
    return [];
  }
};

runSinkConformance('jsonl-file', {
  start: async () => {
    const path = join(tempDir(), 'nested', 'findings.jsonl');
    return { sink: new JsonlFileSink({ name: 'file', path }), delivered: (n) => waitForItems(() => lines(path).map((f) => f.id), n), stop: async () => undefined };
  },
  render: renderJsonLines,
  failures: [
    {
      name: 'a path that is a directory',
      retryable: false,
      start: async () => {
        const path = join(tempDir(), 'dir');
        mkdirSync(path);
        return { sink: new JsonlFileSink({ name: 'file', path }), stop: async () => undefined };
      },
    },
  ],
});

test('one finding per line, appended, file mode 600 (tightened on an existing file)', async () => {
  const path = join(tempDir(), 'findings.jsonl');
  writeFileSync(path, '');
  chmodSync(path, 0o644);
  const sink = new JsonlFileSink({ name: 'file', path });
  const a = hostileFinding();
  const b = auditFinding();
  assert.deepEqual(await sink.send([a]), { ok: true });
  assert.deepEqual(await sink.send([b]), { ok: true });
  await sink.close();
  const text = readFileSync(path, 'utf8');
  assert.equal(text.split('\n').length, 3, 'a newline inside a finding string stays escaped');
  assert.deepEqual(lines(path), [a, b]);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const fresh = join(tempDir(), 'new.jsonl');
  const s2 = new JsonlFileSink({ name: 'file', path: fresh });
  await s2.send([b]);
  assert.equal(statSync(fresh).mode & 0o777, 0o600);
});

test('concurrent sends never interleave lines', async () => {
  const path = join(tempDir(), 'findings.jsonl');
  const sink = new JsonlFileSink({ name: 'file', path });
  const batches = Array.from({ length: 20 }, () => Array.from({ length: 5 }, () => auditFinding()));
  const results = await Promise.all(batches.map((b) => sink.send(b)));
  assert.ok(results.every((r) => r.ok));
  assert.deepEqual(lines(path).map((f) => f.id), batches.flat().map((f) => f.id));
});
