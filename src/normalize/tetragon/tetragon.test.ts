import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuntimeEvent } from '../../core/runtime-event.js';
import { CONTAINER, EXEC_ID, NODE, PARENT_EXEC_ID, POD_UID, kprobe, tetragonEvent, tetragonProcess } from './tetragon-events.js';
import { isTetragonEvent, normalizeTetragonEvent } from './tetragon.js';

function ok(raw: unknown, node?: string): RuntimeEvent {
  const r = normalizeTetragonEvent(raw, 'prod-eu', node);
  assert.ok(r.ok, JSON.stringify(r));
  return r.event;
}

function notOk(raw: unknown): { code: string; skip: boolean } {
  const r = normalizeTetragonEvent(raw, 'prod-eu');
  assert.equal(r.ok, false, JSON.stringify(raw));
  return r.ok ? { code: '', skip: false } : { code: r.code, skip: r.skip ?? false };
}

test('process_exec: process, parent, container, pod, node, time and the executed file', () => {
  const raw = tetragonEvent('process_exec', {}, { time: '2026-03-02T10:15:30.118210334Z' });
  const e = ok(raw);
  assert.equal(e.kind, 'runtime');
  assert.equal(e.eventType, 'process_exec');
  assert.equal(e.sensor, 'tetragon');
  assert.equal(e.sensorEvent, 'process_exec');
  assert.equal(e.cluster, 'prod-eu');
  assert.equal(e.node, NODE);
  assert.equal(e.time, Date.parse('2026-03-02T10:15:30.118Z'));
  assert.equal(e.timestamp, '2026-03-02T10:15:30.118210334Z');
  const p = e.process;
  assert.equal(p.hostPid, 40417);
  assert.equal(p.pid, 57);
  assert.equal(p.executablePath, '/usr/bin/curl');
  assert.equal(p.name, 'curl');
  // Tetragon does not export argv[0]: the binary's base name stands in for it.
  assert.deepEqual(p.args, ['curl', '-s', '-o', '/dev/null', 'http://files.example.org/a b']);
  assert.equal(p.uid, 0);
  assert.equal(p.euid, 0);
  assert.equal(p.pwd, '/srv');
  assert.equal(p.startTime, Date.parse('2026-03-02T10:15:30.118Z'));
  assert.equal(p.uniqueId, EXEC_ID);
  assert.equal(p.parentUniqueId, PARENT_EXEC_ID);
  assert.equal(p.parentPath, '/usr/bin/bash');
  assert.equal(p.parentName, 'bash');
  assert.equal(p.hostPpid, 40411);
  assert.equal(p.ppid, 51);
  assert.deepEqual(e.container, {
    id: CONTAINER,
    name: 'ledger',
    image: 'registry.example/ledger:3.2.1',
    imageId: 'registry.example/ledger@sha256:9b1e4c2a7d3f5e6b8a0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a',
    startedAt: Date.parse('2026-03-02T09:58:11Z'),
  });
  assert.deepEqual(e.pod, { name: 'ledger-6d8f7b9c5-q2w7x', namespace: 'payments', uid: POD_UID });
  assert.equal(e.file.path, '/usr/bin/curl');
  assert.deepEqual(e.file.flags, []);
  assert.equal(e.dedupeKey, `tetragon|${NODE}|${EXEC_ID}|2026-03-02T10:15:30.118210334Z|process_exec|/usr/bin/curl`);
  // The same line judged twice has the same key; the exit of the same process does not.
  assert.equal(ok(raw).dedupeKey, e.dedupeKey);
  const exit = ok({ ...tetragonEvent('process_exit', { status: 0 }), time: raw.time });
  assert.notEqual(exit.dedupeKey, e.dedupeKey);
});

