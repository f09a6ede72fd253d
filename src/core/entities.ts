// The entities an investigation pivots on (who acted, on which workload, pod, image and node, from
// which address) and the one textual form each takes, shared by the finding index (store), the
// event archive (pipeline/event-archive) and the investigation API, so a value read from a finding
// finds the archived events of the same entity:
//   actor     Kubernetes username; service accounts as system:serviceaccount:NAMESPACE:NAME
//   workload  RESOURCE/NAMESPACE/NAME with the resource plural (pods/kube-system/coredns-1, deployments/shop/web)
//   pod       NAMESPACE/NAME
//   image     the container image as the pod spec or the sensor names it
//   node      the node name
//   ip        an IP address (an API caller's source address, a runtime connection's remote address)

import type { Finding } from './finding.js';

export type EntityKind = 'actor' | 'workload' | 'pod' | 'image' | 'node' | 'ip';
export const ENTITY_KINDS: readonly EntityKind[] = ['actor', 'workload', 'pod', 'image', 'node', 'ip'];

export interface EntityRef {
  kind: EntityKind;
  value: string;
}

/** What a finding is about, each in its entity form. */
export interface FindingEntities {
  actor?: string;
  namespace?: string;
  workload?: string;
  pod?: string;
  /** Every container image named in the finding (the runtime container first). */
  images: string[];
  node?: string;
  /** API callers' source addresses and runtime remote addresses, without repeats. */
  sourceIps: string[];
  userAgent?: string;
}

export function workloadKey(resource: string, namespace: string, name: string): string {
  return `${resource}/${namespace}/${name}`;
}

export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

const SA_PREFIX = 'system:serviceaccount:';

/** NAMESPACE/NAME or system:serviceaccount:NAMESPACE:NAME -> the username form; null when neither. */
export function serviceAccountUsername(id: string): string | null {
  const m = id.startsWith(SA_PREFIX) ? /^([^:/]+):([^:/]+)$/.exec(id.slice(SA_PREFIX.length)) : /^([^:/]+)\/([^:/]+)$/.exec(id);
  return m ? `${SA_PREFIX}${m[1]}:${m[2]}` : null;
}

/** The node a runtime finding's event came from (additionalInfo.node), or undefined. */
function nodeOf(f: Finding): string | undefined {
  if (f.service.featureName !== 'RuntimeMonitoring') return undefined;
  try {
    const info = JSON.parse(f.service.additionalInfo.value) as { node?: unknown };
    return typeof info.node === 'string' && info.node !== '' ? info.node : undefined;
  } catch {
    return undefined;
  }
}

export function findingEntities(f: Finding): FindingEntities {
  const k = f.resource.kubernetesDetails;
  const w = k.kubernetesWorkloadDetails;
  const act = f.service.action;
  const api = act?.kubernetesApiCallAction;
  const out: FindingEntities = { images: [], sourceIps: [] };
  if (k.kubernetesUserDetails?.username) out.actor = k.kubernetesUserDetails.username;
  const ns = w?.namespace ?? api?.namespace;
  if (ns) out.namespace = ns;
  if (w?.name) {
    out.workload = workloadKey(w.type, w.namespace ?? '', w.name);
    if (w.type === 'pods') out.pod = podKey(w.namespace ?? '', w.name);
  }
  const images = new Set<string>();
  if (f.resource.containerDetails?.image) images.add(f.resource.containerDetails.image);
  for (const c of w?.containers ?? []) if (c.image) images.add(c.image);
  out.images = [...images];
  const node = nodeOf(f);
  if (node) out.node = node;
  const ips = new Set<string>(api?.sourceIPs ?? []);
  for (const r of [api?.remoteIpDetails, act?.networkConnectionAction?.remoteIpDetails]) {
    const ip = r?.ipAddressV4 ?? r?.ipAddressV6;
    if (ip) ips.add(ip);
  }
  ips.delete('');
  out.sourceIps = [...ips];
  if (api?.userAgent) out.userAgent = api.userAgent;
  return out;
}

/** The entity references a finding is indexed under. */
export function entityRefs(e: FindingEntities): EntityRef[] {
  const refs: EntityRef[] = [];
  if (e.actor) refs.push({ kind: 'actor', value: e.actor });
  if (e.workload) refs.push({ kind: 'workload', value: e.workload });
  if (e.pod) refs.push({ kind: 'pod', value: e.pod });
  for (const image of e.images) refs.push({ kind: 'image', value: image });
  if (e.node) refs.push({ kind: 'node', value: e.node });
  for (const ip of e.sourceIps) refs.push({ kind: 'ip', value: ip });
  return refs;
}
