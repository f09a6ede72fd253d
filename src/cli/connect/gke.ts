// `vigil connect gke`: a Pub/Sub topic, a log sink that routes the cluster's Kubernetes audit logs
// (Cloud Audit Logs, serviceName k8s.io) to it, and a push subscription to Vigil (or a pull
// subscription Vigil reads with the `gke` configuration section).

import { stringify } from 'yaml';
import { type ConnectContext, ConnectError, dnsLabel, required, shq, commentBlock } from './context.js';

export function gkeLogFilter(cluster: string): string {
  return `logName=~"projects/.+/logs/cloudaudit.googleapis.com%2F(activity|data_access)" AND protoPayload.serviceName="k8s.io" AND resource.labels.cluster_name="${cluster}"`;
}

export function gkeSteps(ctx: ConnectContext): string {
  const project = required(ctx, 'project', 'the Google Cloud project that holds the GKE cluster');
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(project)) throw new ConnectError(`--project ${JSON.stringify(project)} is not a Google Cloud project id`);
  const mode = ctx.options.delivery ?? 'push';
  if (mode !== 'push' && mode !== 'pull') throw new ConnectError('--delivery must be push or pull');
  const name = `vigil-audit-${dnsLabel(ctx.cluster)}`.slice(0, 100);
  const topic = `projects/${project}/topics/${name}`;
  const sub = `${name}-${mode}`;
  const p = `--project=${project}`;
  const pushUrl = `${ctx.url}/ingest/gke/pubsub?token=${encodeURIComponent(ctx.token)}`;
  const data = shq(ctx.options.data ?? './data');
  const push = `# 5. Push subscription: Pub/Sub POSTs each message to Vigil (HTTPS with a publicly trusted
#    certificate). The URL carries the cluster's ingest token. Pub/Sub retries a request Vigil did not
#    answer 2xx, with backoff, for up to the 7-day retention.
gcloud pubsub subscriptions create ${sub} ${p} --topic=${name} \\
  --push-endpoint=${shq(pushUrl)} \\
  --ack-deadline=60 --min-retry-delay=10s --max-retry-delay=600s --message-retention-duration=7d
`;
  const sa = `vigil-reader`;
  const saEmail = `${sa}@${project}.iam.gserviceaccount.com`;
  const pull = `# 5. Pull subscription: Vigil reads it (no public endpoint needed), as a service account that may
#    only consume this subscription.
gcloud pubsub subscriptions create ${sub} ${p} --topic=${name} --ack-deadline=60 --message-retention-duration=7d
gcloud iam service-accounts create ${sa} ${p} --display-name="Vigil audit reader" 2>/dev/null || echo "service account ${sa} exists"
gcloud pubsub subscriptions add-iam-policy-binding ${sub} ${p} --member=serviceAccount:${saEmail} --role=roles/pubsub.subscriber
#    Credentials: on GKE use Workload Identity for Vigil's Kubernetes ServiceAccount; elsewhere a key
#    file (gcloud iam service-accounts keys create vigil-reader.json --iam-account=${saEmail})
#    named by GOOGLE_APPLICATION_CREDENTIALS. Then add to Vigil's configuration file:
${commentBlock(stringify({ gke: [{ cluster: ctx.cluster, subscription: `projects/${project}/subscriptions/${sub}` }] }))}
#    and restart Vigil.
`;
  return `# Connect GKE cluster ${ctx.cluster} (project ${project}) to Vigil at ${ctx.url}
# Path: GKE writes the Kubernetes audit log to Cloud Audit Logs -> log sink -> Pub/Sub topic
# ${name} -> ${mode === 'push' ? `push subscription -> HTTPS POST ${ctx.url}/ingest/gke/pubsub` : 'pull subscription read by Vigil'}.
set -euo pipefail

# 1. The services and the topic.
gcloud services enable pubsub.googleapis.com logging.googleapis.com ${p}
gcloud pubsub topics create ${name} ${p}

# 2. A log sink routing this cluster's Kubernetes audit entries (Admin Activity, and Data Access
#    when enabled in step 4) to the topic.
gcloud logging sinks create ${name} pubsub.googleapis.com/${topic} ${p} \\
  --log-filter=${shq(gkeLogFilter(ctx.cluster))}

# 3. Let the sink's writer identity publish to the topic.
WRITER=$(gcloud logging sinks describe ${name} ${p} --format='value(writerIdentity)')
gcloud pubsub topics add-iam-policy-binding ${name} ${p} --member="$WRITER" --role=roles/pubsub.publisher

# 4. Optional: Data Access audit logs for Kubernetes (k8s.io). Admin Activity (every create, update,
#    patch, delete, exec) is always on and free; reads (get, list, watch) are Data Access logs, off by
#    default and billed as Cloud Logging ingestion, and a busy cluster makes many of them. Vigil's
#    detections of reading secrets, listing or anonymous reads need them. To turn them on:
#      gcloud projects get-iam-policy ${project} --format=json > iam-policy.json
#      add to its "auditConfigs":
#        {"service": "k8s.io", "auditLogConfigs": [{"logType": "DATA_READ"}, {"logType": "DATA_WRITE"}]}
#      gcloud projects set-iam-policy ${project} iam-policy.json

${mode === 'push' ? push : pull}
# 6. Check that events arrive (Cloud Logging routes entries within a minute or so):
kubectl get pods -A > /dev/null
vigil clusters list --data ${data}   # ${ctx.cluster}: the GKE source's counts and last event
vigil coverage --data ${data}        # the audit stream's newest event (also on the console's Coverage page)
#    Nothing arriving: gcloud pubsub subscriptions describe ${sub} ${p}, and the subscription's
#    "oldest unacked message age" metric; for push, Vigil's answer codes in its log (401 = wrong token).
${mode === 'push' ? `#    Pull instead of push (no public endpoint): run again with --delivery pull.\n` : ''}
# Runtime monitoring: deploy the Tracee DaemonSet with "vigil deploy manifests" (docs/deploy.md).
`;
}
