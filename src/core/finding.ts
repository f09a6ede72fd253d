// The GuardDuty Finding wire shape (camelCase keys exactly as GuardDuty's REST API returns them),
// limited to the members Vigil fills. See docs/findings.md.

export interface KubernetesUserDetails {
  username: string;
  uid?: string;
  groups?: string[];
  sessionName?: string[];
  impersonatedUser?: { username: string; groups?: string[] };
}

export interface FindingContainer {
  name: string;
  image: string;
  imagePrefix: string;
  containerRuntime?: string;
  id?: string;
  volumeMounts?: { name: string; mountPath: string }[];
  securityContext?: { privileged?: boolean; allowPrivilegeEscalation?: boolean };
}

export interface KubernetesWorkloadDetails {
  name: string;
  type: string;
  uid?: string;
  namespace?: string;
  hostNetwork?: boolean;
  hostIPC?: boolean;
  hostPID?: boolean;
  serviceAccountName?: string;
  containers?: FindingContainer[];
  volumes?: { name: string; hostPath?: { path: string } }[];
}

export interface RemoteIpDetails {
  ipAddressV4?: string;
  ipAddressV6?: string;
}

export interface KubernetesApiCallAction {
  requestUri: string;
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  resourceName?: string;
  sourceIPs: string[];
  userAgent?: string;
  statusCode?: number;
  parameters?: string;
  remoteIpDetails?: RemoteIpDetails;
}

export interface RuntimeProcessDetails {
  name: string;
  executablePath: string;
  executableSha256?: string;
  namespacePid?: number;
  pid?: number;
  pwd?: string;
  /** Epoch seconds (a GuardDuty Timestamp member). */
  startTime?: number;
  uuid?: string;
  parentUuid?: string;
  userId?: number;
  euid?: number;
  lineage?: {
    name: string;
    executablePath: string;
    pid?: number;
    namespacePid?: number;
    uuid?: string;
    parentUuid?: string;
    startTime?: number;
    userId?: number;
  }[];
}

export interface FindingAction {
  actionType: 'KUBERNETES_API_CALL' | 'DNS_REQUEST' | 'NETWORK_CONNECTION';
  kubernetesApiCallAction?: KubernetesApiCallAction;
  dnsRequestAction?: { domain: string; domainWithSuffix?: string; protocol: string; blocked: boolean };
  networkConnectionAction?: {
    connectionDirection: 'OUTBOUND' | 'INBOUND';
    protocol: string;
    blocked: boolean;
    remoteIpDetails: RemoteIpDetails;
    remotePortDetails: { port: number };
  };
}

export interface FindingService {
  serviceName: 'guardduty';
  detectorId: string;
  featureName: string;
  /** Audit-log findings and DNS/network runtime findings; absent for process findings. */
  action?: FindingAction;
  runtimeDetails?: { process: RuntimeProcessDetails; context?: Record<string, unknown> };
  resourceRole?: 'TARGET' | 'ACTOR';
  archived: boolean;
  count: number;
  eventFirstSeen: string;
  eventLastSeen: string;
  userFeedback?: 'USEFUL' | 'NOT_USEFUL';
  /** value is a JSON-encoded string, as in GuardDuty. */
  additionalInfo: { value: string; type: 'default' };
  evidence?: { threatIntelligenceDetails: { threatListName: string; threatNames: string[]; threatFileSha256?: string }[] };
}

export interface Finding {
  schemaVersion: '2.0';
  accountId: string;
  region: string;
  partition: string;
  id: string;
  arn: string;
  type: string;
  severity: number;
  title: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  resource: {
    resourceType: 'EKSCluster';
    eksClusterDetails: { name: string; arn: string; status: string; createdAt?: number; tags?: { key: string; value: string }[] };
    kubernetesDetails: {
      /** Audit-log findings; runtime findings have no Kubernetes user. */
      kubernetesUserDetails?: KubernetesUserDetails;
      kubernetesWorkloadDetails?: KubernetesWorkloadDetails;
    };
    /** Runtime findings: the container the process ran in. */
    containerDetails?: FindingContainer;
  };
  service: FindingService;
}

/**
 * What detection hands to the findings stage: one occurrence of a finding type.
 * The store aggregates occurrences with the same fingerprint into one Finding.
 */
export interface Occurrence {
  /** Stable hash of (type, cluster, declared aggregation fields). */
  fingerprint: string;
  /** The finding as built from this occurrence (count 1, first = last seen = event time). */
  finding: Finding;
  /** Event time in epoch ms. */
  time: number;
  /** A suppression rule matched: the finding is stored archived and stays archived on recurrence. */
  suppressed?: boolean;
}
