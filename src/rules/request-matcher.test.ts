import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileMatcher, indexKeys, validatePattern, type RequestFacts } from './request-matcher.js';

function req(verb: string, resource: string, subresource = '', username = 'alice'): RequestFacts {
  return { verb, nonResource: false, path: '/api/v1/x', target: { resource, subresource }, user: { username } };
}
function url(verb: string, path: string, username = 'system:anonymous'): RequestFacts {
  return { verb, nonResource: true, path, target: { resource: '', subresource: '' }, user: { username } };
}

test('a bare resource matches only the main resource, not its subresources', () => {
  const m = compileMatcher({ resources: ['pods'] });
  assert.equal(m.matches(req('create', 'pods')), true);
  assert.equal(m.matches(req('create', 'pods', 'exec')), false);
  assert.equal(m.matches(req('create', 'services')), false);
});

test('resource/subresource and resource/* patterns', () => {
  assert.equal(compileMatcher({ resources: ['pods/exec'] }).matches(req('get', 'pods', 'exec')), true);
  assert.equal(compileMatcher({ resources: ['pods/exec'] }).matches(req('get', 'pods', 'attach')), false);
  assert.equal(compileMatcher({ resources: ['pods/*'] }).matches(req('get', 'pods', 'log')), true);
  assert.equal(compileMatcher({ resources: ['pods/*'] }).matches(req('get', 'pods')), false);
  assert.equal(compileMatcher({ resources: ['*/scale'] }).matches(req('patch', 'deployments', 'scale')), true);
  assert.equal(compileMatcher({ resources: ['*'] }).matches(req('patch', 'deployments', 'status')), true);
});

test('verbs and users narrow the match', () => {
  const m = compileMatcher({ verbs: ['create', 'get'], resources: ['pods/exec'], users: ['system:anonymous'] });
  assert.equal(m.matches(req('get', 'pods', 'exec', 'system:anonymous')), true);
  assert.equal(m.matches(req('delete', 'pods', 'exec', 'system:anonymous')), false);
  assert.equal(m.matches(req('get', 'pods', 'exec', 'bob')), false);
});

test('non-resource URLs: exact and trailing-star prefix; resource patterns never match them', () => {
  const m = compileMatcher({ nonResourceURLs: ['/api', '/healthz*'] });
  assert.equal(m.matches(url('get', '/api')), true);
  assert.equal(m.matches(url('get', '/api/v1')), false);
  assert.equal(m.matches(url('get', '/healthz/etcd')), true);
  assert.equal(compileMatcher({ resources: ['*'] }).matches(url('get', '/api')), false);
  assert.equal(compileMatcher({ verbs: ['get'] }).matches(url('get', '/api')), true);
});

test('index keys', () => {
  assert.deepEqual(indexKeys({ resources: ['pods/exec', 'pods/attach', 'services'] }), { resources: ['pods', 'services'], users: null, codes: null, listedSource: false, impersonated: false, nonResourceOnly: false });
  assert.deepEqual(indexKeys({ verbs: ['get'] }).resources, null);
  assert.deepEqual(indexKeys({ resources: ['*'] }).resources, null);
  assert.deepEqual(indexKeys({ users: ['system:anonymous'] }).users, ['system:anonymous']);
  assert.equal(indexKeys({ nonResourceURLs: ['/api'] }).nonResourceOnly, true);
});

test('pattern validation reports misplaced wildcards', () => {
  assert.deepEqual(validatePattern({ nonResourceURLs: ['/a*b'] }).length, 1);
  assert.deepEqual(validatePattern({ nonResourceURLs: ['api'] }).length, 1);
  assert.deepEqual(validatePattern({ resources: ['a/b/c'] }).length, 1);
  assert.deepEqual(validatePattern({ resources: ['pods/exec'], nonResourceURLs: ['/api*'] }), []);
});

test('codes, listed source IPs and impersonation narrow the match and index the rule', () => {
  const base = { ...req('get', 'secrets'), response: { code: 403 }, intel: { ip: '' }, impersonatedUser: null };
  assert.equal(compileMatcher({ codes: [401, 403] }).matches(base), true);
  assert.equal(compileMatcher({ codes: [401] }).matches(base), false);
  assert.equal(compileMatcher({ listedSource: true }).matches(base), false);
  assert.equal(compileMatcher({ listedSource: true }).matches({ ...base, intel: { ip: '198.51.100.7' } }), true);
  assert.equal(compileMatcher({ impersonated: true }).matches(base), false);
  assert.equal(compileMatcher({ impersonated: true }).matches({ ...base, impersonatedUser: { username: 'system:admin' } }), true);
  assert.deepEqual(indexKeys({ codes: [401, 403] }).codes, [401, 403]);
  assert.equal(indexKeys({ listedSource: true }).listedSource, true);
});
