import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTailConfig } from './config.js';

test('tail specs: format defaults to k8s-audit; every problem is named with its position', () => {
  assert.deepEqual(parseTailConfig([{ path: '/var/log/audit.log', cluster: 'prod' }]), { specs: [{ path: '/var/log/audit.log', cluster: 'prod', format: 'k8s-audit' }], errors: [] });
  assert.deepEqual(parseTailConfig(undefined), { specs: [], errors: [] });
  const bad = parseTailConfig([{ path: '', cluster: 'a', format: 'syslog', extra: 1 }, 'x', { path: '/a', cluster: 'b' }, { path: '/a', cluster: 'c' }]);
  assert.deepEqual(bad.specs, []);
  assert.deepEqual(bad.errors, [
    'unknown key tail[0].extra',
    'tail[0].path must be a file path',
    'tail[0].format must be one of k8s-audit, tracee, tetragon, falco',
    'tail[1] must be a mapping with path and cluster',
    'tail[3].path /a is tailed twice',
  ]);
  assert.deepEqual(parseTailConfig({ path: '/a' }).errors, ['tail must be a list of {path, cluster, format}']);
});
