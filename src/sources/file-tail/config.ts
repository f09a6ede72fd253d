// The `tail` section of the configuration: log files `vigil serve` follows, each for one
// registered cluster and in one format (docs/configuration.md).

import type { EventFormat } from '../../pipeline/judge.js';

export interface TailSpec {
  path: string;
  cluster: string;
  format: EventFormat;
}

const FORMATS: readonly EventFormat[] = ['k8s-audit', 'tracee', 'tetragon', 'falco'];

/** The specs, or every problem with its position (tail[1].format ...). */
export function parseTailConfig(raw: unknown): { specs: TailSpec[]; errors: string[] } {
  const errors: string[] = [];
  const specs: TailSpec[] = [];
  if (raw === undefined || raw === null) return { specs, errors };
  if (!Array.isArray(raw)) return { specs, errors: ['tail must be a list of {path, cluster, format}'] };
  raw.forEach((item: unknown, i) => {
    const at = `tail[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push(`${at} must be a mapping with path and cluster`);
      return;
    }
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['path', 'cluster', 'format'].includes(k)) errors.push(`unknown key ${at}.${k}`);
    if (typeof o.path !== 'string' || o.path === '') errors.push(`${at}.path must be a file path`);
    if (typeof o.cluster !== 'string' || o.cluster === '') errors.push(`${at}.cluster must be a registered cluster name`);
    const format = o.format ?? 'k8s-audit';
    if (!FORMATS.includes(format as EventFormat)) errors.push(`${at}.format must be one of ${FORMATS.join(', ')}`);
    if (specs.some((s) => s.path === o.path)) errors.push(`${at}.path ${String(o.path)} is tailed twice`);
    specs.push({ path: String(o.path), cluster: String(o.cluster), format: format as EventFormat });
  });
  return { specs: errors.length ? [] : specs, errors };
}
