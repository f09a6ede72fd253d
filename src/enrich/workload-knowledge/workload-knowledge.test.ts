import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../../core/event.js';
import { StateJournal } from '../../detect/state/bounded-state.js';
import { normalizeAuditEvent } from '../../normalize/k8s-audit/audit-event.js';
import { auditEvent, execEvent, privilegedPodEvent } from '../../testing/audit-events.js';
import { workloadKnowledgeEnricher } from './index.js';

function ev(raw: Record<string, unknown>): AuditEvent {
  const r = normalizeAuditEvent(raw, 'c');
  assert.ok(r.ok);
  return r.event;
}

test('an exec into a pod created privileged knows its target is privileged, until the pod is deleted', () => {
  const en = workloadKnowledgeEnricher(new StateJournal());
  const create = ev(privilegedPodEvent('debugger', 'ubuntu:24.04'));
  en.enrich(create);
  assert.equal(create.targetPrivileged, true);
  const exec = ev(execEvent('default', 'debugger'));
  en.enrich(exec);
  assert.equal(exec.targetPrivileged, true);
  const other = ev(execEvent('default', 'web'));
  en.enrich(other);
  assert.equal(other.targetPrivileged, false);
  en.enrich(ev(auditEvent({ verb: 'delete', requestURI: '/api/v1/namespaces/default/pods/debugger', objectRef: { resource: 'pods', namespace: 'default', name: 'debugger', apiVersion: 'v1' } })));
  const after = ev(execEvent('default', 'debugger'));
  en.enrich(after);
  assert.equal(after.targetPrivileged, false);
});
