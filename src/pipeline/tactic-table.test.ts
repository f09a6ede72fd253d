// The built-in tactic table classifies by first match in table order. classify() tries only the
// patterns that can match the event's verb; this checks it against a plain walk of the whole table
// for every verb, resource, subresource and URL the table names (plus some it does not).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleset } from '../app/open.js';
import { compileMatcher } from '../rules/request-matcher.js';

test('the verb-indexed tactic table answers as a walk of the whole table in order', () => {
  const t = loadRuleset([]).tactics;
  assert.ok(t);
  const all = [...t.exclude.map((p) => ({ answer: '', p })), ...t.classes.flatMap((c) => c.patterns.map((p) => ({ answer: c.tactic, p })))];
  const walk = all.map((x) => ({ answer: x.answer, m: compileMatcher(x.p) }));
  const reference = (e: Parameters<typeof t.classify>[0]) => walk.find((w) => w.m.matches(e))?.answer ?? '';
  const verbs = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'escalate', 'bind', 'proxy']);
  const resources = new Set(['pods', 'secrets', 'nodes', 'unknownthings']);
  const subresources = new Set(['', 'exec', 'log', 'status', 'proxy']);
  const paths = new Set(['/api', '/apis', '/healthz', '/healthz/etcd', '/version', '/metrics', '/x']);
  for (const x of all) {
    for (const v of x.p.verbs ?? []) verbs.add(v);
    for (const r of x.p.resources ?? []) {
      const [res, sub] = r.split('/');
      resources.add(res!);
      if (sub && sub !== '*') subresources.add(sub);
    }
    for (const u of x.p.nonResourceURLs ?? []) paths.add(u.replace('*', 'more'));
  }
  let checked = 0;
  const answers = new Set<string>();
  for (const verb of verbs) {
    for (const username of ['system:anonymous', 'alice']) {
      for (const path of paths) {
        const e = { verb, nonResource: true, path, target: { resource: '', subresource: '' }, user: { username } };
        assert.equal(t.classify(e), reference(e), `${verb} ${path}`);
        answers.add(reference(e));
        checked++;
      }
      for (const resource of resources) {
        for (const subresource of subresources) {
          const e = { verb, nonResource: false, path: `/api/v1/${resource}`, target: { resource, subresource }, user: { username } };
          assert.equal(t.classify(e), reference(e), `${verb} ${resource}/${subresource}`);
          answers.add(reference(e));
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 1000, `checked ${checked}`);
  // Not a vacuous comparison: the events reach every tactic and the no-tactic answer.
  assert.deepEqual([...answers].sort(), ['', 'CredentialAccess', 'DefenseEvasion', 'Discovery', 'Impact', 'Persistence']);
});
