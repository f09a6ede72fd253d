import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DETECTORS } from '../detect/registry.js';
import { normalizeAuditEvent } from '../normalize/k8s-audit/audit-event.js';
import { auditEvent } from '../testing/audit-events.js';
import { loadRulesFromSources } from './load.js';
import { assessSeverity } from './severity-modifiers.js';

const SRC = `rules:
  - id: own
    type: Execution:Kubernetes/Mine
    severity: 5
    title: t
    description: d
    condition: "true"
  - id: gd
    type: Execution:Kubernetes/ExecInKubeSystemPod
    catalog: guardduty
    severity: 5
    title: t
    description: d
    condition: "true"
severityModifiers:
  - id: anon
    when: user.username == "system:anonymous"
    raise: 2
    reason: "anonymous caller from {{sourceIp}}"
  - id: kube-system
    when: target.namespace == "kube-system"
    raise: 2
    reason: kube-system target
`;

function event(over: Record<string, unknown>) {
  const r = normalizeAuditEvent(auditEvent(over), 'c');
  assert.ok(r.ok);
  return r.event;
}

test('modifiers raise Vigil rules, capped at 8, and always say why', () => {
  const rs = loadRulesFromSources([{ file: 's.yaml', src: SRC }], DETECTORS);
  assert.deepEqual(rs.diagnostics, []);
  const [own, gd] = rs.rules;
  assert.ok(own && gd);
  const e = event({ user: { username: 'system:anonymous', groups: ['system:unauthenticated'] }, sourceIPs: ['198.51.100.9'], objectRef: { resource: 'pods', namespace: 'kube-system' } });
  assert.deepEqual(assessSeverity(own, e, rs.severityModifiers), { severity: 8, reasons: ['anonymous caller from 198.51.100.9', 'kube-system target'] });
  const gdr = assessSeverity(gd, e, rs.severityModifiers);
  assert.equal(gdr.severity, 5, 'GuardDuty types keep their severity');
  assert.equal(gdr.reasons.length, 2);
  assert.deepEqual(assessSeverity(own, event({}), rs.severityModifiers), { severity: 5, reasons: [] });
});

test('bad modifiers are load errors', () => {
  const rs = loadRulesFromSources([{ file: 's.yaml', src: 'severityModifiers:\n  - id: x\n    when: nope\n    raise: 1\n    reason: r\n  - id: y\n    when: "true"\n    raise: 9\n    reason: r\n' }], DETECTORS);
  assert.deepEqual(rs.diagnostics.map((d) => d.code).sort(), ['RULE_BAD_VALUE', 'RULE_CEL_TYPE']);
});
