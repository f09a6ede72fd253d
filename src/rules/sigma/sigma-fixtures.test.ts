// The Sigma rules in test/fixtures/sigma load beside the built-in rules and pass their fixtures
// (fixtures/<rule id>/positive.jsonl and negative.jsonl), judged by the same code as ingest.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_RULES_DIR } from '../../app/paths.js';
import { DETECTORS } from '../../detect/registry.js';
import { runRuleFixtures } from '../../pipeline/rule-fixtures.js';
import { FIXTURES } from '../../testing/cli.js';
import { formatDiagnostic } from '../diagnostics.js';
import { loadRules } from '../load.js';

const SIGMA_DIR = join(FIXTURES, 'sigma');
const ruleset = loadRules([BUILTIN_RULES_DIR, SIGMA_DIR], DETECTORS);
const sigma = ruleset.rules.filter((r) => r.catalog === 'sigma');

test('the Sigma test rules load beside the built-in rules without diagnostics', () => {
  const relevant = ruleset.diagnostics.filter((d) => d.severity === 'error' || d.ruleId?.startsWith('sigma-') || /sigma/.test(d.location.file));
  assert.deepEqual(relevant.map(formatDiagnostic), []);
  assert.equal(sigma.length, 5);
  assert.ok(ruleset.rules.some((r) => r.catalog !== 'sigma'));
  assert.deepEqual(sigma.map((r) => [r.type, r.severity]).sort(), [
    ['CredentialAccess:Kubernetes/Sigma.SecretsReadFromOutsideThePrivateNetworks', 5],
    ['Discovery:Kubernetes/Sigma.KubernetesAttackToolOrScriptedSecretAccess', 5],
    ['Execution:Kubernetes/Sigma.InteractiveShellInAPodOfASensitiveNamespace', 8],
    ['PrivilegeEscalation:Kubernetes/Sigma.ImpersonationOfAClusterAdministrator', 8],
    ['PrivilegeEscalation:Kubernetes/Sigma.WorkloadWithASensitiveHostMountOrDangerousCapabilities', 8],
  ]);
});

for (const rule of sigma) {
  test(`fixtures of ${rule.id} (${rule.type})`, () => {
    const r = runRuleFixtures(ruleset, rule);
    assert.deepEqual(r.missing, [], `missing fixture files in ${r.dir}`);
    assert.ok(r.cases.length >= 6, `${r.dir} has too few cases`);
    for (const c of r.cases) {
      assert.equal(c.error, undefined, `${c.file}:${c.line} is not a valid audit event: ${c.error}`);
      assert.equal(c.fired, c.expected, `${c.file}:${c.line} should ${c.expected ? '' : 'not '}fire ${rule.id}`);
    }
  });
}
