// Sigma values and modifiers over a field's values (a list; absent = empty list).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Location } from '../diagnostics.js';
import type { FieldScalar } from './fields.js';
import { MAX_REGEX_LENGTH, compileItem, globTest, parseGlob, type ItemMatcher } from './modifiers.js';
import type { SigmaScalar } from './detection.js';

const AT: Location = { file: 'r.yml', line: 3, col: 9 };

function matcher(key: string, value: SigmaScalar | SigmaScalar[]): ItemMatcher {
  const [field = '', ...modifiers] = key.split('|');
  const list = Array.isArray(value) ? value : [value];
  const errors: string[] = [];
  const m = compileItem({ field, modifiers, values: list.map((v, i) => ({ value: v, at: { ...AT, line: AT.line + i } })), at: AT }, (msg) => errors.push(msg));
  assert.ok(m, `compile failed: ${errors.join('; ')}`);
  return m;
}

function problems(key: string, value: SigmaScalar | SigmaScalar[]): { message: string; at: Location }[] {
  const [field = '', ...modifiers] = key.split('|');
  const list = Array.isArray(value) ? value : [value];
  const out: { message: string; at: Location }[] = [];
  const m = compileItem({ field, modifiers, values: list.map((v, i) => ({ value: v, at: { ...AT, line: AT.line + i } })), at: AT }, (message, at) => out.push({ message, at }));
  assert.equal(m, null);
  return out;
}

const one = (v: FieldScalar): FieldScalar[] => [v];

test('plain strings match whole values case-insensitively', () => {
  const m = matcher('verb', 'Delete');
  assert.equal(m(one('delete')), true);
  assert.equal(m(one('DELETE')), true);
  assert.equal(m(one('deletecollection')), false);
  assert.equal(m([]), false);
});

test('a list of values is ORed; a list field matches when any element does', () => {
  const m = matcher('verb', ['create', 'patch']);
  assert.equal(m(one('patch')), true);
  assert.equal(m(one('get')), false);
  const groups = matcher('user.groups', 'system:masters');
  assert.equal(groups(['system:authenticated', 'system:masters']), true);
  assert.equal(groups(['system:authenticated']), false);
});

test('contains, startswith and endswith', () => {
  assert.equal(matcher('userAgent|contains', 'TruffleHog')(one('trufflehog/3.63 (linux)')), true);
  assert.equal(matcher('userAgent|contains', 'x')(one('kubectl')), false);
  assert.equal(matcher('user.username|startswith', 'system:serviceaccount:')(one('system:serviceaccount:kube-system:default')), true);
  assert.equal(matcher('user.username|startswith', 'system:serviceaccount:')(one('alice')), false);
  assert.equal(matcher('requestURI|endswith', '/exec')(one('/api/v1/namespaces/a/pods/b/exec')), true);
  assert.equal(matcher('requestURI|endswith', '/exec')(one('/api/v1/namespaces/a/pods/b/exec?command=id')), false);
});

test('cased makes string matching case-sensitive', () => {
  assert.equal(matcher('objectRef.name|cased', 'Web')(one('Web')), true);
  assert.equal(matcher('objectRef.name|cased', 'Web')(one('web')), false);
  assert.equal(matcher('objectRef.name|contains|cased', 'AB')(one('xaby')), false);
});

test('wildcards: * any run, ? exactly one character', () => {
  const m = matcher('objectRef.name', 'kube-proxy-?????');
  assert.equal(m(one('kube-proxy-bv61v')), true);
  assert.equal(m(one('kube-proxy-bv61')), false);
  assert.equal(m(one('KUBE-PROXY-BV61V')), true);
  const star = matcher('requestURI', '/api/*/secrets*');
  assert.equal(star(one('/api/v1/namespaces/prod/secrets?limit=500')), true);
  assert.equal(star(one('/apis/v1/secrets')), false);
  assert.equal(matcher('hostPath', '*')(['/']), true);
  assert.equal(matcher('hostPath', '*')([]), false, 'a wildcard needs the field to be present');
});

