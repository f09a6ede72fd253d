// Builders of realistic audit events for tests (test-only; never imported by production code).

import { randomUUID } from 'node:crypto';

let clock = Date.UTC(2026, 2, 1, 10, 0, 0);

function ts(): string {
  clock += 1234;
  // MicroTime: RFC 3339 with 6 fractional digits, as kube-apiserver writes it.
  return new Date(clock).toISOString().slice(0, 23) + '123Z';
}

export function auditEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  const t = ts();
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: randomUUID(),
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods?limit=500',
    verb: 'list',
    user: { username: 'system:serviceaccount:kube-system:replicaset-controller', uid: randomUUID(), groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
    sourceIPs: ['10.0.12.34'],
    userAgent: 'kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505/system:serviceaccount:kube-system:replicaset-controller',
    objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: t,
    stageTimestamp: t,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"' },
    ...over,
  };
}

const ADMIN = {
  username: 'arn:aws:sts::111122223333:assumed-role/eks-admin/alice',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEADMIN01',
  groups: ['system:masters', 'system:authenticated'],
  extra: { sessionName: ['alice'] },
};

/** kubectl exec into a pod (SPDY form, verb create; ws=true gives the WebSocket form, verb get). */
export function execEvent(namespace: string, pod: string, opts: { stage?: string; code?: number; ws?: boolean; auditID?: string } = {}): Record<string, unknown> {
  return auditEvent({
    level: 'Request',
    auditID: opts.auditID ?? randomUUID(),
    stage: opts.stage ?? 'ResponseComplete',
    verb: opts.ws ? 'get' : 'create',
    requestURI: `/api/v1/namespaces/${namespace}/pods/${pod}/exec?command=pwd&container=${pod}&stderr=true&stdout=true`,
    user: ADMIN,
    sourceIPs: ['203.0.113.25'],
    userAgent: 'kubectl/v1.29.4 (linux/amd64) kubernetes/55019c8',
    objectRef: { resource: 'pods', namespace, name: pod, apiVersion: 'v1', subresource: 'exec' },
    responseStatus: { metadata: {}, code: opts.code ?? 101 },
  });
}

/** An unauthenticated request. */
export function anonymousEvent(verb: string, uri: string, objectRef: Record<string, unknown> | undefined, code = 200): Record<string, unknown> {
  const e = auditEvent({
    verb,
    requestURI: uri,
    user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    sourceIPs: ['198.51.100.77'],
    userAgent: 'curl/8.5.0',
    responseStatus: code < 300 ? { metadata: {}, code } : { metadata: {}, status: 'Failure', reason: 'Forbidden', message: 'forbidden', code },
  });
  if (objectRef) e.objectRef = objectRef;
  else delete e.objectRef;
  return e;
}

/** A pod create by the admin with a privileged container and a writable hostPath mount. */
export function privilegedPodEvent(name: string, image: string, hostPath = '/etc'): Record<string, unknown> {
  return auditEvent({
    level: 'Request',
    verb: 'create',
    requestURI: '/api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict',
    user: ADMIN,
    sourceIPs: ['203.0.113.25'],
    userAgent: 'kubectl/v1.29.4 (linux/amd64) kubernetes/55019c8',
    objectRef: { resource: 'pods', namespace: 'default', name, apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name, namespace: 'default' },
      spec: {
        containers: [{ name, image, command: ['sleep', 'infinity'], securityContext: { privileged: true }, volumeMounts: [{ name: 'host', mountPath: '/host-etc' }] }],
        volumes: [{ name: 'host', hostPath: { path: hostPath } }],
      },
    },
  });
}

export function eventList(items: unknown[]): Record<string, unknown> {
  return { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items };
}
