// Builds Kinesis Data Firehose HTTP-endpoint request bodies as an EKS cluster's CloudWatch Logs
// subscription delivers them: each record is base64 of a gzip'd CloudWatch Logs payload whose log
// events are audit Event JSON lines. Deterministic (fixed ids, stream names and timestamps), so
// tests and the checked-in fixture agree. Test helper only.
//
// `node dist/testing/firehose-requests.js --write` regenerates test/fixtures/eks-firehose/request.json.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FIXTURES } from './cli.js';

export const OWNER = '111122223333';
export const AUDIT_STREAMS = ['kube-apiserver-audit-0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'kube-apiserver-audit-7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29'];
export const AUTHENTICATOR_STREAM = 'authenticator-3a29c4e1f0b7d6a5c4b3a2918f7e6d5c';
const BASE_MS = Date.UTC(2024, 2, 14, 9, 26, 53);

export interface FirehoseBody {
  requestId: string;
  timestamp: number;
  records: { data: string }[];
}

/** A CloudWatch Logs subscription DATA_MESSAGE for the cluster's log group. */
export function dataMessage(cluster: string, logStream: string, messages: string[], firstMs = BASE_MS): Record<string, unknown> {
  return {
    messageType: 'DATA_MESSAGE',
    owner: OWNER,
    logGroup: `/aws/eks/${cluster}/cluster`,
    logStream,
    subscriptionFilters: ['vigil-eks-audit'],
    logEvents: messages.map((message, i) => ({ id: logEventId(firstMs + i, i), timestamp: firstMs + i, message })),
  };
}

/** The message CloudWatch Logs sends to check that a destination is reachable. */
export function controlMessage(): Record<string, unknown> {
  return {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [{ id: '', timestamp: BASE_MS, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }],
  };
}

/** A record as CloudWatch Logs puts it on the stream (gzip), or after Firehose's decompression processor (plain). */
export function record(payload: unknown, encoding: 'gzip' | 'plain' = 'gzip'): { data: string } {
  const json = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  return { data: (encoding === 'gzip' ? gzipSync(json) : json).toString('base64') };
}

export function firehoseBody(requestId: string, records: { data: string }[], timestamp = BASE_MS): FirehoseBody {
  return { requestId, timestamp, records };
}

export function requestId(n: number): string {
  return `5f0c1f4e-2b7a-4c1d-9e3f-${n.toString(16).padStart(12, '0')}`;
}

/** The audit log's lines (JSON strings, one audit Event each). */
export function auditLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/**
 * The whole audit log as Firehose requests: `perRecord` log events per record, records alternating
 * between two rotating audit streams, `recordsPerRequest` records per request. The first request
 * also carries a CONTROL_MESSAGE record and an authenticator-stream record, which must be skipped.
 */
export function auditLogRequests(lines: string[], cluster: string, perRecord = 20, recordsPerRequest = 6): FirehoseBody[] {
  const records: { data: string }[] = [];
  for (let i = 0, r = 0; i < lines.length; i += perRecord, r++) {
    records.push(record(dataMessage(cluster, AUDIT_STREAMS[r % 2] as string, lines.slice(i, i + perRecord), BASE_MS + i)));
  }
  const bodies: FirehoseBody[] = [];
  for (let i = 0; i < records.length; i += recordsPerRequest) bodies.push(firehoseBody(requestId(bodies.length + 1), records.slice(i, i + recordsPerRequest), BASE_MS + i * 1000));
  bodies[0]?.records.unshift(record(controlMessage()), record(authenticatorMessage(cluster)));
  return bodies;
}

export function authenticatorMessage(cluster: string): Record<string, unknown> {
  return dataMessage(cluster, AUTHENTICATOR_STREAM, [
    'time="2024-03-14T09:26:53Z" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/eks-admin" client="127.0.0.1:40542" groups="[system:masters]" method=POST path=/authenticate uid="aws-iam-authenticator:111122223333:AROAEXAMPLE" username=kubernetes-admin',
  ]);
}

/** The checked-in example: a control message, three audit events (gzip), an authenticator record, one extracted audit line. */
export function exampleRequest(lines: string[]): FirehoseBody {
  return firehoseBody(requestId(0), [
    record(controlMessage()),
    record(dataMessage('workshop', AUDIT_STREAMS[0] as string, lines.slice(0, 3))),
    record(authenticatorMessage('workshop')),
    record(`${lines[3] as string}\n`, 'plain'),
  ]);
}

function logEventId(ms: number, i: number): string {
  // CloudWatch ids are 56-digit decimal strings; these are merely unique and stable.
  return `${BigInt(ms) * 10n ** 43n + BigInt(i)}`.padStart(56, '0');
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  const body = exampleRequest(auditLines(join(FIXTURES, 'audit', 'workshop.jsonl')));
  writeFileSync(join(FIXTURES, 'eks-firehose', 'request.json'), `${JSON.stringify(body, null, 2)}\n`);
}
