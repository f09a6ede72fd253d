// The event archive's types: raw audit and runtime events kept for investigation (timelines,
// entity pages), with the entity columns they are indexed by. Part of the Store interface
// (store.ts); detectors never read the archive.

export type EventPlane = 'audit' | 'runtime';

/** One raw event as the event archive keeps it. Text columns are null when the event has no such value. */
export interface ArchivedEventInput {
  cluster: string;
  /** Epoch ms of the event. */
  time: number;
  plane: EventPlane;
  /** The event's identity in its cluster (audit ID and stage, sensor event key): kept once however often re-sent. */
  key: string;
  /** Kubernetes username of the caller (audit); null for runtime events. */
  actor: string | null;
  namespace: string | null;
  /** RESOURCE/NAMESPACE/NAME (core/entities.ts). */
  workload: string | null;
  /** NAMESPACE/NAME. */
  pod: string | null;
  image: string | null;
  node: string | null;
  /** Audit: the caller's first source IP. Runtime: the remote address of a network event. */
  sourceIp: string | null;
  /** One line for people: "create pods/exec kube-system/coredns-1 101", "process_exec /usr/bin/curl ...". */
  summary: string;
  /** The event as JSON; oversized members are cut (truncated: true). */
  raw: string;
  truncated: boolean;
}

export interface ArchivedEvent extends Omit<ArchivedEventInput, 'key'> {
  /** Decimal; unique in the archive. */
  id: string;
}

/**
 * Which archived events to list; every member narrows it. from and to are epoch ms, both inclusive.
 * pod (NAMESPACE/NAME) finds the events whose workload is pods/NAMESPACE/NAME.
 */
export interface EventQuery {
  clusters?: string[];
  actor?: string;
  workload?: string;
  pod?: string;
  image?: string;
  node?: string;
  sourceIp?: string;
  from?: number;
  to?: number;
  /** By time; default desc (newest first). */
  order?: 'asc' | 'desc';
  /** 1..1000, default 50 */
  limit?: number;
  nextToken?: string | null;
}

export interface EventPage {
  events: ArchivedEvent[];
  nextToken: string | null;
}

/** Values an event field took, for "related" lists; userAgent is read from the raw audit event. */
export type EventFacetField = 'actor' | 'workload' | 'pod' | 'image' | 'node' | 'sourceIp' | 'userAgent';

export interface FacetValue {
  value: string;
  count: number;
  /** Epoch ms of the newest event with this value. */
  lastSeen: number;
}
