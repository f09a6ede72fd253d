// The store interface. SQLite (store/sqlite) is the embedded implementation; PostgreSQL will
// implement the same interface and pass the same conformance suite (store.conformance.ts).
// Every method is async so that a networked store can slot in without touching callers.

import type { EntityRef } from '../core/entities.js';
import type { Finding, Occurrence } from '../core/finding.js';
import type { SeverityLabel } from '../core/severity.js';
import type { ArchivedEventInput, EventFacetField, EventPage, EventQuery, FacetValue } from './archived-event.js';

export type { ArchivedEvent, ArchivedEventInput, EventFacetField, EventPage, EventPlane, EventQuery, FacetValue } from './archived-event.js';

export interface Cluster {
  name: string;
  /** 32 lowercase hex; the GuardDuty detectorId of this cluster's findings. */
  detectorId: string;
  /** Epoch ms of registration. */
  createdAt: number;
  /** 'eks' | 'gke' | 'aks' | 'self-managed' | ... (free text, informational). */
  platform: string;
  /** EKS cluster ARN when known; otherwise a synthetic one is used in findings. */
  arn: string | null;
}

/** api: the /api routes, with a role; ingest: POST /ingest/* for one cluster. */
export type TokenKind = 'api' | 'ingest';

/** What a cluster's detector monitors (GuardDuty detector features); both on by default. */
export interface ClusterFeatures {
  auditLogs: boolean;
  runtimeMonitoring: boolean;
}

/** viewer reads; analyst also archives, gives feedback and manages filters; admin does everything. */
export type TokenRole = 'viewer' | 'analyst' | 'admin';

export interface TokenRecord {
  id: string;
  kind: TokenKind;
  /** The cluster an ingest token may ingest for; null for API tokens. */
  cluster: string | null;
  /** The role of an API token; null for ingest tokens. */
  role: TokenRole | null;
  createdAt: number;
  revokedAt: number | null;
  description: string;
}

/**
 * A SigV4 access key for the GuardDuty-compatible API, with a role like an API token. The secret
 * must be recoverable to verify signatures, so the store keeps it sealed (encrypted by the caller,
 * api/guardduty/access-keys.ts), never in clear.
 */
export interface AccessKeyRecord {
  /** 20 upper-case letters and digits, starting VGLK. */
  accessKeyId: string;
  role: TokenRole;
  createdAt: number;
  revokedAt: number | null;
  description: string;
}

/** GuardDuty detector settings of a cluster (CreateDetector / UpdateDetector) beyond its features. */
export interface DetectorSettings {
  /** false: the detector is suspended (Enable=false) and the cluster's features are off meanwhile. */
  enabled: boolean;
  findingPublishingFrequency: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
  tags: Record<string, string>;
  /** The features the detector has while enabled. */
  features: ClusterFeatures;
  /** Epoch ms. */
  updatedAt: number;
}

/** A change to a stateful component's bounded state; value null deletes the key. */
export interface StateChange {
  component: string;
  key: string;
  value: string | null;
}

/** Per-source ingest counters for one batch; reasons are short stable strings. */
export interface IngestCounts {
  source: string;
  accepted: number;
  skipped: number;
  duplicates: number;
  rejected: Record<string, number>;
  /** Epoch ms of the newest event in the batch, or null. */
  lastEventAt: number | null;
}

/** A node seen sending runtime events in a batch. */
export interface NodeSighting {
  node: string;
  sensor: string;
  /** Sensor version when the transport or the events say it, else ''. */
  version: string;
  lastEventAt: number;
  events: number;
}

export interface RuntimeNode extends NodeSighting {
  cluster: string;
  firstSeenAt: number;
}

/** Everything one ingested batch changes, committed atomically (all or nothing). */
export interface BatchCommit {
  /** Nodes that sent runtime events in this batch. */
  nodes?: NodeSighting[];
  cluster: string;
  /** Occurrences to aggregate into findings by fingerprint. */
  occurrences: Occurrence[];
  /** Request keys (cluster + auditID) that produced effects, for idempotent re-delivery. */
  seenKeys: string[];
  stateChanges: StateChange[];
  counts: IngestCounts;
  /** Accepted events to keep in the event archive (for people; detectors never read it). */
  events?: ArchivedEventInput[];
  /**
   * A pulling source's position after this batch, saved in the same transaction (as setCursor
   * would), so a restart resumes exactly after what was committed: never before it, never past it.
   */
  cursor?: CursorWrite;
}

/** A pulling source's position (a tailed file's offset, a log group's timestamp and ids, a partition's sequence number). */
export interface CursorWrite {
  source: string;
  value: string;
}

export interface CommitResult {
  created: Finding[];
  updated: Finding[];
}

export type FindingSort = 'updatedAt' | 'createdAt' | 'severity' | 'count' | 'eventLastSeen';

