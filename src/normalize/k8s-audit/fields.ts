// The field catalog of the audit event as rules see it: every top-level variable a CEL condition,
// template or aggregation key may use, with its CEL type and a description. The rule compiler
// type-checks every expression against it (unknown fields are load errors with a location), and
// docs/rules.md is generated from it. It mirrors AuditEvent in core/event.ts; fields.test.ts keeps
// the two in step.

/** A CEL type string, or a nested record of fields. */
export type FieldType = string | { [field: string]: FieldType };

export interface FieldDoc {
  type: FieldType;
  doc: string;
}

const userInfo = { username: 'string', uid: 'string', groups: 'list<string>', extra: 'map<string, list<string>>' };

/** Named record types used inside lists (CEL needs a named type for list elements). */
export const AUDIT_TYPES: Record<string, Record<string, string>> = {
  Container: {
    name: 'string',
    image: 'string',
    kind: 'string',
    privileged: 'bool',
    allowPrivilegeEscalation: 'dyn',
    runAsUser: 'dyn',
    capabilitiesAdd: 'list<string>',
    command: 'list<string>',
    volumeMounts: 'list<VolumeMount>',
  },
  VolumeMount: { name: 'string', mountPath: 'string', readOnly: 'bool' },
  Volume: { name: 'string', hostPath: 'string' },
  HostMount: { volume: 'string', hostPath: 'string', container: 'string', mountPath: 'string', readOnly: 'bool' },
  Subject: { kind: 'string', name: 'string', namespace: 'string', apiGroup: 'string' },
  Webhook: { name: 'string', failurePolicy: 'string', url: 'string', service: 'string', resources: 'list<string>' },
  PolicyRule: {
    apiGroups: 'list<string>',
    resources: 'list<string>',
    verbs: 'list<string>',
    resourceNames: 'list<string>',
    nonResourceURLs: 'list<string>',
  },
};

