// Reading the fields the console shows out of a GuardDuty-format finding. Pure and defensive:
// any member may be missing.

import type { Finding } from '../api/types.js';
import type { EntityKind } from './route.js';

export function clusterOf(f: Finding): string {
  return f.resource?.eksClusterDetails?.name ?? '';
}

export function namespaceOf(f: Finding): string {
  return f.resource?.kubernetesDetails?.kubernetesWorkloadDetails?.namespace ?? f.service?.action?.kubernetesApiCallAction?.namespace ?? '';
}

/** The affected resource in a few words: "pods/web-1", "container crypto", or the request target. */
export function resourceOf(f: Finding): string {
  const w = f.resource?.kubernetesDetails?.kubernetesWorkloadDetails;
  if (w?.name) return `${w.type ?? 'workload'}/${w.name}`;
  const c = f.resource?.containerDetails;
  if (c?.name) return `container/${c.name}`;
  const a = f.service?.action?.kubernetesApiCallAction;
  if (a?.resource) return `${a.resource}${a.subresource ? `/${a.subresource}` : ''}${a.resourceName ? ` ${a.resourceName}` : ''}`;
  if (a?.requestUri) return a.requestUri;
  return f.resource?.resourceType ?? '';
}

export function userOf(f: Finding): string {
  return f.resource?.kubernetesDetails?.kubernetesUserDetails?.username ?? '';
}

export function imagesOf(f: Finding): string[] {
  const out = new Set<string>();
  for (const c of f.resource?.kubernetesDetails?.kubernetesWorkloadDetails?.containers ?? []) if (c.image) out.add(c.image);
  const rc = f.resource?.containerDetails?.image;
  if (rc) out.add(rc);
  return [...out];
}

export function lastSeenOf(f: Finding): string {
  return f.service?.eventLastSeen ?? f.updatedAt;
}

export function countOf(f: Finding): number {
  return f.service?.count ?? 1;
}

export function isArchived(f: Finding): boolean {
  return f.service?.archived === true;
}

/** service.additionalInfo.value, parsed (catalog, ruleId, source, tactic, tags...). */
export function additionalInfo(f: Finding): Record<string, unknown> {
  const v = f.service?.additionalInfo?.value;
  if (typeof v !== 'string') return {};
  try {
    const o = JSON.parse(v) as unknown;
    return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function catalogOf(f: Finding): string {
  const c = additionalInfo(f).catalog;
  return typeof c === 'string' ? c : '';
}

/** A Kubernetes user name as an entity: service accounts have their own kind. */
export function userEntity(username: string): { kind: EntityKind; id: string } {
  return username.startsWith('system:serviceaccount:') ? { kind: 'serviceaccount', id: username } : { kind: 'user', id: username };
}

export function sourceIpsOf(f: Finding): string[] {
  const a = f.service?.action;
  const ips = [...(a?.kubernetesApiCallAction?.sourceIPs ?? [])];
  const remote = a?.networkConnectionAction?.remoteIpDetails;
  const r = remote?.ipAddressV4 ?? remote?.ipAddressV6;
  if (r && !ips.includes(r)) ips.push(r);
  return ips;
}

/** The criteria of a suppression rule that matches findings like this one (GuardDuty FindingCriteria). */
export interface SuppressionField {
  field: string;
  label: string;
  value: string;
}

export function suppressionFields(f: Finding): SuppressionField[] {
  const out: SuppressionField[] = [{ field: 'type', label: 'Finding type', value: f.type }];
  const add = (field: string, label: string, value: string | undefined) => {
    if (value) out.push({ field, label, value });
  };
  add('resource.eksClusterDetails.name', 'Cluster', clusterOf(f));
  add('resource.kubernetesDetails.kubernetesWorkloadDetails.namespace', 'Namespace', f.resource?.kubernetesDetails?.kubernetesWorkloadDetails?.namespace);
  add('resource.kubernetesDetails.kubernetesWorkloadDetails.name', 'Workload', f.resource?.kubernetesDetails?.kubernetesWorkloadDetails?.name);
  add('resource.kubernetesDetails.kubernetesUserDetails.username', 'User', userOf(f));
  const image = f.resource?.kubernetesDetails?.kubernetesWorkloadDetails?.containers?.[0]?.image;
  add('resource.kubernetesDetails.kubernetesWorkloadDetails.containers.image', 'Image', image);
  add('resource.containerDetails.image', 'Container image', f.resource?.containerDetails?.image);
  add('service.runtimeDetails.process.executablePath', 'Executable', f.service?.runtimeDetails?.process?.executablePath);
  return out;
}

export function criteriaFor(fields: SuppressionField[]): { criterion: Record<string, { eq: string[] }> } {
  const criterion: Record<string, { eq: string[] }> = {};
  for (const x of fields) criterion[x.field] = { eq: [x.value] };
  return { criterion };
}

/** A filter name from a finding type: letters, digits, ".", "_" and "-", 3 to 64 characters. */
export function suggestedRuleName(type: string): string {
  const base = `suppress-${type.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '')}`;
  return base.slice(0, 64);
}
