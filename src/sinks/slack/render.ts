// Slack incoming-webhook messages: a readable section per finding (severity, type, title, cluster,
// namespace/workload, user or process, first/last seen, count). Every finding string is data:
// &, < and > are escaped as Slack requires (so no links, mentions or <!channel> can be injected), and
// identifiers sit in code spans so *, _ and ~ do not format. Links are not unfurled.

import type { Finding } from '../../core/finding.js';
import { summarize } from '../../core/finding-summary.js';

/** Findings per message: 4 blocks each, under Slack's 50-block limit. */
export const FINDINGS_PER_MESSAGE = 10;

const EMOJI = { low: ':large_blue_circle:', medium: ':large_yellow_circle:', high: ':large_orange_circle:', critical: ':red_circle:' } as const;

export interface SlackMessage {
  text: string;
  blocks: unknown[];
  unfurl_links: false;
  unfurl_media: false;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Slack's required escaping for message text, cut so the escaped text stays within `max` characters. */
export function escapeSlack(s: string, max = Infinity): string {
  let out = '';
  for (const ch of s) {
    const e = ENTITIES[ch] ?? ch;
    if (out.length + e.length > max - 1) return `${out}…`;
    out += e;
  }
  return out;
}

/** An escaped code span; backticks inside would end it, so they become a look-alike. */
function code(s: string, max = 300): string {
  return `\`${escapeSlack(s.replace(/`/g, 'ˋ').replace(/[\r\n]+/g, ' '), max)}\``;
}

function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: `*${label}*\n${value}` };
}

function findingBlocks(f: Finding): unknown[] {
  const s = summarize(f);
  const head = `${EMOJI[s.label]} *${s.label.toUpperCase()} ${s.severity}*  ${code(s.type)}\n*${escapeSlack(s.title, 400)}*\n${escapeSlack(f.description, 1500)}`;
  const fields = [field('Cluster', code(s.cluster))];
  if (s.namespace || s.workload) fields.push(field('Namespace / workload', `${s.namespace ? code(s.namespace) : '-'} / ${s.workload ? code(s.workload) : '-'}`));
  if (s.user) fields.push(field('User', code(s.user)));
  if (s.process) fields.push(field('Process', code(s.process)));
  fields.push(field('First seen', escapeSlack(s.firstSeen)), field('Last seen', escapeSlack(s.lastSeen)), field('Count', String(s.count)));
  return [
    { type: 'section', text: { type: 'mrkdwn', text: head } },
    { type: 'section', fields },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Finding ${code(s.id, 64)} · account ${code(f.accountId, 32)} · ${code(f.region, 32)}` }] },
    { type: 'divider' },
  ];
}

/** The notification text (shown in alerts and where blocks cannot be). */
function fallback(findings: Finding[]): string {
  const first = findings[0];
  if (!first) return '';
  const s = summarize(first);
  const more = findings.length > 1 ? ` (+${findings.length - 1} more)` : '';
  return escapeSlack(`${s.label.toUpperCase()} ${s.type} in ${s.cluster}${more}`, 300);
}

/** One message for up to FINDINGS_PER_MESSAGE findings. */
export function renderSlackMessage(findings: Finding[]): SlackMessage {
  return { text: fallback(findings), blocks: findings.flatMap(findingBlocks), unfurl_links: false, unfurl_media: false };
}