export interface FindingQuery {
  types?: string[];
  minSeverity?: number;
  maxSeverity?: number;
  clusters?: string[];
  namespaces?: string[];
  /** undefined = both current and archived. */
  archived?: boolean;
  sort?: FindingSort;
  order?: 'asc' | 'desc';
  /** 1..1000, default 50 */
  limit?: number;
  /** Opaque token from a previous page. */
  nextToken?: string | null;
  /** Only findings about any of these entities (as core/entities.ts extracts them). */
  entities?: EntityRef[];
  /** Only findings whose activity (eventFirstSeen..eventLastSeen) overlaps [seenFrom, seenTo] (ISO 8601). */
  seenFrom?: string;
  seenTo?: string;
}

export interface FindingPage {
  findings: Finding[];
  nextToken: string | null;
}

/** Ingest counters summed over all batches of one (cluster, source). */
export interface IngestStats extends IngestCounts {
  cluster: string;
  /** When the source's last batch was committed (epoch ms), or null before migration 10's first batch. */
  lastReceivedAt: number | null;
  /**
   * How far the newest event of the last batch that had events lagged behind its commit (ms, at
   * least 0): the source's delivery delay (Firehose buffering, CloudWatch polling, a paused tailer).
   */
  lagMs: number | null;
}

/** threat: custom threat list (.Custom findings); trusted: never an IP-based finding;
 *  tor: Tor exit nodes (TorIPCaller); malicious: Vigil's own threat intelligence (MaliciousIPCaller). */
export type IntelKind = 'threat' | 'trusted' | 'tor' | 'malicious';

export interface IntelListInfo {
  /** Unique; appears in findings as threatListName. */
  name: string;
  kind: IntelKind;
  /** txt | csv | stix */
  format: string;
  /** Where it was loaded from (file path or URL), for refreshes and display. */
  source: string;
  /** Entries read (IPs, CIDR blocks, domains) and entries refused. */
  entries: number;
  rejected: number;
  createdAt: number;
  updatedAt: number;
}

export interface IntelList extends IntelListInfo {
  /** The list as loaded (the text that was parsed). */
  content: string;
}

export interface FindingStatistics {
  total: number;
  bySeverity: Record<'low' | 'medium' | 'high' | 'critical', number>;
  byType: Record<string, number>;
  byCluster: Record<string, number>;
  /** YYYY-MM-DD (UTC) of updatedAt -> count. */
  byDay: Record<string, number>;
}

/** Which findings an aggregate counts; every member narrows it. */
export interface FindingScope {
  /** undefined = both current and archived. */
  archived?: boolean;
  clusters?: string[];
  /** Only findings last updated at or after this time (ISO 8601). */
  updatedFrom?: string;
  entity?: EntityRef;
}

/** The dimensions findings can be counted by. */
export type FindingDimension = 'type' | 'cluster' | 'namespace' | 'actor' | 'severity';

/** Findings per UTC day of last update (YYYY-MM-DD), by severity band; days without findings are absent. */
export interface DailySeverityCounts extends Record<SeverityLabel, number> {
  day: string;
}

