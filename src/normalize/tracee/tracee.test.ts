import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dns, exec } from '../../testing/tracee-events.js';
import { normalizeTraceeEvent } from './tracee.js';

test('v0.24 exec: process, container, pod and exec arguments', () => {
  const r = normalizeTraceeEvent(exec('/usr/bin/curl', ['curl', '-s', 'http://example.org'], 1_795_000_000_000_000_000), 'c1', 'node-1');
  assert.ok(r.ok);
  const e = r.event;
  assert.equal(e.eventType, 'process_exec');
  assert.equal(e.sensor, 'tracee');
  assert.equal(e.node, 'node-1');
  assert.equal(e.container.id.length, 64);
  assert.equal(e.container.image, 'ubuntu');
  assert.deepEqual(e.pod, { name: 'crypto', namespace: 'other', uid: '5d6f0d3e-8b7a-4c21-9e44-2f1c3b5a7d90' });
  assert.equal(e.process.executablePath, '/usr/bin/curl');
  assert.deepEqual(e.process.args, ['curl', '-s', 'http://example.org']);
  assert.equal(e.file.ctime, 1_795_000_000_000);
  assert.equal(e.process.hostPid, 31042);
});

test('v1beta1 events: typed data values, workload block, RFC 3339 time', () => {
  const raw = {
    timestamp: '2026-03-14T09:27:00.001234567Z',
    id: 2007,
    name: 'net_packet_dns_request',
    workload: {
      process: { pid: 61, host_pid: 423099, unique_id: 77, real_user: { id: 0 }, executable: { path: '/usr/bin/curl' }, thread: { name: 'curl', start_time: '2026-03-14T09:26:59Z' }, ancestors: [{ pid: 60, host_pid: 423098, unique_id: 76, executable: { path: '/usr/bin/bash' }, thread: { name: 'bash' } }] },
      container: { id: 'containerd://3F1C9D0E5B7A4C2E8F6D1A0B9C8E7D6F5A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D', name: 'app', image: { name: 'registry.example/app:1.4', id: 'sha256:abc' }, started: true },
      k8s: { pod: { name: 'app-7d9f', uid: 'u-1' }, namespace: { name: 'prod' } },
    },
    data: [
      { name: 'metadata', packet_metadata: { src_ip: '10.244.1.7', dst_ip: '10.96.0.10', src_port: 41234, dst_port: 53, protocol: 17 } },
      { name: 'dns_questions', dns_questions: { questions: [{ query: 'Pool.Example.NET.', query_type: 'A', query_class: 'IN' }] } },
    ],
  };
  const r = normalizeTraceeEvent(raw, 'c1');
  assert.ok(r.ok);
  const e = r.event;
  assert.equal(e.eventType, 'dns_request');
  assert.equal(e.dns.query, 'pool.example.net');
  assert.equal(e.dns.resolver, '10.96.0.10');
  assert.equal(e.container.id, '3f1c9d0e5b7a4c2e8f6d1a0b9c8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d');
  assert.equal(e.process.parentUniqueId, '76');
  assert.equal(e.process.parentName, 'bash');
  assert.equal(e.time, Date.parse('2026-03-14T09:27:00.001Z'));
});

test('file opens for writing become file_write; unused events are skipped; garbage is rejected', () => {
  const open = dns('x');
  open.eventName = 'security_file_open';
  open.args = [{ name: 'pathname', type: 'const char*', value: '/var/log/app.log' }, { name: 'flags', type: 'int', value: 'O_WRONLY|O_APPEND' }];
  const w = normalizeTraceeEvent(open, 'c');
  assert.ok(w.ok);
  assert.equal(w.event.eventType, 'file_write');
  const other = normalizeTraceeEvent({ ...dns('x'), eventName: 'cgroup_mkdir' }, 'c');
  assert.equal(other.ok, false);
  if (!other.ok) assert.equal(other.skip, true);
  for (const bad of [null, 'x', {}, { eventName: 'sched_process_exec' }, { eventName: 'sched_process_exec', timestamp: 'never' }]) {
    const r = normalizeTraceeEvent(bad, 'c');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.skip ?? false, false, JSON.stringify(bad));
  }
});
