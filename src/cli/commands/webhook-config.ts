// The kube-apiserver side of the audit webhook: a kubeconfig for --audit-webhook-config-file and a
// recommended audit Policy for --audit-policy-file.

/** A kubeconfig that POSTs audit batches to Vigil with the cluster's ingest token. */
export function webhookKubeconfig(opts: { cluster: string; url: string; token: string; insecure: boolean }): string {
  const tls = opts.url.startsWith('https:')
    ? opts.insecure
      ? '    insecure-skip-tls-verify: true   # testing only: use certificate-authority instead\n'
      : '    certificate-authority: /etc/kubernetes/pki/vigil-ca.crt   # the CA that signed Vigil\'s certificate\n'
    : '';
  return `apiVersion: v1
kind: Config
clusters:
- name: vigil
  cluster:
    server: ${opts.url}
${tls}users:
- name: kube-apiserver
  user:
    token: ${opts.token}
contexts:
- name: vigil
  context:
    cluster: vigil
    user: kube-apiserver
current-context: vigil
`;
}

/**
 * The audit Policy Vigil's detections need: bodies for workloads, services and RBAC objects (to see
 * privileged containers, host mounts, LoadBalancer services and binding subjects), Request for
 * exec/attach/port-forward, never more than Metadata for secrets and configmaps.
 */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
# RequestReceived adds nothing Vigil uses; every request still gets ResponseComplete (or Panic).
omitStages: ["RequestReceived"]
omitManagedFields: true
rules:
  # Never record the contents of secrets or configmaps: Metadata only, before any broader rule.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: "authentication.k8s.io"
        resources: ["tokenreviews"]
  # Interactive access: the command is in the request URI.
  - level: Request
    resources:
      - group: ""
        resources: ["pods/exec", "pods/attach", "pods/portforward"]
  # Full before/after for pods, workloads, services and RBAC objects.
  - level: RequestResponse
    resources:
      - group: ""
        resources: ["pods", "pods/ephemeralcontainers", "services", "serviceaccounts", "replicationcontrollers"]
      - group: "apps"
        resources: ["deployments", "daemonsets", "statefulsets", "replicasets"]
      - group: "batch"
        resources: ["jobs", "cronjobs"]
      - group: "rbac.authorization.k8s.io"
  # Everything else, including all anonymous and forbidden requests. (To cut volume, a rule with
  # level None for leases get/update may go above this; do not drop events: deleting them is a signal.)
  - level: Metadata
`;
