// Rule loading under arbitrary input: any YAML text and any CEL condition either compiles or gives
// diagnostics with a file, line and column inside the source; loading never throws. Property-based
// with a fixed seed; `npm run fuzz` runs the same properties longer (VIGIL_FUZZ_RUNS).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DETECTORS } from '../detect/registry.js';
import { loadRulesFromSources } from './load.js';
import type { Ruleset } from './load.js';

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20261127);
const opts = { numRuns: RUNS, seed: SEED };

function load(src: string): Ruleset {
  return loadRulesFromSources([{ file: 'fuzz.yaml', src }], DETECTORS);
}

/** Every diagnostic points at a real place in the source. */
function assertLocated(rs: Ruleset, src: string): void {
  const lines = src.split('\n').length;
  for (const d of rs.diagnostics) {
    assert.equal(d.location.file, 'fuzz.yaml');
    assert.ok(Number.isInteger(d.location.line) && d.location.line >= 1 && d.location.line <= lines + 1, `line ${d.location.line} of ${lines}: ${d.message}`);
    assert.ok(Number.isInteger(d.location.col) && d.location.col >= 1, `col ${d.location.col}: ${d.message}`);
    assert.ok(d.message.length > 0);
  }
}

const ruleWith = (condition: string) => `rules:
  - id: fuzz-rule
    type: Execution:Kubernetes/FuzzRule
    severity: medium
    title: fuzz
    description: fuzz
    match:
      resources: [pods]
    condition: ${JSON.stringify(condition)}
`;

/** Fragments of CEL and of Vigil's field names, so generated conditions reach the type checker. */
const celToken = fc.constantFrom(
  'user.username', 'target.namespace', 'response.code', 'request.verb', 'lists.x', 'size(', ')', '(', '[', ']',
  '&&', '||', '!', '==', '!=', '<', 'in', '.startsWith(', '.matches(', '"kube-system"', "'a'", '1', '-1', '1.5',
  'true', 'null', ',', '?', ':', 'has(', '{', '}', '.exists(x,', 'x', '__proto__', 'constructor', '\\', '"',
);
const celExpr = fc.oneof(fc.array(celToken, { maxLength: 12 }).map((t) => t.join(' ')), fc.string({ maxLength: 80 }));

test('any CEL condition compiles or is a located diagnostic; loading never throws', () => {
  fc.assert(
    fc.property(celExpr, (cond) => {
      const src = ruleWith(cond);
      const rs = load(src);
      assertLocated(rs, src);
      if (rs.rules.length === 0) assert.ok(rs.diagnostics.some((d) => d.severity === 'error'), 'a dropped rule says why');
    }),
    opts,
  );
});

test('any YAML text loads to rules or located diagnostics; loading never throws', () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.constantFrom('rules:', '  - id: a', '    type: X:Kubernetes/Y', '    condition: true', 'lists:', '  l: [a, b', '&anchor', '*anchor', '<<: *a', '- ', ': :', '\t', '"', '{', '}', '!!js/function', '__proto__: 1', '\u0000', '\ufeff'), { maxLength: 15 }).map((l) => l.join('\n')),
  );
  fc.assert(
    fc.property(yamlish, (src) => {
      const rs = load(src);
      assertLocated(rs, src);
    }),
    opts,
  );
});
