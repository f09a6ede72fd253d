// SigV4 verification in isolation: the AWS SigV4 test-suite vectors, canonical path and query
// rules of the SDK signers, and every refusal of verifySigV4. (The SDK-signed round trips are in
// the operation tests.)

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { dataDirSecretBox, newAccessKeyId, secretBox } from './access-keys.js';
import { GuardDutyError } from './errors.js';
import { canonicalPath, canonicalQuery, canonicalRequest, parseAuthorization, signature, verifySigV4, type SignedRequest } from './sigv4.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe('AWS SigV4 test suite vectors', () => {
  const scope = { date: '20150830', region: 'us-east-1', service: 'service', signedHeaders: ['host', 'x-amz-date'] };
  const req = (url: string): SignedRequest => ({ method: 'GET', url, headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' }, body: Buffer.alloc(0) });
  const emptyHash = createHash('sha256').update('').digest('hex');

  test('get-vanilla', () => {
    const c = canonicalRequest(req('/'), scope.signedHeaders, emptyHash);
    assert.equal(c, `GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n${emptyHash}`);
    assert.equal(signature(SECRET, scope, '20150830T123600Z', c), '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  test('get-vanilla-query-order-key-case', () => {
    const c = canonicalRequest(req('/?Param2=value2&Param1=value1'), scope.signedHeaders, emptyHash);
    assert.equal(signature(SECRET, scope, '20150830T123600Z', c), 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
  });
});

describe('canonical request parts', () => {
  test('paths are normalised and URI-encoded again, as the non-S3 SDK signers do', () => {
    assert.equal(canonicalPath('/detector/abc%2Fdef/findings'), '/detector/abc%252Fdef/findings');
    assert.equal(canonicalPath('/detector/d1/filter/my%20filter'), '/detector/d1/filter/my%2520filter');
    assert.equal(canonicalPath('/a/./b/../c//d/'), '/a/c/d/');
    assert.equal(canonicalPath('/'), '/');
  });

  test('query pairs are decoded, RFC 3986-encoded and sorted by key then value', () => {
    assert.equal(canonicalQuery('b=2&a=%20x&a=1&c'), 'a=%20x&a=1&b=2&c=');
    assert.equal(canonicalQuery('nextToken=a%2Bb%2F%3D&maxResults=10'), 'maxResults=10&nextToken=a%2Bb%2F%3D');
    assert.equal(canonicalQuery("k=!'()*"), 'k=%21%27%28%29%2A');
  });

  test('header values are trimmed and inner whitespace collapsed', () => {
    const c = canonicalRequest({ method: 'get', url: '/', headers: { host: ' h ', 'x-amz-date': 'd', 'x-a': '  a   b\t c ' }, body: Buffer.alloc(0) }, ['host', 'x-a', 'x-amz-date'], 'p');
    assert.equal(c, 'GET\n/\n\nhost:h\nx-a:a b c\nx-amz-date:d\n\nhost;x-a;x-amz-date\np');
  });

  test('Authorization header parsing and its refusals', () => {
    const a = parseAuthorization('AWS4-HMAC-SHA256 Credential=VGLKABC/20240301/eu-west-1/guardduty/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + 'a'.repeat(64));
    assert.deepEqual(a, { accessKeyId: 'VGLKABC', date: '20240301', region: 'eu-west-1', service: 'guardduty', signedHeaders: ['host', 'x-amz-date'], signature: 'a'.repeat(64) });
    const fails = (h: string | undefined, name: string) => assert.throws(() => parseAuthorization(h), (e: unknown) => e instanceof GuardDutyError && e.errorName === name);
    fails(undefined, 'MissingAuthenticationTokenException');
    fails('Basic abc', 'IncompleteSignatureException');
    fails('AWS4-HMAC-SHA256 SignedHeaders=host, Signature=' + 'a'.repeat(64), 'IncompleteSignatureException');
    fails('AWS4-HMAC-SHA256 Credential=K/20240301/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + 'a'.repeat(64), 'InvalidSignatureException');
    fails('AWS4-HMAC-SHA256 Credential=K/20240301/us-east-1/guardduty/aws4_request, SignedHeaders=x-amz-date, Signature=' + 'a'.repeat(64), 'IncompleteSignatureException');
    fails('AWS4-HMAC-SHA256 Credential=K/20240301/us-east-1/guardduty/aws4_request, SignedHeaders=host, Signature=' + 'a'.repeat(64), 'IncompleteSignatureException');
  });
});

describe('verifySigV4', () => {
  const NOW = Date.UTC(2024, 2, 1, 12, 0, 0);
  const AMZ = '20240301T120000Z';
  const key = { id: 'caller' };
  const lookup = async (id: string) => (id === 'VGLKTEST' ? { secret: SECRET, key } : null);

  function signed(opts: { body?: string; amzDate?: string; service?: string; url?: string; secret?: string; extra?: Record<string, string> } = {}): SignedRequest {
    const body = Buffer.from(opts.body ?? '{"findingIds":[]}');
    const amzDate = opts.amzDate ?? AMZ;
    const headers: Record<string, string> = {
      host: '127.0.0.1:9000', 'content-type': 'application/json', 'x-amz-date': amzDate,
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'), ...(opts.extra ?? {}),
    };
    const signedHeaders = Object.keys(headers).sort();
    const req: SignedRequest = { method: 'POST', url: opts.url ?? '/detector/d1/findings/archive', headers, body };
    const scope = { date: amzDate.slice(0, 8), region: 'us-east-1', service: opts.service ?? 'guardduty', signedHeaders };
    const sig = signature(opts.secret ?? SECRET, scope, amzDate, canonicalRequest(req, signedHeaders, headers['x-amz-content-sha256'] ?? ''));
    headers.authorization = `AWS4-HMAC-SHA256 Credential=VGLKTEST/${scope.date}/us-east-1/${scope.service}/aws4_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
    return req;
  }
  const refused = async (req: SignedRequest, name: string, message?: RegExp, now = NOW) =>
    assert.rejects(verifySigV4(req, lookup, now), (e: unknown) => {
      assert.ok(e instanceof GuardDutyError, String(e));
      assert.equal(e.errorName, name);
      if (message) assert.match(e.message, message);
      return true;
    });

  test('a correctly signed request verifies and yields the caller', async () => {
    const r = await verifySigV4(signed(), lookup, NOW);
    assert.equal(r.key, key);
    assert.equal(r.auth.accessKeyId, 'VGLKTEST');
    await verifySigV4(signed({ url: '/detector/d%2F1/filter/my%20filter?maxResults=5&nextToken=a%2Bb' }), lookup, NOW + 14 * 60_000);
  });

  test('the body is hashed by the server: a changed body fails with or without a matching x-amz-content-sha256', async () => {
    const r = signed();
    await refused({ ...r, body: Buffer.from('{"findingIds":["x"]}') }, 'InvalidSignatureException');
    const h = { ...r.headers, 'x-amz-content-sha256': createHash('sha256').update('{"findingIds":["x"]}').digest('hex') };
    await refused({ ...r, headers: h, body: Buffer.from('{"findingIds":["x"]}') }, 'InvalidSignatureException');
    const { 'x-amz-content-sha256': _dropped, ...without } = r.headers;
    await refused({ ...r, headers: without }, 'InvalidSignatureException', /missing/);
    await refused({ ...r, headers: { ...r.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, 'InvalidSignatureException');
  });

  test('dates: 15 minutes of skew either way; the scope date must match x-amz-date', async () => {
    await refused(signed(), 'InvalidSignatureException', /^Signature expired: 20240301T120000Z is now earlier than 20240301T120100Z \(20240301T121600Z - 15 min\.\)$/, NOW + 16 * 60_000);
    await refused(signed(), 'InvalidSignatureException', /Signature not yet current/, NOW - 16 * 60_000);
    const r = signed();
    await refused({ ...r, headers: { ...r.headers, 'x-amz-date': '20240302T120000Z' } }, 'InvalidSignatureException', /Date in Credential scope does not match/, Date.UTC(2024, 2, 2, 12));
    await refused({ ...r, headers: { ...r.headers, 'x-amz-date': 'yesterday' } }, 'IncompleteSignatureException');
  });

  test('unknown key, wrong secret, wrong service, session tokens, a changed signed header', async () => {
    const r = signed();
    await refused({ ...r, headers: { ...r.headers, authorization: String(r.headers.authorization).replace('VGLKTEST', 'VGLKOTHER') } }, 'UnrecognizedClientException');
    await refused(signed({ secret: 'not the secret' }), 'InvalidSignatureException', /does not match/);
    await refused(signed({ service: 'ec2' }), 'InvalidSignatureException', /scoped to correct service: 'guardduty'/);
    await refused(signed({ extra: { 'x-amz-security-token': 'tok' } }), 'UnrecognizedClientException');
    await refused({ ...r, headers: { ...r.headers, host: 'evil.example:9000' } }, 'InvalidSignatureException');
    await refused({ ...r, method: 'DELETE' }, 'InvalidSignatureException');
    await refused({ ...r, url: '/detector/d2/findings/archive' }, 'InvalidSignatureException');
  });
});

describe('access key secrets', () => {
  test('sealed with AES-256-GCM bound to the access key id', () => {
    const box = secretBox(randomBytes(32));
    const sealed = box.seal('VGLKA', 'the secret');
    assert.match(sealed, /^v1\./);
    assert.ok(!sealed.includes('the secret'));
    assert.equal(box.open('VGLKA', sealed), 'the secret');
    assert.equal(box.open('VGLKB', sealed), null, 'a sealed secret cannot be moved to another key id');
    assert.equal(secretBox(randomBytes(32)).open('VGLKA', sealed), null, 'another sealing key cannot open it');
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    assert.equal(box.open('VGLKA', flipped), null, 'tampering is detected');
    assert.notEqual(box.seal('VGLKA', 'the secret'), sealed, 'a fresh IV every time');
  });

  test('DIR/sigv4.key is created once with mode 600 and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sigv4-key-'));
    try {
      const sealed = dataDirSecretBox(dir).seal('VGLKA', 's');
      const file = join(dir, 'sigv4.key');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const before = readFileSync(file, 'utf8');
      assert.equal(dataDirSecretBox(dir).open('VGLKA', sealed), 's');
      assert.equal(readFileSync(file, 'utf8'), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('access key ids look like AWS ones: 20 upper-case letters and digits', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newAccessKeyId()));
    assert.equal(ids.size, 50);
    for (const id of ids) assert.match(id, /^VGLK[A-Z2-7]{16}$/);
  });
});
