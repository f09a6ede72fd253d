// `vigil connect eks` through the real CLI: the steps are complete and in order, every JSON document
// parses, names and ARNs agree between the steps, the Firehose access key is the cluster's ingest
// token in the store, and the stream's JSON is what the official Firehose client sends on the wire.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateDeliveryStreamCommand, FirehoseClient, type CreateDeliveryStreamInput } from '@aws-sdk/client-firehose';
import { parse } from 'yaml';
import { openStore } from '../../app/open.js';
import { parseCloudWatchConfig } from '../../sources/eks-cloudwatch/config.js';
import { hashToken } from '../../app/tokens.js';
import { runVigil } from '../../testing/cli.js';
import { commands, heredocs, inlineArgs, prefixed } from '../../testing/shell-docs.js';

const ARGS = ['connect', 'eks', '--cluster', 'prod', '--url', 'https://vigil.example.com', '--region', 'eu-west-1', '--account-id', '123456789012'];

describe('vigil connect eks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-connect-eks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let script = '';
  let token = '';

  test('registers the cluster and prints a complete, ordered, parseable script', async () => {
    const r = await runVigil([...ARGS, '--data', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Registered cluster prod \(platform eks\)/);
    script = r.stdout;
    execFileSync('bash', ['-n'], { input: script }); // shell syntax
    const files = heredocs(script);
    assert.deepEqual([...files.keys()], ['vigil-firehose-trust.json', 'vigil-firehose-policy.json', 'vigil-logs-trust.json', 'vigil-logs-policy.json', 'vigil-firehose-stream.json', 'vigil-cloudwatch-read.json']);
    const docs = new Map([...files].map(([k, v]) => [k, JSON.parse(v) as Record<string, any>]));
    // Inline JSON: only --logging; the filter pattern is CloudWatch syntax, not JSON.
    const inline = inlineArgs(script);
    assert.deepEqual(inline.map((x) => x.flag), ['--logging', '--filter-pattern']);
    assert.deepEqual(JSON.parse(inline[0]!.text), { clusterLogging: [{ types: ['audit'], enabled: true }] });
    assert.equal(inline[1]!.text, '{ $.kind = "Event" }');

    const stream = docs.get('vigil-firehose-stream.json') as CreateDeliveryStreamInput;
    const http = stream.HttpEndpointDestinationConfiguration!;
    assert.equal(http.EndpointConfiguration!.Url, 'https://vigil.example.com/ingest/firehose');
    token = http.EndpointConfiguration!.AccessKey!;
    assert.equal(http.RequestConfiguration!.ContentEncoding, 'GZIP');
    assert.equal(http.S3BackupMode, 'FailedDataOnly');
    assert.ok((http.RetryOptions!.DurationInSeconds ?? 0) > 0);
    assert.ok(http.BufferingHints!.SizeInMBs && http.BufferingHints!.IntervalInSeconds);

    // The access key is a live ingest token of cluster prod.
    const store = openStore(dir);
    try {
      const rec = await store.findTokenByHash(hashToken(token));
      assert.equal(rec?.kind, 'ingest');
      assert.equal(rec?.cluster, 'prod');
      assert.equal((await store.getCluster('prod'))?.platform, 'eks');
    } finally {
      await store.close();
    }

    // Names agree: roles created are the roles used; the filter targets the stream created.
    const cmds = commands(script);
    const created = cmds.filter((c) => c.startsWith('aws iam create-role')).map((c) => /--role-name (\S+)/.exec(c)![1]);
    assert.deepEqual(created, ['vigil-firehose-prod', 'vigil-logs-to-firehose-prod']);
    assert.equal(http.RoleARN, 'arn:aws:iam::123456789012:role/vigil-firehose-prod');
    assert.equal(http.S3Configuration!.RoleARN, http.RoleARN);
    assert.equal(http.S3Configuration!.BucketARN, `arn:aws:s3:::${/create-bucket --bucket (\S+)/.exec(script)![1]}`);
    assert.equal(docs.get('vigil-firehose-trust.json')!.Statement[0].Principal.Service, 'firehose.amazonaws.com');
    assert.equal(docs.get('vigil-logs-trust.json')!.Statement[0].Principal.Service, 'logs.eu-west-1.amazonaws.com');
    const logsPolicy = docs.get('vigil-logs-policy.json')!.Statement[0];
    assert.deepEqual(logsPolicy.Action, ['firehose:PutRecord', 'firehose:PutRecordBatch']);
    const sub = cmds.find((c) => c.includes('put-subscription-filter'))!;
    assert.match(sub, /--log-group-name \/aws\/eks\/prod\/cluster /);
    assert.equal(/--destination-arn (\S+)/.exec(sub)![1], logsPolicy.Resource);
    assert.equal(logsPolicy.Resource, `arn:aws:firehose:eu-west-1:123456789012:deliverystream/${stream.DeliveryStreamName}`);
    assert.equal(/--role-arn (\S+)/.exec(sub)![1], 'arn:aws:iam::123456789012:role/vigil-logs-to-firehose-prod');
    assert.equal(docs.get('vigil-cloudwatch-read.json')!.Statement[0].Action, 'logs:FilterLogEvents');
    assert.deepEqual(parse(prefixed(script, '#> ')), { cloudwatch: [{ cluster: 'prod', logGroup: '/aws/eks/prod/cluster', region: 'eu-west-1', pollSeconds: 10, lookbackSeconds: 120 }] });
    assert.deepEqual(parseCloudWatchConfig((parse(prefixed(script, '#> ')) as { cloudwatch: unknown }).cloudwatch).errors, []);

    // In order: audit log on, bucket, roles, stream (then wait for ACTIVE), subscription, check.
    const at = (s: string) => {
      const i = cmds.findIndex((c) => c.includes(s));
      assert.ok(i >= 0, `missing step: ${s}`);
      return i;
    };
    const order = ['update-cluster-config', 'eks wait cluster-active', 's3api create-bucket', 'iam create-role', 'iam wait role-exists', 'firehose create-delivery-stream', 'DeliveryStreamStatus', 'put-subscription-filter', 'vigil clusters list', 'vigil coverage'].map(at);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
  });

  test('the Terraform snippet declares the same resources, and its policies are the same JSON', async () => {
    const tf = prefixed(script, '#| ');
    for (const res of ['aws_s3_bucket', 'aws_iam_role" "firehose', 'aws_iam_role" "logs', 'aws_kinesis_firehose_delivery_stream', 'http_endpoint_configuration', 'aws_cloudwatch_log_subscription_filter']) assert.ok(tf.includes(res), res);
    assert.match(tf, /url\s+= "https:\/\/vigil\.example\.com\/ingest\/firehose"/);
    assert.match(tf, /access_key\s+= var\.vigil_ingest_token/);
    assert.ok(!tf.includes(token), 'the token is not written into the .tf file');
    const encoded = [...tf.matchAll(/jsonencode\((\{[\s\S]*?\n {2}\})\)/g)].map((m) => JSON.parse(m[1] as string) as { Statement: unknown[] });
    assert.equal(encoded.length, 4);
    const files = heredocs(script);
    assert.deepEqual(encoded, ['vigil-firehose-trust.json', 'vigil-firehose-policy.json', 'vigil-logs-trust.json', 'vigil-logs-policy.json'].map((f) => JSON.parse(files.get(f)!)));
    const bare = await runVigil([...ARGS, '--data', dir, '--token', token, '--terraform']);
    assert.equal(bare.code, 0, bare.stderr);
    assert.equal(bare.stdout.split('\n').slice(1).join('\n').trimEnd(), tf.trimEnd());
    assert.match(bare.stderr, new RegExp(`export TF_VAR_vigil_ingest_token=${token}`));
  });

  test('the stream JSON is exactly what the official Firehose client sends (API member names)', async () => {
    const input = JSON.parse(heredocs(script).get('vigil-firehose-stream.json')!) as CreateDeliveryStreamInput;
    let seen: { target: string | undefined; body: unknown } | null = null;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen = { target: req.headers['x-amz-target'] as string | undefined, body: JSON.parse(body) };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'f1a2b3c4-0000-4000-8000-000000000001' });
        res.end(JSON.stringify({ DeliveryStreamARN: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/vigil-prod' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = new FirehoseClient({ region: 'eu-west-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      const out = await client.send(new CreateDeliveryStreamCommand(input));
      assert.equal(out.DeliveryStreamARN, 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/vigil-prod');
      client.destroy();
    } finally {
      server.close();
    }
    assert.ok(seen);
    const s = seen as { target: string | undefined; body: unknown };
    assert.equal(s.target, 'Firehose_20150804.CreateDeliveryStream');
    assert.deepEqual(s.body, input);
  });

  test('a registered cluster needs its token (checked) or --new-token', async () => {
    const none = await runVigil([...ARGS, '--data', dir]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /already registered.*--token TOKEN.*--new-token/);
    const wrong = await runVigil([...ARGS, '--data', dir, '--token', 'vgl_ingest_not-a-real-token-000000']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /not a valid ingest token of cluster prod/);
    const same = await runVigil([...ARGS, '--data', dir, '--token', token]);
    assert.equal(same.code, 0, same.stderr);
    assert.equal(JSON.parse(heredocs(same.stdout).get('vigil-firehose-stream.json')!).HttpEndpointDestinationConfiguration.EndpointConfiguration.AccessKey, token);
    const renewed = await runVigil([...ARGS, '--data', dir, '--new-token']);
    assert.equal(renewed.code, 0, renewed.stderr);
    const key = JSON.parse(heredocs(renewed.stdout).get('vigil-firehose-stream.json')!).HttpEndpointDestinationConfiguration.EndpointConfiguration.AccessKey as string;
    assert.notEqual(key, token);
    assert.match(key, /^vgl_ingest_/);
  });

  test('options Firehose cannot use are refused before anything is registered', async () => {
    const d2 = mkdtempSync(join(tmpdir(), 'vigil-connect-eks2-'));
    try {
      const http = await runVigil(['connect', 'eks', '--cluster', 'c2', '--url', 'http://vigil.example.com', '--region', 'eu-west-1', '--account-id', '123456789012', '--data', d2]);
      assert.equal(http.code, 2);
      assert.match(http.stderr, /Firehose delivers only to HTTPS on port 443/);
      const port = await runVigil(['connect', 'eks', '--cluster', 'c2', '--url', 'https://vigil.example.com:8443', '--region', 'eu-west-1', '--account-id', '123456789012', '--data', d2]);
      assert.equal(port.code, 2);
      const noRegion = await runVigil(['connect', 'eks', '--cluster', 'c2', '--url', 'https://vigil.example.com', '--account-id', '123456789012', '--data', d2]);
      assert.equal(noRegion.code, 2);
      assert.match(noRegion.stderr, /--region is required/);
      const path = await runVigil(['connect', 'eks', '--cluster', 'c2', '--url', 'https://vigil.example.com/ingest/firehose', '--region', 'eu-west-1', '--account-id', '123456789012', '--data', d2]);
      assert.equal(path.code, 2);
      assert.match(path.stderr, /without a path/);
      const store = openStore(d2);
      try {
        assert.equal(await store.getCluster('c2'), null);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(d2, { recursive: true, force: true });
    }
  });

  test('us-east-1 creates its bucket without a LocationConstraint', async () => {
    const r = await runVigil(['connect', 'eks', '--cluster', 'east', '--url', 'https://vigil.example.com', '--region', 'us-east-1', '--account-id', '123456789012', '--data', dir]);
    assert.equal(r.code, 0, r.stderr);
    const create = commands(r.stdout).find((c) => c.includes('create-bucket'))!;
    assert.ok(!create.includes('LocationConstraint'), create);
  });
});
