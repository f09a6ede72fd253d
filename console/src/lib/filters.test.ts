// Filters <-> URL <-> API query: what a deep link holds and what the findings list asks for.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_VIEW, addFilter, clearFilters, removeFilter, viewChips, viewFromQuery, viewToApiQuery, viewToQuery } from './filters.js';

describe('console filters', () => {
  test('the default view is an empty query, and an empty query is the default view', () => {
    assert.equal(viewToQuery(DEFAULT_VIEW), '');
    assert.deepEqual(viewFromQuery(''), DEFAULT_VIEW);
  });

  test('a view survives the round trip through the URL', () => {
    let v = addFilter(DEFAULT_VIEW, 'types', 'PrivilegeEscalation:Kubernetes/PrivilegedContainer');
    v = addFilter(v, 'severities', 'high');
    v = addFilter(v, 'severities', 'medium');
    v = addFilter(v, 'clusters', 'eks-workshop');
    v = { ...v, archived: true, sort: 'severity', order: 'asc', limit: 100 };
    const q = viewToQuery(v);
    assert.equal(q, 'type=PrivilegeEscalation%3AKubernetes%2FPrivilegedContainer&severity=high&severity=medium&cluster=eks-workshop&archived=true&sort=severity&order=asc&limit=100');
    assert.deepEqual(viewFromQuery(q), v);
  });

  test('unknown or malformed parameters fall back to defaults; a token parameter is never read', () => {
    const v = viewFromQuery('severity=urgent,high&sort=drop&order=sideways&limit=7&token=secret&archived=yes');
    assert.deepEqual(v, { ...DEFAULT_VIEW, severities: ['high'] });
    assert.equal(viewToQuery(v).includes('secret'), false);
  });

  test('comma lists and repeated parameters both read; duplicates collapse', () => {
    assert.deepEqual(viewFromQuery('namespace=a,b&namespace=b&namespace=c').namespaces, ['a', 'b', 'c']);
  });

  test('the API query names every parameter /api/v1/findings knows and nothing else', () => {
    const v = addFilter(addFilter(DEFAULT_VIEW, 'severities', 'critical'), 'namespaces', 'kube-system');
    const p = new URLSearchParams(viewToApiQuery(v, 'abc'));
    assert.deepEqual([...p.keys()].sort(), ['archived', 'limit', 'namespace', 'nextToken', 'order', 'severity', 'sort']);
    assert.equal(p.get('severity'), 'critical');
    assert.equal(p.get('archived'), 'false');
    assert.equal(p.get('nextToken'), 'abc');
  });

  test('chips list each filter value; removing and clearing them', () => {
    let v = addFilter(addFilter(DEFAULT_VIEW, 'types', 'A:B/C'), 'severities', 'low');
    assert.deepEqual(viewChips(v).map((c) => `${c.label}=${c.value}`), ['Type=A:B/C', 'Severity=low']);
    assert.equal(addFilter(v, 'severities', 'bogus'), v, 'an unknown severity is not added');
    assert.equal(addFilter(v, 'types', '  '), v, 'blank values are not added');
    v = removeFilter(v, 'types', 'A:B/C');
    assert.deepEqual(v.types, []);
    assert.deepEqual(clearFilters({ ...v, archived: true }), { ...DEFAULT_VIEW, archived: true });
  });
});
