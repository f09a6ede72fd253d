import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NODE, containerFields, falcoAlert, sidekickAlert } from './falco-test-alerts.js';
import { falcoPriority, falcoTime, isFalcoEvent, normalizeFalcoEvent } from './falco.js';

function ok(raw: unknown, node?: string) {
  const r = normalizeFalcoEvent(raw, 'c1', node);
  assert.ok(r.ok, JSON.stringify(r));
  return r.event;
}

test('an exec alert: sensor_alert with the rule, priority, container, pod, image and process', () => {
  const e = ok(falcoAlert('Drop and execute new binary in container', 'Critical', containerFields({ 'proc.vpid': 20, 'proc.pvpid': 0, 'proc.cwd': '/', 'container.start_ts': 1771321262384719000 })));
  assert.equal(e.kind, 'runtime');
  assert.equal(e.eventType, 'sensor_alert');
  assert.equal(e.sensor, 'falco');
  assert.equal(e.sensorEvent, 'execve');
  assert.equal(e.cluster, 'c1');
  assert.equal(e.node, NODE);
  assert.deepEqual(e.alert, { rule: 'Drop and execute new binary in container', priority: 'critical', output: '09:42:38.116160000: Critical test alert for Drop and execute new binary in container' });
  assert.equal(e.time, Date.UTC(2026, 1, 17, 9, 42, 38, 116));
  assert.equal(e.timestamp, '2026-02-17T09:42:38.116160000Z');
  assert.deepEqual(e.container, { id: '70d15473d801', name: 'crypto', image: 'docker.io/library/ubuntu:latest', imageId: '', startedAt: 1771321262384 });
  assert.deepEqual(e.pod, { name: 'crypto', namespace: 'other', uid: '' });
  assert.equal(e.process.name, 'curl');
  assert.equal(e.process.executablePath, '/usr/bin/curl');
  assert.deepEqual(e.process.args, ['curl', '-s', '-o', '/dev/null', 'http://example.org']);
  assert.equal(e.process.hostPid, 32059);
  assert.equal(e.process.pid, 20);
  assert.equal(e.process.hostPpid, 32056);
  assert.equal(e.process.parentName, 'bash');
  assert.equal(e.process.uid, 0);
  assert.equal(e.process.pwd, '/');
  assert.equal(e.file.path, '');
  assert.equal(e.network.remoteIp, '');
  assert.equal(e.dedupeKey, `falco|${NODE}|1771321358.116160000|Drop and execute new binary in container|32059`);
});

test('falcosidekick payload: same event and the same dedupe key as Falco\'s own output', () => {
  const direct = ok(falcoAlert('Terminal shell in container', 'Notice'));
  const viaSidekick = ok(sidekickAlert('Terminal shell in container', 'Notice'));
  assert.equal(viaSidekick.dedupeKey, direct.dedupeKey);
  assert.equal(viaSidekick.time, direct.time);
  assert.equal(viaSidekick.alert.priority, 'notice');
  assert.equal(viaSidekick.timestamp, '2026-02-17T09:42:38.11616Z');
  // hostname is omitempty in sidekick's payload: the transport's node name is used instead
  const { hostname: _h, ...noHost } = sidekickAlert('Terminal shell in container', 'Notice');
  assert.equal(ok(noHost, 'node-7').node, 'node-7');
});

test('file facts: fd.name when the fd is a file, open flags, chmod filename, symlink target', () => {
  const clear = ok(falcoAlert('Clear Log Activities', 'Warning', containerFields({ 'evt.type': 'openat', 'fd.name': '/var/log/auth.log', 'evt.arg.flags': 'O_TRUNC|O_CREAT|O_WRONLY' })));
  assert.equal(clear.file.path, '/var/log/auth.log');
  assert.deepEqual(clear.file.flags, ['O_TRUNC', 'O_CREAT', 'O_WRONLY']);
  const chmod = ok(falcoAlert('Container Drift Detected (chmod)', 'Error', containerFields({ 'evt.type': 'chmod', 'evt.arg.filename': '/dev/shm/x', 'evt.arg.mode': 'S_IXUSR|S_IRUSR|S_IWUSR' })));
  assert.equal(chmod.file.path, '/dev/shm/x');
  assert.deepEqual(chmod.file.flags, []);
  const link = ok(falcoAlert('Create Symlink Over Sensitive Files', 'Warning', containerFields({ 'evt.type': 'symlinkat', 'evt.arg.target': '/etc/shadow', 'evt.arg.linkpath': '/tmp/s' })));
  assert.deepEqual([link.file.path, link.file.newPath], ['/etc/shadow', '/tmp/s']);
  // a socket's fd.name is not a file
  const sock = ok(falcoAlert('Redirect STDOUT/STDIN to Network Connection in Container', 'Notice', containerFields({ 'evt.type': 'dup2', 'fd.name': '10.1.2.3:41234->198.51.100.7:4444', 'fd.type': 'ipv4' })));
  assert.equal(sock.file.path, '');
});

