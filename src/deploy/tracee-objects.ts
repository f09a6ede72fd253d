// The runtime sensor: Tracee as a DaemonSet in its own namespace (Pod Security "privileged": eBPF
// needs it), tracing the events Vigil's rules need and POSTing each as JSON to Vigil's runtime
// ingest, authenticated with the cluster's ingest token.

import { ConfigMap, Namespace, ServiceAccount } from 'kubernetes-models/v1';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { stringify } from 'yaml';
import { INGEST_TOKEN_KEY, TRACEE_LABELS, TRACEE_NAME, VIGIL_LABELS } from './labels.js';
import type { Values } from './values.js';

const CA_DIR = '/etc/vigil-ca';

/** Vigil's in-cluster address as Tracee reaches it (the Service's DNS name). */
export function vigilServiceUrl(v: Values): string {
  return `${v.tls.secretName ? 'https' : 'http'}://vigil.${v.namespace}.svc.${v.clusterDomain}:${v.service.port}`;
}

/**
 * Tracee's webhook output URL. Tracee sends no custom headers: the token goes in the URL's user
 * info, which Go's HTTP client sends as `Authorization: Basic` (Vigil takes the password as the
 * ingest token). Kubernetes expands $(VAR) from the container's env: the token from the Secret,
 * the node name from the downward API (Tracee v0.24 events do not name their node).
 */
export function traceeWebhookUrl(v: Values): string {
  const u = new URL(vigilServiceUrl(v));
  const version = /:([^:/@]+)$/.exec(v.tracee.image)?.[1] ?? '';
  return `${u.protocol}//vigil:$(VIGIL_INGEST_TOKEN)@${u.host}/ingest/runtime/tracee?node=$(NODE_NAME)${version ? `&version=${encodeURIComponent(version)}` : ''}&timeout=10s`;
}

export function traceeNamespace(v: Values): Namespace {
  return new Namespace({ metadata: { name: v.tracee.namespace, labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'app.kubernetes.io/part-of': 'vigil' } } });
}

export function traceeServiceAccount(v: Values): ServiceAccount {
  // Tracee learns pods from the container runtime's socket, not the API: no token, no bindings.
  return new ServiceAccount({ metadata: { name: TRACEE_NAME, namespace: v.tracee.namespace, labels: TRACEE_LABELS }, automountServiceAccountToken: false });
}

/** A Tracee Policy (tracee.aquasec.com/v1beta1) selecting the events, as a file in a ConfigMap. */
export function traceePolicy(v: Values, events: string[]): Record<string, unknown> {
  return {
    apiVersion: 'tracee.aquasec.com/v1beta1',
    kind: 'Policy',
    metadata: { name: 'vigil', annotations: { description: 'events Vigil\'s runtime rules and enrichers read' } },
    spec: { scope: [v.tracee.containersOnly ? 'container' : 'global'], rules: events.map((event) => ({ event })) },
  };
}

export function traceeConfigMap(v: Values, events: string[]): ConfigMap {
  return new ConfigMap({
    metadata: { name: `${TRACEE_NAME}-policy`, namespace: v.tracee.namespace, labels: TRACEE_LABELS },
    data: { 'vigil.yaml': stringify(traceePolicy(v, events)), ...(v.tls.caBundle ? { 'ca.crt': v.tls.caBundle } : {}) },
  });
}

const SOCKETS: [string, string][] = [
  ['containerd-sock', '/var/run/containerd/containerd.sock'],
  ['crio-sock', '/var/run/crio/crio.sock'],
  ['docker-sock', '/var/run/docker.sock'],
  ['podman-sock', '/var/run/podman/podman.sock'],
];

export function traceeDaemonSet(v: Values): DaemonSet {
  return new DaemonSet({
    metadata: { name: TRACEE_NAME, namespace: v.tracee.namespace, labels: TRACEE_LABELS },
    spec: {
      selector: { matchLabels: TRACEE_LABELS },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: TRACEE_LABELS },
        spec: {
          serviceAccountName: TRACEE_NAME,
          automountServiceAccountToken: false,
          // eBPF programs see every process on the node: the host's PID namespace and privileges.
          hostPID: true,
          // Every node, whatever its taints (control-plane, GPU, spot, NoExecute).
          tolerations: [{ operator: 'Exists' }],
          containers: [{
            name: 'tracee',
            image: v.tracee.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['/tracee/tracee'],
            args: ['--policy', '/tracee/policies/vigil.yaml', '--output', 'option:parse-arguments', '--output', `webhook:${traceeWebhookUrl(v)}`],
            env: [
              { name: 'LIBBPFGO_OSRELEASE_FILE', value: '/etc/os-release-host' },
              { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'VIGIL_INGEST_TOKEN', valueFrom: { secretKeyRef: { name: v.tokens.secretName, key: INGEST_TOKEN_KEY } } },
              ...(v.tls.caBundle ? [{ name: 'SSL_CERT_FILE', value: `${CA_DIR}/ca.crt` }] : []),
            ],
            securityContext: { privileged: true },
            resources: { requests: { ...v.tracee.resources.requests }, limits: { ...v.tracee.resources.limits } },
            volumeMounts: [
              { name: 'tmp-tracee', mountPath: '/tmp/tracee' },
              { name: 'etc-os-release', mountPath: '/etc/os-release-host', readOnly: true },
              ...SOCKETS.map(([name, path]) => ({ name, mountPath: path, readOnly: true })),
              { name: 'policy', mountPath: '/tracee/policies/vigil.yaml', subPath: 'vigil.yaml', readOnly: true },
              ...(v.tls.caBundle ? [{ name: 'policy', mountPath: `${CA_DIR}/ca.crt`, subPath: 'ca.crt', readOnly: true }] : []),
            ],
          }],
          volumes: [
            { name: 'tmp-tracee', hostPath: { path: '/tmp/tracee', type: 'DirectoryOrCreate' } },
            { name: 'etc-os-release', hostPath: { path: '/etc/os-release', type: 'File' } },
            ...SOCKETS.map(([name, path]) => ({ name, hostPath: { path } })),
            { name: 'policy', configMap: { name: `${TRACEE_NAME}-policy` } },
          ],
        },
      },
    },
  });
}

/** Tracee receives nothing; it sends only to Vigil's API port and DNS. */
export function traceeNetworkPolicy(v: Values): NetworkPolicy {
  return new NetworkPolicy({
    metadata: { name: TRACEE_NAME, namespace: v.tracee.namespace, labels: TRACEE_LABELS },
    spec: {
      podSelector: { matchLabels: TRACEE_LABELS },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': v.namespace } }, podSelector: { matchLabels: VIGIL_LABELS } }],
          ports: [{ port: v.service.port, protocol: 'TCP' }],
        },
      ],
    },
  });
}
