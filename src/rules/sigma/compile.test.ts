// Sigma rules through the loader: type and severity mapping, metadata, and every problem reported
// with its code and exact place.

import assert from 'node:assert/strict';
import type { AuditEvent } from '../../core/event.js';
import { test } from 'node:test';
import { FINDING_TYPE_PATTERN } from '../../core/guardduty-types.js';
import { DETECTORS } from '../../detect/registry.js';
import { normalizeAuditEvent } from '../../normalize/k8s-audit/audit-event.js';
import { auditEvent, execEvent } from '../../testing/audit-events.js';
import { loadRulesFromSources } from '../load.js';
import { LEVEL_SEVERITY, camelTitle, findingType, sigmaRuleId, threatPurpose } from './compile.js';
import { isSigmaDocument } from './index.js';

function load(src: string, file = 'sigma/rule.yml', extra: { file: string; src: string }[] = []) {
  return loadRulesFromSources([{ file, src }, ...extra], DETECTORS);
}

function fires(rs: ReturnType<typeof load>, raw: Record<string, unknown>): boolean {
  const n = normalizeAuditEvent(raw, 'test');
  assert.ok(n.ok);
  const r = rs.rules[0];
  assert.ok(r);
  return (r.matcher.matches as (e: AuditEvent) => boolean)(n.event) && r.condition(n.event) === true;
}

const RULE = `title: Shell Exec Into Kube-System Pod
id: 5f0c2a91-7d3e-4b8a-9c61-2e4f8a7b1c03
status: experimental
description: A shell was started inside a kube-system pod.
references:
    - https://example.com/k8s-exec
author: Vigil tests
date: 2025-06-01
tags:
    - attack.execution
    - attack.t1609
    - attack.privilege_escalation
logsource:
    product: kubernetes
    service: audit
detection:
    selection:
        verb: create
        objectRef.subresource: exec
        objectRef.namespace: kube-system
    shell:
        requestURI|contains:
            - '%2Fbin%2Fsh'
            - '%2Fbin%2Fbash'
    filter_ops:
        user.groups: ops-break-glass
    condition: selection and shell and not 1 of filter_*
falsepositives:
    - Break-glass debugging
    - Node problem detector
level: high
custom_field: allowed by the Sigma specification
`;

function shellExec(ns: string, cmd: string, groups = ['system:authenticated']): Record<string, unknown> {
  const e = execEvent(ns, 'coredns-5b9d6c8f4d-q7x2m');
  e.requestURI = `/api/v1/namespaces/${ns}/pods/coredns-5b9d6c8f4d-q7x2m/exec?command=${cmd}&container=coredns&stdin=true&tty=true`;
  e.user = { username: 'alice@example.com', groups };
  return e;
}

test('a Sigma rule loads as a CompiledRule in the sigma catalog', () => {
  const rs = load(RULE);
  assert.deepEqual(rs.diagnostics, []);
  const r = rs.rules[0];
  assert.ok(r);
  assert.equal(r.id, 'sigma-5f0c2a91-7d3e-4b8a-9c61-2e4f8a7b1c03');
  assert.equal(r.catalog, 'sigma');
  assert.equal(r.type, 'Execution:Kubernetes/Sigma.ShellExecIntoKubeSystemPod');
  assert.equal(r.severity, 8);
  assert.deepEqual(r.tags, ['T1609']);
  assert.deepEqual(r.pattern, {});
  assert.equal(r.detector, null);
  assert.equal(r.conditionText, 'selection and shell and not 1 of filter_*');
  assert.deepEqual(r.location, { file: 'sigma/rule.yml', line: 1, col: 1 });
  assert.equal(r.title({}), 'Shell Exec Into Kube-System Pod');
  assert.equal(r.description({}), 'A shell was started inside a kube-system pod.\n\nFalse positives: Break-glass debugging; Node problem detector');
  assert.match(r.notes, /5f0c2a91-7d3e-4b8a-9c61-2e4f8a7b1c03 by Vigil tests/);
  assert.match(r.notes, /https:\/\/example\.com\/k8s-exec/);
  assert.deepEqual(r.aggregateByText, ['user.username', 'target.namespace', 'target.resource', 'target.name']);
  const n = normalizeAuditEvent(shellExec('kube-system', '%2Fbin%2Fsh'), 'test');
  assert.ok(n.ok);
  assert.deepEqual(r.aggregateBy.map((a) => a(n.event)), ['alice@example.com', 'kube-system', 'pods', 'coredns-5b9d6c8f4d-q7x2m']);
});

