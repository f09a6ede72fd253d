// GuardDuty's EventBridge event: the envelope GuardDuty puts on the default bus, one per finding,
// so rules and targets written for `source: aws.guardduty` read Vigil's events unchanged.
// The event id is derived from the finding id and its updatedAt: a retried delivery keeps its id,
// so receivers can drop duplicates.

import { createHash } from 'node:crypto';
import type { Finding } from '../../core/finding.js';

export interface GuardDutyEvent {
  version: '0';
  id: string;
  'detail-type': 'GuardDuty Finding';
  source: 'aws.guardduty';
  account: string;
  /** When the finding last changed, to the second, as EventBridge writes times. */
  time: string;
  region: string;
  resources: string[];
  detail: Finding;
}

/** A UUID (version 8, RFC 9562) derived from the finding version. */
export function eventId(f: Finding): string {
  const h = createHash('sha256').update(`${f.id}\u0000${f.updatedAt}\u0000${f.service.count}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function eventTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function renderEvent(f: Finding): GuardDutyEvent {
  return {
    version: '0',
    id: eventId(f),
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: f.accountId,
    time: eventTime(f.updatedAt),
    region: f.region,
    resources: [],
    detail: f,
  };
}

/** JSON lines, one event per finding. */
export function renderEventLines(findings: Finding[]): string {
  return findings.map((f) => `${JSON.stringify(renderEvent(f))}\n`).join('');
}
