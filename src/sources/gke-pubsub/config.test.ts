// The `gke` configuration section: defaults, and every mistake reported with its position.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGkeConfig } from './config.js';

const SUB = 'projects/acme-prod/subscriptions/vigil-gke-audit';

test('defaults: the GKE cluster name is the Vigil one, batches of 500 or 1 s', () => {
  assert.deepEqual(parseGkeConfig([{ cluster: 'prod', subscription: SUB }]), { specs: [{ cluster: 'prod', subscription: SUB, gkeCluster: 'prod', batchSize: 500, batchMs: 1000 }], errors: [] });
  assert.deepEqual(parseGkeConfig(undefined), { specs: [], errors: [] });
  const full = parseGkeConfig([{ cluster: 'prod', subscription: 'projects/example.com:acme-prod/subscriptions/s-1', gkeCluster: 'prod-eu-1', endpoint: 'europe-west1-pubsub.googleapis.com:443', batchSize: 100, batchMs: 250 }]);
  assert.deepEqual(full.errors, []);
  assert.equal(full.specs[0]?.gkeCluster, 'prod-eu-1');
  assert.equal(full.specs[0]?.endpoint, 'europe-west1-pubsub.googleapis.com:443');
});

test('mistakes are errors with their position, and no spec is returned', () => {
  const r = parseGkeConfig([
    { cluster: '', subscription: 'vigil-gke-audit', batchSize: 0, batchMs: 5, endpoint: 'https://x', gkeCluster: 'Prod_1', extra: 1 },
    { cluster: 'a', subscription: SUB },
    { cluster: 'b', subscription: SUB },
    'prod',
  ]);
  assert.deepEqual(r.specs, []);
  assert.deepEqual(r.errors, [
    'unknown key gke[0].extra',
    'gke[0].cluster must be a registered cluster name',
    'gke[0].subscription must be a full subscription name: projects/<project-id>/subscriptions/<name>',
    'gke[0].gkeCluster must be a GKE cluster name (lower-case letters, digits and -, at most 40)',
    'gke[0].endpoint must be host or host:port (no scheme)',
    'gke[0].batchSize must be an integer from 1 to 5000',
    'gke[0].batchMs must be a number from 10 to 60000',
    `gke[2].subscription ${SUB} is pulled twice`,
    'gke[3] must be a mapping with at least cluster and subscription',
  ]);
  assert.match(parseGkeConfig({ cluster: 'x' }).errors[0] ?? '', /gke must be a list/);
});
