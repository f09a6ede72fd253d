import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanPath, pathWithin } from './path-within.js';

const ROOTS = ['/', '/etc', '/var/run/docker.sock', '/var/lib/kubelet'];

test('exact and nested paths match their root', () => {
  assert.equal(pathWithin('/etc', ROOTS), true);
  assert.equal(pathWithin('/etc/kubernetes/pki', ROOTS), true);
  assert.equal(pathWithin('/var/run/docker.sock', ROOTS), true);
  assert.equal(pathWithin('/var/lib/kubelet/pods', ROOTS), true);
});

test('"/" matches only the root itself', () => {
  assert.equal(pathWithin('/', ROOTS), true);
  assert.equal(pathWithin('/opt/data', ROOTS), false);
  assert.equal(pathWithin('/var/lib/app', ROOTS), false);
});

test('a shared prefix is not containment', () => {
  assert.equal(pathWithin('/etcetera', ROOTS), false);
  assert.equal(pathWithin('/var/lib/kubelet-plugins', ROOTS), false);
});

test('equivalent spellings are cleaned before comparing', () => {
  assert.equal(cleanPath('//etc//ssl/./certs/'), '/etc/ssl/certs');
  assert.equal(pathWithin('/etc/', ROOTS), true);
  assert.equal(pathWithin('//var/run//docker.sock', ROOTS), true);
  assert.equal(pathWithin('/./', ROOTS), true);
});
