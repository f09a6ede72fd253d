// Entity forms: service-account ids in both spellings, and what a finding is about.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestFinding } from '../store/store.conformance.js';
import { entityRefs, findingEntities, serviceAccountUsername } from './entities.js';

test('a service account id is NAMESPACE/NAME or its username; anything else is refused', () => {
  assert.equal(serviceAccountUsername('shop/deployer'), 'system:serviceaccount:shop:deployer');
  assert.equal(serviceAccountUsername('system:serviceaccount:shop:deployer'), 'system:serviceaccount:shop:deployer');
  for (const bad of ['deployer', 'a/b/c', 'system:serviceaccount:shop', 'system:serviceaccount:a:b:c', 'shop/', '/x', 'a:b/c']) {
    assert.equal(serviceAccountUsername(bad), null, bad);
  }
});

test('an audit finding: actor, namespace, workload and pod, images, source IP and user agent', () => {
  const e = findingEntities(buildTestFinding({ username: 'alice', sourceIp: '203.0.113.1' }));
  assert.deepEqual(e, {
    actor: 'alice', namespace: 'kube-system', workload: 'pods/kube-system/coredns-5d78c9869d-abcde', pod: 'kube-system/coredns-5d78c9869d-abcde',
    images: ['coredns/coredns:1.10.1'], sourceIps: ['203.0.113.1'], userAgent: 'kubectl/v1.29.0 (linux/amd64) kubernetes/abcdef0',
  });
  assert.deepEqual(entityRefs(e).map((r) => r.kind), ['actor', 'workload', 'pod', 'image', 'ip']);
});

test('a runtime finding names its node; unreadable additionalInfo names none', () => {
  const f = buildTestFinding({ namespace: null });
  f.service.featureName = 'RuntimeMonitoring';
  f.service.additionalInfo = { value: '{"node":"node-7"}', type: 'default' };
  assert.equal(findingEntities(f).node, 'node-7');
  assert.equal(findingEntities(f).workload, undefined);
  f.service.additionalInfo = { value: '{not json', type: 'default' };
  assert.equal(findingEntities(f).node, undefined);
});
