// Rule loading: good rules compile; every kind of mistake is reported with its code and exact place.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DETECTORS } from '../detect/registry.js';
import { loadRulesFromSources } from './load.js';

function load(src: string, extra: { file: string; src: string }[] = []) {
  return loadRulesFromSources([{ file: 'r.yaml', src }, ...extra], DETECTORS);
}

const GOOD = `rules:
  - id: my-rule
    type: Execution:Kubernetes/MyExec
    severity: medium
    title: Exec into {{target.name}}
    description: "{{user.username}} ran {{query.command}}"
    match:
      resources: [pods/exec]
    condition: response.success && target.namespace in lists.watched
lists:
  watched: [prod, payments]
`;

test('a valid rule compiles with defaults filled in', () => {
  const rs = load(GOOD);
  assert.deepEqual(rs.diagnostics, []);
  const r = rs.rules[0];
  assert.ok(r);
  assert.equal(r.severity, 5);
  assert.equal(r.catalog, 'vigil');
  assert.deepEqual(r.aggregateByText, ['user.username', 'target.namespace', 'target.resource', 'target.name']);
  assert.deepEqual(rs.lists.watched, ['prod', 'payments']);
});

test('an unknown field in a condition is a type error at its exact line and column', () => {
  const rs = load(GOOD.replace('target.namespace in lists.watched', 'target.namespce in lists.watched'));
  assert.equal(rs.rules.length, 0);
  const d = rs.diagnostics[0];
  assert.ok(d);
  assert.equal(d.code, 'RULE_CEL_TYPE');
  assert.equal(d.ruleId, 'my-rule');
  assert.equal(d.location.line, 9);
  // "    condition: response.success && target.namespce": the error points into the condition.
  assert.ok(d.location.col >= 35, `col ${d.location.col}`);
  assert.match(d.message, /namespce/);
});

test('CEL syntax errors in a block scalar point at the right source line', () => {
  const src = `rules:
  - id: block-rule
    type: Execution:Kubernetes/MyExec
    severity: 5
    title: t
    description: d
    condition: |
      response.success &&
      verb == == "get"
`;
  const rs = load(src);
  const d = rs.diagnostics[0];
  assert.ok(d);
  assert.equal(d.code, 'RULE_CEL_SYNTAX');
  assert.equal(d.location.line, 9);
  assert.equal(d.location.col, 15);
});

test('all problems are reported at once, each with a code', () => {
  const src = `rules:
  - id: Bad_Id
    type: not a type
    severity: 11
    title: t
    description: d
    condition: verb
    colour: red
  - id: no-condition
    type: Execution:Kubernetes/X
    severity: 5
    title: t
    description: d
`;
  const rs = load(src);
  const codes = rs.diagnostics.map((d) => d.code).sort();
  assert.deepEqual(codes, ['RULE_BAD_TYPE_NAME', 'RULE_BAD_VALUE', 'RULE_BAD_VALUE', 'RULE_MISSING_KEY', 'RULE_NOT_BOOL', 'RULE_UNKNOWN_KEY']);
  const unknown = rs.diagnostics.find((d) => d.code === 'RULE_UNKNOWN_KEY');
  assert.equal(unknown?.location.line, 8);
  assert.equal(rs.rules.length, 0);
});

test('GuardDuty catalog rules must use GuardDuty names and default severities', () => {
  const rs = load(`rules:
  - id: gd
    type: Execution:Kubernetes/ExecInKubeSystemPod
    catalog: guardduty
    severity: 8
    title: t
    description: d
    condition: "true"
  - id: gd2
    type: Execution:Kubernetes/NotAGuardDutyType
    catalog: guardduty
    severity: 5
    title: t
    description: d
    condition: "true"
`);
  assert.deepEqual(rs.diagnostics.map((d) => [d.ruleId, d.code]), [
    ['gd', 'RULE_BAD_VALUE'],
    ['gd2', 'RULE_BAD_TYPE_NAME'],
  ]);
});

test('duplicate ids, unknown detectors and bad detector parameters are errors', () => {
  const rule = (id: string, extra = '') => `  - id: ${id}
    type: Execution:Kubernetes/X
    severity: 5
    title: t
    description: d
    condition: "true"
${extra}`;
  const rs = load(`rules:
${rule('a')}${rule('a')}${rule('b', '    detector: {name: nope, key: verb}\n')}${rule('c', '    detector: {name: first-seen, key: verb, capacity: -1}\n')}`);
  assert.deepEqual(rs.diagnostics.map((d) => d.code).sort(), ['RULE_DETECTOR_PARAMS', 'RULE_DUPLICATE_ID', 'RULE_UNKNOWN_DETECTOR']);
  assert.deepEqual(rs.rules.map((r) => r.id), ['a']);
});

test('YAML syntax errors carry a location', () => {
  const rs = load('rules:\n  - id: x\n   type: [unclosed\n');
  assert.equal(rs.diagnostics[0]?.code, 'RULE_YAML_SYNTAX');
  assert.ok((rs.diagnostics[0]?.location.line ?? 0) >= 2);
});

test('templates render fields and are type-checked', () => {
  const bad = load(GOOD.replace('{{target.name}}', '{{target.nam}}'));
  assert.equal(bad.diagnostics[0]?.code, 'RULE_CEL_TYPE');
  assert.equal(bad.diagnostics[0]?.location.line, 5);
});

test('the tactic table classifies requests, first match wins, health probes excluded', () => {
  const rs = load(
    'rules: []\n',
    [
      {
        file: 't.yaml',
        src: `tactics:
  exclude:
    - nonResourceURLs: [/healthz*]
  classes:
    - tactic: CredentialAccess
      match:
        - verbs: [get, list]
          resources: [secrets]
    - tactic: Discovery
      match:
        - verbs: [get, list]
          resources: ['*']
        - verbs: [get]
          nonResourceURLs: ['*']
`,
      },
    ],
  );
  assert.deepEqual(rs.diagnostics, []);
  const t = rs.tactics;
  assert.ok(t);
  const req = (verb: string, resource: string, path = '/x') => ({
    verb,
    nonResource: resource === '',
    path,
    target: { resource, subresource: '' },
    user: { username: 'system:anonymous' },
  });
  assert.equal(t.classify(req('list', 'secrets')), 'CredentialAccess');
  assert.equal(t.classify(req('list', 'pods')), 'Discovery');
  assert.equal(t.classify(req('get', '', '/api')), 'Discovery');
  assert.equal(t.classify(req('get', '', '/healthz/etcd')), '');
  assert.equal(t.classify(req('delete', 'pods')), '');
});
