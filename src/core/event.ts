// The normalized audit event: the only shape detectors and rules ever see.
// Sources hand raw JSON to normalize/k8s-audit, which builds this once at the edge.
// Field names here are the rule language's field catalog (docs/rules.md lists them).

/** Audit stages as kube-apiserver writes them. */
export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

export interface UserInfo {
  username: string;
  uid: string;
  groups: string[];
  /** user.extra: authenticator-specific values (EKS sessionName, SA pod-name, ...). */
  extra: Record<string, string[]>;
}

/** objectRef; every member is '' when the event had no objectRef or omitted it. */
export interface TargetRef {
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  apiGroup: string;
  apiVersion: string;
  uid: string;
}

export interface ResponseInfo {
  /** HTTP status recorded in responseStatus.code; 0 when absent. */
  code: number;
  /** 2xx, or 101 for exec/attach/portforward upgrades. */
  success: boolean;
  reason: string;
  message: string;
}

export interface ContainerView {
  name: string;
  image: string;
  /** 'container' | 'initContainer' | 'ephemeralContainer' */
  kind: string;
  privileged: boolean;
  allowPrivilegeEscalation: boolean | null;
  runAsUser: number | null;
  capabilitiesAdd: string[];
  command: string[];
  volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
}

export interface HostMountView {
  volume: string;
  hostPath: string;
  container: string;
  mountPath: string;
  readOnly: boolean;
}

/** A pod spec found in a pod or workload object (create/update/patch body or response). */
export interface WorkloadView {
  present: boolean;
  /** Resource plural of the object: pods, deployments, daemonsets, ... */
  type: string;
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  serviceAccountName: string;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  containers: ContainerView[];
  volumes: { name: string; hostPath: string }[];
  hostMounts: HostMountView[];
  /** Images of containers with securityContext.privileged true. */
  privilegedImages: string[];
  /** The object has a controller ownerReference and was written by a built-in controller. */
  fromController: boolean;
}

export interface SubjectView {
  kind: string;
  name: string;
  namespace: string;
  apiGroup: string;
}

export interface BindingView {
  present: boolean;
  kind: string;
  name: string;
  namespace: string;
  roleRef: { kind: string; name: string; apiGroup: string };
  subjects: SubjectView[];
  /** Filled by enrich/rbac-roles: roleRef is cluster-admin, admin, or a role seen granting * on *. */
  roleIsAdmin: boolean;
}

export interface ServiceView {
  present: boolean;
  name: string;
  namespace: string;
  /** spec.type of the resulting object ('' when unknown). */
  type: string;
  /** spec.type as set by the request body itself ('' when the request does not set it). */
  requestedType: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
}

export interface RoleRuleView {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface RoleView {
  present: boolean;
  kind: string;
  name: string;
  namespace: string;
  rules: RoleRuleView[];
  /** Some rule grants verb * on resource * (in apiGroup *). */
  wildcardAdmin: boolean;
}

export interface IngressView {
  present: boolean;
  name: string;
  namespace: string;
  /** spec.tls is set and not empty. */
  tls: boolean;
  hosts: string[];
  ingressClassName: string;
}

export interface ConfigMapView {
  present: boolean;
  name: string;
  namespace: string;
  /** Keys of data and binaryData (values are never exposed). */
  dataKeys: string[];
}

export interface SecretView {
  present: boolean;
  name: string;
  namespace: string;
  /** Secret type, e.g. kubernetes.io/service-account-token ('' when the body is absent). */
  type: string;
  annotations: Record<string, string>;
}

export interface TokenRequestView {
  present: boolean;
  /** spec.expirationSeconds (0 when absent). */
  expirationSeconds: number;
  audiences: string[];
  /** Kind of spec.boundObjectRef ('' when the token is not bound to a pod or secret). */
  boundObjectKind: string;
}

export interface WebhookView {
  name: string;
  failurePolicy: string;
  url: string;
  /** namespace/name of the clientConfig service, or ''. */
  service: string;
  resources: string[];
}

export interface WebhookConfigView {
  present: boolean;
  kind: string;
  name: string;
  webhooks: WebhookView[];
}

export interface CsrView {
  present: boolean;
  name: string;
  signerName: string;
  usages: string[];
  username: string;
  groups: string[];
  approved: boolean;
  denied: boolean;
}

/** One Kubernetes audit event (audit.k8s.io/v1 Event), typed and defaulted. */
export interface AuditEvent {
  kind: 'k8s.audit';
  /** Registered cluster name the event came from. */
  cluster: string;
  auditId: string;
  stage: AuditStage;
  level: string;
  verb: string;
  requestUri: string;
  /** requestURI without the query string. */
  path: string;
  /** Decoded query parameters of requestURI (exec command=..., dryRun, watch). */
  query: Record<string, string[]>;
  user: UserInfo;
  /** Present when Impersonate-* headers were used; `user` is then the real caller. */
  impersonatedUser: UserInfo | null;
  sourceIps: string[];
  /** sourceIps[0], or '' */
  sourceIp: string;
  userAgent: string;
  /** True when the request had no objectRef (a non-resource URL such as /api or /healthz). */
  nonResource: boolean;
  target: TargetRef;
  response: ResponseInfo;
  /** authorization.k8s.io/decision annotation ('allow' | 'forbid' | ''). */
  decision: string;
  annotations: Record<string, string>;
  /** The request had ?dryRun=All: nothing was persisted. */
  dryRun: boolean;
  /** stageTimestamp in epoch milliseconds. */
  time: number;
  /** stageTimestamp exactly as sent (microsecond precision). */
  timestamp: string;
  /** Request body as received (object, JSON-patch array, or a string AKS put there); null when absent. */
  requestObject: unknown;
  /** Response body; null when absent. */
  responseObject: unknown;
  /** Views over the resulting object; computed lazily, only when a rule reads them. */
  readonly workload: WorkloadView;
  readonly binding: BindingView;
  readonly service: ServiceView;
  readonly role: RoleView;
  readonly ingress: IngressView;
  readonly configMap: ConfigMapView;
  readonly secret: SecretView;
  readonly tokenRequest: TokenRequestView;
  readonly webhookConfig: WebhookConfigView;
  readonly csr: CsrView;
  /** Tactic class of (verb, resource, subresource) from rules/audit/tactics.yaml, '' when none. */
  tactic: string;
  /** Threat-intelligence match of the source IPs (set by enrich/threat-intel). */
  intel: IntelInfo;
  /** The target pod runs privileged (from its spec, or remembered from its create event). */
  targetPrivileged: boolean;
}

export interface IntelInfo {
  /** The source IP that is on a list, or ''. */
  ip: string;
  /** Every list (not trusted) the IP is on. */
  lists: string[];
  /** The kind of each of those lists (threat, tor or malicious), in the same order. */
  kinds: string[];
  /** Custom threat lists among them. */
  threatLists: string[];
  /** On the Tor exit-node list. */
  tor: boolean;
  /** On Vigil's malicious-IP list. */
  malicious: boolean;
  /** Some source IP is on a trusted list (a trusted IP itself is never matched). */
  trusted: boolean;
}

export type SecurityEvent = AuditEvent;
