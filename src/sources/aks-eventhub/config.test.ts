// The `aks` configuration section and the secrets it names: defaults filled in, every problem named
// with its position, secrets read from the environment or a file and never echoed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG, validateConfig } from '../../app/config.js';
import { openHub } from './client.js';
import { matchesCluster, parseAksConfig } from './config.js';

const CS = 'Endpoint=sb://acme-aks.servicebus.windows.net/;SharedAccessKeyName=vigil-listen;SharedAccessKey=c2VjcmV0LWtleS12YWx1ZQ==;EntityPath=aks-audit';

test('defaults: AKS name from the cluster, $Default consumer group, earliest, 100 messages a batch', () => {
  const { specs, errors } = parseAksConfig([
    { cluster: 'prod', connectionStringEnv: 'VIGIL_AKS_PROD' },
    { cluster: 'dev', aksName: 'DEV-AKS-1', resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/dev-aks-1', fullyQualifiedNamespace: 'acme.servicebus.windows.net', sharedAccessKeyName: 'listen', sharedAccessKeyFile: '/run/secrets/eh', eventHubName: 'aks', consumerGroup: 'vigil', startAt: 'latest', maxBatchSize: 20 },
  ]);
  assert.deepEqual(errors, []);
  assert.deepEqual(specs, [
    { cluster: 'prod', aksName: 'prod', credential: { kind: 'connectionString', env: 'VIGIL_AKS_PROD' }, consumerGroup: '$Default', startAt: 'earliest', maxBatchSize: 100 },
    {
      cluster: 'dev',
      aksName: 'DEV-AKS-1',
      resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/dev-aks-1',
      credential: { kind: 'sharedKey', fullyQualifiedNamespace: 'acme.servicebus.windows.net', keyName: 'listen', file: '/run/secrets/eh' },
      eventHubName: 'aks',
      consumerGroup: 'vigil',
      startAt: 'latest',
      maxBatchSize: 20,
    },
  ]);
  assert.deepEqual(parseAksConfig(undefined), { specs: [], errors: [] });
});

test('every problem is reported with its position; an inline secret is refused with the way to give it', () => {
  const { specs, errors } = parseAksConfig([
    'prod',
    { cluster: '', connectionString: CS, startAt: 'now', maxBatchSize: 0, resourceId: '/subscriptions/x' },
    { cluster: 'a' },
    { cluster: 'b', connectionStringEnv: 'X', sharedAccessKeyName: 'k' },
    { cluster: 'c', fullyQualifiedNamespace: 'n', sharedAccessKeyName: 'k', sharedAccessKeyEnv: 'K' },
    { cluster: 'd', connectionStringEnv: 'bad name' },
  ]);
  assert.deepEqual(specs, []);
  assert.deepEqual(errors, [
    'aks[0] must be a mapping with at least cluster and a connection',
    'unknown key aks[1].connectionString (secrets are not kept in the configuration: use connectionStringEnv or connectionStringFile)',
    'aks[1].cluster must be a registered cluster name',
    'aks[1].aksName must be an AKS cluster name (letters, digits, - and _)',
    "aks[1].resourceId must be a managed cluster's id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>)",
    'aks[1] needs a connection: connectionStringEnv, connectionStringFile, or fullyQualifiedNamespace + sharedAccessKeyName + sharedAccessKeyEnv/File',
    'aks[1].startAt must be earliest or latest',
    'aks[1].maxBatchSize must be an integer from 1 to 5000',
    'aks[2] needs a connection: connectionStringEnv, connectionStringFile, or fullyQualifiedNamespace + sharedAccessKeyName + sharedAccessKeyEnv/File',
    'aks[3]: give either connectionStringEnv/connectionStringFile or fullyQualifiedNamespace + sharedAccessKeyName + sharedAccessKeyEnv/File, not both',
    'aks[4].eventHubName is needed with a shared access key',
    'aks[5].connectionStringEnv must be an environment variable name',
  ]);
  assert.ok(validateConfig({ ...DEFAULT_CONFIG, aks: [{ cluster: 'x' }] }).some((e) => e.startsWith('aks[0] needs a connection')), 'checked with the rest of the configuration');
});

test('the cluster check: the managedClusters name or the whole resource id, ignoring case', () => {
  const id = '/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/PROD-1';
  assert.equal(matchesCluster({ aksName: 'prod-1' }, id, 'PROD-1'), true);
  assert.equal(matchesCluster({ aksName: 'prod-2' }, id, 'PROD-1'), false);
  assert.equal(matchesCluster({ aksName: 'prod-1', resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/prod-1' }, id, 'PROD-1'), true);
  assert.equal(matchesCluster({ aksName: 'prod-1', resourceId: '/subscriptions/other/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/prod-1' }, id, 'PROD-1'), false, 'same name in another subscription');
});

test('secrets come from the named environment variable or file; errors name the variable or file, never the secret', async () => {
  const spec = (o: Record<string, unknown>) => parseAksConfig([{ cluster: 'prod', ...o }]).specs[0]!;
  const hub = openHub(spec({ connectionStringEnv: 'EH' }), { env: { EH: `${CS}\n` }, readFile: () => '' });
  assert.deepEqual([hub.namespace, hub.hub, hub.consumerGroup, hub.client.eventHubName, hub.client.fullyQualifiedNamespace], ['acme-aks.servicebus.windows.net', 'aks-audit', '$Default', 'aks-audit', 'acme-aks.servicebus.windows.net']);
  await hub.client.close();
  const keyed = openHub(spec({ fullyQualifiedNamespace: 'acme-aks.servicebus.windows.net', sharedAccessKeyName: 'listen', sharedAccessKeyFile: '/run/k', eventHubName: 'aks', consumerGroup: 'vigil' }), { env: {}, readFile: (p) => (p === '/run/k' ? 'a2V5\n' : '') });
  assert.deepEqual([keyed.namespace, keyed.client.eventHubName, keyed.consumerGroup], ['acme-aks.servicebus.windows.net', 'aks', 'vigil']);
  await keyed.client.close();
  const enoent = () => {
    throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
  };
  assert.throws(() => openHub(spec({ connectionStringEnv: 'EH' }), { env: {}, readFile: enoent }), /aks prod: environment variable EH \(the connection string\) is not set/);
  assert.throws(() => openHub(spec({ connectionStringFile: '/run/cs' }), { env: {}, readFile: enoent }), /aks prod: cannot read the connection string from \/run\/cs: ENOENT/);
  const noPath = CS.replace(';EntityPath=aks-audit', '');
  assert.throws(() => openHub(spec({ connectionStringEnv: 'EH' }), { env: { EH: noPath }, readFile: enoent }), /has no EntityPath; set eventHubName/);
  assert.throws(() => openHub(spec({ connectionStringEnv: 'EH', eventHubName: 'other' }), { env: { EH: CS }, readFile: enoent }), /eventHubName other differs from the connection string's EntityPath aks-audit/);
  assert.throws(() => openHub(spec({ connectionStringEnv: 'EH' }), { env: { EH: `${CS};UseDevelopmentEmulator=true` }, readFile: enoent }), /UseDevelopmentEmulator=true turns TLS off; it is refused for acme-aks\.servicebus\.windows\.net/);
  const local = openHub(spec({ connectionStringEnv: 'EH' }), { env: { EH: 'Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=k;SharedAccessKey=a2V5;EntityPath=h;UseDevelopmentEmulator=true' }, readFile: enoent });
  assert.equal(local.namespace, '127.0.0.1:5672', 'a local emulator is allowed');
  await local.client.close();
  let message = '';
  try {
    openHub(spec({ connectionStringEnv: 'EH' }), { env: { EH: 'SharedAccessKey=c2VjcmV0LWtleS12YWx1ZQ==' }, readFile: enoent });
  } catch (e) {
    message = (e as Error).message;
  }
  assert.match(message, /is not an Event Hubs connection string/);
  assert.equal(message.includes('c2VjcmV0LWtleS12YWx1ZQ'), false, 'the key is not repeated');
});
