// Hash routes: deep links to a finding, a filtered view, an entity; nothing else is a route.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityHref, findingsHref, parseRoute } from './route.js';
import { processChain } from './process-tree.js';

const ID = '0123456789abcdef0123456789abcdef';

test('hash routes parse into pages with their ids and filters', () => {
  assert.deepEqual(parseRoute(''), { page: 'findings', findingId: null, query: '' });
  assert.deepEqual(parseRoute('#/findings?severity=high'), { page: 'findings', findingId: null, query: 'severity=high' });
  assert.deepEqual(parseRoute(`#/findings/${ID}?type=x`), { page: 'findings', findingId: ID, query: 'type=x' });
  assert.deepEqual(parseRoute(`#/findings/${ID}/investigate`), { page: 'investigate', findingId: ID, query: '' });
  assert.deepEqual(parseRoute('#/dashboard'), { page: 'dashboard', query: '' });
  assert.equal(parseRoute('#/findings/not-an-id').page, 'notfound');
  assert.equal(parseRoute('#/entities/planet/x').page, 'notfound');
  const user = 'system:serviceaccount:default/x y';
  assert.deepEqual(parseRoute(entityHref('serviceaccount', user)), { page: 'entity', kind: 'serviceaccount', id: user, query: '' });
  assert.equal(findingsHref('severity=high', ID), `#/findings/${ID}?severity=high`);
});

test('a process lineage becomes a chain from the oldest ancestor to the process itself', () => {
  const chain = processChain({
    name: 'curl', executablePath: '/usr/bin/curl', uuid: 'c', parentUuid: 'b',
    lineage: [{ name: 'bash', executablePath: '/bin/bash', uuid: 'b', parentUuid: 'a' }, { name: 'containerd-shim', executablePath: '/usr/bin/containerd-shim', uuid: 'a' }],
  });
  assert.deepEqual(chain.map((n) => `${n.name}${n.subject ? '*' : ''}`), ['containerd-shim', 'bash', 'curl*']);
  assert.deepEqual(processChain(undefined), []);
  assert.deepEqual(processChain({ name: 'sh', executablePath: '/bin/sh' }).map((n) => n.name), ['sh']);
});