test('process_exit; node from the argument when the line has no node_name; credentials; host processes', () => {
  const exit = ok({ ...tetragonEvent('process_exit', { signal: 'SIGKILL', status: 0 }), node_name: undefined }, 'node-from-transport');
  assert.equal(exit.eventType, 'process_exit');
  assert.equal(exit.node, 'node-from-transport');
  assert.equal(exit.file.path, '');
  const creds = ok(tetragonEvent('process_exec', { process: tetragonProcess({ uid: 0, process_credentials: { uid: 1000, gid: 1000, euid: 0, egid: 1000 } }) }));
  assert.equal(creds.process.uid, 1000);
  assert.equal(creds.process.euid, 0);
  const host = ok(tetragonEvent('process_exec', { process: tetragonProcess({ pod: undefined, docker: undefined, binary: '/usr/bin/kubelet', arguments: '' }), parent: undefined }));
  assert.equal(host.container.id, '');
  assert.deepEqual(host.pod, { name: '', namespace: '', uid: '' });
  assert.deepEqual(host.process.args, ['kubelet']);
  assert.equal(host.process.parentPath, '');
});

test('container ids: containerd://, cri-o://, docker://, bare, and the 31-character docker field', () => {
  const withId = (id: string | undefined, docker: string | undefined) => {
    const proc = tetragonProcess({ docker });
    const pod = proc.pod as Record<string, unknown>;
    proc.pod = { ...pod, container: { ...(pod.container as Record<string, unknown>), id } };
    return ok(tetragonEvent('process_exec', { process: proc })).container.id;
  };
  assert.equal(withId(`containerd://${CONTAINER}`, CONTAINER.slice(0, 31)), CONTAINER);
  assert.equal(withId(`cri-o://${CONTAINER}`, undefined), CONTAINER);
  assert.equal(withId(`docker://${CONTAINER.toUpperCase()}`, undefined), CONTAINER);
  assert.equal(withId(CONTAINER, undefined), CONTAINER);
  // Without the full id, the 31-character prefix is the best Tetragon gives (sameContainer matches prefixes).
  assert.equal(withId(undefined, CONTAINER.slice(0, 31)), CONTAINER.slice(0, 31));
  assert.equal(withId('containerd://not-hex', CONTAINER.slice(0, 31)), CONTAINER.slice(0, 31));
  assert.equal(withId(undefined, undefined), '');
});

test('exec of a memfd, a deleted file or /dev/shm: file.path is fileless; privilege changes are kept', () => {
  const memfd = ok(tetragonEvent('process_exec', { process: tetragonProcess({ binary: '/proc/self/fd/3', arguments: '', binary_properties: { file: { inode: { number: '45021', links: 0 } } } }) }));
  assert.equal(memfd.file.path, '/proc/self/fd/3');
  assert.equal(memfd.process.name, '3');
  assert.deepEqual(memfd.process.args, ['3']);
  const deleted = ok(tetragonEvent('process_exec', { process: tetragonProcess({ binary: '/tmp/.x/payload', binary_properties: { file: { inode: { number: '4991635', links: 0 } } } }) }));
  assert.equal(deleted.file.path, '/tmp/.x/payload (deleted)');
  assert.equal(deleted.process.executablePath, '/tmp/.x/payload');
  const execveat = ok(tetragonEvent('process_exec', { process: tetragonProcess({ binary: '/dev/fd/4', binary_properties: { file: { inode: { number: '77' } } } }) }));
  assert.equal(execveat.file.path, '/dev/fd/4 (deleted)');
  const shm = ok(tetragonEvent('process_exec', { process: tetragonProcess({ binary: '/dev/shm/x' }) }));
  assert.equal(shm.file.path, '/dev/shm/x');
  const linked = ok(tetragonEvent('process_exec', { process: tetragonProcess({ binary_properties: null }) }));
  assert.equal(linked.file.path, '/usr/bin/curl');
  const sudo = ok(tetragonEvent('process_exec', { process: tetragonProcess({ binary: '/usr/bin/sudo', binary_properties: { setuid: 0, privileges_changed: ['PRIVILEGES_RAISED_EXEC_FILE_SETUID'] } }) }));
  assert.deepEqual(sudo.file.flags, ['PRIVILEGES_RAISED_EXEC_FILE_SETUID']);
  assert.equal(sudo.file.path, '/usr/bin/sudo');
});

