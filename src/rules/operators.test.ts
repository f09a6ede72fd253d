import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileComparison } from './operators.js';

test('each operator', () => {
  assert.equal(compileComparison('equals', ['a', 'b'])('b'), true);
  assert.equal(compileComparison('equals', ['a'])('A'), false);
  assert.equal(compileComparison('startswith', ['system:'])('system:node:x'), true);
  assert.equal(compileComparison('endswith', ['.sock'])('/run/containerd/containerd.sock'), true);
  assert.equal(compileComparison('contains', ['dashboard'])('kubernetes-dashboard-web'), true);
  assert.equal(compileComparison('glob', ['registry.k8s.io/*:v1.*'])('registry.k8s.io/kube-proxy:v1.30.2'), true);
  assert.equal(compileComparison('glob', ['a?c'])('abc'), true);
  assert.equal(compileComparison('glob', ['a.c'])('abc'), false, 'dots are literal');
  assert.equal(compileComparison('cidr', ['10.0.0.0/8', '2001:db8::/32'])('10.2.3.4'), true);
  assert.equal(compileComparison('cidr', ['10.0.0.0/8'])('11.0.0.1'), false);
  assert.throws(() => compileComparison('cidr', ['nope']));
});
