// The findings view's state (filters, sort, page size) <-> the URL's query string <-> the API's
// query. Only filters and sort ever go into a URL; the API token never does.

import { isSeverityLabel, type SeverityLabel } from './severity.js';

export type SortField = 'updatedAt' | 'createdAt' | 'severity' | 'count' | 'eventLastSeen';
export const SORT_FIELDS: readonly SortField[] = ['updatedAt', 'createdAt', 'severity', 'count', 'eventLastSeen'];

export interface FindingView {
  types: string[];
  severities: SeverityLabel[];
  clusters: string[];
  namespaces: string[];
  archived: boolean;
  sort: SortField;
  order: 'asc' | 'desc';
  limit: number;
}

export const DEFAULT_VIEW: FindingView = {
  types: [],
  severities: [],
  clusters: [],
  namespaces: [],
  archived: false,
  sort: 'updatedAt',
  order: 'desc',
  limit: 50,
};

export const PAGE_SIZES: readonly number[] = [25, 50, 100, 200];

/** The filter fields that become chips, with their URL/API parameter names. */
export const FILTER_FIELDS = [
  { key: 'types', param: 'type', label: 'Type' },
  { key: 'severities', param: 'severity', label: 'Severity' },
  { key: 'clusters', param: 'cluster', label: 'Cluster' },
  { key: 'namespaces', param: 'namespace', label: 'Namespace' },
] as const;
export type FilterKey = (typeof FILTER_FIELDS)[number]['key'];

function values(p: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (const v of p.getAll(name)) for (const s of v.split(',')) if (s.trim() !== '' && !out.includes(s.trim())) out.push(s.trim());
  return out;
}

/** Reads a view from a query string; anything unknown or malformed falls back to the default. */
export function viewFromQuery(query: string | URLSearchParams): FindingView {
  const p = typeof query === 'string' ? new URLSearchParams(query) : query;
  const sort = p.get('sort');
  const order = p.get('order');
  const limit = Number(p.get('limit'));
  return {
    types: values(p, 'type'),
    severities: values(p, 'severity').filter(isSeverityLabel),
    clusters: values(p, 'cluster'),
    namespaces: values(p, 'namespace'),
    archived: p.get('archived') === 'true',
    sort: SORT_FIELDS.includes(sort as SortField) ? (sort as SortField) : DEFAULT_VIEW.sort,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_VIEW.order,
    limit: PAGE_SIZES.includes(limit) ? limit : DEFAULT_VIEW.limit,
  };
}

/** A view as a query string with only what differs from the default (stable order, for URLs). */
export function viewToQuery(v: FindingView): string {
  const p = new URLSearchParams();
  for (const f of FILTER_FIELDS) for (const x of v[f.key]) p.append(f.param, x);
  if (v.archived) p.set('archived', 'true');
  if (v.sort !== DEFAULT_VIEW.sort) p.set('sort', v.sort);
  if (v.order !== DEFAULT_VIEW.order) p.set('order', v.order);
  if (v.limit !== DEFAULT_VIEW.limit) p.set('limit', String(v.limit));
  return p.toString();
}

/** The GET /api/v1/findings query for a view and an optional page token. */
export function viewToApiQuery(v: FindingView, nextToken?: string | null): string {
  const p = new URLSearchParams();
  if (v.types.length) p.set('type', v.types.join(','));
  if (v.severities.length) p.set('severity', v.severities.join(','));
  if (v.clusters.length) p.set('cluster', v.clusters.join(','));
  if (v.namespaces.length) p.set('namespace', v.namespaces.join(','));
  p.set('archived', String(v.archived));
  p.set('sort', v.sort);
  p.set('order', v.order);
  p.set('limit', String(v.limit));
  if (nextToken) p.set('nextToken', nextToken);
  return p.toString();
}

export interface Chip {
  key: FilterKey;
  label: string;
  value: string;
}

export function viewChips(v: FindingView): Chip[] {
  return FILTER_FIELDS.flatMap((f) => v[f.key].map((value) => ({ key: f.key, label: f.label, value })));
}

export function addFilter(v: FindingView, key: FilterKey, value: string): FindingView {
  const v2 = value.trim();
  if (v2 === '') return v;
  if (key === 'severities') {
    if (!isSeverityLabel(v2) || v.severities.includes(v2)) return v;
    return { ...v, severities: [...v.severities, v2] };
  }
  if (v[key].includes(v2)) return v;
  return { ...v, [key]: [...v[key], v2] };
}

export function removeFilter(v: FindingView, key: FilterKey, value: string): FindingView {
  if (key === 'severities') return { ...v, severities: v.severities.filter((x) => x !== value) };
  return { ...v, [key]: v[key].filter((x) => x !== value) };
}

export function clearFilters(v: FindingView): FindingView {
  return { ...v, types: [], severities: [], clusters: [], namespaces: [] };
}