test('rejects: not an object, no event key, two event keys, bad time, no process, no function name', () => {
  for (const bad of [null, 'x', 5, [], [{ process_exec: {} }]]) assert.deepEqual(notOk(bad), { code: 'not_object', skip: false });
  assert.deepEqual(notOk({}), { code: 'not_tetragon', skip: false });
  assert.deepEqual(notOk({ node_name: NODE, time: '2026-03-02T10:15:30Z' }), { code: 'not_tetragon', skip: false });
  assert.deepEqual(notOk({ process_exec: 'x', node_name: NODE, time: '2026-03-02T10:15:30Z' }), { code: 'not_tetragon', skip: false });
  const both = { ...tetragonEvent('process_exec'), process_exit: { process: tetragonProcess() } };
  assert.deepEqual(notOk(both), { code: 'ambiguous_event', skip: false });
  assert.deepEqual(notOk({ ...tetragonEvent('process_exec'), time: undefined }), { code: 'bad_timestamp', skip: false });
  assert.deepEqual(notOk({ ...tetragonEvent('process_exec'), time: 'never' }), { code: 'bad_timestamp', skip: false });
  assert.deepEqual(notOk({ ...tetragonEvent('process_exec'), time: '' }), { code: 'bad_timestamp', skip: false });
  assert.deepEqual(notOk({ process_exec: { parent: {} }, node_name: NODE, time: '2026-03-02T10:15:30Z' }), { code: 'no_process', skip: false });
  assert.deepEqual(notOk(kprobe('', [])), { code: 'no_function', skip: false });
  assert.deepEqual(notOk(tetragonEvent('process_tracepoint', { args: [] })), { code: 'no_function', skip: false });
});

test('skips: loader, throttle, rate-limit and other unused events, hooks Vigil does not read', () => {
  const time = '2026-03-02T10:15:30Z';
  assert.deepEqual(notOk({ process_loader: { process: tetragonProcess(), path: '/usr/lib/x86_64-linux-gnu/libssl.so.3', buildid: 'q83vEjRWeJA=' }, node_name: NODE, time }), { code: 'unused_event', skip: true });
  assert.deepEqual(notOk({ process_throttle: { type: 'THROTTLE_START', cgroup: 'cri-containerd-3f1c9d0e.scope' }, node_name: NODE, time }), { code: 'unused_event', skip: true });
  assert.deepEqual(notOk({ rate_limit_info: { number_of_dropped_process_events: '1204' }, node_name: NODE, time }), { code: 'unused_event', skip: true });
  assert.deepEqual(notOk({ rate_limit_info: { number_of_dropped_process_events: '3' }, node_name: NODE }), { code: 'unused_event', skip: true });
  assert.deepEqual(notOk(tetragonEvent('process_uprobe', { path: '/usr/bin/bash', symbol: 'readline' })), { code: 'unused_event', skip: true });
  assert.deepEqual(notOk(kprobe('tcp_close', [{ sock_arg: { family: 'AF_INET', daddr: '10.0.0.1', dport: 80 } }])), { code: 'unused_event', skip: true });
  assert.deepEqual(notOk(tetragonEvent('process_tracepoint', { subsys: 'sched', event: 'sched_switch', args: [] })), { code: 'unused_event', skip: true });
  assert.deepEqual(notOk(tetragonEvent('process_tracepoint', { subsys: 'syscalls', event: 'sys_exit_ptrace', args: [{ long_arg: '0' }] })), { code: 'unused_event', skip: true });
});

test('isTetragonEvent tells Tetragon lines from other sensors', () => {
  assert.ok(isTetragonEvent(tetragonEvent('process_exec')));
  assert.ok(isTetragonEvent(kprobe('tcp_connect', [])));
  assert.ok(isTetragonEvent({ rate_limit_info: { number_of_dropped_process_events: '3' } }));
  assert.ok(!isTetragonEvent({ eventName: 'sched_process_exec', timestamp: 1 }));
  assert.ok(!isTetragonEvent({ output: 'x', rule: 'Terminal shell in container', output_fields: {} }));
  assert.ok(!isTetragonEvent(null));
  assert.ok(!isTetragonEvent({ process_exec: 'x' }));
});
