// The one matcher for (verb, resource[/subresource], non-resource URL, user) patterns, shared by the
// rule index, rule `match:` blocks and the tactic table. Patterns follow the audit Policy's spelling:
//   resources: "pods" (no subresource), "pods/exec", "pods/*" (any subresource), "*/scale", "*" (anything)
//   nonResourceURLs: "/api" (exact) or "/healthz*" (prefix, "*" only at the end)

export interface RequestPattern {
  verbs?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  users?: string[];
  /** Response codes (e.g. [401, 403]). */
  codes?: number[];
  /** Only requests from a source IP on a (non-trusted) threat-intelligence list. */
  listedSource?: boolean;
  /** Only requests made with impersonation. */
  impersonated?: boolean;
}

/** The request facts a matcher reads (an AuditEvent has them all; the optional ones only rules use). */
export interface RequestFacts {
  verb: string;
  nonResource: boolean;
  path: string;
  target: { resource: string; subresource: string };
  user: { username: string };
  response?: { code: number };
  intel?: { ip: string };
  impersonatedUser?: unknown;
}

export interface RequestMatcher {
  readonly pattern: RequestPattern;
  matches(e: RequestFacts): boolean;
}

interface ResourcePattern {
  resource: string; // '*' = any
  /** null = none, '*' = any subresource (not none), true = anything including none ("*" alone). */
  subresource: string | null | true;
}

function parseResource(p: string): ResourcePattern {
  if (p === '*') return { resource: '*', subresource: true };
  const slash = p.indexOf('/');
  if (slash < 0) return { resource: p, subresource: null };
  return { resource: p.slice(0, slash), subresource: p.slice(slash + 1) };
}

function resourceMatches(p: ResourcePattern, resource: string, subresource: string): boolean {
  if (p.resource !== '*' && p.resource !== resource) return false;
  if (p.subresource === true) return true;
  if (p.subresource === '*') return subresource !== '';
  if (p.subresource === null) return subresource === '';
  return p.subresource === subresource;
}

function urlMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** Checks a pattern's spelling; returns a message per problem. */
export function validatePattern(p: RequestPattern): string[] {
  const problems: string[] = [];
  for (const u of p.nonResourceURLs ?? []) {
    if (!u.startsWith('/') && u !== '*') problems.push(`nonResourceURLs entry ${JSON.stringify(u)} must start with "/"`);
    if (u.slice(0, -1).includes('*')) problems.push(`nonResourceURLs entry ${JSON.stringify(u)} may use "*" only at the end`);
  }
  for (const r of p.resources ?? []) {
    if (r === '' || r.split('/').length > 2) problems.push(`resources entry ${JSON.stringify(r)} must be "resource" or "resource/subresource"`);
  }
  return problems;
}

export function compileMatcher(pattern: RequestPattern): RequestMatcher {
  const verbs = pattern.verbs && pattern.verbs.length > 0 && !pattern.verbs.includes('*') ? new Set(pattern.verbs) : null;
  const users = pattern.users && pattern.users.length > 0 ? new Set(pattern.users) : null;
  const resources = pattern.resources?.map(parseResource) ?? null;
  const urls = pattern.nonResourceURLs ?? null;
  const codes = pattern.codes && pattern.codes.length > 0 ? new Set(pattern.codes) : null;
  return {
    pattern,
    matches(e) {
      if (verbs && !verbs.has(e.verb)) return false;
      if (users && !users.has(e.user.username)) return false;
      if (codes && !codes.has(e.response?.code ?? 0)) return false;
      if (pattern.listedSource && !e.intel?.ip) return false;
      if (pattern.impersonated && (e.impersonatedUser === null || e.impersonatedUser === undefined)) return false;
      if (resources === null && urls === null) return true;
      if (e.nonResource) return urls !== null && urls.some((u) => u === '*' || urlMatches(u, e.path));
      return resources !== null && resources.some((r) => resourceMatches(r, e.target.resource, e.target.subresource));
    },
  };
}

/**
 * Index keys of a pattern: the resources it can match (null when any resource can match) and the
 * users it is limited to. The rule index buckets rules by these so an event meets only candidates.
 */
export function indexKeys(pattern: RequestPattern): {
  resources: string[] | null;
  users: string[] | null;
  codes: number[] | null;
  listedSource: boolean;
  impersonated: boolean;
  nonResourceOnly: boolean;
} {
  const res = pattern.resources?.map(parseResource);
  const anyResource = res === undefined ? pattern.nonResourceURLs === undefined : res.some((r) => r.resource === '*');
  return {
    resources: anyResource ? null : [...new Set((res ?? []).map((r) => r.resource))],
    users: pattern.users && pattern.users.length > 0 ? [...pattern.users] : null,
    codes: pattern.codes && pattern.codes.length > 0 ? [...pattern.codes] : null,
    listedSource: pattern.listedSource === true,
    impersonated: pattern.impersonated === true,
    nonResourceOnly: res === undefined && pattern.nonResourceURLs !== undefined,
  };
}
