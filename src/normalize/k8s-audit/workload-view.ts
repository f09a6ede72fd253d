// Builds the WorkloadView (pod spec facts) from a pod or workload object.

import type { ContainerView, HostMountView, WorkloadView } from '../../core/event.js';
import { arr, bool, isObject, num, obj, str, strList, strMap } from './values.js';

/** Where each workload resource keeps its pod spec. */
const POD_SPEC_PATH: Record<string, string[]> = {
  pods: ['spec'],
  deployments: ['spec', 'template', 'spec'],
  daemonsets: ['spec', 'template', 'spec'],
  statefulsets: ['spec', 'template', 'spec'],
  replicasets: ['spec', 'template', 'spec'],
  replicationcontrollers: ['spec', 'template', 'spec'],
  jobs: ['spec', 'template', 'spec'],
  cronjobs: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const WORKLOAD_RESOURCES: readonly string[] = Object.keys(POD_SPEC_PATH);

/** Subresources whose body is (part of) the pod spec; status and the rest are not. */
const SPEC_SUBRESOURCES = new Set(['', 'ephemeralcontainers']);

export const EMPTY_WORKLOAD: WorkloadView = Object.freeze({
  present: false,
  type: '',
  name: '',
  namespace: '',
  uid: '',
  labels: {},
  serviceAccountName: '',
  hostNetwork: false,
  hostPID: false,
  hostIPC: false,
  containers: [],
  volumes: [],
  hostMounts: [],
  privilegedImages: [],
  fromController: false,
});

function dig(o: Record<string, unknown>, path: string[]): Record<string, unknown> | null {
  let cur: unknown = o;
  for (const p of path) {
    if (!isObject(cur)) return null;
    cur = cur[p];
  }
  return isObject(cur) ? cur : null;
}

function container(raw: unknown, kind: string): ContainerView | null {
  if (!isObject(raw)) return null;
  const sc = obj(raw.securityContext);
  const caps = obj(sc.capabilities);
  const ape = sc.allowPrivilegeEscalation;
  return {
    name: str(raw.name),
    image: str(raw.image),
    kind,
    privileged: bool(sc.privileged),
    allowPrivilegeEscalation: typeof ape === 'boolean' ? ape : null,
    runAsUser: num(sc.runAsUser),
    capabilitiesAdd: strList(caps.add),
    command: [...strList(raw.command), ...strList(raw.args)],
    volumeMounts: arr(raw.volumeMounts, 256)
      .filter(isObject)
      .map((m) => ({ name: str(m.name), mountPath: str(m.mountPath), readOnly: bool(m.readOnly) })),
  };
}

/** Identities of the built-in controllers that create objects from templates. */
function isBuiltInController(username: string): boolean {
  return (
    username === 'system:kube-controller-manager' ||
    (username.startsWith('system:serviceaccount:kube-system:') && username.endsWith('-controller'))
  );
}

export function workloadView(
  object: Record<string, unknown> | null,
  ctx: { resource: string; subresource: string; namespace: string; name: string; username: string },
): WorkloadView {
  const specPath = POD_SPEC_PATH[ctx.resource];
  if (!object || !specPath || !SPEC_SUBRESOURCES.has(ctx.subresource)) return EMPTY_WORKLOAD;
  const spec = dig(object, specPath);
  if (!spec) return EMPTY_WORKLOAD;
  const meta = obj(object.metadata);
  const containers: ContainerView[] = [];
  for (const [key, kind] of [
    ['containers', 'container'],
    ['initContainers', 'initContainer'],
    ['ephemeralContainers', 'ephemeralContainer'],
  ] as const) {
    for (const c of arr(spec[key], 256)) {
      const v = container(c, kind);
      if (v) containers.push(v);
    }
  }
  const volumes: { name: string; hostPath: string }[] = [];
  const hostPathByVolume = new Map<string, string>();
  for (const v of arr(spec.volumes, 256)) {
    if (!isObject(v)) continue;
    const hp = isObject(v.hostPath) ? str(v.hostPath.path) : '';
    volumes.push({ name: str(v.name), hostPath: hp });
    if (hp) hostPathByVolume.set(str(v.name), hp);
  }
  const hostMounts: HostMountView[] = [];
  for (const c of containers) {
    for (const m of c.volumeMounts) {
      const hp = hostPathByVolume.get(m.name);
      if (hp !== undefined) hostMounts.push({ volume: m.name, hostPath: hp, container: c.name, mountPath: m.mountPath, readOnly: m.readOnly });
    }
  }
  const owners = arr(meta.ownerReferences, 32).filter(isObject);
  return {
    present: true,
    type: ctx.resource,
    name: str(meta.name) || ctx.name,
    namespace: str(meta.namespace) || ctx.namespace,
    uid: str(meta.uid),
    labels: strMap(meta.labels),
    serviceAccountName: str(spec.serviceAccountName) || str(spec.serviceAccount),
    hostNetwork: bool(spec.hostNetwork),
    hostPID: bool(spec.hostPID),
    hostIPC: bool(spec.hostIPC),
    containers,
    volumes,
    hostMounts,
    privilegedImages: [...new Set(containers.filter((c) => c.privileged).map((c) => c.image))],
    fromController: owners.some((o) => o.controller === true) && isBuiltInController(ctx.username),
  };
}
