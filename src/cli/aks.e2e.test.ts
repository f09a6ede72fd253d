// `vigil serve` reading an AKS cluster's audit records from Event Hubs (a local AMQP fake, the real
// client): SIGTERM stops the consumer after the batches in flight with their positions saved, and a
// restart resumes there. The workshop, delivered across the stop, raises the same findings as a
// native replay, every event counted once; the connection string (read from a file) is never logged.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { messageBodies, workshopRecords } from '../testing/aks-records.js';
import { FIXTURES, freePort, runVigil, startServe, waitForExit } from '../testing/cli.js';
import { KEY, startFakeEventHubs } from '../testing/event-hubs-server.js';
import { auditLines } from '../testing/firehose-requests.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-aks-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>;
const LINES = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));

async function ingest(data: string): Promise<{ source: string; accepted: number; skipped: number; duplicates: number } | undefined> {
  const r = await runVigil(['clusters', 'list', '--json', '--data', data]);
  assert.equal(r.code, 0, r.stderr);
  const clusters = JSON.parse(r.stdout) as { name: string; ingest: { source: string; accepted: number; skipped: number; duplicates: number }[] }[];
  return clusters.find((c) => c.name === 'prod')?.ingest.find((s) => s.source.startsWith('aks:'));
}
const total = (s: { accepted: number; skipped: number; duplicates: number } | undefined) => (s ? s.accepted + s.skipped + s.duplicates : 0);

test('vigil serve reads the AKS Event Hub, stops on SIGTERM with its positions saved, and resumes there', async () => {
  const fake = await startFakeEventHubs('aks-audit', 2);
  const data = join(dir, 'data');
  const secret = join(dir, 'eventhub-connection-string');
  const config = join(dir, 'vigil.yaml');
  writeFileSync(secret, `${fake.connectionString}\n`, { mode: 0o600 });
  writeFileSync(config, `aks:\n  - cluster: prod\n    aksName: workshop\n    connectionStringFile: ${JSON.stringify(secret)}\n    consumerGroup: vigil\n    maxBatchSize: 5\n`);
  assert.equal((await runVigil(['clusters', 'add', 'prod', '--platform', 'aks', '--data', data])).code, 0);
  const bodies = messageBodies(workshopRecords(LINES, 'workshop'));
  const publish = (from: number, to: number) => bodies.slice(from, to).forEach((b, i) => fake.publish(String((from + i) % 2), [b]));
  publish(0, 40);
  try {
    const first = await startServe(['--data', data, '--config', config, '--log-level', 'info'], await freePort());
    publish(40, 50); // more arrive while it runs; it is stopped in the middle of them
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill('SIGTERM');
    assert.equal(await waitForExit(first.child), 0, first.logs());
    const stopped = total(await ingest(data));
    assert.ok(stopped > 0, 'some records were read before the stop');
    assert.match(first.logs(), /starting the AKS Event Hub consumer/);
    assert.equal(first.logs().includes(KEY), false, 'the key is never logged');

    publish(50, bodies.length); // the rest arrives while Vigil is down
    fake.receivers.length = 0;
    const second = await startServe(['--data', data, '--config', config, '--log-level', 'error'], await freePort());
    const deadline = Date.now() + 30_000;
    while (total(await ingest(data)) < LINES.length + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    second.child.kill('SIGTERM');
    assert.equal(await waitForExit(second.child), 0, second.logs());
    assert.ok(fake.receivers.every((r) => r.filter.startsWith("amqp.annotation.x-opt-sequence-number > '")), 'the restart starts after the saved sequence numbers');
    const end = await ingest(data);
    assert.equal(total(end), LINES.length + 2, 'every event (and the two records of other categories) counted once over both runs');
    assert.equal(end?.duplicates, 1, 'as in a native replay: the ResponseComplete after its ResponseStarted, nothing read twice');
    const list = await runVigil(['findings', 'list', '--all', '--limit', '1000', '--json', '--data', data]);
    const byType: Record<string, number> = {};
    for (const l of list.stdout.trim().split('\n').filter(Boolean)) {
      const f = JSON.parse(l) as { type: string; service: { additionalInfo: { value: string } } };
      if ((JSON.parse(f.service.additionalInfo.value) as { catalog: string }).catalog === 'guardduty') byType[f.type] = (byType[f.type] ?? 0) + 1;
    }
    assert.deepEqual(byType, EXPECTED);
  } finally {
    await fake.close();
  }
});