test('the condition: selections, lists, contains and a negated 1 of', () => {
  const rs = load(RULE);
  assert.equal(fires(rs, shellExec('kube-system', '%2Fbin%2Fsh')), true);
  assert.equal(fires(rs, shellExec('kube-system', '%2fbin%2fbash')), true, 'contains is case-insensitive');
  assert.equal(fires(rs, shellExec('default', '%2Fbin%2Fsh')), false);
  assert.equal(fires(rs, shellExec('kube-system', 'cat')), false);
  assert.equal(fires(rs, shellExec('kube-system', '%2Fbin%2Fsh', ['ops-break-glass'])), false, 'the filter excludes');
});

test('a list of conditions is ORed; a list of maps is ORed', () => {
  const rs = load(`title: Two Ways
logsource: {product: kubernetes, service: audit}
detection:
    secrets:
        - objectRef.resource: secrets
          verb: list
        - objectRef.resource: secrets
          verb: watch
    anon:
        user.username: system:anonymous
    condition:
        - secrets
        - anon
`);
  assert.deepEqual(rs.diagnostics, []);
  assert.equal(rs.rules[0]?.id, 'sigma-two-ways');
  assert.equal(rs.rules[0]?.conditionText, '(secrets) or (anon)');
  assert.equal(fires(rs, auditEvent({ verb: 'watch', objectRef: { resource: 'secrets', apiVersion: 'v1' } })), true);
  assert.equal(fires(rs, auditEvent({ verb: 'get', objectRef: { resource: 'secrets', apiVersion: 'v1' } })), false);
  assert.equal(fires(rs, auditEvent({ verb: 'get', user: { username: 'system:anonymous' } })), true);
});

test('type: the first tactic tag maps to a ThreatPurpose; others become Behavior', () => {
  assert.equal(threatPurpose(['attack.t1078', 'attack.credential_access', 'attack.persistence']), 'CredentialAccess');
  assert.equal(threatPurpose(['attack.credential-access']), 'CredentialAccess');
  assert.equal(threatPurpose(['attack.privilege-escalation']), 'PrivilegeEscalation');
  assert.equal(threatPurpose(['attack.defense_evasion']), 'DefenseEvasion');
  assert.equal(threatPurpose(['attack.initial-access']), 'InitialAccess');
  for (const [t, p] of [['discovery', 'Discovery'], ['execution', 'Execution'], ['persistence', 'Persistence'], ['impact', 'Impact'], ['exfiltration', 'Exfiltration']])
    assert.equal(threatPurpose([`attack.${t}`]), p);
  for (const t of ['lateral-movement', 'lateral_movement', 'collection', 'command-and-control', 'command_and_control'])
    assert.equal(threatPurpose([`attack.${t}`, 'attack.persistence']), 'Behavior', t);
  assert.equal(threatPurpose(['attack.t1609', 'cve.2024-1234']), 'Behavior');
  assert.equal(threatPurpose([]), 'Behavior');
  assert.equal(camelTitle('Container With A hostPath Mount Created'), 'ContainerWithAHostPathMountCreated');
  assert.equal(camelTitle('Kubernetes CronJob/Job Modification'), 'KubernetesCronJobJobModification');
  const type = findingType({ title: 'RBAC: can-i --list (self review)!', tags: ['attack.discovery'] });
  assert.equal(type, 'Discovery:Kubernetes/Sigma.RBACCanIListSelfReview');
  assert.match(type, FINDING_TYPE_PATTERN);
  assert.equal(findingType({ title: '!!!', tags: [] }), 'Behavior:Kubernetes/Sigma.Rule');
});