/** A saved filter; action ARCHIVE makes it a suppression rule (GuardDuty's filters). */
export interface FindingFilter {
  name: string;
  /** Applies to this cluster's findings only; null: every cluster. */
  cluster: string | null;
  description: string;
  action: 'NOOP' | 'ARCHIVE';
  /** 1..100: the order filters are applied and listed in. */
  rank: number;
  /** GuardDuty FindingCriteria ({criterion: {...}}). */
  criteria: unknown;
  reason: string;
  /** Epoch ms after which the filter no longer suppresses; null: never expires. */
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One entry of the audit trail: who changed what. */
export interface AuditEntry {
  /** Epoch ms. */
  at: number;
  /** Token id of the caller ('cli' for local commands). */
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export interface Store {
  /** Aggregates occurrences into findings, records seen keys, state and counters in one transaction. */
  commitBatch(batch: BatchCommit, now: number): Promise<CommitResult>;
  getFinding(id: string): Promise<Finding | null>;
  listFindings(query: FindingQuery): Promise<FindingPage>;

  /** All saved entries of one component's state, oldest update first. */
  loadState(component: string): Promise<[string, string][]>;
  /** Seen request keys recorded at or after `since` (epoch ms), newest first, at most `limit`. */
  loadSeenKeys(since: number, limit: number): Promise<string[]>;
  /** Deletes seen keys recorded before `before`; returns how many. */
  pruneSeen(before: number): Promise<number>;

  addCluster(cluster: Cluster): Promise<void>;
  /** The cluster's features; both enabled when never set. */
  getClusterFeatures(name: string): Promise<ClusterFeatures>;
  setClusterFeatures(name: string, features: ClusterFeatures, now: number): Promise<void>;
  getCluster(name: string): Promise<Cluster | null>;
  listClusters(): Promise<Cluster[]>;
  /**
   * Deletes a cluster with everything that belongs to it: findings, features, detector settings,
   * its filters, ingest tokens, ingest counters, runtime nodes and archived events. False when there is no such cluster.
   */
  deleteCluster(name: string): Promise<boolean>;
  /** null when never set. */
  getDetectorSettings(cluster: string): Promise<DetectorSettings | null>;
  putDetectorSettings(cluster: string, settings: DetectorSettings): Promise<void>;

  /** Stores a token by the SHA-256 hex of its secret; the secret itself is never stored. */
  addToken(token: TokenRecord, secretHash: string): Promise<void>;
  findTokenByHash(secretHash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  /** Marks a token revoked; false when no unrevoked token has that id. */
  revokeToken(id: string, at: number): Promise<boolean>;

  /** Stores a SigV4 access key with its sealed secret; ConflictError when the id exists. */
  addAccessKey(key: AccessKeyRecord, sealedSecret: string): Promise<void>;
  /** The key (revoked ones too) and its sealed secret, or null. */
  getAccessKey(accessKeyId: string): Promise<{ key: AccessKeyRecord; sealedSecret: string } | null>;
  /** Oldest first, without secrets. */
  listAccessKeys(): Promise<AccessKeyRecord[]>;
  /** False when no unrevoked key has that id. */
  revokeAccessKey(accessKeyId: string, at: number): Promise<boolean>;

  /** Sets service.archived on the findings; returns how many exist. */
  setArchived(ids: string[], archived: boolean): Promise<number>;
  /** Deletes findings last updated before `beforeIso` (retention); returns how many. */
  deleteFindingsUpdatedBefore(beforeIso: string): Promise<number>;
  /** Counts of findings by severity label, type, cluster and day of last update. */
  findingStatistics(q: { archived?: boolean; clusters?: string[] }): Promise<FindingStatistics>;
  /** Findings per UTC day of last update since `fromIso`, by severity band, oldest day first. */
  findingDailySeverity(scope: FindingScope, fromIso: string): Promise<DailySeverityCounts[]>;
  /** The most frequent values of a dimension (count desc, then value), at most `limit`; severity gives band labels. */
  topFindingValues(scope: FindingScope, by: FindingDimension, limit: number): Promise<{ key: string; count: number }[]>;

  /** Adds events to the archive; an event whose (cluster, key) is archived already is ignored. Returns how many were added. */
  appendEvents(events: ArchivedEventInput[]): Promise<number>;
  /** Archived events by time (then id), newest first unless order is asc; keyset pages. */
  listEvents(query: EventQuery): Promise<EventPage>;
  /**
   * The most frequent values of `field` (count desc, then value; nulls left out) among the newest
   * `sample` events matching the query, at most `limit`.
   */
  eventFacets(query: Omit<EventQuery, 'order' | 'limit' | 'nextToken'>, field: EventFacetField, opts: { sample: number; limit: number }): Promise<FacetValue[]>;
  /** Deletes at most `maxRows` archived events older than `before` (epoch ms); returns how many. */
  deleteEventsBefore(before: number, maxRows: number): Promise<number>;

  /** Sets service.userFeedback (USEFUL | NOT_USEFUL); returns how many exist. */
  setFeedback(ids: string[], feedback: 'USEFUL' | 'NOT_USEFUL'): Promise<number>;

  /** Inserts or replaces a filter by name. */
  putFilter(filter: FindingFilter): Promise<void>;
  getFilter(name: string): Promise<FindingFilter | null>;
  /** Ordered by rank, then name. */
  listFilters(): Promise<FindingFilter[]>;
  deleteFilter(name: string): Promise<boolean>;

  recordAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(limit: number): Promise<AuditEntry[]>;

  ingestStats(): Promise<IngestStats[]>;
  /** Every node that ever sent runtime events, by cluster and node name. */
  runtimeNodes(): Promise<RuntimeNode[]>;

  /** Where a pulling source (a tailed file, a cloud log stream) stopped; null when never saved. */
  getCursor(source: string): Promise<string | null>;
  /** Saves a source's position (after the batches before it were committed). */
  setCursor(source: string, value: string, now: number): Promise<void>;

  /** Inserts or replaces a threat-intelligence list by name. */
  putIntelList(list: IntelList): Promise<void>;
  getIntelList(name: string): Promise<IntelList | null>;
  /** All lists without their content, ordered by name. */
  listIntelLists(): Promise<IntelListInfo[]>;
  /** True when a list was deleted. */
  deleteIntelList(name: string): Promise<boolean>;

  close(): Promise<void>;
}

/** Thrown when a name or id is already taken (cluster names, token ids). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
