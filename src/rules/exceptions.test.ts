import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DETECTORS } from '../detect/registry.js';
import { Judge } from '../pipeline/judge.js';
import { fakeClock } from '../core/clock.js';
import { privilegedPodEvent } from '../testing/audit-events.js';
import { loadRulesFromSources } from './load.js';

const RULES = `rules:
  - id: hostpath
    type: Persistence:Kubernetes/AnyHostPath
    severity: 5
    title: t
    description: d
    match: {resources: [pods], verbs: [create]}
    condition: workload.hostMounts.size() > 0
    detector: {name: first-seen, key: workload.name}
`;

function fired(src: string, raw: Record<string, unknown>): boolean {
  const rs = loadRulesFromSources([{ file: 'r.yaml', src: RULES }, { file: 'x.yaml', src }], DETECTORS);
  assert.deepEqual(rs.diagnostics, []);
  const j = new Judge(rs, fakeClock());
  const n = j.normalize(raw, 'c');
  assert.ok(n.ok);
  const hit = j.detect(n.event).length > 0;
  if (!hit) assert.equal(j.engine.stats.get('hostpath')?.excepted, 1, 'counted as excepted');
  return hit;
}

test('an exception attached from another file suppresses matching events only (all clauses, any list item)', () => {
  const ex = `exceptions:
  - name: tools-namespace-images
    rules: [hostpath]
    reason: our node tools mount host paths
    match:
      - field: workload.namespace
        op: equals
        values: [default]
      - field: workload.containers.map(c, c.image)
        op: glob
        values: ["registry.example/tools:*"]
`;
  assert.equal(fired(ex, privilegedPodEvent('a', 'registry.example/tools:1.2')), false);
  assert.equal(fired(ex, privilegedPodEvent('b', 'docker.io/library/ubuntu:24.04')), true);
});

test('exceptions by caller address', () => {
  const ex = `exceptions:
  - name: ci
    rules: [hostpath]
    reason: CI runners create these
    match:
      - field: sourceIps
        op: cidr
        values: [203.0.113.0/24]
`;
  assert.equal(fired(ex, privilegedPodEvent('c', 'x')), false);
  const other = privilegedPodEvent('d', 'x');
  other.sourceIPs = ['198.51.100.1'];
  assert.equal(fired(ex, other), true);
});

test('bad exceptions are load errors: unknown rule, operator, CEL field', () => {
  const rs = loadRulesFromSources(
    [
      { file: 'r.yaml', src: RULES },
      {
        file: 'x.yaml',
        src: `exceptions:
  - name: a
    rules: [nope]
    reason: r
    match: [{field: verb, op: equals, values: [get]}]
  - name: b
    rules: [hostpath]
    reason: r
    match: [{field: verb, op: regex, values: [get]}]
  - name: c
    rules: [hostpath]
    reason: r
    match: [{field: verbb, op: equals, values: [get]}]
`,
      },
    ],
    DETECTORS,
  );
  assert.deepEqual(rs.diagnostics.map((d) => d.code).sort(), ['RULE_BAD_VALUE', 'RULE_BAD_VALUE', 'RULE_CEL_TYPE']);
});

test('exceptions for runtime rules are checked against runtime fields', () => {
  const runtime = `rules:
  - id: exec-anything
    source: runtime
    type: Execution:Runtime/AnyExec
    severity: 2
    title: t
    description: d
    match: {events: [process_exec]}
    condition: "true"
exceptions:
  - name: build-tools
    rules: [exec-anything]
    reason: the CI image runs compilers
    match:
      - field: container.image
        op: startswith
        values: [registry.example/ci/]
`;
  const rs = loadRulesFromSources([{ file: 'r.yaml', src: runtime }], DETECTORS);
  assert.deepEqual(rs.diagnostics, []);
  assert.equal(rs.rules[0]?.exceptions.length, 1);
});