test('backslash escapes: \\* and \\? are literal, \\\\ is one backslash, other backslashes stay', () => {
  assert.deepEqual(parseGlob('a\\*b'), [{ lit: 'a*b' }]);
  assert.deepEqual(parseGlob('a\\\\*'), [{ lit: 'a\\' }, '*']);
  assert.deepEqual(parseGlob('a\\\\\\*'), [{ lit: 'a\\*' }]);
  assert.deepEqual(parseGlob('C:\\Windows'), [{ lit: 'C:\\Windows' }]);
  const lit = matcher('userAgent', 'what\\?');
  assert.equal(lit(one('what?')), true);
  assert.equal(lit(one('whatx')), false);
  const star = matcher('objectRef.name', 'a\\*');
  assert.equal(star(one('a*')), true);
  assert.equal(star(one('ab')), false);
  assert.equal(globTest('x.y', 'exact', false)('xzy'), false, 'regex characters are literal');
});

test('contains keeps inner wildcards', () => {
  const m = matcher('requestURI|contains', 'command=*sh&');
  assert.equal(m(one('/exec?command=%2Fbin%2Fsh&container=a')), true);
  assert.equal(m(one('/exec?command=id&container=sh')), false);
});

test('all: every value must match (contains|all)', () => {
  const m = matcher('requestURI|contains|all', ['command=', 'tty=true']);
  assert.equal(m(one('/exec?command=sh&tty=true')), true);
  assert.equal(m(one('/exec?command=sh&tty=false')), false);
  const groups = matcher('user.groups|all', ['system:masters', 'system:authenticated']);
  assert.equal(groups(['system:authenticated', 'system:masters']), true);
  assert.equal(groups(['system:authenticated']), false);
});

test('exists: true and false', () => {
  const yes = matcher('impersonatedUser.username|exists', true);
  const no = matcher('impersonatedUser.username|exists', false);
  assert.equal(yes(one('bob')), true);
  assert.equal(yes([]), false);
  assert.equal(no([]), true);
  assert.equal(no(one('bob')), false);
});

test('null and empty string match an absent field', () => {
  assert.equal(matcher('objectRef.apiGroup', null)([]), true);
  assert.equal(matcher('objectRef.apiGroup', null)(one('apps')), false);
  assert.equal(matcher('objectRef.apiGroup', '')([]), true);
  assert.equal(matcher('objectRef.apiGroup', '')(one('apps')), false);
});

test('numbers compare as numbers; booleans as booleans', () => {
  const codes = matcher('responseStatus.code', [401, 403]);
  assert.equal(codes(one(403)), true);
  assert.equal(codes(one(404)), false);
  assert.equal(codes(one('403')), true, 'a numeric string counts as its number');
  assert.equal(matcher('responseStatus.code', '403')(one(403)), true, 'a quoted number matches the number');
  assert.equal(matcher('responseStatus.code', '40?')(one(404)), true, 'wildcards apply to the number as text');
  assert.equal(matcher('responseStatus.code', 'ALLOW')(one(200)), false);
  assert.equal(matcher('privileged', true)([false, true]), true);
  assert.equal(matcher('privileged', true)([false]), false);
  assert.equal(matcher('privileged', false)([false]), true);
});

test('numeric modifiers gt, gte, lt, lte', () => {
  assert.equal(matcher('responseStatus.code|gte', 400)(one(403)), true);
  assert.equal(matcher('responseStatus.code|gte', 400)(one(201)), false);
  assert.equal(matcher('responseStatus.code|lt', 300)(one(201)), true);
  assert.equal(matcher('responseStatus.code|gt', 500)(one(500)), false);
  assert.equal(matcher('responseStatus.code|lte', 500)(one(500)), true);
  assert.equal(matcher('responseStatus.code|gt', 1)([]), false);
});

