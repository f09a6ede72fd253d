// The console's only way to the server: the public /api/v1 with the token in the Authorization
// header (never in a URL). Errors come back as ApiError with the problem+json detail; a route the
// server does not have (an older or newer Vigil) is ApiError with notAvailable set.

import type {
  ClusterCoverage, ClusterStatus, Entity, EventPage, Finding, FindingPage, FindingStatistics, FindingType,
  IntelList, Role, Summary, SuppressionRule, Timeline, TokenRecord, Whoami,
} from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** The server has no such route: the feature is not available on this server. */
    readonly notAvailable: boolean,
  ) {
    super(detail);
  }
}

export interface FilterCriteria {
  criterion: Record<string, Record<string, unknown>>;
}

export class VigilApi {
  constructor(private readonly token: string, private readonly onUnauthorized: () => void = () => undefined) {}

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', `cannot reach the server: ${(e as Error).message}`, false);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    if (!res.ok) {
      const p = (json ?? {}) as { code?: unknown; detail?: unknown };
      const detail = typeof p.detail === 'string' ? p.detail : `HTTP ${res.status}`;
      const code = typeof p.code === 'string' ? p.code : `HTTP_${res.status}`;
      if (res.status === 401) this.onUnauthorized();
      throw new ApiError(res.status, code, detail, res.status === 404 && detail.startsWith('no route '));
    }
    return json as T;
  }

  whoami = () => this.request<Whoami>('GET', '/whoami');
  findings = (query: string) => this.request<FindingPage>('GET', `/findings?${query}`);
  finding = (id: string) => this.request<Finding>('GET', `/findings/${encodeURIComponent(id)}`);
  archive = (ids: string[]) => this.request<{ archived: number }>('POST', '/findings/archive', { findingIds: ids });
  unarchive = (ids: string[]) => this.request<{ unarchived: number }>('POST', '/findings/unarchive', { findingIds: ids });
  feedback = (ids: string[], feedback: 'USEFUL' | 'NOT_USEFUL') => this.request<{ updated: number }>('POST', '/findings/feedback', { findingIds: ids, feedback });
  statistics = (archived = false) => this.request<FindingStatistics>('GET', `/findings/statistics?archived=${archived}`);
  findingTypes = () => this.request<{ findingTypes: FindingType[] }>('GET', '/finding-types');
  summary = (days: number, cluster: string) => this.request<Summary>('GET', `/summary?${new URLSearchParams({ days: String(days), ...(cluster ? { cluster } : {}) }).toString()}`);
  events = (query: Record<string, string>) => this.request<EventPage>('GET', `/events?${new URLSearchParams(query).toString()}`);
  timeline = (id: string, windowMinutes: number) => this.request<Timeline>('GET', `/findings/${encodeURIComponent(id)}/timeline?windowMinutes=${windowMinutes}`);
  entity = (kind: string, id: string) => this.request<Entity>('GET', `/entities/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
  filters = () => this.request<{ filters: SuppressionRule[] }>('GET', '/filters');
  createFilter = (f: { name: string; action: 'NOOP' | 'ARCHIVE'; description?: string; reason?: string; cluster?: string | null; findingCriteria: FilterCriteria }) =>
    this.request<SuppressionRule>('POST', '/filters', f);
  deleteFilter = (name: string) => this.request<void>('DELETE', `/filters/${encodeURIComponent(name)}`);
  intel = () => this.request<{ lists: IntelList[]; builtin: { name: string; kind: string }[] }>('GET', '/intel');
  addIntel = (b: { name: string; list: string; content: string }) => this.request<{ list: IntelList; refused: unknown[] }>('POST', '/intel', b);
  deleteIntel = (name: string) => this.request<void>('DELETE', `/intel/${encodeURIComponent(name)}`);
  tokens = () => this.request<{ tokens: TokenRecord[] }>('GET', '/tokens');
  createToken = (b: { role: Role; description: string }) => this.request<{ token: string; record: TokenRecord }>('POST', '/tokens', b);
  revokeToken = (id: string) => this.request<void>('DELETE', `/tokens/${encodeURIComponent(id)}`);
  clusters = () => this.request<{ clusters: ClusterStatus[] }>('GET', '/clusters');
  setFeatures = (name: string, f: { auditLogs?: boolean; runtimeMonitoring?: boolean }) =>
    this.request<{ auditLogs: boolean; runtimeMonitoring: boolean }>('PUT', `/clusters/${encodeURIComponent(name)}/features`, f);
  coverage = () => this.request<{ staleAfterSeconds: number; clusters: ClusterCoverage[] }>('GET', '/coverage');
}

/** A message for an error, worded for the person at the console. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return `Not allowed with this token: ${e.detail}`;
    if (e.notAvailable) return 'Not available on this server (this Vigil has no such API yet).';
    return e.detail;
  }
  return e instanceof Error ? e.message : String(e);
}
