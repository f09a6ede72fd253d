// `vigil connect self-managed`: the audit Policy, the webhook kubeconfig and the kube-apiserver
// flags and static-pod mounts that send the audit log to Vigil's audit webhook.

import { stringify } from 'yaml';
import { AUDIT_POLICY, webhookKubeconfig } from '../commands/webhook-config.js';
import { type ConnectContext, shq, textFile, commentBlock } from './context.js';

export const AUDIT_DIR = '/etc/kubernetes/audit';

/** kube-apiserver flags for the webhook backend: batching sized for Vigil's ingest. */
export function apiserverFlags(): string[] {
  return [
    `--audit-policy-file=${AUDIT_DIR}/policy.yaml`,
    `--audit-webhook-config-file=${AUDIT_DIR}/vigil-webhook.kubeconfig`,
    '--audit-webhook-version=audit.k8s.io/v1',
    '--audit-webhook-mode=batch',
    '--audit-webhook-batch-max-size=400',
    '--audit-webhook-batch-max-wait=5s',
    '--audit-webhook-batch-buffer-size=10000',
    '--audit-webhook-initial-backoff=10s',
  ];
}

/** The volume and mount to add to the kube-apiserver static pod (kubeadm layout). */
export function staticPodMounts(): { volumeMounts: unknown[]; volumes: unknown[] } {
  return {
    volumeMounts: [{ name: 'vigil-audit', mountPath: AUDIT_DIR, readOnly: true }],
    volumes: [{ name: 'vigil-audit', hostPath: { path: AUDIT_DIR, type: 'DirectoryOrCreate' } }],
  };
}

export function selfManagedSteps(ctx: ConnectContext): string {
  const insecure = ctx.options.insecure === 'true';
  const webhookUrl = `${ctx.url}/ingest/k8s-audit`;
  const ca = ctx.options['ca-file'] ?? '/etc/kubernetes/pki/vigil-ca.crt';
  const kubeconfig = webhookKubeconfig({ cluster: ctx.cluster, url: webhookUrl, token: ctx.token, insecure }).replace('/etc/kubernetes/pki/vigil-ca.crt', ca);
  const tlsNote = webhookUrl.startsWith('https:')
    ? insecure
      ? '# TLS: certificate verification is OFF (--insecure): for a test cluster only.\n'
      : `# TLS: kube-apiserver verifies Vigil's certificate with ${ca}: copy the CA that signed Vigil's\n# certificate there on every control-plane node (kubeadm already mounts /etc/kubernetes/pki).\n`
    : '# Plain HTTP: the ingest token crosses the network in clear text. Use https:// outside a lab.\n';
  const mounts = staticPodMounts();
  return `# Connect self-managed cluster ${ctx.cluster} to Vigil at ${ctx.url}
# Run on every control-plane node, as root.

# 1. The audit policy and the webhook kubeconfig (it holds the cluster's ingest token: mode 600).
mkdir -p ${AUDIT_DIR} && chmod 700 ${AUDIT_DIR}
${textFile(`${AUDIT_DIR}/policy.yaml`, AUDIT_POLICY)}${textFile(`${AUDIT_DIR}/vigil-webhook.kubeconfig`, kubeconfig)}chmod 600 ${AUDIT_DIR}/vigil-webhook.kubeconfig
${tlsNote}
# 2. kube-apiserver flags: add these to the command of /etc/kubernetes/manifests/kube-apiserver.yaml
#    (kubeadm: or under apiServer.extraArgs in the ClusterConfiguration):
${apiserverFlags().map((f) => `#      - ${f}`).join('\n')}
#    batch mode sends up to 400 events per request, at least every 5 s; a request Vigil refuses
#    (503 when overloaded) is retried with backoff, so nothing acknowledged is lost.

# 3. In the same static-pod manifest, mount the folder read-only into the kube-apiserver container:
${commentBlock(stringify({ spec: { containers: [{ name: 'kube-apiserver', volumeMounts: mounts.volumeMounts }], volumes: mounts.volumes } }))}
#    The kubelet restarts kube-apiserver when the manifest changes (wait for it: kubectl get --raw /readyz).

# 4. Check that events arrive (within a few seconds of any kubectl command):
kubectl get pods -A > /dev/null
vigil clusters list --data ${shq(ctx.options.data ?? './data')}     # ${ctx.cluster}: webhook: N judged, last event ...
vigil coverage --data ${shq(ctx.options.data ?? './data')}          # audit stream: newest event
#    or in the console: Clusters and Coverage. Nothing arriving: kube-apiserver logs the webhook's
#    errors ("Error in audit plugin 'webhook'"); a 401 means the token in the kubeconfig is wrong.

# Runtime monitoring: deploy the Tracee DaemonSet with "vigil deploy manifests" (docs/deploy.md).
`;
}