test('network facts: fd.sip/fd.sport, fd.rip/fd.rport, or the server side of fd.name', () => {
  const redirect = ok(falcoAlert('Redirect STDOUT/STDIN to Network Connection in Container', 'Notice', containerFields({ 'evt.type': 'dup2', 'fd.name': '10.1.2.3:41234->198.51.100.7:4444', 'fd.sip': '198.51.100.7', 'fd.sport': 4444, 'fd.lport': 41234, 'fd.type': 'ipv4' })));
  assert.deepEqual(redirect.network, { protocol: '', remoteIp: '198.51.100.7', remotePort: 4444, localIp: '10.1.2.3', localPort: 41234, family: 'AF_INET' });
  const miner = ok(falcoAlert('Detect outbound connections to common miner pool ports', 'Critical', containerFields({ 'evt.type': 'connect', 'fd.name': '10.1.2.3:50122->104.21.58.179:12026', 'fd.rip': '104.21.58.179', 'fd.rport': 12026, 'fd.l4proto': 'tcp' })));
  assert.equal(miner.network.remoteIp, '104.21.58.179');
  assert.equal(miner.network.remotePort, 12026);
  assert.equal(miner.network.protocol, 'TCP');
  const tupleOnly = ok(falcoAlert('Contact K8S API Server From Container', 'Notice', containerFields({ 'evt.type': 'connect', 'fd.name': '10.1.2.3:50122->10.100.0.1:443' })));
  assert.equal(tupleOnly.network.remoteIp, '10.100.0.1');
  assert.equal(tupleOnly.network.remotePort, 443);
  assert.equal(tupleOnly.network.family, 'AF_INET');
});

test('host events, unresolved values, kernel modules and ptrace targets', () => {
  const host = ok(falcoAlert('PTRACE anti-debug attempt', 'Notice', { 'container.id': 'host', 'container.name': 'host', 'proc.name': 'gdb', 'proc.pid': 901, 'evt.type': 'ptrace', 'evt.arg.pid': 902, 'k8s.pod.name': null, 'user.uid': 1000 }));
  assert.deepEqual(host.container, { id: '', name: '', image: '', imageId: '', startedAt: 0 });
  assert.deepEqual(host.pod, { name: '', namespace: '', uid: '' });
  assert.equal(host.targetProcess.pid, 902);
  assert.equal(host.ptrace.request, '');
  const attach = ok(falcoAlert('PTRACE attached to process', 'Warning', containerFields({ 'evt.type': 'ptrace', 'evt.arg.request': 'PTRACE_ATTACH' })));
  assert.equal(attach.ptrace.request, 'PTRACE_ATTACH');
  const setuid = ok(falcoAlert('Non sudo setuid', 'Notice', containerFields({ 'evt.type': 'setuid', 'evt.arg.uid': 'root' })));
  assert.equal(setuid.setuid.uid, 0);
  assert.equal(ok(falcoAlert('Non sudo setuid', 'Notice', containerFields({ 'evt.type': 'setuid', 'evt.arg.uid': 'nobody', 'evt.rawarg.uid': 65534 }))).setuid.uid, 65534);
  assert.equal(ok(falcoAlert('Non sudo setuid', 'Notice', containerFields({ 'evt.type': 'setuid', 'evt.arg.uid': 'app' }))).setuid.uid, -1);
  assert.equal(host.process.uid, 1000);
  const na = ok(falcoAlert('Terminal shell in container', 'Notice', containerFields({ 'container.image.tag': '<NA>', 'proc.exepath': null, 'proc.exe': 'bash', 'user.uid': 4294967295 })));
  assert.equal(na.container.image, 'docker.io/library/ubuntu');
  const noId = ok(falcoAlert('Terminal shell in container', 'Notice', containerFields({ 'container.id': null })));
  assert.deepEqual([noId.container.id, noId.container.name, noId.pod.name], ['', 'crypto', 'crypto']);
  const full = ok(falcoAlert('Terminal shell in container', 'Notice', containerFields({ 'container.full_id': '70d15473d8012fee8011820109b7f5044f641d60d2f14bcd732c390af3764891', 'k8s.pod.uid': '5b0e3c1a-7d42-4f2e-9a61-3c8d2e7f4b90' })));
  assert.equal(full.container.id, '70d15473d8012fee8011820109b7f5044f641d60d2f14bcd732c390af3764891');
  assert.equal(full.pod.uid, '5b0e3c1a-7d42-4f2e-9a61-3c8d2e7f4b90');
  assert.equal(na.process.executablePath, '');
  assert.equal(na.process.uid, -1);
  const mod = ok(falcoAlert('Linux Kernel Module Injection Detected', 'Warning', containerFields({ 'evt.type': 'finit_module', 'proc.name': 'insmod', 'proc.args': '/tmp/rk/diamorphine.ko', 'proc.cmdline': 'insmod /tmp/rk/diamorphine.ko' })));
  assert.deepEqual(mod.module, { name: 'diamorphine', path: '/tmp/rk/diamorphine.ko' });
});

