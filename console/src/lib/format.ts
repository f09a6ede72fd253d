// Times and numbers for display. Timestamps from the API are ISO strings or epoch ms.

export function toDate(t: string | number | null | undefined): Date | null {
  if (t === null || t === undefined || t === '') return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026-02-17 09:41:02 UTC" */
export function formatTime(t: string | number | null | undefined): string {
  const d = toDate(t);
  if (!d) return '—';
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "5 min ago", "3 d ago" (relative to now). */
export function timeAgo(t: string | number | null | undefined, now: number = Date.now()): string {
  const d = toDate(t);
  if (!d) return '—';
  const s = Math.round((now - d.getTime()) / 1000);
  if (s < 0) return 'in the future';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** The part of a GuardDuty type after the slash, and the tactic before it. */
export function splitType(type: string): { tactic: string; resource: string; name: string } {
  const m = /^([^:]+):([^/]+)\/(.+)$/.exec(type);
  return m ? { tactic: m[1] ?? '', resource: m[2] ?? '', name: m[3] ?? '' } : { tactic: '', resource: '', name: type };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
