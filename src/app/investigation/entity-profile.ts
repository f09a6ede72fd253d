// An entity's page: a user, service account, pod, image, node or IP address, with its findings
// (newest first, counted by severity and type), its newest archived events, and what it was seen
// with (a user's source IPs and user agents, an image's pods and nodes, an IP's actors, ...).

import { isIP } from 'node:net';
import { findingEntities, serviceAccountUsername, type EntityRef, type FindingEntities } from '../../core/entities.js';
import { VigilError } from '../../core/errors.js';
import type { EventFacetField, EventQuery, Store } from '../../store/store.js';
import { eventView, findingBrief, type EventView, type FindingBrief } from './views.js';

export type EntityKindName = 'user' | 'serviceaccount' | 'pod' | 'image' | 'node' | 'ip';
export const ENTITY_KIND_NAMES: readonly EntityKindName[] = ['user', 'serviceaccount', 'pod', 'image', 'node', 'ip'];

export interface RelatedValue {
  value: string;
  /** Among the entity's newest archived events (at most FACET_SAMPLE). */
  events: number;
  /** Among the entity's listed findings. */
  findings: number;
  /** ISO 8601 of the newest event or finding with this value. */
  lastSeen: string;
}

export interface EntityProfile {
  kind: EntityKindName;
  id: string;
  /** ISO 8601 over the archived events and findings; null when neither exists. */
  firstSeen: string | null;
  lastSeen: string | null;
  findings: FindingBrief[];
  findingCounts: { total: number; bySeverity: Record<'low' | 'medium' | 'high' | 'critical', number>; byType: Record<string, number> };
  events: EventView[];
  related: Record<string, RelatedValue[]>;
}

export const MAX_FINDINGS = 50;
export const MAX_EVENTS = 50;
const FACET_SAMPLE = 5000;
const MAX_RELATED = 20;
const MAX_TYPES = 50;

/** What to relate each kind to: [name in the answer, event field, finding entity field]. */
type RelatedSpec = [string, EventFacetField, keyof FindingEntities | null];
const RELATED: Record<EntityKindName, RelatedSpec[]> = {
  user: [['sourceIps', 'sourceIp', 'sourceIps'], ['userAgents', 'userAgent', 'userAgent'], ['workloads', 'workload', 'workload']],
  serviceaccount: [['sourceIps', 'sourceIp', 'sourceIps'], ['userAgents', 'userAgent', 'userAgent'], ['workloads', 'workload', 'workload']],
  pod: [['actors', 'actor', 'actor'], ['images', 'image', 'images'], ['nodes', 'node', 'node']],
  image: [['pods', 'pod', 'pod'], ['nodes', 'node', 'node']],
  node: [['pods', 'pod', 'pod'], ['images', 'image', 'images']],
  ip: [['actors', 'actor', 'actor'], ['pods', 'pod', 'pod']],
};

function bad(detail: string): VigilError {
  return new VigilError('VIGIL_BAD_REQUEST', detail, 400);
}

/** The entity's finding-index reference and archive filter; a 400 for a malformed id. */
export function resolveEntity(kind: string, id: string): { kind: EntityKindName; ref: EntityRef; filter: EventQuery } {
  if (!ENTITY_KIND_NAMES.includes(kind as EntityKindName)) throw bad(`unknown entity kind ${JSON.stringify(kind.slice(0, 32))}; known: ${ENTITY_KIND_NAMES.join(', ')}`);
  if (id === '' || id.length > 1024) throw bad('the entity id must be 1 to 1024 characters');
  switch (kind as EntityKindName) {
    case 'user':
      return { kind: 'user', ref: { kind: 'actor', value: id }, filter: { actor: id } };
    case 'serviceaccount': {
      const username = serviceAccountUsername(id);
      if (!username) throw bad('a service account id is NAMESPACE/NAME or system:serviceaccount:NAMESPACE:NAME');
      return { kind: 'serviceaccount', ref: { kind: 'actor', value: username }, filter: { actor: username } };
    }
    case 'pod':
      if (!/^[^/]+\/[^/]+$/.test(id)) throw bad('a pod id is NAMESPACE/NAME');
      return { kind: 'pod', ref: { kind: 'pod', value: id }, filter: { pod: id } };
    case 'image':
      return { kind: 'image', ref: { kind: 'image', value: id }, filter: { image: id } };
    case 'node':
      return { kind: 'node', ref: { kind: 'node', value: id }, filter: { node: id } };
    case 'ip':
      if (isIP(id) === 0) throw bad('an ip id is an IPv4 or IPv6 address');
      return { kind: 'ip', ref: { kind: 'ip', value: id }, filter: { sourceIp: id } };
  }
}

