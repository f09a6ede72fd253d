// Refusals, as GuardDuty answers them, through the official SDK and raw HTTP: unknown access key,
// wrong secret, a body changed after signing, an expired or missing signature, a revoked key, and
// roles (a viewer may only read).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  AccessDeniedException, ArchiveFindingsCommand, CreateDetectorCommand, CreateIPSetCommand, CreateSampleFindingsCommand,
  GuardDutyServiceException, ListDetectorsCommand, ListFindingsCommand, type GuardDutyClient,
} from '@aws-sdk/client-guardduty';
import { startHarness, type Harness } from './harness.js';

/** Asserts the SDK raised the named error with the HTTP status. */
function refusedWith(name: string, status: number, message?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof GuardDutyServiceException, `expected a GuardDuty error, got ${String(e)}`);
    assert.equal(e.name, name);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  };
}

/** Changes the request after the SDK signed it (a man in the middle). */
function tamper(gd: GuardDutyClient, change: (req: { body?: unknown; headers: Record<string, string> }) => void): void {
  type Mw = Parameters<typeof gd.middlewareStack.addRelativeTo>[0];
  const mw = (next: (a: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
    change(args.request as { body?: unknown; headers: Record<string, string> });
    return next(args);
  };
  gd.middlewareStack.addRelativeTo(
    mw as unknown as Mw,
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperAfterSigning' },
  );
}

describe('GuardDuty API refusals', () => {
  let h: Harness;
  let detector = '';
  let findingId = '';
  before(async () => {
    h = await startHarness();
    const gd = h.client('admin');
    detector = (await gd.send(new CreateDetectorCommand({ Enable: true, Tags: { Name: 'prod' } }))).DetectorId ?? '';
    await gd.send(new CreateSampleFindingsCommand({ DetectorId: detector, FindingTypes: ['Execution:Kubernetes/ExecInKubeSystemPod'] }));
    findingId = (await gd.send(new ListFindingsCommand({ DetectorId: detector }))).FindingIds?.[0] ?? '';
    assert.ok(findingId);
  });
  after(async () => h.close());

  const archived = async () => (await h.vigil.store.getFinding(findingId))?.service.archived;

  test('an unknown access key: UnrecognizedClientException (403)', async () => {
    const gd = h.client({ accessKeyId: 'VGLKUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) });
    await assert.rejects(gd.send(new ListDetectorsCommand({})), refusedWith('UnrecognizedClientException', 403, /security token included in the request is invalid/));
  });

  test('a wrong secret: InvalidSignatureException (403)', async () => {
    const gd = h.client({ accessKeyId: h.keys.admin.accessKeyId, secretAccessKey: `${h.keys.admin.secretAccessKey.slice(0, -1)}x` });
    await assert.rejects(gd.send(new ListDetectorsCommand({})), refusedWith('InvalidSignatureException', 403, /signature we calculated does not match/));
  });

  test('a body changed after signing is refused, whatever is done to x-amz-content-sha256', async () => {
    const evil = JSON.stringify({ findingIds: [findingId] });
    const variants: [string, (r: { body?: unknown; headers: Record<string, string> }) => void][] = [
      ['header left as signed', (r) => { r.body = evil; r.headers['content-length'] = String(Buffer.byteLength(evil)); }],
      ['header recomputed for the new body', (r) => {
        r.body = evil;
        r.headers['content-length'] = String(Buffer.byteLength(evil));
        r.headers['x-amz-content-sha256'] = createHash('sha256').update(evil).digest('hex');
      }],
      ['header removed', (r) => { r.body = evil; r.headers['content-length'] = String(Buffer.byteLength(evil)); delete r.headers['x-amz-content-sha256']; }],
    ];
    for (const [what, change] of variants) {
      const gd = h.client('admin');
      tamper(gd, change);
      // Signed: archive nothing (an empty list); delivered: archive the finding.
      await assert.rejects(gd.send(new ArchiveFindingsCommand({ DetectorId: detector, FindingIds: [] })), refusedWith('InvalidSignatureException', 403), what);
      assert.equal(await archived(), false, what);
    }
  });

  test('a signature older than 15 minutes: InvalidSignatureException "Signature expired"', async () => {
    const gd = h.client('admin', { systemClockOffset: -20 * 60_000 });
    await assert.rejects(gd.send(new ListDetectorsCommand({})), refusedWith('InvalidSignatureException', 403, /^Signature expired: \d{8}T\d{6}Z is now earlier than/));
    const future = h.client('admin', { systemClockOffset: 20 * 60_000 });
    await assert.rejects(future.send(new ListDetectorsCommand({})), refusedWith('InvalidSignatureException', 403, /Signature not yet current/));
    // With retries on, the SDK corrects its clock from the response's Date header, as against AWS.
    const healing = h.client('admin', { systemClockOffset: -20 * 60_000, maxAttempts: 3 });
    assert.ok((await healing.send(new ListDetectorsCommand({}))).DetectorIds?.includes(detector));
  });

  test('roles: a viewer reads but may not archive (AccessDeniedException); an analyst may not create detectors or lists', async () => {
    const viewer = h.client('viewer');
    assert.deepEqual((await viewer.send(new ListFindingsCommand({ DetectorId: detector }))).FindingIds, [findingId]);
    await assert.rejects(viewer.send(new ArchiveFindingsCommand({ DetectorId: detector, FindingIds: [findingId] })), (e: unknown) => {
      assert.ok(e instanceof AccessDeniedException, String(e));
      assert.equal(e.$metadata.httpStatusCode, 403);
      assert.match(e.message, /not authorized to perform: guardduty:ArchiveFindings/);
      return true;
    });
    assert.equal(await archived(), false);
    const analyst = h.client('analyst');
    await assert.rejects(analyst.send(new CreateDetectorCommand({ Enable: true })), refusedWith('AccessDeniedException', 403));
    await assert.rejects(analyst.send(new CreateIPSetCommand({ DetectorId: detector, Name: 'x', Format: 'TXT', Location: 'x.txt', Activate: true })), AccessDeniedException);
    await analyst.send(new ArchiveFindingsCommand({ DetectorId: detector, FindingIds: [findingId] }));
    assert.equal(await archived(), true);
  });

  test('a revoked key is unknown from then on', async () => {
    const gd = h.client('viewer');
    await gd.send(new ListDetectorsCommand({}));
    assert.equal(await h.vigil.store.revokeAccessKey(h.keys.viewer.accessKeyId, Date.now()), true);
    await assert.rejects(gd.send(new ListDetectorsCommand({})), refusedWith('UnrecognizedClientException', 403));
  });

  test('raw HTTP: no Authorization header, a malformed one, an unknown operation', async () => {
    let r = await fetch(`${h.endpoint}/detector`);
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.ok(r.headers.get('x-amzn-requestid'));
    assert.deepEqual(await r.json(), { message: 'Missing Authentication Token', __type: 'MissingAuthenticationTokenException' });
    r = await fetch(`${h.endpoint}/detector`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=abc' } });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-amzn-errortype'), 'IncompleteSignatureException');
    r = await fetch(`${h.endpoint}/detector`, { headers: { authorization: 'Bearer vgl_admin_x' } });
    assert.equal(r.headers.get('x-amzn-errortype'), 'IncompleteSignatureException');
    r = await fetch(`${h.endpoint}/nothing-here`, { method: 'POST', body: '{}' });
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  });
});
