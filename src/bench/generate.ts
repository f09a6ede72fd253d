// A realistic synthetic audit log for benchmarks: controllers' list/watch, kubelet lease updates and
// status patches, pod and workload creates with full specs, RBAC changes, exec, anonymous probes;
// about 10% of events carry request/response objects.

import { openSync, writeSync, closeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

const USERS = {
  kubelet: { username: 'system:node:ip-10-0-12-34.us-west-2.compute.internal', groups: ['system:nodes', 'system:authenticated'] },
  rs: { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
  admin: { username: 'arn:aws:sts::111122223333:assumed-role/eks-admin/alice', groups: ['system:masters', 'system:authenticated'] },
  anon: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
};

function base(i: number, t: number, user: object, verb: string, uri: string, ref: object | undefined, code: number): Record<string, unknown> {
  const ts = new Date(t).toISOString().slice(0, 23) + '421Z';
  const e: Record<string, unknown> = {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: randomUUID(), stage: 'ResponseComplete',
    requestURI: uri, verb, user, sourceIPs: [`10.0.${(i >> 8) & 255}.${i & 255}`], userAgent: 'kubelet/v1.30.2 (linux/amd64) kubernetes/39683505',
    responseStatus: { metadata: {}, code }, requestReceivedTimestamp: ts, stageTimestamp: ts,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
  if (ref) e.objectRef = ref;
  return e;
}

function podSpec(i: number, privileged: boolean): object {
  return {
    kind: 'Pod', apiVersion: 'v1', metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
    spec: {
      serviceAccountName: 'web',
      containers: [{ name: 'web', image: `registry.example/web:${i % 50}`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' } }, securityContext: { privileged }, volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', emptyDir: {} }],
    },
  };
}

export function generateAuditLog(file: string, count: number): void {
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  let t = Date.UTC(2026, 5, 1);
  for (let i = 0; i < count; i++) {
    t += 3;
    const k = i % 100;
    let e: Record<string, unknown>;
    if (k < 30) e = base(i, t, USERS.kubelet, 'update', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/ip-10-0-${i % 40}`, { resource: 'leases', namespace: 'kube-node-lease', name: `ip-10-0-${i % 40}`, apiGroup: 'coordination.k8s.io', apiVersion: 'v1' }, 200);
    else if (k < 55) e = base(i, t, USERS.rs, 'watch', '/api/v1/pods?allowWatchBookmarks=true&resourceVersion=1234&watch=true', { resource: 'pods', apiVersion: 'v1' }, 200);
    else if (k < 70) e = base(i, t, USERS.rs, 'list', '/apis/apps/v1/replicasets?limit=500', { resource: 'replicasets', apiGroup: 'apps', apiVersion: 'v1' }, 200);
    else if (k < 80) e = base(i, t, USERS.kubelet, 'patch', `/api/v1/namespaces/default/pods/web-${i % 500}/status`, { resource: 'pods', namespace: 'default', name: `web-${i % 500}`, apiVersion: 'v1', subresource: 'status' }, 200);
    else if (k < 86) {
      e = base(i, t, USERS.rs, 'create', '/api/v1/namespaces/default/pods', { resource: 'pods', namespace: 'default', apiVersion: 'v1' }, 201);
      e.level = 'Request';
      e.requestObject = podSpec(i, i % 1000 === 81);
    } else if (k < 89) {
      e = base(i, t, USERS.admin, 'create', '/apis/apps/v1/namespaces/default/deployments', { resource: 'deployments', namespace: 'default', name: `api-${i}`, apiGroup: 'apps', apiVersion: 'v1' }, 201);
      e.level = 'RequestResponse';
      e.requestObject = { kind: 'Deployment', metadata: { name: `api-${i}` }, spec: { replicas: 3, template: podSpec(i, false) } };
      e.responseObject = { kind: 'Deployment', metadata: { name: `api-${i}`, namespace: 'default', uid: randomUUID() }, spec: { replicas: 3, template: podSpec(i, false) } };
    } else if (k < 91) {
      e = base(i, t, USERS.admin, 'create', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', { resource: 'rolebindings', namespace: 'default', name: `rb-${i}`, apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' }, 201);
      e.level = 'RequestResponse';
      e.requestObject = { kind: 'RoleBinding', metadata: { name: `rb-${i}`, namespace: 'default' }, roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' }, subjects: [{ kind: 'Group', name: 'dev', apiGroup: 'rbac.authorization.k8s.io' }] };
    } else if (k < 93) e = base(i, t, USERS.admin, 'create', `/api/v1/namespaces/${i % 7 === 0 ? 'kube-system' : 'default'}/pods/web-${i % 500}/exec?command=ls&container=web&stdout=true`, { resource: 'pods', namespace: i % 7 === 0 ? 'kube-system' : 'default', name: `web-${i % 500}`, apiVersion: 'v1', subresource: 'exec' }, 101);
    else if (k < 97) e = base(i, t, USERS.anon, 'get', i % 2 ? '/healthz' : '/api', undefined, i % 2 ? 200 : 403);
    else e = base(i, t, USERS.admin, 'get', `/api/v1/namespaces/default/configmaps/cfg-${i % 20}`, { resource: 'configmaps', namespace: 'default', name: `cfg-${i % 20}`, apiVersion: 'v1' }, 200);
    buf.push(JSON.stringify(e));
    if (buf.length >= 5000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  }
  if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);
}