test('severity from level; ids from the Sigma id or the title', () => {
  assert.deepEqual(LEVEL_SEVERITY, { informational: 1, low: 2, medium: 5, high: 8, critical: 9 });
  for (const [level, sev] of Object.entries(LEVEL_SEVERITY)) assert.equal(load(RULE.replace('level: high', `level: ${level}`)).rules[0]?.severity, sev);
  assert.equal(load(RULE.replace('level: high\n', '')).rules[0]?.severity, 5, 'no level is medium');
  assert.equal(sigmaRuleId({ id: 'ABC_def', title: 't' }), 'sigma-abc-def');
  assert.equal(sigmaRuleId({ id: null, title: 'Kubernetes CronJob/Job Modification' }), 'sigma-kubernetes-cronjob-job-modification');
  assert.ok(sigmaRuleId({ id: null, title: 'x'.repeat(300) }).length <= 81);
});

test('Sigma documents are told apart from Vigil rule files', () => {
  assert.equal(isSigmaDocument(RULE), true);
  assert.equal(isSigmaDocument('rules:\n  - id: a\n    condition: verb == "get"\n'), false);
  assert.equal(isSigmaDocument('lists:\n  detection: [a]\n'), false);
});

test('an unknown field is an error at the field', () => {
  const rs = load(RULE.replace('objectRef.namespace: kube-system', 'objectref.namespace: kube-system'));
  assert.equal(rs.rules.length, 0);
  const d = rs.diagnostics[0];
  assert.ok(d);
  assert.equal(d.code, 'RULE_SIGMA');
  assert.equal(d.ruleId, 'sigma-5f0c2a91-7d3e-4b8a-9c61-2e4f8a7b1c03');
  assert.deepEqual(d.location, { file: 'sigma/rule.yml', line: 20, col: 9 });
  assert.match(d.message, /unknown field "objectref.namespace" \(did you mean objectRef.namespace\?\)/);
});

test('condition errors point into the condition text', () => {
  const syntax = load(RULE.replace('selection and shell and not 1 of filter_*', 'selection and (shell or'));
  assert.equal(syntax.rules.length, 0);
  assert.equal(syntax.diagnostics[0]?.code, 'RULE_SIGMA');
  // "    condition: selection and (shell or" is line 27; the condition text starts at column 16.
  assert.deepEqual(syntax.diagnostics[0]?.location, { file: 'sigma/rule.yml', line: 27, col: 16 + 'selection and (shell or'.length });
  const unknown = load(RULE.replace('selection and shell and', 'selection and shel and'));
  assert.match(unknown.diagnostics[0]?.message ?? '', /unknown search identifier "shel"/);
  assert.deepEqual(unknown.diagnostics[0]?.location, { file: 'sigma/rule.yml', line: 27, col: 16 + 'selection and '.length });
  const noMatch = load(RULE.replace('1 of filter_*', '1 of exclude_*'));
  assert.match(noMatch.diagnostics[0]?.message ?? '', /no search identifier matches "exclude_\*"/);
  assert.equal(noMatch.diagnostics[0]?.location.col, 16 + 'selection and shell and not 1 of '.length);
  const quoted = load(RULE.replace('condition: selection and shell and not 1 of filter_*', "condition: 'selection and and'"));
  assert.equal(quoted.diagnostics[0]?.location.col, 17 + 'selection and '.length);
});

test('metadata and structure problems are reported together', () => {
  const rs = load(`id: 1234
status: finished
level: severe
tags: attack.execution
falsepositives: [1, 2]
logsource: {product: kubernetes, service: audit}
detection:
    keywords:
        - 'evil'
    nested:
        objectRef:
            resource: pods
    empty_list:
        verb: []
    with_null:
        verb: [get, null]
    bad name:
        verb: get
    condition: keywords
`);
  assert.equal(rs.rules.length, 0);
  const got = rs.diagnostics.map((d) => `${d.location.line}:${d.location.col} ${d.code} ${d.message}`);
  assert.deepEqual(got, [
    '1:1 RULE_MISSING_KEY missing required key "title"',
    '1:5 RULE_BAD_VALUE id must be a string',
    '2:9 RULE_BAD_VALUE status must be one of stable, test, experimental, deprecated, unsupported',
    '3:8 RULE_BAD_VALUE level must be one of informational, low, medium, high, critical',
    '4:7 RULE_BAD_VALUE tags must be a list of strings',
    '5:17 RULE_BAD_VALUE falsepositives must be a list of strings',
    '12:13 RULE_SIGMA objectRef: a value must be a string, number, boolean or null (nested maps are not allowed; use dotted field names)',
    '14:9 RULE_SIGMA verb: the list of values is empty',
    '16:21 RULE_SIGMA verb: null cannot be part of a list of values; put it in its own selection',
    '17:5 RULE_SIGMA search identifier "bad name" must not contain spaces, parentheses or "|"',
  ]);
});

