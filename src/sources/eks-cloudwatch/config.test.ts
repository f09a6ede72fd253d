// The `cloudwatch` configuration section: defaults filled in, every problem named with its position.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig, DEFAULT_CONFIG } from '../../app/config.js';
import { parseCloudWatchConfig } from './config.js';

test('defaults: log group from the cluster, 10 s polls, 2 minutes lookback, region from the provider chain', () => {
  const { specs, errors } = parseCloudWatchConfig([{ cluster: 'prod' }, { cluster: 'dev', logGroup: '/custom/dev', region: 'eu-west-1', endpoint: 'https://logs.eu-west-1.amazonaws.com', pollSeconds: 30, lookbackSeconds: 0 }]);
  assert.deepEqual(errors, []);
  assert.deepEqual(specs, [
    { cluster: 'prod', logGroup: '/aws/eks/prod/cluster', pollSeconds: 10, lookbackSeconds: 120 },
    { cluster: 'dev', logGroup: '/custom/dev', region: 'eu-west-1', endpoint: 'https://logs.eu-west-1.amazonaws.com', pollSeconds: 30, lookbackSeconds: 0 },
  ]);
  assert.deepEqual(parseCloudWatchConfig(undefined), { specs: [], errors: [] });
});

test('every problem is reported with its position', () => {
  assert.deepEqual(parseCloudWatchConfig({ cluster: 'x' }).errors, ['cloudwatch must be a list of {cluster, logGroup?, region?, endpoint?, pollSeconds?, lookbackSeconds?}']);
  const { specs, errors } = parseCloudWatchConfig([
    'prod',
    { cluster: '', region: 'Mars', endpoint: 'ftp://x', pollSeconds: 0, lookbackSeconds: -1, logGroup: 'bad group', extra: 1 },
    { cluster: 'a' },
    { cluster: 'b', logGroup: '/aws/eks/a/cluster' },
  ]);
  assert.deepEqual(specs, []);
  assert.deepEqual(errors, [
    'cloudwatch[0] must be a mapping with at least cluster',
    'unknown key cloudwatch[1].extra',
    'cloudwatch[1].cluster must be a registered cluster name',
    'cloudwatch[1].logGroup must be a CloudWatch log group name (letters, digits, _ - . / #)',
    'cloudwatch[1].region must be an AWS region such as eu-west-1',
    'cloudwatch[1].endpoint must be an http(s) URL',
    'cloudwatch[1].pollSeconds must be a number from 1 to 3600',
    'cloudwatch[1].lookbackSeconds must be a number from 0 to 86400',
    'cloudwatch[3].logGroup /aws/eks/a/cluster is polled twice',
  ]);
});

test('the service configuration checks the section', () => {
  assert.deepEqual(validateConfig({ ...DEFAULT_CONFIG, cloudwatch: [{ cluster: 'prod', pollSeconds: '10' }] }), ['cloudwatch[0].pollSeconds must be a number from 1 to 3600']);
  assert.deepEqual(validateConfig({ ...DEFAULT_CONFIG, cloudwatch: [{ cluster: 'prod' }] }), []);
});
