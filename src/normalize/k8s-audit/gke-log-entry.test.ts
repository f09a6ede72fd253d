// GKE LogEntry -> audit Event: the mapping table field by field, every workshop event round-trips
// to what GKE can carry, non-audit entries are skipped with stable codes, and hostile input never
// throws (property-based, fixed seed, like normalize/hostile-input.test.ts).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { FIXTURES } from '../../testing/cli.js';
import { auditLines } from '../../testing/firehose-requests.js';
import { logEntry, loggedStages } from '../../testing/gke-log-entries.js';
import { normalizeAuditEvent } from './audit-event.js';
import { SYNTHETIC_FIELDS, auditEventFromLogEntry, parseResourceName } from './gke-log-entry.js';
import { anyJson as arbitraryJson } from '../../testing/arbitraries.js';

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20261127);

/** The documented sample shape of a GKE exec entry. */
const EXEC = {
  insertId: '2d6a4c8e-0b7f-4d6b-9a51-3c1f0a9e7b12',
  logName: 'projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity',
  operation: { id: '2d6a4c8e-0b7f-4d6b-9a51-3c1f0a9e7b12', producer: 'k8s.io', first: true, last: true },
  labels: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "ops" of ClusterRole "cluster-admin" to User "alice@example.com"' },
  protoPayload: {
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    serviceName: 'k8s.io',
    methodName: 'io.k8s.core.v1.pods.exec.create',
    resourceName: 'core/v1/namespaces/kube-system/pods/kube-dns-5f8d4c9b7-abcde/exec',
    authenticationInfo: { principalEmail: 'alice@example.com' },
    authorizationInfo: [{ granted: true, permission: 'io.k8s.core.v1.pods.exec.create', resource: 'core/v1/namespaces/kube-system/pods/kube-dns-5f8d4c9b7-abcde/exec' }],
    requestMetadata: { callerIp: '203.0.113.24', callerSuppliedUserAgent: 'kubectl/v1.29.4 (linux/amd64) kubernetes/55019c8' },
    status: {},
  },
  resource: { type: 'k8s_cluster', labels: { project_id: 'acme-prod', location: 'europe-west1', cluster_name: 'prod-1' } },
  timestamp: '2025-03-14T09:26:53.104211Z',
  receiveTimestamp: '2025-03-14T09:26:54.882190514Z',
  severity: 'NOTICE',
};

test('a GKE exec entry becomes the audit Event it stands for, synthetic fields marked', () => {
  const r = auditEventFromLogEntry(EXEC);
  assert.ok(r.ok);
  assert.deepEqual(r.cluster, { name: 'prod-1', project: 'acme-prod', location: 'europe-west1' });
  assert.equal(r.time, Date.parse('2025-03-14T09:26:53.104Z'));
  assert.deepEqual(r.event, {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '2d6a4c8e-0b7f-4d6b-9a51-3c1f0a9e7b12',
    stage: 'ResponseStarted',
    requestURI: '/api/v1/namespaces/kube-system/pods/kube-dns-5f8d4c9b7-abcde/exec',
    verb: 'create',
    user: { username: 'alice@example.com' },
    sourceIPs: ['203.0.113.24'],
    userAgent: 'kubectl/v1.29.4 (linux/amd64) kubernetes/55019c8',
    objectRef: { resource: 'pods', apiVersion: 'v1', namespace: 'kube-system', name: 'kube-dns-5f8d4c9b7-abcde', subresource: 'exec' },
    responseStatus: { metadata: {}, code: 101 },
    requestReceivedTimestamp: '2025-03-14T09:26:53.104211Z',
    stageTimestamp: '2025-03-14T09:26:53.104211Z',
    annotations: { ...EXEC.labels, 'vigil.dev/source': 'gke', 'vigil.dev/synthetic': SYNTHETIC_FIELDS },
  });
  const n = normalizeAuditEvent(r.event, 'prod-1');
  assert.ok(n.ok);
  assert.equal(n.event.decision, 'allow');
  assert.deepEqual(Object.keys(n.event.query), [], 'the exec command is not in GKE entries');
});

