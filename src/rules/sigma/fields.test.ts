// Sigma field names -> values read from the normalized AuditEvent.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../../core/event.js';
import { normalizeAuditEvent } from '../../normalize/k8s-audit/audit-event.js';
import { auditEvent, execEvent } from '../../testing/audit-events.js';
import { SIGMA_FIELDS, resolveField, sigmaFieldDocs, suggestField } from './fields.js';

function normalize(raw: Record<string, unknown>): AuditEvent {
  const n = normalizeAuditEvent(raw, 'test');
  assert.ok(n.ok, n.ok ? '' : n.reason);
  return n.event;
}

function get(name: string, e: AuditEvent): readonly unknown[] {
  const f = resolveField(name);
  assert.ok(f, `field ${name} should be known`);
  return f.get(e);
}

const POD_CREATE = auditEvent({
  level: 'RequestResponse',
  verb: 'create',
  requestURI: '/api/v1/namespaces/payments/pods?fieldManager=kubectl-create',
  user: { username: 'alice@example.com', uid: 'u-1', groups: ['devs', 'system:authenticated'], extra: { sessionName: ['alice'] } },
  impersonatedUser: { username: 'system:serviceaccount:payments:deployer', groups: ['system:serviceaccounts'] },
  sourceIPs: ['203.0.113.25', '10.0.0.7'],
  userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
  objectRef: { resource: 'pods', namespace: 'payments', name: 'debug-shell', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'debug-shell', namespace: 'payments' },
    spec: {
      containers: [
        { name: 'a', image: 'busybox:1.36', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } },
        { name: 'b', image: 'alpine:3.20', securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } } },
      ],
      volumes: [
        { name: 'root', hostPath: { path: '/' } },
        { name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
        { name: 'tmp', emptyDir: {} },
      ],
    },
  },
});

test('raw audit field paths read the normalized event', () => {
  const e = normalize(POD_CREATE);
  assert.deepEqual(get('verb', e), ['create']);
  assert.deepEqual(get('objectRef.resource', e), ['pods']);
  assert.deepEqual(get('objectRef.namespace', e), ['payments']);
  assert.deepEqual(get('objectRef.name', e), ['debug-shell']);
  assert.deepEqual(get('objectRef.apiVersion', e), ['v1']);
  assert.deepEqual(get('objectRef.apiGroup', e), [], 'the core group is absent');
  assert.deepEqual(get('objectRef.subresource', e), []);
  assert.deepEqual(get('user.username', e), ['alice@example.com']);
  assert.deepEqual(get('user.groups', e), ['devs', 'system:authenticated']);
  assert.deepEqual(get('user.extra.sessionName', e), ['alice']);
  assert.deepEqual(get('impersonatedUser.username', e), ['system:serviceaccount:payments:deployer']);
  assert.deepEqual(get('impersonatedUser.groups', e), ['system:serviceaccounts']);
  assert.deepEqual(get('sourceIPs', e), ['203.0.113.25', '10.0.0.7']);
  assert.deepEqual(get('userAgent', e), ['kubectl/v1.30.2 (linux/amd64) kubernetes/3968350']);
  assert.deepEqual(get('requestURI', e), ['/api/v1/namespaces/payments/pods?fieldManager=kubectl-create']);
  assert.deepEqual(get('responseStatus.code', e), [201]);
  assert.deepEqual(get('stage', e), ['ResponseComplete']);
  assert.deepEqual(get('level', e), ['RequestResponse']);
  assert.equal(get('auditID', e).length, 1);
  assert.deepEqual(get('annotations.authorization.k8s.io/decision', e), ['allow']);
  assert.deepEqual(get('annotations.missing', e), []);
  assert.deepEqual(get('annotations.constructor', e), [], 'prototype keys are not annotations');
});

test('taxonomy fields: capabilities, hostPath, privileged and the short names', () => {
  const e = normalize(POD_CREATE);
  assert.deepEqual(get('capabilities', e), ['SYS_ADMIN', 'NET_RAW', 'NET_ADMIN']);
  assert.deepEqual(get('hostPath', e), ['/', '/var/run/docker.sock']);
  assert.deepEqual(get('privileged', e), [true, false]);
  assert.deepEqual(get('resource', e), ['pods']);
  assert.deepEqual(get('namespace', e), ['payments']);
  assert.deepEqual(get('username', e), ['alice@example.com']);
  assert.deepEqual(get('apiGroup', normalize(auditEvent({ objectRef: { resource: 'deployments', apiGroup: 'apps', apiVersion: 'v1' } }))), ['apps']);
});

test('absent values: no impersonation, no workload, no response code', () => {
  const e = normalize(auditEvent({ responseStatus: undefined }));
  assert.deepEqual(get('impersonatedUser.username', e), []);
  assert.deepEqual(get('capabilities', e), []);
  assert.deepEqual(get('hostPath', e), []);
  assert.deepEqual(get('privileged', e), []);
  assert.deepEqual(get('responseStatus.code', e), []);
  assert.deepEqual(get('file_path', e), []);
});

test('file_path is the command of an exec request, one value per argument', () => {
  const raw = execEvent('prod', 'api-0');
  raw.requestURI = '/api/v1/namespaces/prod/pods/api-0/exec?command=sh&command=-c&command=make+all&container=api&stdout=true';
  assert.deepEqual(get('file_path', normalize(raw)), ['sh', '-c', 'make all']);
  assert.deepEqual(get('objectRef.subresource', normalize(raw)), ['exec']);
});

test('unknown fields are null; a differently-cased name gets a suggestion', () => {
  assert.equal(resolveField('requestObject.spec.hostNetwork'), null);
  assert.equal(resolveField('annotations.'), null);
  assert.equal(resolveField('objectref.resource'), null);
  assert.equal(suggestField('objectref.resource'), 'objectRef.resource');
  assert.equal(suggestField('nothing'), null);
});

test('every mapped field is documented', () => {
  const docs = new Map(sigmaFieldDocs());
  for (const k of SIGMA_FIELDS.keys()) assert.ok(docs.get(k), k);
  for (const k of ['verb', 'objectRef.resource', 'objectRef.subresource', 'objectRef.namespace', 'objectRef.name', 'objectRef.apiGroup', 'objectRef.apiVersion', 'user.username', 'user.groups', 'impersonatedUser.username', 'sourceIPs', 'userAgent', 'requestURI', 'responseStatus.code', 'responseStatus.reason', 'stage', 'level', 'auditID', 'capabilities', 'hostPath'])
    assert.ok(SIGMA_FIELDS.has(k), `${k} is mapped`);
});
