import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../core/finding.js';
import { HOSTILE, auditFinding, hostileFinding, runtimeFinding } from '../testing/findings.js';
import { parse5424 } from '../testing/parse-5424.js';
import { DEFAULT_SD_ID, FACILITIES, escapeParamValue, headerField, renderSyslog, syslogSeverity, type SyslogRenderOptions } from './render.js';

const OPTS: SyslogRenderOptions = { facility: FACILITIES.local0, hostname: 'vigil-0', appName: 'vigil', procId: '4242', sdId: DEFAULT_SD_ID, format: 'json' };

test('the header: PRI = facility * 8 + severity, version 1, RFC 3339 time, configured names, MSGID finding', () => {
  const f = auditFinding({ severity: 8, updatedAt: '2026-08-10T09:14:07.512Z' });
  const p = parse5424(renderSyslog(f, OPTS));
  assert.equal(p.pri, 16 * 8 + 3);
  assert.equal(p.version, '1');
  assert.equal(p.timestamp, '2026-08-10T09:14:07.512Z');
  assert.equal(p.hostname, 'vigil-0');
  assert.equal(p.appName, 'vigil');
  assert.equal(p.procId, '4242');
  assert.equal(p.msgId, 'finding');
  assert.deepEqual(JSON.parse(p.msg), f);
  assert.equal(parse5424(renderSyslog(f, { ...OPTS, facility: FACILITIES.authpriv })).pri, 10 * 8 + 3);
});

test('severity: critical 2, high 3, medium 4, low 5', () => {
  assert.deepEqual([9, 10, 7, 8.9, 4, 6.9, 1, 3.9].map(syslogSeverity), [2, 2, 3, 3, 4, 4, 5, 5]);
});

test('header fields keep to printable ASCII and their lengths', () => {
  assert.equal(headerField('my host\n]', 255), 'myhost]');
  assert.equal(headerField('', 48), '-');
  assert.equal(headerField('x'.repeat(60), 48).length, 48);
});

test('SD-PARAM values escape ", \\ and ], and control characters cannot split the message', () => {
  assert.equal(escapeParamValue('a"b\\c]d'), 'a\\"b\\\\c\\]d');
  assert.equal(escapeParamValue('a\nb\u0000'), 'a\uFFFDb\uFFFD');
  const f = hostileFinding();
  const line = renderSyslog(f, OPTS);
  assert.ok(!line.includes('\n'));
  const p = parse5424(line);
  assert.equal(p.elements.length, 1, 'the finding cannot add an SD element');
  const el = p.elements[0];
  assert.equal(el?.id, 'vigil@32473');
  const clean = (s: string) => s.replace(/\n/g, '\uFFFD');
  assert.equal(el?.params.user, clean(`evil${HOSTILE}`));
  assert.equal(el?.params.workload, clean(`pods/pod${HOSTILE}`));
  assert.equal(el?.params.namespace, clean(`ns${HOSTILE}`));
  assert.equal(el?.params.id, f.id);
  assert.equal(el?.params.severity, '9');
  assert.equal(el?.params.label, 'critical');
  assert.deepEqual(JSON.parse(p.msg), f);
});

test('the JSON MSG is ASCII; the text MSG is one readable line, with a BOM when not ASCII', () => {
  const f: Finding = auditFinding();
  f.description = 'pod café ☕';
  const json = parse5424(renderSyslog(f, OPTS)).msg;
  assert.match(json, /^[\x20-\x7e]+$/);
  assert.equal((JSON.parse(json) as Finding).description, 'pod café ☕');
  const text = parse5424(renderSyslog(runtimeFinding(), { ...OPTS, format: 'text' })).msg;
  assert.match(text, /^MEDIUM Execution:Runtime\/NewBinaryExecuted cluster=eks-workshop workload=other\/pods\/crypto process=curl \(\/usr\/bin\/curl\) count=1: /);
  const hostile = parse5424(renderSyslog(hostileFinding(), { ...OPTS, format: 'text' })).msg;
  assert.ok(!hostile.includes('\n'));
  const g = auditFinding();
  g.resource.eksClusterDetails.name = 'prod-ü';
  assert.ok(parse5424(renderSyslog(g, { ...OPTS, format: 'text' })).msg.startsWith('\uFEFF'));
});
