// The AWS resource names and ARNs `vigil connect eks` creates, derived from the cluster, region and
// account so the CLI steps and the Terraform snippet name the same things.

import { type ConnectContext, ConnectError, dnsLabel, required } from './context.js';

export interface EksNames {
  cluster: string;
  region: string;
  account: string;
  partition: string;
  logGroup: string;
  logGroupArn: string;
  stream: string;
  streamArn: string;
  bucket: string;
  bucketArn: string;
  firehoseRole: string;
  firehoseRoleArn: string;
  logsRole: string;
  logsRoleArn: string;
  firehoseLogGroup: string;
  /** Vigil's Firehose endpoint: https://HOST/ingest/firehose. */
  endpoint: string;
}

export function eksNames(ctx: ConnectContext): EksNames {
  const region = required(ctx, 'region', 'the AWS region of the EKS cluster (e.g. eu-west-1)');
  const account = required(ctx, 'account-id', 'the 12-digit AWS account id that owns the cluster');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new ConnectError(`--region ${JSON.stringify(region)} is not an AWS region name such as eu-west-1`);
  if (!/^\d{12}$/.test(account)) throw new ConnectError('--account-id must be 12 digits');
  const url = new URL(ctx.url);
  if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')) {
    throw new ConnectError(`Firehose delivers only to HTTPS on port 443; --url ${ctx.url} is not. Put Vigil's TLS listener or a TLS proxy (ingress) on 443`);
  }
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const c = ctx.cluster;
  const label = dnsLabel(c);
  const stream = `vigil-${c.replace(/[^a-zA-Z0-9_.-]/g, '-')}`.slice(0, 64);
  const bucket = (ctx.options.bucket ?? `vigil-firehose-${account}-${region}-${label}`.slice(0, 63)).replace(/-+$/, '');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConnectError(`--bucket ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
  const role = (prefix: string) => `${prefix}-${c}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  const firehoseRole = role('vigil-firehose');
  const logsRole = role('vigil-logs-to-firehose');
  const logGroup = `/aws/eks/${c}/cluster`;
  return {
    cluster: c,
    region,
    account,
    partition,
    logGroup,
    logGroupArn: `arn:${partition}:logs:${region}:${account}:log-group:${logGroup}`,
    stream,
    streamArn: `arn:${partition}:firehose:${region}:${account}:deliverystream/${stream}`,
    bucket,
    bucketArn: `arn:${partition}:s3:::${bucket}`,
    firehoseRole,
    firehoseRoleArn: `arn:${partition}:iam::${account}:role/${firehoseRole}`,
    logsRole,
    logsRoleArn: `arn:${partition}:iam::${account}:role/${logsRole}`,
    firehoseLogGroup: `/aws/kinesisfirehose/${stream}`,
    endpoint: `${ctx.url}/ingest/firehose`,
  };
}