test('resourceName: core and named groups, namespaced and cluster-scoped, subresources, namespaces, non-resource paths', () => {
  const cases: [string, string, string, ReturnType<typeof parseResourceName>][] = [
    ['core/v1/namespaces/default/pods', 'io.k8s.core.v1.pods.list', 'list', { uri: '/api/v1/namespaces/default/pods', objectRef: { resource: 'pods', apiVersion: 'v1', namespace: 'default' } }],
    ['core/v1/pods', 'io.k8s.core.v1.pods.list', 'list', { uri: '/api/v1/pods', objectRef: { resource: 'pods', apiVersion: 'v1' } }],
    ['rbac.authorization.k8s.io/v1/clusterrolebindings/ops', 'io.k8s.authorization.rbac.v1.clusterrolebindings.create', 'create', { uri: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', objectRef: { resource: 'clusterrolebindings', apiVersion: 'v1', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' } }],
    ['apps/v1/namespaces/web/deployments/front/scale', 'io.k8s.apps.v1.deployments.scale.update', 'update', { uri: '/apis/apps/v1/namespaces/web/deployments/front/scale', objectRef: { resource: 'deployments', apiVersion: 'v1', apiGroup: 'apps', namespace: 'web', name: 'front', subresource: 'scale' } }],
    ['core/v1/namespaces/web', 'io.k8s.core.v1.namespaces.delete', 'delete', { uri: '/api/v1/namespaces/web', objectRef: { resource: 'namespaces', apiVersion: 'v1', name: 'web' } }],
    ['core/v1/namespaces/web/finalize', 'io.k8s.core.v1.namespaces.finalize.update', 'update', { uri: '/api/v1/namespaces/web/finalize', objectRef: { resource: 'namespaces', apiVersion: 'v1', name: 'web', subresource: 'finalize' } }],
    ['core/v1/namespaces/web/pods/p/exec', 'io.k8s.core.v1.pods.exec.create', 'create', { uri: '/api/v1/namespaces/web/pods/p/exec', objectRef: { resource: 'pods', apiVersion: 'v1', namespace: 'web', name: 'p', subresource: 'exec' } }],
    ['healthz', 'io.k8s.get', 'get', { uri: '/healthz' }],
    ['/livez', 'io.k8s.get', 'get', { uri: '/livez' }],
    ['', 'io.k8s.get', 'get', { uri: '/' }],
  ];
  for (const [name, method, verb, want] of cases) assert.deepEqual(parseResourceName(name, method, verb), want, name);
});

