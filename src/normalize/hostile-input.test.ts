// Hostile and malformed input to every parser at the edge: never a throw, always a typed result
// (accepted, skipped or rejected with a reason). Property-based with a fixed seed; `npm run fuzz`
// runs the same properties longer (VIGIL_FUZZ_RUNS).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { auditItems, parseJson } from './k8s-audit/envelope.js';
import { aksMessageRecords, auditItemFromAksRecord } from './k8s-audit/aks-record.js';
import { normalizeAuditEvent } from './k8s-audit/audit-event.js';
import { normalizeTraceeEvent } from './tracee/tracee.js';
import { normalizeTetragonEvent } from './tetragon/tetragon.js';
import { normalizeFalcoEvent } from './falco/falco.js';
import { auditEvent, privilegedPodEvent } from '../testing/audit-events.js';
import { anyJson as arbitraryJson } from '../testing/arbitraries.js';

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20261127);
const opts = { numRuns: RUNS, seed: SEED };

/** Any JSON value, including hostile keys. */
const anyJson = arbitraryJson(['prototype', 'toString']);

/** A real audit event with some fields replaced by arbitrary values. */
const mangledAudit = fc
  .tuple(fc.constantFrom(auditEvent(), privilegedPodEvent('p', 'ubuntu')), fc.dictionary(fc.constantFrom('auditID', 'stage', 'verb', 'requestURI', 'user', 'objectRef', 'responseStatus', 'requestObject', 'responseObject', 'sourceIPs', 'annotations', 'stageTimestamp', 'userAgent', 'impersonatedUser'), anyJson))
  .map(([base, patch]) => ({ ...base, ...patch }));

function judged(r: { ok: boolean }): boolean {
  return typeof r.ok === 'boolean';
}

test('audit normalization never throws, and every view of an accepted event is readable', () => {
  fc.assert(
    fc.property(fc.oneof(anyJson, mangledAudit), (raw) => {
      const r = normalizeAuditEvent(raw, 'c');
      assert.ok(judged(r));
      if (r.ok) {
        // The lazy views parse nested objects: reading them must not throw either.
        void [r.event.workload, r.event.binding, r.event.service, r.event.role, r.event.ingress, r.event.configMap, r.event.secret, r.event.tokenRequest, r.event.webhookConfig, r.event.csr];
      } else assert.ok(r.reason.length > 0);
    }),
    opts,
  );
});

test('runtime adapters never throw on arbitrary JSON', () => {
  fc.assert(
    fc.property(anyJson, (raw) => {
      for (const n of [normalizeTraceeEvent, normalizeTetragonEvent, normalizeFalcoEvent]) assert.ok(judged(n(raw, 'c')));
    }),
    opts,
  );
});

test('body parsing and envelopes: arbitrary text gives a value or a reason, never a throw', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (text) => {
      const p = parseJson(text);
      if (p.ok) assert.ok('ok' in auditItems(p.value));
      else assert.match(p.reason, /not valid JSON/);
    }),
    opts,
  );
});

/** An AKS diagnostic record with some fields (the log text among them) replaced by arbitrary values. */
const mangledAksRecord = fc
  .tuple(
    fc.dictionary(fc.constantFrom('category', 'resourceId', 'properties', 'time', 'operationName'), anyJson),
    fc.option(fc.oneof(fc.string(), fc.json(), anyJson), { nil: undefined }),
  )
  .map(([patch, log]) => ({ category: 'kube-audit', resourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/C', properties: { log: log ?? `${JSON.stringify(auditEvent())}\n` }, ...patch }));

test('AKS diagnostic records and message bodies: an item or a coded reason, never a throw', () => {
  fc.assert(
    fc.property(fc.oneof(anyJson, mangledAksRecord, fc.string(), fc.uint8Array({ maxLength: 64 })), (raw) => {
      const doc = aksMessageRecords(raw instanceof Uint8Array || typeof raw === 'string' ? raw : JSON.stringify({ records: [raw] }));
      if (!doc.ok) {
        assert.ok(doc.reason.length > 0);
        return;
      }
      for (const rec of doc.records) {
        const r = auditItemFromAksRecord(rec);
        if (r.ok) assert.ok(judged(normalizeAuditEvent(r.item, 'c')));
        else assert.match(r.code, /^(other_category|bad_record|bad_log)$/);
      }
    }),
    opts,
  );
});

test('specific hostile shapes are handled', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const r = parseJson(deep);
  assert.equal(typeof r.ok, 'boolean', 'a JSON bomb is a value or a reason, not a crash');
  assert.equal(parseJson('\ufeff{"kind":"EventList","items":[]}').ok, true, 'a byte-order mark is ignored');
  const truncated = normalizeAuditEvent(auditEvent({ requestObject: '{"kind":"Pod","spec":{"containers":[{"name":"x"[Truncated...]' }), 'c');
  assert.ok(truncated.ok, 'an EKS message truncated inside requestObject is still an event');
  if (truncated.ok) assert.equal(truncated.event.workload.present, false);
  const aks = normalizeAuditEvent(auditEvent({ requestObject: 'skipped-too-big-size-object', responseObject: 'skipped-too-big-size-object' }), 'c');
  assert.ok(aks.ok);
  const huge = normalizeAuditEvent(auditEvent({ userAgent: 'x'.repeat(5_000_000), sourceIPs: new Array(100_000).fill('10.0.0.1') }), 'c');
  assert.ok(huge.ok);
  if (huge.ok) {
    assert.ok(huge.event.userAgent.length <= 1100, 'strings are capped');
    assert.ok(huge.event.sourceIps.length <= 32, 'lists are capped');
  }
  const proto = normalizeAuditEvent(JSON.parse('{"kind":"Event","auditID":"a","stage":"ResponseComplete","verb":"get","requestURI":"/","user":{"username":"u","__proto__":{"admin":true}},"stageTimestamp":"2026-01-01T00:00:00Z"}') as unknown, 'c');
  assert.ok(proto.ok);
  assert.equal(({} as { admin?: boolean }).admin, undefined, 'no prototype pollution');
});
