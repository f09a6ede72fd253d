import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readAuditFile } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a gzip bomb stops at the decompressed-size cap with a clear error', async () => {
  const file = join(dir, 'bomb.jsonl.gz');
  writeFileSync(file, gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
  await assert.rejects(
    (async () => {
      for await (const _ of readAuditFile(file, { maxBytes: 4 * 1024 * 1024 })) void _;
    })(),
    /decompressed size exceeds 4194304 bytes/,
  );
});

test('a corrupt gzip file is an error, not a crash', async () => {
  const file = join(dir, 'corrupt.gz');
  writeFileSync(file, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.from('not really gzip')]));
  await assert.rejects((async () => {
    for await (const _ of readAuditFile(file)) void _;
  })());
});

test('invalid UTF-8 and a byte-order mark: lines are still read and judged', async () => {
  const file = join(dir, 'mixed.jsonl');
  writeFileSync(file, Buffer.concat([Buffer.from('\ufeff{"kind":"Event","auditID":"x"}\n'), Buffer.from([0xff, 0xfe, 0x7b, 0x0a]), Buffer.from('{"kind":"EventList","items":[1,2]}\n')]));
  const chunks = [];
  for await (const c of readAuditFile(file)) chunks.push(c);
  const items = chunks.flatMap((c) => c.items);
  const errors = chunks.flatMap((c) => c.errors);
  assert.equal(items.length, 3);
  assert.deepEqual(errors.map((e) => e.line), [2]);
});
