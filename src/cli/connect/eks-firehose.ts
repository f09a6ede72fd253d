// The Firehose stream and the IAM documents `vigil connect eks` prints, as typed objects: the
// stream input is the AWS SDK's own CreateDeliveryStreamInput type (checked by tsc), and the CLI's
// --cli-input-json file is this object serialised, so its member names are the API's.

import type { CreateDeliveryStreamInput } from '@aws-sdk/client-firehose';
import type { EksNames } from './eks-names.js';

/** Seconds Firehose keeps re-sending a request Vigil did not answer 200, before the S3 backup. */
export const RETRY_SECONDS = 3600;
/** Small buffers: audit events reach Vigil within about a minute. */
export const BUFFER = { SizeInMBs: 1, IntervalInSeconds: 60 };

export function firehoseStreamInput(n: EksNames, token: string): CreateDeliveryStreamInput {
  return {
    DeliveryStreamName: n.stream,
    DeliveryStreamType: 'DirectPut',
    HttpEndpointDestinationConfiguration: {
      EndpointConfiguration: { Url: n.endpoint, Name: 'Vigil', AccessKey: token },
      BufferingHints: BUFFER,
      RequestConfiguration: { ContentEncoding: 'GZIP' },
      RetryOptions: { DurationInSeconds: RETRY_SECONDS },
      RoleARN: n.firehoseRoleArn,
      S3BackupMode: 'FailedDataOnly',
      S3Configuration: {
        RoleARN: n.firehoseRoleArn,
        BucketARN: n.bucketArn,
        Prefix: 'failed/',
        ErrorOutputPrefix: 'errors/',
        CompressionFormat: 'GZIP',
        BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      },
      CloudWatchLoggingOptions: { Enabled: true, LogGroupName: n.firehoseLogGroup, LogStreamName: 'DestinationDelivery' },
      ProcessingConfiguration: { Enabled: false },
    },
    Tags: [{ Key: 'vigil-cluster', Value: n.cluster }],
  };
}

type Statement = { Effect: 'Allow'; Action: string | string[]; Resource?: string | string[]; Principal?: unknown; Condition?: unknown };
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export function firehoseTrust(n: EksNames): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': n.account } } }],
  };
}

/** What the stream itself needs: write failed batches to the bucket, log delivery errors. */
export function firehosePolicy(n: EksNames): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
        Resource: [n.bucketArn, `${n.bucketArn}/*`],
      },
      { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `arn:${n.partition}:logs:${n.region}:${n.account}:log-group:${n.firehoseLogGroup}:*` },
    ],
  };
}

/** CloudWatch Logs (regional service principal) may put records into this account's streams. */
export function logsTrust(n: EksNames): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: `logs.${n.region}.amazonaws.com` },
      Action: 'sts:AssumeRole',
      Condition: { StringLike: { 'aws:SourceArn': `arn:${n.partition}:logs:${n.region}:${n.account}:*` } },
    }],
  };
}

export function logsPolicy(n: EksNames): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: n.streamArn }] };
}

/** For the polling alternative: Vigil's own AWS identity reads the log group. */
export function pollingPolicy(n: EksNames): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:FilterLogEvents', Resource: `${n.logGroupArn}:*` }] };
}

/**
 * Subscription filters match the message text, not the log stream's name, so "only the
 * kube-apiserver-audit-* streams" cannot be expressed. Audit events are the only JSON messages in
 * the group with kind "Event" (authenticator, scheduler and controller-manager lines are not JSON),
 * so this pattern forwards exactly the audit events; Vigil skips other streams anyway.
 */
export const AUDIT_FILTER_PATTERN = '{ $.kind = "Event" }';
