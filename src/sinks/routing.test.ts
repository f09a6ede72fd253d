import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRoute, minSeverityValue, typePatternProblem } from './routing.js';
import { auditFinding } from './testing/findings.js';

test('no criteria: every finding', () => {
  assert.ok(buildRoute()(auditFinding({ severity: 1 })));
});

test('minSeverity: a number, or a label meaning the bottom of its range', () => {
  assert.equal(minSeverityValue('medium'), 4);
  assert.equal(minSeverityValue('critical'), 9);
  const high = buildRoute({ minSeverity: 'high' });
  assert.deepEqual([6.9, 7, 8, 9].map((severity) => high(auditFinding({ severity }))), [false, true, true, true]);
  const five = buildRoute({ minSeverity: 5 });
  assert.deepEqual([4.9, 5].map((severity) => five(auditFinding({ severity }))), [false, true]);
});

test('types: exact names or prefixes ending in *', () => {
  const r = buildRoute({ types: ['Execution:*', 'PrivilegeEscalation:Kubernetes/PrivilegedContainer'] });
  assert.ok(r(auditFinding({ type: 'Execution:Kubernetes/ExecInKubeSystemPod' })));
  assert.ok(r(auditFinding({ type: 'PrivilegeEscalation:Kubernetes/PrivilegedContainer' })));
  assert.ok(!r(auditFinding({ type: 'PrivilegeEscalation:Kubernetes/PrivilegedContainerX' })));
  assert.ok(!r(auditFinding({ type: 'Discovery:Kubernetes/SuccessfulAnonymousAccess' })));
  assert.equal(typePatternProblem('Exec*ution'), 'may contain * only at the end');
  assert.throws(() => buildRoute({ types: ['*foo'] }), /only at the end/);
});

test('clusters and all criteria together', () => {
  const r = buildRoute({ minSeverity: 'medium', types: ['Execution:*'], clusters: ['prod', 'stage'] });
  assert.ok(r(auditFinding({ cluster: 'prod', severity: 5 })));
  assert.ok(!r(auditFinding({ cluster: 'dev', severity: 5 })));
  assert.ok(!r(auditFinding({ cluster: 'prod', severity: 2 })));
  assert.ok(!r(auditFinding({ cluster: 'stage', severity: 8, type: 'Policy:Kubernetes/AdminAccessToDefaultServiceAccount' })));
});
