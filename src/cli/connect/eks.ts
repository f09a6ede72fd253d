// `vigil connect eks`: every AWS CLI step from "audit logging off" to "events arriving in Vigil",
// in order, with the cluster's values filled in; then the same as Terraform, and the polling
// alternative.

import { stringify } from 'yaml';
import { type ConnectContext, jsonFile, shq, commentBlock } from './context.js';
import { AUDIT_FILTER_PATTERN, RETRY_SECONDS, firehosePolicy, firehoseStreamInput, firehoseTrust, logsPolicy, logsTrust, pollingPolicy } from './eks-firehose.js';
import { eksNames, type EksNames } from './eks-names.js';
import { eksTerraform } from './eks-terraform.js';

function bucketCreate(n: EksNames): string {
  // us-east-1 is the one region that refuses a LocationConstraint.
  const location = n.region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${n.region}`;
  return `aws s3api create-bucket --bucket ${n.bucket} --region ${n.region}${location}`;
}

export function eksSteps(ctx: ConnectContext): string {
  const n = eksNames(ctx);
  const r = `--region ${n.region}`;
  const logging = JSON.stringify({ clusterLogging: [{ types: ['audit'], enabled: true }] });
  const data = shq(ctx.options.data ?? './data');
  return `# Connect EKS cluster ${n.cluster} (${n.region}, account ${n.account}) to Vigil at ${ctx.url}
# Path: EKS audit log -> CloudWatch Logs ${n.logGroup} -> subscription filter -> Firehose
# stream ${n.stream} -> HTTPS POST ${n.endpoint} (access key = the cluster's ingest token).
# Run with AWS credentials for account ${n.account} that may change EKS, IAM, S3, Firehose and
# CloudWatch Logs. Vigil must already be reachable at ${ctx.url} (HTTPS on 443, a publicly trusted
# certificate): Firehose checks the endpoint when the subscription filter is created.
set -euo pipefail
export AWS_PAGER=""

# 1. Turn on the cluster's audit log (EKS writes it to ${n.logGroup},
#    streams kube-apiserver-audit-*). The update takes a few minutes.
LOG_TYPES=$(aws eks describe-cluster --name ${n.cluster} ${r} --query 'cluster.logging.clusterLogging[?enabled].types[]' --output text)
case "$LOG_TYPES" in
  *audit*) echo "audit logging is already on" ;;
  *) aws eks update-cluster-config --name ${n.cluster} ${r} --logging '${logging}' ;;
esac
aws eks wait cluster-active --name ${n.cluster} ${r}
aws logs create-log-group --log-group-name ${n.logGroup} ${r} 2>/dev/null || echo "log group ${n.logGroup} exists"

# 2. The S3 bucket Firehose requires: it keeps the batches Vigil could not take within
#    ${RETRY_SECONDS / 60} minutes of retries (S3BackupMode FailedDataOnly). Not public.
${bucketCreate(n)}
aws s3api put-public-access-block --bucket ${n.bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true

# 3. The Firehose stream's role: write failed batches to the bucket, log delivery errors.
${jsonFile('vigil-firehose-trust.json', firehoseTrust(n))}${jsonFile('vigil-firehose-policy.json', firehosePolicy(n))}aws iam create-role --role-name ${n.firehoseRole} --assume-role-policy-document file://vigil-firehose-trust.json
aws iam put-role-policy --role-name ${n.firehoseRole} --policy-name vigil-firehose --policy-document file://vigil-firehose-policy.json
aws logs create-log-group --log-group-name ${n.firehoseLogGroup} ${r}
aws logs create-log-stream --log-group-name ${n.firehoseLogGroup} --log-stream-name DestinationDelivery ${r}

# 4. The role CloudWatch Logs uses to put the log events into the stream.
${jsonFile('vigil-logs-trust.json', logsTrust(n))}${jsonFile('vigil-logs-policy.json', logsPolicy(n))}aws iam create-role --role-name ${n.logsRole} --assume-role-policy-document file://vigil-logs-trust.json
aws iam put-role-policy --role-name ${n.logsRole} --policy-name vigil-logs-to-firehose --policy-document file://vigil-logs-policy.json
aws iam wait role-exists --role-name ${n.firehoseRole}
aws iam wait role-exists --role-name ${n.logsRole}
sleep 15   # new IAM roles take a few seconds before services can assume them

# 5. The Firehose stream: HTTP endpoint destination ${n.endpoint}, access key = the ingest
#    token of ${n.cluster} (it decides which cluster the events belong to: one stream per cluster),
#    GZIP requests, 1 MiB / 60 s buffers, ${RETRY_SECONDS} s of retries, failed data to S3.
#    The file holds the ingest token: delete it afterwards.
${jsonFile('vigil-firehose-stream.json', firehoseStreamInput(n, ctx.token))}aws firehose create-delivery-stream ${r} --cli-input-json file://vigil-firehose-stream.json
until [ "$(aws firehose describe-delivery-stream --delivery-stream-name ${n.stream} ${r} --query DeliveryStreamDescription.DeliveryStreamStatus --output text)" = ACTIVE ]; do sleep 10; done
rm -f vigil-firehose-stream.json

# 6. Subscribe the log group to the stream. Filter patterns match the message, not the log stream's
#    name: ${AUDIT_FILTER_PATTERN} matches the audit events (JSON with kind "Event") and no other
#    control-plane line, so only the audit stream is forwarded (Vigil would skip the others anyway).
#    Events EKS truncated (not JSON) do not match and are not forwarded; with an empty pattern ("")
#    they reach Vigil and are counted as truncated_event, at the cost of forwarding every stream.
aws logs put-subscription-filter ${r} --log-group-name ${n.logGroup} --filter-name vigil --filter-pattern '${AUDIT_FILTER_PATTERN}' --destination-arn ${n.streamArn} --role-arn ${n.logsRoleArn}

# 7. Check that events arrive. EKS delivers its logs within a minute or two, Firehose buffers up
#    to 60 s: expect the first events 1-3 minutes after any kubectl command.
kubectl get pods -A > /dev/null
vigil clusters list --data ${data}   # ${n.cluster}: eks-firehose: N judged, ...; last event <time>
vigil coverage --data ${data}        # the audit stream's newest event (also on the console's Coverage page)
#    Nothing after 5 minutes: Firehose's delivery errors (401 = wrong access key, 5xx/timeout =
#    Vigil unreachable) are in
aws logs tail ${n.firehoseLogGroup} ${r} --since 15m
#    and failed batches in s3://${n.bucket}/failed/.

${eksTerraform(n, ctx.token)}
# ---------------------------------------------------------------------------------------------
# Alternative without Firehose: Vigil polls CloudWatch Logs (FilterLogEvents). Slower (poll
# interval + EKS delay), needs no public endpoint. After step 1, give Vigil's AWS identity
# (IRSA / Pod Identity role, instance role or access keys) this policy:
${jsonFile('vigil-cloudwatch-read.json', pollingPolicy(n))}# and add to Vigil's configuration file (docs/operations.md, "EKS via CloudWatch Logs polling"):
${commentBlock(stringify({ cloudwatch: [{ cluster: n.cluster, logGroup: n.logGroup, region: n.region, pollSeconds: 10, lookbackSeconds: 120 }] }))}

# Runtime monitoring: deploy the Tracee DaemonSet with "vigil deploy manifests" (docs/deploy.md).
`;
}
