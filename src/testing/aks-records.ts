// Wraps audit Events as Azure diagnostic-setting records of an AKS cluster, as its diagnostic
// settings send them to Event Hubs (message bodies `{"records":[...]}`) and to Storage (blobs
// insights-logs-kube-audit/resourceId=.../PT1H.json, one record a line). Deterministic (fixed
// resource ids, pods, container ids and times), so tests and the checked-in fixtures agree.
// Test helper only.
//
// `node dist/testing/aks-records.js --write` regenerates test/fixtures/aks/.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { TOO_BIG_OBJECT } from '../normalize/k8s-audit/aks-record.js';
import { FIXTURES } from './cli.js';
import { auditLines } from './firehose-requests.js';

export const SUBSCRIPTION = '3f2a9c1e-7b4d-4e8a-9c2f-1d5e6a7b8c9d';
export const RESOURCE_GROUP = 'rg-workshop';
export const OPERATION_NAME = 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read';
/** Two API server replicas, as AKS runs them; records alternate between them. */
export const API_SERVER_PODS = [
  { pod: 'kube-apiserver-6f9c8d7b5-x2k4q', containerID: '5aeef33b3c2d41e08f6b7a9c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6' },
  { pod: 'kube-apiserver-6f9c8d7b5-p7m9z', containerID: 'c81d0e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f' },
];

/** The upper-cased ARM id of a managed cluster, as records carry it. */
export function aksResourceId(cluster: string, resourceGroup = RESOURCE_GROUP): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster}`.toUpperCase();
}

export type AksCategory = 'kube-audit' | 'kube-audit-admin' | 'guard' | 'kube-apiserver';

/** One diagnostic record holding an audit Event line (`properties.log` is the JSON text with a trailing newline). */
export function aksRecord(eventLine: string, cluster: string, i = 0, category: AksCategory = 'kube-audit'): Record<string, unknown> {
  const ev = JSON.parse(eventLine) as { stageTimestamp?: string };
  const pod = API_SERVER_PODS[i % 2]!;
  return {
    category,
    operationName: OPERATION_NAME,
    resourceId: aksResourceId(cluster),
    time: diagnosticTime(ev.stageTimestamp, i),
    properties: { log: `${eventLine}\n`, stream: 'stdout', pod: pod.pod, containerID: pod.containerID },
    serviceBuild: 'na',
  };
}

/** A record of another category (not audit): guard's authorization decision line, or an API server log line. */
export function otherRecord(cluster: string, category: 'guard' | 'kube-apiserver', i = 0): Record<string, unknown> {
  const log =
    category === 'guard'
      ? 'I0420 16:29:59.995191       1 guard.go:88] azure rbac: user "alice@contoso.example" verb "get" resource "pods" namespace "default" allowed\n'
      : 'I0420 16:29:59.101022       1 controller.go:624] quota admission added evaluator for: leases.coordination.k8s.io\n';
  const pod = category === 'guard' ? { pod: 'guard-5d8c7b9f6-hq2wn', containerID: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0' } : API_SERVER_PODS[i % 2]!;
  return { category, operationName: OPERATION_NAME, resourceId: aksResourceId(cluster), time: '2025-04-20T16:29:59.995191417Z', properties: { log, stream: 'stderr', ...pod }, serviceBuild: 'na' };
}

/** The line with its requestObject and/or responseObject replaced by AKS's "too big" marker. */
export function tooBig(eventLine: string, fields: ('requestObject' | 'responseObject')[]): string {
  const ev = JSON.parse(eventLine) as Record<string, unknown>;
  for (const f of fields) ev[f] = TOO_BIG_OBJECT;
  return JSON.stringify(ev);
}

/**
 * The workshop log as a cluster's kube-audit records, as in the fixtures: the responseObject of the
 * first three deletes marked too big (no finding depends on them), plus a guard and a
 * kube-apiserver record after the first event, which must be skipped.
 */
export function workshopRecords(lines: string[], cluster: string): Record<string, unknown>[] {
  let marked = 0;
  const out: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    const ev = JSON.parse(line) as { verb?: string; responseObject?: unknown };
    const mark = ev.verb === 'delete' && ev.responseObject !== undefined && marked < 3;
    if (mark) marked++;
    out.push(aksRecord(mark ? tooBig(line, ['responseObject']) : line, cluster, i));
    if (i === 0) out.push(otherRecord(cluster, 'guard'), otherRecord(cluster, 'kube-apiserver'));
  });
  return out;
}

/** Event Hub message bodies: `perMessage` records each, as diagnostic settings batch them. */
export function messageBodies(records: Record<string, unknown>[], perMessage = 7): string[] {
  const out: string[] = [];
  for (let i = 0; i < records.length; i += perMessage) out.push(JSON.stringify({ records: records.slice(i, i + perMessage) }));
  return out;
}

/** An exported blob (PT1H.json): one record a line. */
export function exportedBlob(records: Record<string, unknown>[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** The blob's path in the storage account's insights-logs-<category> container. */
export function blobPath(cluster: string, hour: Date, category = 'kube-audit'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `insights-logs-${category}/resourceId=${aksResourceId(cluster)}/y=${hour.getUTCFullYear()}/m=${p(hour.getUTCMonth() + 1)}/d=${p(hour.getUTCDate())}/h=${p(hour.getUTCHours())}/m=00/PT1H.json`;
}

function diagnosticTime(stageTimestamp: string | undefined, i: number): string {
  // The record's time is when the log line was collected: the event's time plus a little, 9 digits.
  const t = Date.parse(stageTimestamp ?? '2025-04-20T16:29:59Z');
  const ms = (Number.isFinite(t) ? t : 0) + 180 + (i % 7);
  return new Date(ms).toISOString().replace('Z', `${String(417 + i).padStart(6, '0').slice(-6)}Z`);
}

export const WORKSHOP_BLOB = join(FIXTURES, 'aks', 'workshop-PT1H.json.gz');
export const EXAMPLE_MESSAGE = join(FIXTURES, 'aks', 'eventhub-message.json');

/** The checked-in Event Hub example: three audit events (one with both objects too big) and a guard record. */
export function exampleMessage(lines: string[]): Record<string, unknown> {
  const line3 = lines.find((l) => (JSON.parse(l) as { requestObject?: unknown }).requestObject !== undefined)!;
  return { records: [aksRecord(lines[0]!, 'workshop', 0), otherRecord('workshop', 'guard'), aksRecord(lines[1]!, 'workshop', 1, 'kube-audit-admin'), aksRecord(tooBig(line3, ['requestObject', 'responseObject']), 'workshop', 2)] };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  const lines = auditLines(join(FIXTURES, 'audit', 'workshop.jsonl'));
  mkdirSync(join(FIXTURES, 'aks'), { recursive: true });
  writeFileSync(WORKSHOP_BLOB, gzipSync(exportedBlob(workshopRecords(lines, 'workshop'))));
  writeFileSync(EXAMPLE_MESSAGE, `${JSON.stringify(exampleMessage(lines), null, 2)}\n`);
}
