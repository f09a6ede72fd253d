// Vigil's own objects: namespace (Pod Security "restricted"), ServiceAccount without API access,
// configuration, data volume, the single-replica Deployment, Service, optional Ingress and the
// NetworkPolicy that admits only the API port.

import { ConfigMap, Namespace, PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IIoK8sApiNetworkingV1NetworkPolicyEgressRule as EgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { IIoK8sApiNetworkingV1NetworkPolicyPeer as Peer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { stringify } from 'yaml';
import { ADMIN_TOKEN_KEY, INGEST_TOKEN_KEY, VIGIL_LABELS, VIGIL_NAME } from './labels.js';
import { CONFIG_DIR, DATA_DIR, TLS_DIR, type MemoryPlan } from './vigil-config.js';
import type { Values } from './values.js';

const TOKENS_DIR = '/etc/vigil/tokens';
const UID = 10001;

export function vigilNamespace(v: Values): Namespace {
  const level = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };
  return new Namespace({ metadata: { name: v.namespace, labels: { ...level, 'app.kubernetes.io/part-of': 'vigil' } } });
}

export function vigilServiceAccount(v: Values): ServiceAccount {
  // Vigil reads no Kubernetes API: no token is mounted and nothing is bound to this account.
  return new ServiceAccount({ metadata: { name: VIGIL_NAME, namespace: v.namespace, labels: VIGIL_LABELS }, automountServiceAccountToken: false });
}

export function vigilConfigMap(v: Values, config: Record<string, unknown>): ConfigMap {
  return new ConfigMap({ metadata: { name: `${VIGIL_NAME}-config`, namespace: v.namespace, labels: VIGIL_LABELS }, data: { 'config.yaml': stringify(config) } });
}

export function vigilVolumeClaim(v: Values): PersistentVolumeClaim {
  return new PersistentVolumeClaim({
    metadata: { name: `${VIGIL_NAME}-data`, namespace: v.namespace, labels: VIGIL_LABELS },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: v.storage.size } },
      ...(v.storage.storageClassName ? { storageClassName: v.storage.storageClassName } : {}),
    },
  });
}

const restricted: ISecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export function vigilDeployment(v: Values, mem: MemoryPlan): Deployment {
  const image = `${v.image.repository}:${v.image.tag}`;
  const scheme = v.tls.secretName ? 'HTTPS' : 'HTTP';
  const mounts = [
    { name: 'data', mountPath: DATA_DIR },
    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
    { name: 'tmp', mountPath: '/tmp' },
    ...(v.tls.secretName ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }] : []),
  ];
  return new Deployment({
    metadata: { name: VIGIL_NAME, namespace: v.namespace, labels: VIGIL_LABELS },
    spec: {
      replicas: 1,
      // SQLite has one writer: the old pod must be gone before the new one opens the volume.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: VIGIL_LABELS },
      template: {
        metadata: { labels: VIGIL_LABELS },
        spec: {
          serviceAccountName: VIGIL_NAME,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: UID, runAsGroup: UID, fsGroup: UID, seccompProfile: { type: 'RuntimeDefault' } },
          terminationGracePeriodSeconds: 60,
          initContainers: [{
            // Registers cluster.name and the tokens from the Secret in the store (idempotent).
            name: 'bootstrap',
            image,
            imagePullPolicy: v.image.pullPolicy,
            args: ['deploy', 'bootstrap', '--data', DATA_DIR, '--cluster', v.cluster.name, '--platform', v.cluster.platform,
              '--ingest-token-file', `${TOKENS_DIR}/${INGEST_TOKEN_KEY}`, '--admin-token-file', `${TOKENS_DIR}/${ADMIN_TOKEN_KEY}`],
            securityContext: restricted,
            resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            volumeMounts: [{ name: 'data', mountPath: DATA_DIR }, { name: 'tokens', mountPath: TOKENS_DIR, readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
          }],
          containers: [{
            name: 'vigil',
            image,
            imagePullPolicy: v.image.pullPolicy,
            args: ['serve', '--config', `${CONFIG_DIR}/config.yaml`],
            env: [{ name: 'NODE_OPTIONS', value: `--max-old-space-size=${mem.heapMiB}` }],
            ports: [{ name: 'http', containerPort: v.service.port, protocol: 'TCP' }],
            readinessProbe: { httpGet: { path: '/readyz', port: 'http', scheme }, periodSeconds: 10 },
            livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme }, periodSeconds: 20, failureThreshold: 6 },
            startupProbe: { httpGet: { path: '/healthz', port: 'http', scheme }, periodSeconds: 5, failureThreshold: 60 },
            resources: { requests: { ...v.resources.requests }, limits: { ...v.resources.limits } },
            securityContext: restricted,
            volumeMounts: mounts,
          }],
          volumes: [
            { name: 'data', persistentVolumeClaim: { claimName: `${VIGIL_NAME}-data` } },
            { name: 'config', configMap: { name: `${VIGIL_NAME}-config` } },
            { name: 'tokens', secret: { secretName: v.tokens.secretName, defaultMode: 0o400 } },
            { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            ...(v.tls.secretName ? [{ name: 'tls', secret: { secretName: v.tls.secretName, defaultMode: 0o400 } }] : []),
          ],
        },
      },
    },
  });
}

