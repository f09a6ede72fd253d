// A finding's investigation timeline: the other findings and the archived events of its actor, its
// workload (or pod) and its IP addresses, in the finding's cluster, within a window around its
// activity. Bounded: the events nearest to the finding's activity are kept (read page by page from
// each relation, nearest first), so a busy actor cannot crowd out what happened around the finding.

import { findingEntities, type EntityRef } from '../../core/entities.js';
import type { Finding } from '../../core/finding.js';
import type { ArchivedEvent, EventQuery, Store } from '../../store/store.js';
import { eventView, findingBrief, type EventView, type FindingBrief } from './views.js';

export type Relation = 'self' | 'actor' | 'workload' | 'pod' | 'sourceIp';

export interface TimelineEntry {
  /** ISO 8601: the event's time, or the finding's first occurrence. */
  time: string;
  kind: 'finding' | 'event';
  /** The first of `relations`: how the entry relates to the finding. */
  relation: Relation;
  relations: Relation[];
  finding?: FindingBrief;
  event?: EventView;
}

export interface TimelineEntities {
  actor?: string;
  workload?: string;
  pod?: string;
  image?: string;
  node?: string;
  sourceIps: string[];
}

export interface Timeline {
  finding: Finding;
  entities: TimelineEntities;
  window: { from: string; to: string };
  entries: TimelineEntry[];
  /** More entries matched than were returned. */
  truncated: boolean;
}

export const MAX_ENTRIES = 500;
export const MAX_FINDINGS = 100;
const PAGE = 50;
const MAX_IPS = 5;

/** One relation's events on one side of the finding's activity, nearest first, read a page at a time. */
class EventStream {
  #buffer: ArchivedEvent[] = [];
  #token: string | null = null;
  #started = false;
  constructor(readonly relation: Relation, readonly distance: (t: number) => number, readonly store: Store, readonly query: EventQuery) {}

  async peek(): Promise<ArchivedEvent | undefined> {
    if (this.#buffer.length === 0 && (!this.#started || this.#token !== null)) {
      this.#started = true;
      const page = await this.store.listEvents({ ...this.query, limit: PAGE, nextToken: this.#token });
      this.#buffer = page.events;
      this.#token = page.nextToken;
    }
    return this.#buffer[0];
  }

  take(): void {
    this.#buffer.shift();
  }
}

function relationsOf(f: Finding, subject: TimelineEntities): Relation[] {
  const e = findingEntities(f);
  const r: Relation[] = [];
  if (subject.actor && e.actor === subject.actor) r.push('actor');
  if (subject.workload && e.workload === subject.workload) r.push('workload');
  if (subject.pod && e.pod === subject.pod) r.push('pod');
  if (e.sourceIps.some((ip) => subject.sourceIps.includes(ip))) r.push('sourceIp');
  return r;
}

export async function buildTimeline(store: Store, finding: Finding, windowMs: number): Promise<Timeline> {
  const all = findingEntities(finding);
  const entities: TimelineEntities = { sourceIps: all.sourceIps.slice(0, MAX_IPS) };
  for (const k of ['actor', 'workload', 'pod', 'node'] as const) if (all[k]) entities[k] = all[k];
  if (all.images[0]) entities.image = all.images[0];

  const first = Date.parse(finding.service.eventFirstSeen);
  const last = Math.max(first, Date.parse(finding.service.eventLastSeen));
  const from = first - windowMs;
  const to = last + windowMs;
  const cluster = finding.resource.eksClusterDetails.name;

  // Related findings (the finding itself first), sharing an entity and active within the window.
  const refs: EntityRef[] = [];
  if (entities.actor) refs.push({ kind: 'actor', value: entities.actor });
  if (entities.workload) refs.push({ kind: 'workload', value: entities.workload });
  if (entities.pod) refs.push({ kind: 'pod', value: entities.pod });
  for (const ip of entities.sourceIps) refs.push({ kind: 'ip', value: ip });
  const entries: TimelineEntry[] = [{ time: finding.service.eventFirstSeen, kind: 'finding', relation: 'self', relations: ['self'], finding: findingBrief(finding) }];
  let truncated = false;
  if (refs.length) {
    const page = await store.listFindings({
      entities: refs, clusters: [cluster], seenFrom: new Date(from).toISOString(), seenTo: new Date(to).toISOString(),
      sort: 'eventLastSeen', order: 'desc', limit: MAX_FINDINGS + 1,
    });
    const others = page.findings.filter((f) => f.id !== finding.id);
    truncated = others.length > MAX_FINDINGS - 1;
    for (const f of others.slice(0, MAX_FINDINGS - 1)) {
      const relations = relationsOf(f, entities);
      if (relations.length) entries.push({ time: f.service.eventFirstSeen, kind: 'finding', relation: relations[0]!, relations, finding: findingBrief(f) });
    }
  }

  // Events: per relation, three streams (before the first occurrence, during, after the last), nearest first.
  const filters: [Relation, EventQuery][] = [];
  if (entities.actor) filters.push(['actor', { actor: entities.actor }]);
  if (entities.workload) filters.push(['workload', { workload: entities.workload }]);
  // A pod's events are its workload's when the workload is the pod itself.
  if (entities.pod && entities.workload !== `pods/${entities.pod}`) filters.push(['pod', { pod: entities.pod }]);
  for (const ip of entities.sourceIps) filters.push(['sourceIp', { sourceIp: ip }]);
  const streams: EventStream[] = [];
  for (const [relation, q] of filters) {
    const base = { ...q, clusters: [cluster] };
    streams.push(
      new EventStream(relation, (t) => first - t, store, { ...base, from, to: first, order: 'desc' }),
      new EventStream(relation, () => 0, store, { ...base, from: first + 1, to: last, order: 'asc' }),
      new EventStream(relation, (t) => t - last, store, { ...base, from: last + 1, to, order: 'asc' }),
    );
  }
  const byId = new Map<string, TimelineEntry>();
  for (;;) {
    let best: { s: EventStream; e: ArchivedEvent; d: number } | undefined;
    for (const s of streams) {
      const e = await s.peek();
      if (e === undefined) continue;
      const d = s.distance(e.time);
      if (best === undefined || d < best.d) best = { s, e, d };
    }
    if (best === undefined) break;
    const seen = byId.get(best.e.id);
    if (seen) {
      if (!seen.relations.includes(best.s.relation)) seen.relations.push(best.s.relation);
      best.s.take();
      continue;
    }
    if (entries.length >= MAX_ENTRIES) {
      truncated = true;
      break;
    }
    best.s.take();
    const entry: TimelineEntry = { time: new Date(best.e.time).toISOString(), kind: 'event', relation: best.s.relation, relations: [best.s.relation], event: eventView(best.e) };
    byId.set(best.e.id, entry);
    entries.push(entry);
  }
  entries.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.kind === b.kind ? 0 : a.kind === 'finding' ? -1 : 1));
  return { finding, entities, window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, entries, truncated };
}
