// The Terraform form of `vigil connect eks`: the same resources as the CLI steps, policies built
// with jsonencode from the same typed documents.

import { BUFFER, RETRY_SECONDS, AUDIT_FILTER_PATTERN, firehosePolicy, firehoseTrust, logsPolicy, logsTrust, type PolicyDocument } from './eks-firehose.js';
import type { EksNames } from './eks-names.js';

/** A JSON document as an HCL expression: jsonencode() of the same value (JSON is valid HCL). */
function hclJson(doc: PolicyDocument): string {
  return `jsonencode(${JSON.stringify(doc, null, 2).replace(/\n/g, '\n  ')})`;
}

/** The Terraform file; bare: the file alone (--terraform), else commented (#| ) inside the script. */
export function eksTerraform(n: EksNames, token: string, opts: { bare?: boolean } = {}): string {
  const tf = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

provider "aws" {
  region = "${n.region}"
}

variable "vigil_ingest_token" {
  type      = string
  sensitive = true
}

# If Terraform manages the cluster, turn on its audit log there instead of step 1:
#   resource "aws_eks_cluster" "${n.cluster}" { ... enabled_cluster_log_types = ["audit"] }
resource "aws_cloudwatch_log_group" "eks" {
  name = "${n.logGroup}"
  # Already created by EKS? terraform import aws_cloudwatch_log_group.eks ${n.logGroup}
}

resource "aws_s3_bucket" "vigil_backup" {
  bucket = "${n.bucket}"
}

resource "aws_s3_bucket_public_access_block" "vigil_backup" {
  bucket                  = aws_s3_bucket.vigil_backup.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_cloudwatch_log_group" "firehose" {
  name = "${n.firehoseLogGroup}"
}

resource "aws_cloudwatch_log_stream" "firehose" {
  name           = "DestinationDelivery"
  log_group_name = aws_cloudwatch_log_group.firehose.name
}

resource "aws_iam_role" "firehose" {
  name               = "${n.firehoseRole}"
  assume_role_policy = ${hclJson(firehoseTrust(n))}
}

resource "aws_iam_role_policy" "firehose" {
  name   = "vigil-firehose"
  role   = aws_iam_role.firehose.id
  policy = ${hclJson(firehosePolicy(n))}
}

resource "aws_iam_role" "logs" {
  name               = "${n.logsRole}"
  assume_role_policy = ${hclJson(logsTrust(n))}
}

resource "aws_iam_role_policy" "logs" {
  name   = "vigil-logs-to-firehose"
  role   = aws_iam_role.logs.id
  policy = ${hclJson(logsPolicy(n))}
}

resource "aws_kinesis_firehose_delivery_stream" "vigil" {
  name        = "${n.stream}"
  destination = "http_endpoint"

  http_endpoint_configuration {
    url                = "${n.endpoint}"
    name               = "Vigil"
    access_key         = var.vigil_ingest_token
    buffering_size     = ${BUFFER.SizeInMBs}
    buffering_interval = ${BUFFER.IntervalInSeconds}
    retry_duration     = ${RETRY_SECONDS}
    role_arn           = aws_iam_role.firehose.arn
    s3_backup_mode     = "FailedDataOnly"

    request_configuration {
      content_encoding = "GZIP"
    }

    s3_configuration {
      role_arn            = aws_iam_role.firehose.arn
      bucket_arn          = aws_s3_bucket.vigil_backup.arn
      prefix              = "failed/"
      error_output_prefix = "errors/"
      compression_format  = "GZIP"
      buffering_size      = 5
      buffering_interval  = 300
    }

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.firehose.name
      log_stream_name = aws_cloudwatch_log_stream.firehose.name
    }
  }
}

resource "aws_cloudwatch_log_subscription_filter" "vigil" {
  name            = "vigil"
  log_group_name  = aws_cloudwatch_log_group.eks.name
  filter_pattern  = ${JSON.stringify(AUDIT_FILTER_PATTERN)}
  destination_arn = aws_kinesis_firehose_delivery_stream.vigil.arn
  role_arn        = aws_iam_role.logs.arn
}
`;
  if (opts.bare) return `# vigil connect eks --terraform: cluster ${n.cluster}. Set TF_VAR_vigil_ingest_token to its ingest token.\n${tf}`;
  return `# ---------------------------------------------------------------------------------------------
# The same as Terraform (instead of steps 2 to 6; step 1 or enabled_cluster_log_types still needed).
# Save as vigil-${n.cluster}.tf, then:
#   export TF_VAR_vigil_ingest_token=${token}
#   terraform init && terraform apply
${tf.replace(/^/gm, '#| ').trimEnd()}
`;
}