export function vigilService(v: Values): Service {
  return new Service({
    metadata: { name: VIGIL_NAME, namespace: v.namespace, labels: VIGIL_LABELS },
    spec: { type: v.service.type, selector: VIGIL_LABELS, ports: [{ name: 'http', port: v.service.port, targetPort: 'http', protocol: 'TCP' }] },
  });
}

export function vigilIngress(v: Values): Ingress {
  return new Ingress({
    metadata: { name: VIGIL_NAME, namespace: v.namespace, labels: VIGIL_LABELS, ...(Object.keys(v.ingress.annotations).length ? { annotations: v.ingress.annotations } : {}) },
    spec: {
      ...(v.ingress.className ? { ingressClassName: v.ingress.className } : {}),
      ...(v.ingress.tlsSecretName ? { tls: [{ hosts: [v.ingress.host], secretName: v.ingress.tlsSecretName }] } : {}),
      rules: [{ host: v.ingress.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: VIGIL_NAME, port: { name: 'http' } } } }] } }],
    },
  });
}

/** Ports Vigil's configured outputs and cloud sources connect to (HTTPS APIs, webhook URLs, syslog, AMQP). */
export function derivedEgressPorts(config: Record<string, unknown>): number[] {
  const ports = new Set<number>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (typeof x === 'object' && x !== null) {
      for (const [k, val] of Object.entries(x)) {
        if (typeof val === 'string' && /^https?:\/\//.test(val)) {
          try {
            const u = new URL(val);
            ports.add(Number(u.port) || (u.protocol === 'https:' ? 443 : 80));
          } catch {
            // not a URL after all
          }
        } else if (k === 'port' && typeof val === 'number') ports.add(val);
        else walk(val);
      }
    }
  };
  walk(config.sinks);
  for (const key of ['cloudwatch', 'gke', 'aks', 'sinks']) {
    const section = config[key];
    if (Array.isArray(section) && section.length && key !== 'sinks') ports.add(443);
    if (key === 'aks' && Array.isArray(section) && section.length) ports.add(5671);
    if (key === 'sinks' && Array.isArray(section) && section.some((s) => typeof s === 'object' && s !== null && (s as { type?: string }).type === 'eventbridge')) ports.add(443);
  }
  return [...ports].sort((a, b) => a - b);
}

export function vigilNetworkPolicy(v: Values, config: Record<string, unknown>): NetworkPolicy {
  const dns: EgressRule = { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] };
  const egress: EgressRule[] = [dns];
  if (v.networkPolicy.egress.length) {
    for (const e of v.networkPolicy.egress) egress.push({ to: [{ ipBlock: { cidr: e.cidr } }], ports: e.ports.map((port) => ({ port, protocol: 'TCP' })) });
  } else {
    const ports = derivedEgressPorts(config);
    if (ports.length) egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: ports.map((port) => ({ port, protocol: 'TCP' })) });
  }
  const from = v.networkPolicy.ingressFrom as Peer[];
  return new NetworkPolicy({
    metadata: { name: VIGIL_NAME, namespace: v.namespace, labels: VIGIL_LABELS },
    spec: {
      podSelector: { matchLabels: VIGIL_LABELS },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ...(from.length ? { from } : {}), ports: [{ port: v.service.port, protocol: 'TCP' }] }],
      egress,
    },
  });
}