test('response status: the k8s Status in the response wins; else google.rpc codes map to HTTP', () => {
  const entry = (status: unknown, response?: unknown, method = 'io.k8s.core.v1.secrets.get') => ({ ...EXEC, protoPayload: { ...EXEC.protoPayload, methodName: method, resourceName: 'core/v1/namespaces/a/secrets/s', status, ...(response ? { response } : {}) } });
  const code = (e: unknown) => {
    const r = auditEventFromLogEntry(e);
    assert.ok(r.ok);
    return r.event.responseStatus as { code: number; message?: string; reason?: string };
  };
  assert.equal(code(entry({})).code, 200);
  assert.equal(code(entry({ code: 0 }, undefined, 'io.k8s.core.v1.secrets.create')).code, 201);
  assert.deepEqual(code(entry({ code: 7, message: 'PERMISSION_DENIED' })), { metadata: {}, code: 403, message: 'PERMISSION_DENIED' });
  assert.equal(code(entry({ code: 5 })).code, 404);
  assert.equal(code(entry({ code: 16 })).code, 401);
  assert.equal(code(entry({ code: 99 })).code, 500, 'an unknown rpc code is a server error');
  const status = { '@type': 'core.k8s.io/v1.Status', kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', message: 'Pod "x" is invalid', code: 422 };
  assert.deepEqual(code(entry({ code: 3 }, status)), { metadata: {}, code: 422, status: 'Failure', reason: 'Invalid', message: 'Pod "x" is invalid' });
  const withBody = auditEventFromLogEntry(entry({}, { '@type': 'core.k8s.io/v1.Secret', kind: 'Secret', metadata: { name: 's' } }));
  assert.ok(withBody.ok);
  assert.deepEqual(withBody.event.responseObject, { kind: 'Secret', metadata: { name: 's' } }, '"@type" stripped');
  assert.equal(withBody.event.level, 'RequestResponse');
});

test('every workshop event survives the trip through a GKE entry with exactly what GKE keeps', () => {
  const events = loggedStages(auditLines(join(FIXTURES, 'audit', 'workshop.jsonl')).map((l) => JSON.parse(l) as Record<string, unknown>));
  for (const e of events) {
    const r = auditEventFromLogEntry(logEntry(e, 'workshop'));
    assert.ok(r.ok, String(e.auditID));
    const g = r.event;
    const id = `${String(e.auditID)} ${String(e.verb)} ${String(e.requestURI)}`;
    assert.equal(g.auditID, e.auditID, id);
    assert.equal(g.verb, e.verb, id);
    assert.equal((g.responseStatus as { code: number }).code, (e.responseStatus as { code: number }).code, id);
    assert.deepEqual((g.user as { username: string }).username, (e.user as { username?: string }).username ?? '', id);
    assert.deepEqual(g.sourceIPs, e.sourceIPs, id);
    assert.equal(g.userAgent, e.userAgent, id);
    assert.deepEqual(g.requestObject, e.requestObject, id);
    assert.deepEqual(g.responseObject, e.responseObject, id);
    const ref = e.objectRef as Record<string, unknown> | undefined;
    if (!ref) assert.equal(g.objectRef, undefined, id);
    else {
      const want = Object.fromEntries(Object.entries(ref).filter(([k]) => k !== 'uid' && k !== 'resourceVersion'));
      assert.deepEqual(g.objectRef, want, id);
    }
    // The URI is the request's path without the query string (a create's is its collection).
    const path = String(e.requestURI).split('?')[0];
    assert.equal(g.requestURI, path, id);
    assert.ok(normalizeAuditEvent(g, 'workshop').ok, id);
  }
});

test('entries that are not Kubernetes audit logs are skipped with stable codes; non-LogEntries are rejected', () => {
  const skipped = (v: unknown) => {
    const r = auditEventFromLogEntry(v);
    assert.ok(!r.ok);
    return [r.skip, r.code];
  };
  assert.deepEqual(skipped({ ...EXEC, protoPayload: { ...EXEC.protoPayload, serviceName: 'container.googleapis.com' } }), [true, 'not_k8s_audit']);
  assert.deepEqual(skipped({ ...EXEC, protoPayload: { ...EXEC.protoPayload, '@type': 'type.googleapis.com/google.cloud.audit.Other' } }), [true, 'not_k8s_audit']);
  assert.deepEqual(skipped({ insertId: 'a', logName: 'projects/p/logs/stdout', jsonPayload: { msg: 'hi' } }), [true, 'not_k8s_audit']);
  assert.deepEqual(skipped({ ...EXEC, resource: { type: 'gke_cluster', labels: {} } }), [true, 'not_k8s_cluster']);
  assert.deepEqual(skipped({ kind: 'Event', apiVersion: 'audit.k8s.io/v1' }), [false, 'not_log_entry']);
  assert.deepEqual(skipped([EXEC]), [false, 'not_log_entry']);
  assert.deepEqual(skipped(null), [false, 'not_log_entry']);
});

/** Any JSON value, including hostile keys. */
const anyJson = arbitraryJson(['@type'], 4);

test('hostile entries never throw: any field of a real entry replaced by any JSON gives a typed result', () => {
  const payloadKeys = ['methodName', 'resourceName', 'authenticationInfo', 'requestMetadata', 'status', 'request', 'response', 'serviceName'];
  const mangled = fc.tuple(fc.dictionary(fc.constantFrom('insertId', 'operation', 'labels', 'resource', 'timestamp', 'receiveTimestamp'), anyJson), fc.dictionary(fc.constantFrom(...payloadKeys), anyJson)).map(([top, payload]) => ({ ...EXEC, ...top, protoPayload: { ...EXEC.protoPayload, ...payload } }));
  fc.assert(
    fc.property(fc.oneof(anyJson, mangled), (raw) => {
      const r = auditEventFromLogEntry(raw);
      if (!r.ok) {
        assert.ok(r.reason.length > 0);
        return;
      }
      // What comes out is an Event the normalizer judges without throwing.
      const n = normalizeAuditEvent(r.event, 'c');
      assert.equal(typeof n.ok, 'boolean');
      assert.equal(typeof r.event.requestURI, 'string');
    }),
    { numRuns: RUNS, seed: SEED },
  );
});
