// AWS Signature Version 4 verification for the GuardDuty-compatible API (protocols.md §3.8).
// The server recomputes the signature from what it received: the canonical request (method, path
// normalised and URI-encoded again as the non-S3 SDK signers do, sorted query, the signed headers
// only), the SHA-256 of the raw body that the server computes itself (x-amz-content-sha256, when
// sent, must equal it: the SDK signer trusts that header), the string to sign and the derived
// signing key; then compares in constant time. The credential scope must name the service
// guardduty; any region is accepted. x-amz-date must be within 15 minutes of the server clock.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { GuardDutyError } from './errors.js';

export const SIGNING_SERVICE = 'guardduty';
export const MAX_SKEW_MS = 15 * 60_000;
const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SignedRequest {
  method: string;
  /** The request target exactly as received (still percent-encoded), path and query. */
  url: string;
  /** Lower-case header names, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** encodeURIComponent plus the RFC 3986 reserved characters it leaves alone (as the SDK's escapeUri). */
export function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Canonical URI of a non-S3 service: dot segments and empty segments removed, then encoded again. */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const path = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return escapeUri(path).replace(/%2F/g, '/');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new GuardDutyError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided: malformed query string.');
  }
}

/** Canonical query string: pairs decoded then RFC 3986-encoded, sorted by key, then value. */
export function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decode(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : decode(part.slice(eq + 1));
    if (k.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([escapeUri(k), escapeUri(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(v: string | string[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = Array.isArray(v) ? v.join(',') : v;
  return s.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

export function canonicalRequest(req: SignedRequest, signedHeaders: readonly string[], payloadHash: string): string {
  const q = req.url.indexOf('?');
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
  const headers = signedHeaders.map((h) => {
    const v = headerValue(req.headers[h]);
    if (v === undefined) throw new GuardDutyError('InvalidSignatureException', `The request signature we calculated does not match the signature you provided: signed header ${h} is missing.`);
    return `${h}:${v}\n`;
  });
  return `${req.method.toUpperCase()}\n${canonicalPath(rawPath)}\n${canonicalQuery(rawQuery)}\n${headers.join('')}\n${signedHeaders.join(';')}\n${payloadHash}`;
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function signature(secret: string, auth: Omit<Authorization, 'accessKeyId' | 'signature'>, amzDate: string, canonical: string): string {
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', signingKey(secret, auth.date, auth.region, auth.service)).update(stringToSign, 'utf8').digest('hex');
}

const incomplete = (m: string) => new GuardDutyError('IncompleteSignatureException', m);

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string | undefined): Authorization {
  if (header === undefined || header.trim() === '') throw new GuardDutyError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) throw incomplete(`Unsupported AWS 'algorithm': '${algorithm.slice(0, 40)}'. Use ${ALGORITHM}.`);
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signed = fields.get('SignedHeaders');
  const sig = fields.get('Signature');
  if (!credential) throw incomplete("Authorization header requires 'Credential' parameter.");
  if (!signed) throw incomplete("Authorization header requires 'SignedHeaders' parameter.");
  if (!sig) throw incomplete("Authorization header requires 'Signature' parameter.");
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') throw incomplete(`Credential should be scoped to a valid region, service and aws4_request terminator: ${credential.slice(0, 200)}`);
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9]{1,128}$/.test(accessKeyId)) throw new GuardDutyError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (!/^\d{8}$/.test(date) || !/^[a-z0-9-]{1,64}$/.test(region)) throw incomplete('Credential should be scoped to a valid date and region.');
  if (service !== SIGNING_SERVICE) throw new GuardDutyError('InvalidSignatureException', `Credential should be scoped to correct service: '${SIGNING_SERVICE}'.`);
  if (!/^[0-9a-f]{64}$/.test(sig)) throw new GuardDutyError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
  const signedHeaders = signed.split(';');
  if (signedHeaders.some((h) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(h))) throw incomplete('SignedHeaders must be lower-case header names separated by semicolons.');
  if (!signedHeaders.includes('host')) throw incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  if (!signedHeaders.includes('x-amz-date')) throw incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  return { accessKeyId, date, region, service, signedHeaders, signature: sig };
}

/** yyyyMMddTHHmmssZ -> epoch ms, or NaN. */
export function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

function amzDateOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Verifies the request's signature with the secret that `lookup` returns for its access key id
 * (null: unknown or revoked). Returns the access key id, or throws a GuardDutyError saying why not.
 */
export async function verifySigV4<K>(
  req: SignedRequest,
  lookup: (accessKeyId: string) => Promise<{ secret: string; key: K } | null>,
  now: number,
): Promise<{ auth: Authorization; key: K }> {
  const auth = parseAuthorization(headerValue(req.headers.authorization));
  if (req.headers['x-amz-security-token'] !== undefined) {
    throw new GuardDutyError('UnrecognizedClientException', 'The security token included in the request is invalid: Vigil issues no session tokens.');
  }
  const amzDate = headerValue(req.headers['x-amz-date']) ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (!Number.isFinite(signedAt)) throw incomplete("Authorization header requires existence of a valid 'X-Amz-Date' header (yyyyMMddTHHmmssZ).");
  if (amzDate.slice(0, 8) !== auth.date) {
    throw new GuardDutyError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (signedAt < now - MAX_SKEW_MS) {
    throw new GuardDutyError('InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${amzDateOf(now - MAX_SKEW_MS)} (${amzDateOf(now)} - 15 min.)`);
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw new GuardDutyError('InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${amzDateOf(now + MAX_SKEW_MS)} (${amzDateOf(now)} + 15 min.)`);
  }
  const found = await lookup(auth.accessKeyId);
  if (!found) throw new GuardDutyError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const mismatch = new GuardDutyError(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
  // The payload hash is always the server's own; a different claimed hash means the body changed.
  const payloadHash = sha256Hex(req.body);
  const claimed = headerValue(req.headers['x-amz-content-sha256']);
  if (claimed !== undefined && claimed !== payloadHash) throw mismatch;
  const expected = signature(found.secret, auth, amzDate, canonicalRequest(req, auth.signedHeaders, payloadHash));
  if (!timingSafeEqual(Buffer.from(expected, 'utf8'), Buffer.from(auth.signature, 'utf8'))) throw mismatch;
  return { auth, key: found.key };
}
