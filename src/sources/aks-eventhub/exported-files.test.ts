// AKS diagnostic-setting exports read by `vigil replay`: the workshop exported as a PT1H.json blob
// (the checked-in fixture, gzip'd; and plain, at its storage path) and as {"records":[...]}
// documents raises the same findings as the native audit log; other categories and left-out bodies
// are counted in the summary; audit Events still pass through in auto mode.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Finding } from '../../core/finding.js';
import { aksRecord, blobPath, exportedBlob, otherRecord, WORKSHOP_BLOB, workshopRecords } from '../../testing/aks-records.js';
import { FIXTURES, runVigil } from '../../testing/cli.js';
import { auditLines } from '../../testing/firehose-requests.js';
import { readAuditFile } from '../k8s-audit-file/read.js';
import { aksFileEnvelope, aksFileSummary } from './exported-files.js';

const WORKSHOP = join(FIXTURES, 'audit', 'workshop.jsonl');
const LINES = auditLines(WORKSHOP);
const dir = mkdtempSync(join(tmpdir(), 'vigil-aks-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function byType(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of stdout.split('\n').filter((x) => x.trim() !== '')) {
    const f = JSON.parse(l) as Finding;
    out[f.type] = (out[f.type] ?? 0) + 1;
  }
  return out;
}

test('the checked-in export is what the helper writes', () => {
  assert.equal(gunzipSync(readFileSync(WORKSHOP_BLOB)).toString('utf8'), exportedBlob(workshopRecords(LINES, 'workshop')), 'regenerate with node dist/testing/aks-records.js --write');
});

test('vigil replay of the workshop export raises the same findings as the native audit log', async () => {
  const native = await runVigil(['replay', '--audit', WORKSHOP, '--json']);
  assert.equal(native.code, 0, native.stderr);
  const expected = byType(native.stdout);
  assert.ok(Object.keys(expected).length >= 8);
  // The fixture (gzip, auto-detected), and the same blob plain at its storage path with --format aks.
  const plain = join(dir, blobPath('workshop', new Date(Date.UTC(2025, 3, 20, 16))));
  mkdirSync(dirname(plain), { recursive: true });
  writeFileSync(plain, gunzipSync(readFileSync(WORKSHOP_BLOB)));
  for (const args of [[WORKSHOP_BLOB], [plain, '--format', 'aks']]) {
    const r = await runVigil(['replay', '--audit', ...args, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(byType(r.stdout), expected, args.join(' '));
    assert.match(r.stderr, new RegExp(`${LINES.length} event\\(s\\) read`));
    assert.match(r.stderr, /AKS diagnostic records: 452 read, 2 skipped \(not kube-audit \/ kube-audit-admin; other_category: 2\), 3 request\/response bodies left out by AKS/);
    assert.match(r.stderr, / 0 rejected/);
  }
});

test('{"records":[...]} documents (pretty-printed or one a line) are read too; broken records are counted', async () => {
  const records = workshopRecords(LINES, 'workshop');
  const doc = join(dir, 'records.json');
  writeFileSync(doc, JSON.stringify({ records }, null, 2));
  const lines = join(dir, 'records.jsonl');
  writeFileSync(lines, [0, 100, 200, 300, 400].map((i) => JSON.stringify({ records: records.slice(i, i + 100) })).join('\n') + '\n');
  for (const file of [doc, lines]) {
    const r = await runVigil(['replay', '--audit', file, '--json', '--format', 'aks']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${LINES.length} event\\(s\\) read`), file);
  }
  const env = aksFileEnvelope('aks');
  const mixed = env.envelope({ records: [aksRecord(LINES[0]!, 'w'), { category: 'kube-audit', properties: { log: '{oops' } }, otherRecord('w', 'guard')] });
  assert.ok(mixed.ok);
  assert.equal(mixed.items.length, 1);
  assert.deepEqual(env.counts, { records: 3, skipped: { other_category: 1 }, rejected: { bad_log: 1 }, noted: {} });
  assert.match(aksFileSummary(env.counts)!, /3 read, 1 skipped .*1 unreadable \(bad_log: 1\)/);
  const single = env.envelope({ category: 'kube-audit', properties: {} });
  assert.equal(single.ok, false, 'a one-record line is refused as a line, with its reason');
  if (!single.ok) assert.match(single.reason, /^bad_log: properties.log is undefined/);
});

test('auto mode: audit Events pass through; --format aks refuses them with the reason', async () => {
  const auto = aksFileEnvelope('auto');
  const event = JSON.parse(LINES[0]!) as unknown;
  assert.deepEqual(auto.envelope(event), { ok: true, items: [event] });
  assert.equal(aksFileSummary(auto.counts), null);
  const strict = aksFileEnvelope('aks').envelope(event);
  assert.equal(strict.ok, false);
  const chunks = [];
  for await (const c of readAuditFile(WORKSHOP_BLOB, { envelope: aksFileEnvelope('aks').envelope })) chunks.push(c);
  assert.equal(chunks.reduce((n, c) => n + c.items.length, 0), LINES.length);
  const r = await runVigil(['replay', '--audit', WORKSHOP, '--format', 'aks']);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /expected Azure diagnostic records/);
  const bad = await runVigil(['replay', '--audit', WORKSHOP, '--format', 'gke']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--format must be aks or/);
});
