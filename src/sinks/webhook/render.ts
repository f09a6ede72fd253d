// Webhook request bodies: {"sentAt": ISO-8601, "findings": [GuardDuty findings]}. Batch mode puts a
// whole batch in one body; per-finding mode sends the same shape with one finding.

import type { Finding } from '../../core/finding.js';

export interface WebhookBody {
  /** When the request was made; the same instant as X-Vigil-Timestamp (which is in seconds). */
  sentAt: string;
  findings: Finding[];
}

export function renderWebhookBody(findings: Finding[], nowMs: number): string {
  const sentAt = new Date(Math.floor(nowMs / 1000) * 1000).toISOString();
  return JSON.stringify({ sentAt, findings } satisfies WebhookBody);
}
