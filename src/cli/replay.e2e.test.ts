// The replay contract: `vigil replay --audit FILE --json` prints aggregated GuardDuty findings as
// JSON lines on stdout and the summary on stderr.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Finding } from '../core/finding.js';
import { FIXTURES, runVigil } from '../testing/cli.js';

const WORKSHOP = join(FIXTURES, 'audit', 'workshop.jsonl');
const ORDINARY = join(FIXTURES, 'audit', 'ordinary-traffic.jsonl');
/** The eight GuardDuty findings of the EKS workshop, and Vigil's own findings on the same log. */
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>;
const EXPECTED_VIGIL = JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected-vigil.json'), 'utf8')) as Record<string, number>;
const EXPECTED_ALL = { ...EXPECTED, ...EXPECTED_VIGIL };

function findings(stdout: string): Finding[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Finding);
}

function catalogOf(f: Finding): string {
  return (JSON.parse(f.service.additionalInfo.value) as { catalog: string }).catalog;
}

function countByType(fs: Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of fs) out[f.type] = (out[f.type] ?? 0) + 1;
  return out;
}

describe('vigil replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-replay-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the EKS workshop log raises each of the eight audit findings exactly once', async () => {
    const r = await runVigil(['replay', '--audit', WORKSHOP, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const fs = findings(r.stdout);
    assert.deepEqual(countByType(fs.filter((f) => catalogOf(f) === 'guardduty')), EXPECTED);
    assert.deepEqual(countByType(fs.filter((f) => catalogOf(f) === 'vigil')), EXPECTED_VIGIL, "Vigil's own detections on the same actions");
    for (const f of fs) {
      assert.equal(f.schemaVersion, '2.0');
      assert.match(f.id, /^[0-9a-f]{32}$/);
      assert.equal(f.resource.resourceType, 'EKSCluster');
      assert.equal(f.resource.eksClusterDetails.name, 'replay');
      assert.equal(f.service.featureName, 'EksAuditLogMonitoring');
      assert.equal(f.service.action?.actionType, 'KUBERNETES_API_CALL');
      assert.equal(typeof f.severity, 'number');
      assert.equal(f.service.archived, false);
    }
    const granted = fs.find((f) => f.type === 'Policy:Kubernetes/AnonymousAccessGranted');
    assert.equal(granted?.service.count, 2, 'both anonymous bindings aggregate into one finding');
    const exec = fs.find((f) => f.type === 'Execution:Kubernetes/ExecInKubeSystemPod');
    assert.equal(exec?.service.count, 1, 'ResponseStarted and ResponseComplete of one exec count once');
    assert.equal(exec?.resource.kubernetesDetails.kubernetesWorkloadDetails?.name, 'nginx');
    const priv = fs.find((f) => f.type === 'PrivilegeEscalation:Kubernetes/PrivilegedContainer');
    assert.equal(priv?.resource.kubernetesDetails.kubernetesWorkloadDetails?.containers?.[0]?.securityContext?.privileged, true);
    assert.match(r.stderr, /450 event\(s\) read/);
    assert.match(r.stderr, new RegExp(`findings: ${Object.keys(EXPECTED_ALL).length}`));
  });

  test('ordinary cluster traffic raises nothing', async () => {
    const r = await runVigil(['replay', '--audit', ORDINARY, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(findings(r.stdout), []);
    assert.match(r.stderr, /0 rejected/);
  });

  test('a malformed line is reported with its line number and the rest of the file is judged', async () => {
    const lines = readFileSync(WORKSHOP, 'utf8').split('\n');
    lines.splice(10, 0, '{"kind":"Event", truncated');
    lines.splice(20, 0, '{"kind":"Event","apiVersion":"audit.k8s.io/v1","stage":"ResponseComplete"}');
    const file = join(dir, 'damaged.jsonl');
    writeFileSync(file, lines.join('\n'));
    const r = await runVigil(['replay', '--audit', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(countByType(findings(r.stdout)), EXPECTED_ALL);
    assert.match(r.stderr, /2 rejected/);
    assert.match(r.stderr, /damaged\.jsonl:11: not valid JSON/);
    assert.match(r.stderr, /damaged\.jsonl:21: missing auditID/);
  });

  test('gzip files and whole EventList documents are read too', async () => {
    const gz = join(dir, 'workshop.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(WORKSHOP)));
    const items = readFileSync(WORKSHOP, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
    const doc = join(dir, 'eventlist.json');
    writeFileSync(doc, JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items }, null, 2));
    for (const file of [gz, doc]) {
      const r = await runVigil(['replay', '--audit', file, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(countByType(findings(r.stdout)), EXPECTED_ALL, file);
    }
  });

  test('judged with a threat list and a Tor list, the admin calls raise the IP-based types; a trusted list silences them', async () => {
    const threat = join(dir, 'threat.csv');
    writeFileSync(threat, 'indicator,description\n203.0.113.25,workshop admin address (test)\n');
    const tor = join(dir, 'tor.txt');
    writeFileSync(tor, '# exit nodes\n203.0.113.0/24\n');
    const r = await runVigil(['replay', '--audit', WORKSHOP, '--json', '--threat-list', threat, '--tor-list', tor]);
    assert.equal(r.code, 0, r.stderr);
    const fs = findings(r.stdout);
    const types = new Set(fs.map((f) => f.type));
    for (const t of ['Discovery', 'Impact', 'Persistence', 'CredentialAccess']) {
      assert.ok(types.has(`${t}:Kubernetes/MaliciousIPCaller.Custom`), `${t} custom`);
      assert.ok(types.has(`${t}:Kubernetes/TorIPCaller`), `${t} tor`);
    }
    for (const t of Object.keys(EXPECTED)) assert.ok(types.has(t), `still ${t}`);
    const custom = fs.find((f) => f.type === 'Discovery:Kubernetes/MaliciousIPCaller.Custom');
    assert.deepEqual(custom?.service.evidence?.threatIntelligenceDetails.map((d) => d.threatListName).sort(), ['threat', 'tor-exit-nodes']);
    assert.equal(JSON.parse(custom?.service.additionalInfo.value ?? '{}').threatListName, 'threat');
    const trusted = join(dir, 'trusted.txt');
    writeFileSync(trusted, '203.0.113.25\n');
    const t = await runVigil(['replay', '--audit', WORKSHOP, '--json', '--threat-list', threat, '--tor-list', tor, '--trusted-list', trusted]);
    assert.equal(t.code, 0, t.stderr);
    assert.deepEqual(countByType(findings(t.stdout)), EXPECTED_ALL, 'a trusted IP never produces an IP-based finding');
  });

  test('the runtime half of the workshop recorded by Tracee (both JSON formats) raises exactly the four runtime types', async () => {
    const expected = ['CryptoCurrency:Runtime/BitcoinTool.B!DNS', 'DefenseEvasion:Runtime/FilelessExecution', 'Execution:Runtime/NewBinaryExecuted', 'Execution:Runtime/NewLibraryLoaded'];
    for (const file of ['tracee-workshop.jsonl', 'tracee-workshop-v1beta1.jsonl']) {
      const r = await runVigil(['replay', '--runtime', join(FIXTURES, 'runtime', file), '--format', 'tracee', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const fs = findings(r.stdout);
      assert.deepEqual([...new Set(fs.map((f) => f.type))].sort(), expected, file);
      const bin = fs.find((f) => f.type === 'Execution:Runtime/NewBinaryExecuted');
      assert.equal(bin?.service.runtimeDetails?.process.executablePath, '/usr/bin/curl');
      assert.equal((bin?.service.runtimeDetails?.context?.modifyingProcess as { name?: string } | undefined)?.name, 'dpkg', 'the modifying process is named');
      assert.ok((bin?.service.runtimeDetails?.process.lineage ?? []).length > 0, 'the process lineage is filled');
      const mining = fs.find((f) => f.type === 'CryptoCurrency:Runtime/BitcoinTool.B!DNS');
      assert.equal(mining?.service.action?.dnsRequestAction?.domain, 'us-east.equihash-hub.miningpoolhub.com');
      assert.match(r.stderr, /0 rejected/);
    }
  });

  test('the same attacks seen by Tetragon raise the types Tetragon can see; its ordinary recording raises nothing', async () => {
    const r = await runVigil(['replay', '--runtime', join(FIXTURES, 'runtime', 'tetragon-workshop.jsonl'), '--format', 'tetragon', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const fs = findings(r.stdout);
    // Tetragon exports no DNS query names: BitcoinTool.B!DNS cannot come from it (docs/detections.md).
    assert.deepEqual([...new Set(fs.map((f) => f.type))].sort(), ['DefenseEvasion:Runtime/FilelessExecution', 'Execution:Runtime/NewBinaryExecuted', 'Execution:Runtime/NewLibraryLoaded']);
    assert.equal(fs.find((f) => f.type === 'Execution:Runtime/NewBinaryExecuted')?.service.runtimeDetails?.process.executablePath, '/usr/bin/curl');
    const o = await runVigil(['replay', '--runtime', join(FIXTURES, 'runtime', 'tetragon-ordinary.jsonl'), '--format', 'tetragon', '--json']);
    assert.equal(o.code, 0, o.stderr);
    assert.deepEqual(findings(o.stdout), []);
  });

  test('Falco alerts map onto GuardDuty runtime types where one exists and stay Vigil findings otherwise', async () => {
    const r = await runVigil(['replay', '--runtime', join(FIXTURES, 'runtime', 'falco-workshop.jsonl'), '--format', 'falco', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const fs = findings(r.stdout);
    const types = new Set(fs.map((f) => f.type));
    for (const t of ['Execution:Runtime/NewBinaryExecuted', 'DefenseEvasion:Runtime/FilelessExecution', 'CryptoCurrency:Runtime/BitcoinTool.B']) assert.ok(types.has(t), t);
    for (const f of fs) {
      const catalog = catalogOf(f);
      assert.ok(f.type.startsWith('Behavior:Runtime/FalcoAlert') ? catalog === 'vigil' : catalog === 'guardduty', `${f.type} from catalog ${catalog}`);
    }
    const o = await runVigil(['replay', '--runtime', join(FIXTURES, 'runtime', 'falco-ordinary.jsonl'), '--format', 'falco', '--json']);
    assert.equal(o.code, 0, o.stderr);
    assert.deepEqual([...new Set(findings(o.stdout).map((f) => f.type))], ['Behavior:Runtime/FalcoAlert.Notice'], 'ordinary Falco notices stay low-severity Vigil findings');
  });

  test('ordinary runtime activity (image binaries, cluster and internet DNS, application logs) raises nothing', async () => {
    const r = await runVigil(['replay', '--runtime', join(FIXTURES, 'runtime', 'tracee-ordinary.jsonl'), '--format', 'tracee', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(findings(r.stdout), []);
    const bad = await runVigil(['replay', '--runtime', join(FIXTURES, 'runtime', 'tracee-ordinary.jsonl')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format/);
  });

  test('a missing file is an error that names it; usage errors exit 2', async () => {
    const r = await runVigil(['replay', '--audit', join(dir, 'nope.jsonl')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot read .*nope\.jsonl/);
    const u = await runVigil(['replay']);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /--audit/);
  });
});