test('keyword searches and missing conditions are rejected', () => {
  const kw = load(`title: Keywords
logsource: {product: kubernetes, service: audit}
detection:
    keywords:
        - evil
    condition: keywords
`);
  assert.equal(kw.rules.length, 0);
  assert.match(kw.diagnostics[0]?.message ?? '', /keyword searches .* are not supported/);
  assert.deepEqual(kw.diagnostics[0]?.location, { file: 'sigma/rule.yml', line: 4, col: 5 });
  const nocond = load('title: t\nlogsource: {product: kubernetes, service: audit}\ndetection:\n    sel: {verb: get}\n');
  assert.equal(nocond.diagnostics[0]?.code, 'RULE_MISSING_KEY');
  assert.match(nocond.diagnostics[0]?.message ?? '', /no condition/);
});

test('other log sources are skipped with a warning', () => {
  const rs = load(`title: Whoami
logsource: {category: process_creation, product: windows}
detection:
    selection: {Image|endswith: '\\whoami.exe'}
    condition: selection
`);
  assert.equal(rs.rules.length, 0);
  assert.deepEqual(
    rs.diagnostics.map((d) => [d.code, d.severity, d.location.line]),
    [['RULE_SIGMA_SKIPPED', 'warning', 1]],
  );
  assert.match(rs.diagnostics[0]?.message ?? '', /category process_creation, product windows/);
  assert.equal(load(RULE.replace('service: audit', 'service: kubelet')).diagnostics[0]?.code, 'RULE_SIGMA_SKIPPED');
});

test('collections, correlation rules and YAML errors are rejected clearly', () => {
  const coll = load(`action: global
title: Collection
logsource: {product: kubernetes, service: audit}
---
detection:
    sel: {verb: get}
    condition: sel
`);
  assert.equal(coll.rules.length, 0);
  assert.equal(coll.diagnostics[0]?.code, 'RULE_SIGMA');
  assert.match(coll.diagnostics[0]?.message ?? '', /collections .* are not supported/);
  const corr = load('title: Many\ncorrelation:\n    type: event_count\n    rules: [a]\n');
  assert.match(corr.diagnostics[0]?.message ?? '', /correlation rules are not supported/);
  const yaml = load('title: t\nlogsource: {product: kubernetes, service: audit}\ndetection:\n    sel: {verb: get\n    condition: sel\n');
  assert.equal(yaml.diagnostics[0]?.code, 'RULE_YAML_SYNTAX');
});

test('a field that is a number warns when compared with a word', () => {
  const rs = load(`title: Allowed
logsource: {product: kubernetes, service: audit}
detection:
    sel:
        responseStatus.code: 'ALLOW'
    condition: sel
`);
  assert.equal(rs.rules.length, 1);
  assert.deepEqual(rs.diagnostics.map((d) => [d.code, d.severity, d.location.line, d.location.col]), [['RULE_SIGMA', 'warning', 5, 30]]);
});

test('Sigma and Vigil rules share one id space', () => {
  const vigil = `rules:
  - id: sigma-dup
    type: Execution:Kubernetes/Dup
    severity: 5
    title: t
    description: d
    condition: verb == "get"
`;
  const rs = load('title: Dup\nid: dup\nlogsource: {product: kubernetes, service: audit}\ndetection:\n    sel: {verb: get}\n    condition: sel\n', 'sigma/dup.yml', [{ file: 'vigil.yaml', src: vigil }]);
  assert.deepEqual(rs.rules.map((r) => r.catalog), ['vigil']);
  assert.equal(rs.diagnostics[0]?.code, 'RULE_DUPLICATE_ID');
  assert.match(rs.diagnostics[0]?.message ?? '', /already defined at vigil\.yaml:2/);
});