export const AUDIT_FIELDS: Record<string, FieldDoc> = {
  cluster: { type: 'string', doc: 'Registered name of the cluster the event came from.' },
  auditId: { type: 'string', doc: 'auditID: shared by all stages of one request.' },
  stage: { type: 'string', doc: 'ResponseStarted, ResponseComplete or Panic (RequestReceived is never judged).' },
  level: { type: 'string', doc: 'Audit level the event was recorded at (Metadata, Request, RequestResponse).' },
  verb: { type: 'string', doc: 'Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection); for non-resource URLs the lower-cased HTTP method. WebSocket exec is `get`, SPDY exec `create`.' },
  requestUri: { type: 'string', doc: 'requestURI as sent by the client, with the query string.' },
  path: { type: 'string', doc: 'requestURI without the query string.' },
  query: { type: 'map<string, list<string>>', doc: 'Decoded query parameters (exec: command, container; dryRun; watch).' },
  user: { type: userInfo, doc: 'The authenticated caller (user.username, user.uid, user.groups, user.extra).' },
  impersonatedUser: { type: 'dyn', doc: 'The impersonated identity ({username, uid, groups, extra}) or null.' },
  sourceIps: { type: 'list<string>', doc: 'sourceIPs: X-Forwarded-For chain, then the peer address.' },
  sourceIp: { type: 'string', doc: 'The first source IP, or "".' },
  userAgent: { type: 'string', doc: 'Client user agent (untrusted).' },
  nonResource: { type: 'bool', doc: 'True for non-resource URLs (/api, /healthz, ...): the event has no objectRef.' },
  target: {
    type: { resource: 'string', subresource: 'string', namespace: 'string', name: 'string', apiGroup: 'string', apiVersion: 'string', uid: 'string' },
    doc: 'objectRef; each member is "" when absent.',
  },
  response: {
    type: { code: 'int', success: 'bool', reason: 'string', message: 'string' },
    doc: 'responseStatus: code (0 if absent), success (2xx or 101), reason, message.',
  },
  decision: { type: 'string', doc: 'authorization.k8s.io/decision annotation: allow, forbid or "".' },
  annotations: { type: 'map<string, string>', doc: 'Audit annotations of the event.' },
  dryRun: { type: 'bool', doc: 'The request was a dry run (?dryRun=All): nothing was persisted.' },
  time: { type: 'int', doc: 'stageTimestamp in epoch milliseconds.' },
  timestamp: { type: 'string', doc: 'stageTimestamp as sent (RFC 3339, microseconds).' },
  tactic: { type: 'string', doc: 'Tactic class of the request from rules/audit/tactics.yaml (CredentialAccess, DefenseEvasion, Discovery, Impact, Persistence) or "".' },
  intel: {
    type: { ip: 'string', lists: 'list<string>', kinds: 'list<string>', threatLists: 'list<string>', tor: 'bool', malicious: 'bool', trusted: 'bool' },
    doc: 'Threat intelligence on the source IPs: ip (the listed source IP, or ""), lists (every list it is on), kinds (the kind of each: threat, tor, malicious), threatLists (custom threat lists among them), tor (Tor exit node), malicious (Vigil\'s malicious-IP list), trusted (some source IP is on a trusted list; trusted IPs are never matched).',
  },
  targetPrivileged: {
    type: 'bool',
    doc: 'The target pod runs a privileged container or shares the host PID, IPC or network namespace: from the pod spec in the event, or remembered from the pod\'s create event (exec, attach and port-forward carry no spec).',
  },
  workload: {
    type: {
      present: 'bool',
      type: 'string',
      name: 'string',
      namespace: 'string',
      uid: 'string',
      labels: 'map<string, string>',
      serviceAccountName: 'string',
      hostNetwork: 'bool',
      hostPID: 'bool',
      hostIPC: 'bool',
      containers: 'list<Container>',
      volumes: 'list<Volume>',
      hostMounts: 'list<HostMount>',
      privilegedImages: 'list<string>',
      fromController: 'bool',
    },
    doc: 'The pod spec of a pod or workload (deployments, daemonsets, statefulsets, replicasets, replicationcontrollers, jobs, cronjobs) in the resulting object; present is false otherwise. hostMounts joins volumeMounts to hostPath volumes. fromController: written by a built-in controller from a template (owner reference).',
  },
  binding: {
    type: {
      present: 'bool',
      kind: 'string',
      name: 'string',
      namespace: 'string',
      roleRef: { kind: 'string', name: 'string', apiGroup: 'string' },
      subjects: 'list<Subject>',
      roleIsAdmin: 'bool',
    },
    doc: 'A RoleBinding or ClusterRoleBinding in the resulting object. roleIsAdmin: roleRef is cluster-admin, admin, or a role Vigil saw granting * on *.',
  },
  service: {
    type: { present: 'bool', name: 'string', namespace: 'string', type: 'string', requestedType: 'string', labels: 'map<string, string>', selector: 'map<string, string>' },
    doc: 'A Service in the resulting object. type: spec.type of the resulting object; requestedType: spec.type as set by the request body ("" when the request does not set it, e.g. a patch of annotations).',
  },
  role: {
    type: { present: 'bool', kind: 'string', name: 'string', namespace: 'string', rules: 'list<PolicyRule>', wildcardAdmin: 'bool' },
    doc: 'A Role or ClusterRole in the resulting object; wildcardAdmin: some rule grants verb * on resource *.',
  },
  ingress: {
    type: { present: 'bool', name: 'string', namespace: 'string', tls: 'bool', hosts: 'list<string>', ingressClassName: 'string' },
    doc: 'An Ingress in the resulting object; tls: spec.tls is set and not empty.',
  },
  configMap: {
    type: { present: 'bool', name: 'string', namespace: 'string', dataKeys: 'list<string>' },
    doc: 'A ConfigMap in the request or response body (only when the audit level records bodies); dataKeys: keys of data and binaryData, never the values.',
  },
  secret: {
    type: { present: 'bool', name: 'string', namespace: 'string', type: 'string', annotations: 'map<string, string>' },
    doc: 'A Secret in the request or response body (rarely recorded: policies keep secrets at Metadata).',
  },
  tokenRequest: {
    type: { present: 'bool', expirationSeconds: 'int', audiences: 'list<string>', boundObjectKind: 'string' },
    doc: 'A TokenRequest (create serviceaccounts/token): requested lifetime, audiences, and the kind of object the token is bound to.',
  },
  webhookConfig: {
    type: { present: 'bool', kind: 'string', name: 'string', webhooks: 'list<Webhook>' },
    doc: 'A Mutating- or ValidatingWebhookConfiguration in the resulting object.',
  },
  csr: {
    type: { present: 'bool', name: 'string', signerName: 'string', usages: 'list<string>', username: 'string', groups: 'list<string>', approved: 'bool', denied: 'bool' },
    doc: 'A CertificateSigningRequest in the resulting object (approved/denied from status.conditions, e.g. on the approval subresource).',
  },
};
