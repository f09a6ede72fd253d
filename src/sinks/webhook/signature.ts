// The webhook signature: X-Vigil-Signature = "sha256=" + hex HMAC-SHA256 of the exact body bytes
// with the shared secret. The body carries `sentAt` (also in X-Vigil-Timestamp), so the signature
// covers the time and a receiver can refuse replays of old deliveries.

import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-vigil-signature';
export const TIMESTAMP_HEADER = 'x-vigil-timestamp';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Receiver side: true when `header` is the signature of `body` (compared in constant time). */
export function verifySignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const got = Buffer.from(header);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The signature and timestamp headers for one request body sent at `nowMs`. */
export function signatureHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  return { [SIGNATURE_HEADER]: signBody(secret, body), [TIMESTAMP_HEADER]: String(Math.floor(nowMs / 1000)) };
}