function findingValues(e: FindingEntities, field: keyof FindingEntities): string[] {
  const v = e[field];
  return Array.isArray(v) ? v : v ? [v] : [];
}

export async function buildEntityProfile(store: Store, kindName: string, id: string): Promise<EntityProfile> {
  const { kind, ref, filter } = resolveEntity(kindName, id);
  const [newest, oldestFinding, newestEvents, oldestEvent, bySeverity, byType] = await Promise.all([
    store.listFindings({ entities: [ref], sort: 'updatedAt', order: 'desc', limit: MAX_FINDINGS }),
    store.listFindings({ entities: [ref], sort: 'createdAt', order: 'asc', limit: 1 }),
    store.listEvents({ ...filter, order: 'desc', limit: MAX_EVENTS }),
    store.listEvents({ ...filter, order: 'asc', limit: 1 }),
    store.topFindingValues({ entity: ref }, 'severity', 4),
    store.topFindingValues({ entity: ref }, 'type', MAX_TYPES),
  ]);
  const sev = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const r of bySeverity) sev[r.key as keyof typeof sev] = r.count;

  const times: number[] = [];
  for (const e of [...newestEvents.events.slice(0, 1), ...oldestEvent.events]) times.push(e.time);
  for (const f of [...newest.findings.slice(0, 1), ...oldestFinding.findings]) times.push(Date.parse(f.service.eventFirstSeen), Date.parse(f.service.eventLastSeen));
  for (const f of newest.findings) times.push(Date.parse(f.service.eventLastSeen));
  const finite = times.filter(Number.isFinite);
  const iso = (t: number) => new Date(t).toISOString();

  const entitiesOf = newest.findings.map((f) => ({ f, e: findingEntities(f) }));
  const related: Record<string, RelatedValue[]> = {};
  for (const [name, field, findingField] of RELATED[kind]) {
    const merged = new Map<string, { events: number; findings: number; last: number }>();
    for (const v of await store.eventFacets(filter, field, { sample: FACET_SAMPLE, limit: MAX_RELATED })) {
      merged.set(v.value, { events: v.count, findings: 0, last: v.lastSeen });
    }
    if (findingField) {
      for (const { f, e } of entitiesOf) {
        for (const value of findingValues(e, findingField)) {
          const m = merged.get(value) ?? { events: 0, findings: 0, last: 0 };
          m.findings++;
          m.last = Math.max(m.last, Date.parse(f.service.eventLastSeen) || 0);
          merged.set(value, m);
        }
      }
    }
    merged.delete(ref.value); // an entity is not related to itself
    related[name] = [...merged.entries()]
      .sort((a, b) => b[1].events + b[1].findings - (a[1].events + a[1].findings) || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_RELATED)
      .map(([value, m]) => ({ value, events: m.events, findings: m.findings, lastSeen: iso(m.last) }));
  }

  return {
    kind,
    id,
    firstSeen: finite.length ? iso(Math.min(...finite)) : null,
    lastSeen: finite.length ? iso(Math.max(...finite)) : null,
    findings: newest.findings.map(findingBrief),
    findingCounts: { total: sev.low + sev.medium + sev.high + sev.critical, bySeverity: sev, byType: Object.fromEntries(byType.map((r) => [r.key, r.count])) },
    events: newestEvents.events.map(eventView),
    related,
  };
}