test('re: JavaScript regular expressions, case-sensitive unless |i, unanchored', () => {
  const m = matcher('requestURI|re', '%2f(bin%2f(ba)?sh)');
  assert.equal(m(one('/exec?command=%2fbin%2fbash')), true);
  assert.equal(m(one('/exec?command=%2Fbin%2Fbash')), false);
  assert.equal(matcher('requestURI|re|i', '%2f(bin%2f(ba)?sh)')(one('/exec?command=%2Fbin%2Fbash')), true);
  assert.equal(matcher('userAgent|re', '^kubectl/v1\\.(2[0-9])\\.')(one('kubectl/v1.29.4 (linux/amd64)')), true);
  assert.equal(matcher('userAgent|re|m', '^curl')(one('x\ncurl/8')), true);
  assert.equal(matcher('userAgent|re|s', 'a.b')(one('a\nb')), true);
  assert.equal(matcher('userAgent|re', 'a.b')(one('a\nb')), false);
});

test('re: invalid or too long patterns are load errors at the value', () => {
  const bad = problems('userAgent|re', 'a(b');
  assert.equal(bad.length, 1);
  assert.match(bad[0]?.message ?? '', /invalid regular expression/);
  assert.deepEqual(bad[0]?.at, AT);
  const long = problems('userAgent|re', 'a'.repeat(MAX_REGEX_LENGTH + 1));
  assert.match(long[0]?.message ?? '', /longer than 1000/);
  assert.equal(compileItem({ field: 'userAgent', modifiers: ['re'], values: [{ value: 'a'.repeat(MAX_REGEX_LENGTH), at: AT }], at: AT }, () => {}) !== null, true);
});

test('cidr: IPv4 and IPv6 subnets, IPv4-mapped addresses, bare addresses', () => {
  const v4 = matcher('sourceIPs|cidr', ['10.0.0.0/8', '192.168.1.0/24']);
  assert.equal(v4(['203.0.113.9', '10.20.30.40']), true);
  assert.equal(v4(one('192.168.2.1')), false);
  assert.equal(v4(one('::ffff:10.1.2.3')), true);
  assert.equal(v4(one('not-an-ip')), false);
  const v6 = matcher('sourceIPs|cidr', 'fd00::/8');
  assert.equal(v6(one('fd12:3456::1')), true);
  assert.equal(v6(one('2001:db8::1')), false);
  assert.equal(v6(one('10.0.0.1')), false);
  assert.equal(matcher('sourceIPs|cidr', '198.51.100.7')(one('198.51.100.7')), true);
  const all = matcher('sourceIPs|cidr|all', ['10.0.0.0/8', '172.16.0.0/12']);
  assert.equal(all(['10.0.0.1', '172.16.5.5']), true);
  assert.equal(all(['10.0.0.1']), false);
  assert.match(problems('sourceIPs|cidr', '10.0.0.0/33')[0]?.message ?? '', /not an IPv4 or IPv6 CIDR/);
  assert.match(problems('sourceIPs|cidr', 'fd00::/129')[0]?.message ?? '', /CIDR/);
});

test('windash matches any dash or slash variant', () => {
  const m = matcher('file_path|windash', '-o');
  assert.equal(m(one('/o')), true);
  assert.equal(m(one('\u2013o')), true);
  assert.equal(m(one('+o')), false);
});

test('bad modifier use is reported', () => {
  assert.match(problems('verb|base64', 'x')[0]?.message ?? '', /base64 is not supported/);
  assert.match(problems('verb|frobnicate', 'x')[0]?.message ?? '', /unknown modifier "frobnicate"/);
  assert.match(problems('verb|contains|startswith', 'x')[0]?.message ?? '', /cannot be combined/);
  assert.match(problems('verb|contains|re', 'x')[0]?.message ?? '', /cannot be combined/);
  assert.match(problems('verb|i', 'x')[0]?.message ?? '', /apply only to re/);
  assert.match(problems('verb|exists', 'yes')[0]?.message ?? '', /single true or false/);
  assert.match(problems('verb|exists|all', true)[0]?.message ?? '', /exists cannot be combined/);
  assert.match(problems('verb|contains', null)[0]?.message ?? '', /null cannot be used with modifiers/);
  assert.match(problems('responseStatus.code|gt', 'many')[0]?.message ?? '', /gt needs a number/);
  assert.match(problems('verb|contains|contains', 'x')[0]?.message ?? '', /given twice/);
});
