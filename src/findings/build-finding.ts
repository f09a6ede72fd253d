// A rule match on an audit event -> one Occurrence in GuardDuty's Finding format
// (shared facts: finding JSON wire keys, audit event -> finding field mapping).

import { createHash, randomUUID } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { AuditEvent } from '../core/event.js';
import type { Finding, FindingContainer, KubernetesApiCallAction, KubernetesUserDetails, KubernetesWorkloadDetails, Occurrence } from '../core/finding.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import { celToString } from '../rules/expression.js';
import { assessSeverity, type SeverityModifier } from '../rules/severity-modifiers.js';
import type { Cluster } from '../store/store.js';

export interface FindingContext {
  accountId: string;
  region: string;
  partition: string;
  /** Epoch ms: createdAt/updatedAt of a new finding. */
  now: number;
  /** Context that raises severities (rules/audit/severity.yaml). */
  severityModifiers?: readonly SeverityModifier[];
}

const MAX_PARAMETERS = 8192;
const WORKLOAD_TYPES = new Set(['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'replicationcontrollers', 'jobs', 'cronjobs']);
const STREAM_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

/** 32 hex digits (122 random bits): randomUUID draws from a cached entropy pool, randomBytes does a call per id. */
export function newFindingId(): string {
  return randomUUID().replaceAll('-', '');
}

/** image before its last "/" ('' when none), as GuardDuty's imagePrefix. */
export function imagePrefix(image: string): string {
  const i = image.lastIndexOf('/');
  return i < 0 ? '' : image.slice(0, i);
}

/** Stable hash of the type, the cluster and the rule's aggregateBy values on the event (any kind). */
export function fingerprint(rule: CompiledRule, e: { cluster: string }): string {
  const h = createHash('sha256');
  h.update(rule.type).update('\u0000').update(e.cluster);
  for (const a of rule.aggregateBy) {
    let v = '';
    try {
      v = celToString(a(e));
    } catch {
      v = '';
    }
    h.update('\u0000').update(v);
  }
  return h.digest('hex').slice(0, 32);
}

function userDetails(e: AuditEvent): KubernetesUserDetails {
  const u: KubernetesUserDetails = { username: e.user.username };
  if (e.user.uid) u.uid = e.user.uid;
  if (e.user.groups.length) u.groups = e.user.groups;
  const session = e.user.extra.sessionName;
  if (session && session.length) u.sessionName = session;
  if (e.impersonatedUser) u.impersonatedUser = { username: e.impersonatedUser.username, groups: e.impersonatedUser.groups };
  return u;
}

function workloadDetails(e: AuditEvent): KubernetesWorkloadDetails | undefined {
  const w = e.workload;
  if (w.present) {
    const containers: FindingContainer[] = w.containers.map((c) => {
      const fc: FindingContainer = { name: c.name, image: c.image, imagePrefix: imagePrefix(c.image) };
      if (c.volumeMounts.length) fc.volumeMounts = c.volumeMounts.map((m) => ({ name: m.name, mountPath: m.mountPath }));
      const sc: FindingContainer['securityContext'] = {};
      if (c.privileged) sc.privileged = true;
      if (c.allowPrivilegeEscalation !== null) sc.allowPrivilegeEscalation = c.allowPrivilegeEscalation;
      if (Object.keys(sc).length) fc.securityContext = sc;
      return fc;
    });
    const d: KubernetesWorkloadDetails = { name: w.name, type: w.type, namespace: w.namespace };
    if (w.uid) d.uid = w.uid;
    d.hostNetwork = w.hostNetwork;
    d.hostIPC = w.hostIPC;
    d.hostPID = w.hostPID;
    if (w.serviceAccountName) d.serviceAccountName = w.serviceAccountName;
    d.containers = containers;
    const vols = w.volumes.map((v) => (v.hostPath ? { name: v.name, hostPath: { path: v.hostPath } } : { name: v.name }));
    if (vols.length) d.volumes = vols;
    return d;
  }
  if (WORKLOAD_TYPES.has(e.target.resource) && e.target.name) {
    const d: KubernetesWorkloadDetails = { name: e.target.name, type: e.target.resource, namespace: e.target.namespace };
    if (e.target.uid) d.uid = e.target.uid;
    return d;
  }
  return undefined;
}

function parameters(e: AuditEvent): string | undefined {
  if (STREAM_SUBRESOURCES.has(e.target.subresource)) {
    const p: Record<string, unknown> = {};
    if (e.query.command) p.command = e.query.command;
    if (e.query.container) p.container = e.query.container[0];
    if (e.query.ports) p.ports = e.query.ports;
    return JSON.stringify(p);
  }
  if (e.requestObject === null || e.requestObject === undefined) return undefined;
  let s: string;
  try {
    s = typeof e.requestObject === 'string' ? JSON.stringify(e.requestObject) : JSON.stringify(e.requestObject);
  } catch {
    return undefined;
  }
  return s.length <= MAX_PARAMETERS ? s : JSON.stringify({ omitted: `request body of ${s.length} characters` });
}

function apiCall(e: AuditEvent): KubernetesApiCallAction {
  const a: KubernetesApiCallAction = { requestUri: e.requestUri, verb: e.verb, sourceIPs: e.sourceIps };
  if (e.target.resource) a.resource = e.target.resource;
  if (e.target.subresource) a.subresource = e.target.subresource;
  if (e.target.namespace) a.namespace = e.target.namespace;
  if (e.target.name) a.resourceName = e.target.name;
  if (e.userAgent) a.userAgent = e.userAgent;
  if (e.response.code) a.statusCode = e.response.code;
  const p = parameters(e);
  if (p !== undefined) a.parameters = p;
  if (isIPv4(e.sourceIp)) a.remoteIpDetails = { ipAddressV4: e.sourceIp };
  else if (isIPv6(e.sourceIp)) a.remoteIpDetails = { ipAddressV6: e.sourceIp };
  return a;
}

const THREAT_NAMES: Record<string, string> = { threat: 'CustomThreatList', tor: 'TorExitNode', malicious: 'MaliciousIP' };

/** The parts every finding shares, audit or runtime: identity, type, severity, texts, times, cluster. */
export function findingHeader(
  rule: CompiledRule,
  cluster: Cluster,
  ctx: FindingContext,
  f: { id: string; severity: number; title: string; description: string },
): Omit<Finding, 'resource' | 'service'> & { eksClusterDetails: Finding['resource']['eksClusterDetails'] } {
  const now = new Date(ctx.now).toISOString();
  return {
    schemaVersion: '2.0',
    accountId: ctx.accountId,
    region: ctx.region,
    partition: ctx.partition,
    id: f.id,
    arn: `arn:${ctx.partition}:guardduty:${ctx.region}:${ctx.accountId}:detector/${cluster.detectorId}/finding/${f.id}`,
    type: rule.type,
    severity: f.severity,
    title: f.title,
    description: f.description,
    createdAt: now,
    updatedAt: now,
    eksClusterDetails: {
      name: cluster.name,
      arn: cluster.arn ?? `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${cluster.name}`,
      status: 'ACTIVE',
      createdAt: Math.floor(cluster.createdAt / 1000),
    },
  };
}

export function buildOccurrence(rule: CompiledRule, e: AuditEvent, cluster: Cluster, ctx: FindingContext): Occurrence {
  const id = newFindingId();
  const seen = new Date(e.time).toISOString();
  const workload = workloadDetails(e);
  const info: Record<string, unknown> = { catalog: rule.catalog, ruleId: rule.id, source: 'k8s-audit', auditId: e.auditId };
  if (e.tactic) info.tactic = e.tactic;
  if (e.intel.lists.length) info.threatListName = e.intel.lists[0];
  const { severity, reasons } = assessSeverity(rule, e, ctx.severityModifiers ?? []);
  if (reasons.length) info.severityReasons = reasons;
  if (rule.tags.length) info.tags = rule.tags;
  const { eksClusterDetails, ...header } = findingHeader(rule, cluster, ctx, { id, severity, title: rule.title(e), description: rule.description(e) });
  const finding: Finding = {
    ...header,
    resource: {
      resourceType: 'EKSCluster',
      eksClusterDetails,
      kubernetesDetails: { kubernetesUserDetails: userDetails(e), ...(workload ? { kubernetesWorkloadDetails: workload } : {}) },
    },
    service: {
      serviceName: 'guardduty',
      detectorId: cluster.detectorId,
      featureName: 'EksAuditLogMonitoring',
      action: { actionType: 'KUBERNETES_API_CALL', kubernetesApiCallAction: apiCall(e) },
      resourceRole: 'TARGET',
      archived: false,
      count: 1,
      eventFirstSeen: seen,
      eventLastSeen: seen,
      additionalInfo: { value: JSON.stringify(info), type: 'default' },
      ...(e.intel.lists.length ? { evidence: { threatIntelligenceDetails: e.intel.lists.map((name, i) => ({ threatListName: name, threatNames: [THREAT_NAMES[e.intel.kinds[i] ?? ''] ?? 'Listed'] })) } } : {}),
    },
  };
  return { fingerprint: fingerprint(rule, e), finding, time: e.time };
}
