import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeAuditEvent } from './audit-event.js';
import { auditItems, parseJson } from './envelope.js';
import { AUDIT_FIELDS } from './fields.js';

function base(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: '8f0c1d2e-3b4a-4c5d-9e6f-7a8b9c0d1e2f',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods?dryRun=All',
    verb: 'create',
    user: { username: 'alice', groups: ['dev', 'system:authenticated'], extra: { sessionName: ['alice-laptop'] } },
    sourceIPs: ['203.0.113.9', '10.0.0.4'],
    userAgent: 'kubectl/v1.30.1',
    objectRef: { resource: 'pods', namespace: 'default', name: 'web', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestReceivedTimestamp: '2026-03-01T10:00:00.000001Z',
    stageTimestamp: '2026-03-01T10:00:00.123456Z',
    ...over,
  };
}

test('a complete event is normalized with defaults for absent members', () => {
  const r = normalizeAuditEvent(base(), 'c1');
  assert.ok(r.ok);
  const e = r.event;
  assert.equal(e.cluster, 'c1');
  assert.equal(e.path, '/api/v1/namespaces/default/pods');
  assert.deepEqual(e.query.dryRun, ['All']);
  assert.equal(e.dryRun, true);
  assert.equal(e.sourceIp, '203.0.113.9');
  assert.equal(e.target.subresource, '');
  assert.equal(e.response.success, true);
  assert.equal(e.time, Date.parse('2026-03-01T10:00:00.123Z'));
  assert.equal(e.timestamp, '2026-03-01T10:00:00.123456Z');
  assert.equal(e.nonResource, false);
  assert.equal(e.workload.present, false);
});

test('every field of the catalog exists on a normalized event, and nothing else is exposed', () => {
  const r = normalizeAuditEvent(base(), 'c1');
  assert.ok(r.ok);
  for (const name of Object.keys(AUDIT_FIELDS)) assert.ok(name in r.event, `catalog field ${name} missing on the event`);
  const own = Object.keys(r.event).filter((k) => k !== 'kind' && k !== 'requestObject' && k !== 'responseObject');
  for (const k of own) assert.ok(k in AUDIT_FIELDS, `event member ${k} is not in the field catalog`);
});

test('missing required members are rejected with a stable code and a reason', () => {
  const cases: [unknown, string][] = [
    ['a string', 'not_object'],
    [base({ kind: 'Pod' }), 'bad_kind'],
    [base({ apiVersion: 'audit.k8s.io/v2' }), 'bad_api_version'],
    [base({ auditID: undefined }), 'missing_audit_id'],
    [base({ auditID: 42 }), 'missing_audit_id'],
    [base({ stage: 'Done' }), 'bad_stage'],
    [base({ verb: '' }), 'missing_verb'],
    [base({ requestURI: null }), 'missing_request_uri'],
    [base({ user: 'alice' }), 'missing_user'],
    [base({ stageTimestamp: 'yesterday', requestReceivedTimestamp: undefined }), 'bad_timestamp'],
  ];
  for (const [raw, code] of cases) {
    const r = normalizeAuditEvent(raw, 'c');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, code);
      assert.ok(r.reason.length > 0);
    }
  }
});

test('wrong types inside optional members become defaults, never exceptions', () => {
  const r = normalizeAuditEvent(
    base({ sourceIPs: 'x', user: { username: 5, groups: 'g', extra: [] }, objectRef: [], responseStatus: { code: '201' }, annotations: { a: 1, b: 'ok' }, userAgent: { x: 1 } }),
    'c',
  );
  assert.ok(r.ok);
  assert.deepEqual(r.event.sourceIps, []);
  assert.equal(r.event.user.username, '');
  assert.deepEqual(r.event.user.groups, []);
  assert.equal(r.event.nonResource, true);
  assert.equal(r.event.response.code, 0);
  assert.equal(r.event.response.success, false);
  assert.equal(r.event.annotations.b, 'ok');
  assert.equal('a' in r.event.annotations, false);
});

test('__proto__ keys stay data', () => {
  const raw = JSON.parse(
    '{"kind":"Event","auditID":"a","stage":"ResponseComplete","verb":"get","requestURI":"/api?__proto__=x","user":{"username":"u","extra":{"__proto__":["p"]}},"annotations":{"__proto__":"polluted"},"stageTimestamp":"2026-03-01T10:00:00Z"}',
  ) as unknown;
  const r = normalizeAuditEvent(raw, 'c');
  assert.ok(r.ok);
  assert.equal(r.event.annotations['__proto__'], 'polluted');
  assert.deepEqual(r.event.query['__proto__'], ['x']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(r.event.annotations), null);
});

test('a pod spec becomes a workload view with host mounts and privileged images', () => {
  const r = normalizeAuditEvent(
    base({
      requestObject: {
        kind: 'Pod',
        metadata: { name: 'debug', namespace: 'default' },
        spec: {
          hostPID: true,
          containers: [
            { name: 'a', image: 'ubuntu:22.04', securityContext: { privileged: true }, volumeMounts: [{ name: 'host', mountPath: '/host' }] },
            { name: 'b', image: 'busybox', volumeMounts: [{ name: 'host', mountPath: '/ro', readOnly: true }] },
          ],
          initContainers: [{ name: 'init', image: 'alpine', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }],
          volumes: [{ name: 'host', hostPath: { path: '/etc' } }, { name: 'tmp', emptyDir: {} }],
        },
      },
    }),
    'c',
  );
  assert.ok(r.ok);
  const w = r.event.workload;
  assert.equal(w.present, true);
  assert.equal(w.type, 'pods');
  assert.equal(w.hostPID, true);
  assert.deepEqual(w.privilegedImages, ['ubuntu:22.04']);
  assert.deepEqual(
    w.hostMounts.map((m) => [m.container, m.hostPath, m.readOnly]),
    [
      ['a', '/etc', false],
      ['b', '/etc', true],
    ],
  );
  assert.deepEqual(w.containers.map((c) => c.kind), ['container', 'container', 'initContainer']);
  assert.deepEqual(w.containers[2]?.capabilitiesAdd, ['SYS_ADMIN']);
});

