// Hash routes: #/findings?type=..., #/findings/<id>?..., #/findings/<id>/investigate, #/dashboard,
// #/entities/<kind>/<id>, #/coverage, #/intel, #/suppression, #/tokens, #/clusters.

export type EntityKind = 'user' | 'serviceaccount' | 'pod' | 'image' | 'node' | 'ip';
export const ENTITY_KINDS: readonly EntityKind[] = ['user', 'serviceaccount', 'pod', 'image', 'node', 'ip'];

export type Route =
  | { page: 'findings'; findingId: string | null; query: string }
  | { page: 'investigate'; findingId: string; query: string }
  | { page: 'dashboard'; query: string }
  | { page: 'entity'; kind: EntityKind; id: string; query: string }
  | { page: 'coverage' | 'intel' | 'suppression' | 'tokens' | 'clusters'; query: string }
  | { page: 'notfound'; path: string; query: string };

const FINDING_ID = /^[0-9a-f]{32}$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? '' : raw.slice(q + 1);
  const parts = path.split('/').filter((s) => s !== '');
  const [head, a, b, ...rest] = parts;
  if (head === undefined || (head === 'findings' && a === undefined)) return { page: 'findings', findingId: null, query };
  if (head === 'findings' && a !== undefined && FINDING_ID.test(a)) {
    if (b === undefined) return { page: 'findings', findingId: a, query };
    if (b === 'investigate' && rest.length === 0) return { page: 'investigate', findingId: a, query };
  }
  if (head === 'entities' && a !== undefined && b !== undefined && ENTITY_KINDS.includes(a as EntityKind)) {
    return { page: 'entity', kind: a as EntityKind, id: decode([b, ...rest].join('/')), query };
  }
  if (parts.length === 1 && (head === 'dashboard' || head === 'coverage' || head === 'intel' || head === 'suppression' || head === 'tokens' || head === 'clusters')) {
    return { page: head, query };
  }
  return { page: 'notfound', path, query };
}

export function findingsHref(query: string, findingId?: string | null): string {
  return `#/findings${findingId ? `/${findingId}` : ''}${query ? `?${query}` : ''}`;
}

export function entityHref(kind: EntityKind, id: string): string {
  return `#/entities/${kind}/${encodeURIComponent(id)}`;
}

export function investigateHref(findingId: string): string {
  return `#/findings/${findingId}/investigate`;
}
