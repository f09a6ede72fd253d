// RFC 5424 messages, one per finding:
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [vigil@32473 id="…" type="…" …] MSG
// Header fields come from configuration, never from a finding. STRUCTURED-DATA values escape
// '"', '\' and ']' (RFC 5424 6.3.3) and control characters become U+FFFD, so no finding string can
// end a parameter or an element. MSG is the finding JSON (pure ASCII: non-ASCII is \u-escaped) or a
// short text line (UTF-8 with the BOM RFC 5424 asks for when it is not ASCII).

import type { Finding } from '../../core/finding.js';
import { summarize } from '../../core/finding-summary.js';

export const FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  ntp: 12, security: 13, console: 14, clock: 15, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;

export interface SyslogRenderOptions {
  /** 0-23 (FACILITIES). */
  facility: number;
  hostname: string;
  appName: string;
  procId: string;
  /** SD-ID of the element; private ids need `@<enterprise number>`. Default vigil@32473 (RFC 5612's example number). */
  sdId: string;
  /** `json`: MSG is the finding JSON; `text`: one readable line. */
  format: 'json' | 'text';
}

export const DEFAULT_SD_ID = 'vigil@32473';

/** Syslog severity from GuardDuty's: critical 2 (crit), high 3 (err), medium 4 (warning), low 5 (notice). */
export function syslogSeverity(severity: number): number {
  if (severity >= 9) return 2;
  if (severity >= 7) return 3;
  if (severity >= 4) return 4;
  return 5;
}

/** An RFC 5424 header field: PRINTUSASCII only, at most `max` characters, NILVALUE when empty. */
export function headerField(s: string, max: number): string {
  const v = s.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return v.length ? v : '-';
}

/** RFC 5424 PARAM-VALUE escaping, plus control characters replaced (receivers split on them). */
export function escapeParamValue(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\"\]]/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, '\uFFFD');
}

/** JSON with every non-ASCII character as a \u escape: same value, ASCII bytes. */
export function asciiJson(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function structuredData(f: Finding, sdId: string): string {
  const s = summarize(f);
  const params: [string, string | number | undefined][] = [
    ['id', s.id], ['type', s.type], ['severity', s.severity], ['label', s.label], ['cluster', s.cluster],
    ['namespace', s.namespace], ['workload', s.workload], ['user', s.user], ['process', s.process],
    ['count', s.count], ['firstSeen', s.firstSeen], ['lastSeen', s.lastSeen], ['account', f.accountId], ['region', f.region],
  ];
  const body = params
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => `${k}="${escapeParamValue(String(v).slice(0, 512))}"`)
    .join(' ');
  return `[${sdId} ${body}]`;
}

function textMessage(f: Finding): string {
  const s = summarize(f);
  const where = [s.namespace, s.workload].filter(Boolean).join('/');
  const who = s.user ? ` user=${s.user}` : s.process ? ` process=${s.process}` : '';
  // eslint-disable-next-line no-control-regex
  const line = `${s.label.toUpperCase()} ${s.type} cluster=${s.cluster}${where ? ` workload=${where}` : ''}${who} count=${s.count}: ${s.title}`.replace(/[\x00-\x1f\x7f]/g, '\uFFFD');
  return /^[\x20-\x7e]*$/.test(line) ? line : `\uFEFF${line}`;
}

function timestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '-' : new Date(ms).toISOString();
}

export function renderSyslog(f: Finding, o: SyslogRenderOptions): string {
  const pri = o.facility * 8 + syslogSeverity(f.severity);
  const header = `<${pri}>1 ${timestamp(f.updatedAt)} ${headerField(o.hostname, 255)} ${headerField(o.appName, 48)} ${headerField(o.procId, 128)} finding`;
  const msg = o.format === 'json' ? asciiJson(f) : textMessage(f);
  return `${header} ${structuredData(f, o.sdId)} ${msg}`;
}