test('workload templates are read at their pod spec path; status subresources are not specs', () => {
  const tmpl = { spec: { containers: [{ name: 'x', image: 'nginx', securityContext: { privileged: true } }] } };
  const dep = normalizeAuditEvent(base({ objectRef: { resource: 'deployments', namespace: 'd', name: 'web', apiGroup: 'apps' }, requestObject: { metadata: { name: 'web' }, spec: { template: tmpl } } }), 'c');
  assert.ok(dep.ok);
  assert.deepEqual(dep.event.workload.privilegedImages, ['nginx']);
  const cron = normalizeAuditEvent(base({ objectRef: { resource: 'cronjobs', namespace: 'd', name: 'c' }, requestObject: { spec: { jobTemplate: { spec: { template: tmpl } } } } }), 'c');
  assert.ok(cron.ok);
  assert.equal(cron.event.workload.present, true);
  const status = normalizeAuditEvent(base({ verb: 'patch', objectRef: { resource: 'pods', namespace: 'd', name: 'p', subresource: 'status' }, requestObject: tmpl }), 'c');
  assert.ok(status.ok);
  assert.equal(status.event.workload.present, false);
});

test('objects written by built-in controllers from a template are marked', () => {
  const r = normalizeAuditEvent(
    base({
      user: { username: 'system:serviceaccount:kube-system:replicaset-controller' },
      requestObject: { metadata: { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', controller: true }] }, spec: { containers: [] } },
    }),
    'c',
  );
  assert.ok(r.ok);
  assert.equal(r.event.workload.fromController, true);
});

test('bindings: merge patches, JSON patches and the resulting object', () => {
  const subject = { kind: 'User', name: 'system:anonymous', apiGroup: 'rbac.authorization.k8s.io' };
  const merge = normalizeAuditEvent(base({ verb: 'patch', objectRef: { resource: 'clusterrolebindings', name: 'view-all' }, requestObject: { subjects: [subject] } }), 'c');
  assert.ok(merge.ok);
  assert.equal(merge.event.binding.present, true);
  assert.equal(merge.event.binding.name, 'view-all');
  assert.deepEqual(merge.event.binding.subjects.map((s) => s.name), ['system:anonymous']);
  const jsonPatch = normalizeAuditEvent(
    base({ verb: 'patch', objectRef: { resource: 'rolebindings', namespace: 'n', name: 'rb' }, requestObject: [{ op: 'add', path: '/subjects/-', value: subject }, { op: 'add', path: '/__proto__/x', value: 1 }] }),
    'c',
  );
  assert.ok(jsonPatch.ok);
  assert.deepEqual(jsonPatch.event.binding.subjects.map((s) => s.kind), ['User']);
  const withResponse = normalizeAuditEvent(
    base({
      verb: 'patch',
      objectRef: { resource: 'clusterrolebindings', name: 'cluster-admin' },
      requestObject: { subjects: [subject] },
      responseObject: { kind: 'ClusterRoleBinding', metadata: { name: 'cluster-admin' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [subject] },
    }),
    'c',
  );
  assert.ok(withResponse.ok);
  assert.equal(withResponse.event.binding.roleRef.name, 'cluster-admin');
});

test('services: the resulting type and the type the request itself set', () => {
  const r = normalizeAuditEvent(
    base({
      verb: 'patch',
      objectRef: { resource: 'services', namespace: 'kubernetes-dashboard', name: 'kubernetes-dashboard' },
      requestObject: [{ op: 'replace', path: '/spec/type', value: 'LoadBalancer' }],
    }),
    'c',
  );
  assert.ok(r.ok);
  assert.equal(r.event.service.type, 'LoadBalancer');
  assert.equal(r.event.service.requestedType, 'LoadBalancer');
  assert.equal(r.event.service.name, 'kubernetes-dashboard');
});

test('roles granting * on * are recognised', () => {
  const r = normalizeAuditEvent(
    base({ objectRef: { resource: 'clusterroles', name: 'god' }, requestObject: { metadata: { name: 'god' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } }),
    'c',
  );
  assert.ok(r.ok);
  assert.equal(r.event.role.wildcardAdmin, true);
});

test('envelopes: EventList, Event, and everything else rejected with a reason', () => {
  assert.deepEqual(auditItems({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [1, 2] }), { ok: true, items: [1, 2] });
  assert.deepEqual(auditItems({ kind: 'EventList', items: [] }), { ok: true, items: [] });
  assert.equal(auditItems({ kind: 'Event', auditID: 'x' }).ok, true);
  assert.equal(auditItems([1]).ok, false);
  assert.equal(auditItems({ kind: 'PodList', items: [] }).ok, false);
  assert.equal(auditItems({ kind: 'EventList', apiVersion: 'v1' }).ok, false);
  assert.equal(parseJson('\ufeff{"a":1}').ok, true);
  const bad = parseJson('{"a":');
  assert.equal(bad.ok, false);
});
