// What the /api/v1 routes answer, as the console reads it. Findings are GuardDuty-format JSON
// (docs/findings.md); every member the console shows is optional here because the data comes
// from the network and, in parts, from attackers (user names, user agents, pod names...).

export type Role = 'viewer' | 'analyst' | 'admin';

export interface Whoami {
  tokenId: string | null;
  role: Role | null;
  kind: string | null;
  description: string;
}

export interface FindingContainer {
  name?: string;
  image?: string;
  imagePrefix?: string;
  id?: string;
  containerRuntime?: string;
  volumeMounts?: { name?: string; mountPath?: string }[];
  securityContext?: { privileged?: boolean; allowPrivilegeEscalation?: boolean };
}

export interface Workload {
  name?: string;
  type?: string;
  uid?: string;
  namespace?: string;
  hostNetwork?: boolean;
  hostIPC?: boolean;
  hostPID?: boolean;
  serviceAccountName?: string;
  containers?: FindingContainer[];
  volumes?: { name?: string; hostPath?: { path?: string } }[];
}

export interface KubeUser {
  username?: string;
  uid?: string;
  groups?: string[];
  sessionName?: string[];
  impersonatedUser?: { username?: string; groups?: string[] };
}

export interface RemoteIp {
  ipAddressV4?: string;
  ipAddressV6?: string;
  country?: { countryName?: string; countryCode?: string };
  city?: { cityName?: string };
  organization?: { asn?: string; asnOrg?: string; isp?: string; org?: string };
}

export interface ApiCallAction {
  requestUri?: string;
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  resourceName?: string;
  sourceIPs?: string[];
  userAgent?: string;
  statusCode?: number;
  parameters?: string;
  remoteIpDetails?: RemoteIp;
}

export interface ProcessLineageEntry {
  name?: string;
  executablePath?: string;
  pid?: number;
  namespacePid?: number;
  uuid?: string;
  parentUuid?: string;
  startTime?: number;
  userId?: number;
}

export interface RuntimeProcess extends ProcessLineageEntry {
  executableSha256?: string;
  pwd?: string;
  euid?: number;
  lineage?: ProcessLineageEntry[];
}

export interface FindingAction {
  actionType?: string;
  kubernetesApiCallAction?: ApiCallAction;
  dnsRequestAction?: { domain?: string; domainWithSuffix?: string; protocol?: string; blocked?: boolean };
  networkConnectionAction?: {
    connectionDirection?: string;
    protocol?: string;
    blocked?: boolean;
    remoteIpDetails?: RemoteIp;
    remotePortDetails?: { port?: number };
  };
}

export interface Finding {
  id: string;
  arn?: string;
  accountId?: string;
  region?: string;
  type: string;
  severity: number;
  title?: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  resource?: {
    resourceType?: string;
    eksClusterDetails?: { name?: string; arn?: string; status?: string };
    kubernetesDetails?: { kubernetesUserDetails?: KubeUser; kubernetesWorkloadDetails?: Workload };
    containerDetails?: FindingContainer;
  };
  service?: {
    featureName?: string;
    action?: FindingAction;
    runtimeDetails?: { process?: RuntimeProcess; context?: Record<string, unknown> };
    resourceRole?: string;
    archived?: boolean;
    count?: number;
    eventFirstSeen?: string;
    eventLastSeen?: string;
    userFeedback?: 'USEFUL' | 'NOT_USEFUL';
    additionalInfo?: { value?: string; type?: string };
    evidence?: { threatIntelligenceDetails?: { threatListName?: string; threatNames?: string[]; threatFileSha256?: string }[] };
  };
}

export interface FindingPage {
  findings: Finding[];
  nextToken: string | null;
}

export interface FindingStatistics {
  total: number;
  bySeverity: Record<'low' | 'medium' | 'high' | 'critical', number>;
  byType: Record<string, number>;
  byCluster: Record<string, number>;
  byDay: Record<string, number>;
}

export interface FindingType {
  type: string;
  severity: number;
  catalog: string;
  source?: string;
  description: string;
  notes?: string;
}

export interface KeyCount {
  key: string;
  count: number;
}

export interface SummaryDay {
  day: string;
  low: number;
  medium: number;
  high: number;
  critical: number;
}

export interface Summary {
  series: SummaryDay[];
  topTypes: KeyCount[];
  topClusters: KeyCount[];
  topNamespaces: KeyCount[];
  topActors: KeyCount[];
  newestHigh: Finding[];
}

export interface RawEvent {
  id: string;
  cluster?: string;
  time: string;
  plane: 'audit' | 'runtime';
  actor?: string;
  namespace?: string;
  workload?: string;
  pod?: string;
  image?: string;
  node?: string;
  sourceIp?: string;
  summary?: string;
  raw?: unknown;
}

export interface EventPage {
  events: RawEvent[];
  nextToken: string | null;
}

export interface TimelineEntry {
  time: string;
  kind: 'finding' | 'event';
  relation?: string;
  finding?: { id: string; type: string; severity: number; title?: string };
  event?: RawEvent;
}

export interface Timeline {
  finding: Finding;
  entities: { actor?: string; workload?: string; pod?: string; image?: string; node?: string; sourceIps?: string[] };
  entries: TimelineEntry[];
  truncated: boolean;
}

export interface Entity {
  kind: string;
  id: string;
  firstSeen?: string | null;
  lastSeen?: string | null;
  findings: Finding[];
  findingCounts?: { bySeverity?: Record<string, number>; byType?: Record<string, number> };
  events?: RawEvent[];
  related?: Record<string, unknown>;
}

export interface SuppressionRule {
  name: string;
  cluster: string | null;
  description: string;
  action: 'NOOP' | 'ARCHIVE';
  rank: number;
  criteria: unknown;
  reason: string;
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface IntelList {
  name: string;
  kind: string;
  format: string;
  source: string;
  entries: number;
  rejected: number;
  createdAt: number;
  updatedAt: number;
}

export interface TokenRecord {
  id: string;
  kind: 'api' | 'ingest';
  cluster: string | null;
  role: Role | null;
  createdAt: number;
  revokedAt: number | null;
  description: string;
}

export interface ClusterStatus {
  name: string;
  platform: string;
  detectorId: string;
  createdAt: number;
  arn: string | null;
  features: { auditLogs: boolean; runtimeMonitoring: boolean };
  ingest: { source: string; accepted: number; skipped: number; duplicates: number; rejected: Record<string, number>; lastEventAt: number | null }[];
}

export interface NodeCoverage {
  node: string;
  sensor: string;
  version: string;
  firstSeenAt: number;
  lastEventAt: number;
  events: number;
  status: 'healthy' | 'stale';
}

export interface SourceCoverage {
  source: string;
  plane: 'audit' | 'runtime';
  label: string;
  accepted: number;
  skipped: number;
  duplicates: number;
  rejected: number;
  lastEventAt: number | null;
  lastReceivedAt: number | null;
  lagMs: number | null;
  status: 'receiving' | 'stale' | 'never';
}

export interface ClusterCoverage {
  name: string;
  platform: string;
  audit: { lastEventAt: number | null; sources: string[]; status: 'receiving' | 'stale' | 'never' };
  runtime: { status: 'HEALTHY' | 'UNHEALTHY'; issue: string; nodes: NodeCoverage[] };
  sources: SourceCoverage[];
}