test('priorities are stored lower-case; time keeps ns precision', () => {
  assert.equal(falcoPriority('Informational'), 'informational');
  assert.equal(falcoPriority('INFO'), 'informational');
  assert.equal(falcoPriority('WARNING'), 'warning');
  assert.equal(falcoPriority('Debug'), 'debug');
  assert.equal(falcoPriority('severe'), null);
  assert.equal(falcoPriority(5), null);
  assert.deepEqual(falcoTime('2026-02-17T09:42:38.116160123Z'), { ms: 1771321358116, key: '1771321358.116160123' });
  assert.deepEqual(falcoTime('2026-02-17T11:42:38.5+02:00'), { ms: 1771321358500, key: '1771321358.500000000' });
  assert.equal(falcoTime('yesterday'), null);
  assert.equal(falcoTime(undefined), null);
});

test('other event sources are skipped; malformed alerts are rejected with stable codes', () => {
  for (const source of ['k8s_audit', 'aws_cloudtrail', 'okta']) {
    const r = normalizeFalcoEvent(falcoAlert('Attach/Exec Pod', 'Notice', { 'ka.user.name': 'alice' }, { source }), 'c');
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual([r.code, r.skip], ['unused_source', true]);
  }
  // an older Falco without `source`: k8s audit fields give it away
  const { source: _s, ...legacy } = falcoAlert('Attach/Exec Pod', 'Notice', { 'ka.verb': 'create' });
  const l = normalizeFalcoEvent(legacy, 'c');
  assert.ok(!l.ok && l.skip === true);
  const { source: _s2, ...legacySyscall } = falcoAlert('Terminal shell in container', 'Notice');
  assert.ok(normalizeFalcoEvent(legacySyscall, 'c').ok);
  const cases: [unknown, string][] = [
    [null, 'not_object'],
    ['x', 'not_object'],
    [[falcoAlert('Terminal shell in container', 'Notice')], 'not_object'],
    [{}, 'missing_rule'],
    [falcoAlert('  ', 'Notice'), 'missing_rule'],
    [falcoAlert('Terminal shell in container', 'Severe'), 'bad_priority'],
    [falcoAlert('Terminal shell in container', 'Notice', containerFields(), { priority: undefined }), 'bad_priority'],
    [falcoAlert('Terminal shell in container', 'Notice', containerFields(), { time: 'never' }), 'bad_timestamp'],
    [falcoAlert('Terminal shell in container', 'Notice', containerFields(), { time: undefined }), 'bad_timestamp'],
  ];
  for (const [raw, code] of cases) {
    const r = normalizeFalcoEvent(raw, 'c');
    assert.equal(r.ok, false, JSON.stringify(raw));
    if (!r.ok) {
      assert.equal(r.code, code, JSON.stringify(raw));
      assert.equal(r.skip ?? false, false);
    }
  }
  // hostile shapes never throw
  for (const raw of [{ rule: 'x', priority: 'Notice', time: '2026-02-17T09:42:38Z', output_fields: [] }, { rule: 'x', priority: 'Notice', time: '2026-02-17T09:42:38Z', output_fields: { 'proc.pid': {}, 'fd.name': 7, 'proc.cmdline': ['a'] } }]) {
    assert.ok(normalizeFalcoEvent(raw, 'c').ok);
  }
});

test('isFalcoEvent: rule and priority strings plus output (or output_fields)', () => {
  assert.equal(isFalcoEvent(falcoAlert('Terminal shell in container', 'Notice')), true);
  assert.equal(isFalcoEvent(sidekickAlert('Terminal shell in container', 'Notice')), true);
  const { output: _o, ...noOutput } = falcoAlert('Terminal shell in container', 'Notice');
  assert.equal(isFalcoEvent(noOutput), true);
  assert.equal(isFalcoEvent({ ...noOutput, output_fields: undefined }), false);
  assert.equal(isFalcoEvent({ eventName: 'sched_process_exec', timestamp: 1 }), false);
  assert.equal(isFalcoEvent({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'get' }), false);
  assert.equal(isFalcoEvent(null), false);
  assert.equal(isFalcoEvent('{"rule":"x"}'), false);
});
