// The self-managed, GKE and AKS steps: filled-in values, documents that parse with the right kinds,
// and flags that agree with the files they name.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { commands, heredocs, inlineArgs, prefixed } from '../../testing/shell-docs.js';
import { aksSteps } from './aks.js';
import { type ConnectContext, ConnectError } from './context.js';
import { gkeLogFilter, gkeSteps } from './gke.js';
import { parseGkeConfig } from '../../sources/gke-pubsub/config.js';
import { parseAksConfig } from '../../sources/aks-eventhub/config.js';
import { AUDIT_DIR, apiserverFlags, selfManagedSteps } from './self-managed.js';

const TOKEN = 'vgl_ingest_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFi';
const ctx = (options: Record<string, string>, url = 'https://vigil.example.com'): ConnectContext => ({ cluster: 'prod-1', url, token: TOKEN, options });

describe('vigil connect self-managed', () => {
  const script = selfManagedSteps(ctx({}, 'https://vigil.example.com:8443'));

  test('writes the audit Policy and the webhook kubeconfig the flags name', () => {
    execFileSync('bash', ['-n'], { input: script });
    const files = heredocs(script);
    const policy = parse(files.get(`${AUDIT_DIR}/policy.yaml`)!) as { apiVersion: string; kind: string; rules: unknown[] };
    assert.equal(policy.kind, 'Policy');
    assert.equal(policy.apiVersion, 'audit.k8s.io/v1');
    assert.ok(policy.rules.length > 0);
    const kc = parse(files.get(`${AUDIT_DIR}/vigil-webhook.kubeconfig`)!);
    assert.equal(kc.kind, 'Config');
    assert.equal(kc.clusters[0].cluster.server, 'https://vigil.example.com:8443/ingest/k8s-audit');
    assert.equal(kc.users[0].user.token, TOKEN);
    assert.equal(kc.clusters[0].cluster['certificate-authority'], '/etc/kubernetes/pki/vigil-ca.crt');
    const flags = apiserverFlags();
    for (const f of flags) assert.ok(script.includes(f), f);
    const fileFlags = Object.fromEntries(flags.filter((f) => f.includes('-file=')).map((f) => f.slice(2).split('=') as [string, string]));
    assert.deepEqual(Object.keys(fileFlags), ['audit-policy-file', 'audit-webhook-config-file']);
    for (const path of Object.values(fileFlags)) assert.ok(files.has(path), `${path} is written`);
    assert.ok(flags.includes('--audit-webhook-mode=batch'));
  });

  test('the static-pod mount is YAML that mounts the folder holding both files, read-only', () => {
    const doc = parse(prefixed(script, '#> '));
    const mount = doc.spec.containers[0].volumeMounts[0];
    assert.equal(doc.spec.containers[0].name, 'kube-apiserver');
    assert.equal(mount.mountPath, AUDIT_DIR);
    assert.equal(mount.readOnly, true);
    assert.equal(doc.spec.volumes[0].name, mount.name);
    assert.equal(doc.spec.volumes[0].hostPath.path, AUDIT_DIR);
  });

  test('--insecure and --ca-file change the kubeconfig', () => {
    const insecure = parse(heredocs(selfManagedSteps(ctx({ insecure: 'true' }))).get(`${AUDIT_DIR}/vigil-webhook.kubeconfig`)!);
    assert.equal(insecure.clusters[0].cluster['insecure-skip-tls-verify'], true);
    const ca = parse(heredocs(selfManagedSteps(ctx({ 'ca-file': '/etc/pki/vigil.pem' }))).get(`${AUDIT_DIR}/vigil-webhook.kubeconfig`)!);
    assert.equal(ca.clusters[0].cluster['certificate-authority'], '/etc/pki/vigil.pem');
  });
});

describe('vigil connect gke', () => {
  test('push: topic, sink with the cluster filter, publisher grant, push endpoint with the token', () => {
    const script = gkeSteps(ctx({ project: 'acme-prod-42' }));
    execFileSync('bash', ['-n'], { input: script });
    const cmds = commands(script).join('\n');
    assert.match(cmds, /gcloud pubsub topics create vigil-audit-prod-1 --project=acme-prod-42/);
    assert.ok(script.includes(`--log-filter='${gkeLogFilter('prod-1')}'`));
    assert.ok(gkeLogFilter('prod-1').includes('resource.labels.cluster_name="prod-1"'));
    assert.ok(gkeLogFilter('prod-1').includes('protoPayload.serviceName="k8s.io"'));
    assert.match(cmds, /sinks create vigil-audit-prod-1 pubsub\.googleapis\.com\/projects\/acme-prod-42\/topics\/vigil-audit-prod-1/);
    assert.match(cmds, /add-iam-policy-binding vigil-audit-prod-1 .*--role=roles\/pubsub\.publisher/);
    const endpoint = /--push-endpoint=(\S+)/.exec(cmds)![1]!.replace(/^'|'$/g, '');
    const u = new URL(endpoint);
    assert.equal(u.origin + u.pathname, 'https://vigil.example.com/ingest/gke/pubsub');
    assert.equal(u.searchParams.get('token'), TOKEN);
    // The optional Data Access audit config is valid JSON.
    const auditConfig = /#\s+(\{"service": "k8s\.io".*\})$/m.exec(script)![1]!;
    assert.deepEqual(JSON.parse(auditConfig).auditLogConfigs.map((c: { logType: string }) => c.logType), ['DATA_READ', 'DATA_WRITE']);
  });

  test('pull: subscription, subscriber grant and the gke configuration snippet', () => {
    const script = gkeSteps(ctx({ project: 'acme-prod-42', delivery: 'pull' }));
    execFileSync('bash', ['-n'], { input: script });
    assert.ok(!script.includes('--push-endpoint'));
    assert.match(script, /--role=roles\/pubsub\.subscriber/);
    const conf = parse(prefixed(script, '#> ')) as { gke: { cluster: string; subscription: string }[] };
    assert.deepEqual(conf.gke, [{ cluster: 'prod-1', subscription: 'projects/acme-prod-42/subscriptions/vigil-audit-prod-1-pull' }]);
    // The snippet is what `vigil serve` accepts.
    assert.deepEqual(parseGkeConfig(conf.gke).errors, []);
  });

  test('a missing or malformed project is an error naming the option', () => {
    assert.throws(() => gkeSteps(ctx({})), (e: Error) => e instanceof ConnectError && /--project is required/.test(e.message));
    assert.throws(() => gkeSteps(ctx({ project: 'Bad_Project' })), /not a Google Cloud project id/);
    assert.throws(() => gkeSteps(ctx({ project: 'acme-prod-42', delivery: 'carrier-pigeon' })), /--delivery must be push or pull/);
  });
});

describe('vigil connect aks', () => {
  const base = { 'resource-group': 'rg-prod', subscription: '11111111-2222-3333-4444-555555555555', location: 'westeurope' };

  test('Event Hub, consumer group, diagnostic setting with kube-audit, listen-only rule, aks snippet', () => {
    const script = aksSteps(ctx(base));
    execFileSync('bash', ['-n'], { input: script });
    const cmds = commands(script).join('\n');
    const ns = /namespace create .*--name (\S+)/.exec(cmds)![1]!;
    assert.match(ns, /^vigil-prod-1-[0-9a-f]{8}$/);
    assert.match(cmds, /eventhubs eventhub create .*--namespace-name \S+ --name vigil-audit/);
    assert.match(cmds, /consumer-group create .*--name vigil/);
    const logs = inlineArgs(script);
    assert.deepEqual(logs.map((x) => x.flag), ['--logs']);
    assert.deepEqual(JSON.parse(logs[0]!.text), [{ category: 'kube-audit', enabled: true }]);
    assert.match(cmds, /authorization-rule create .*--eventhub-name vigil-audit --name vigil-listen --rights Listen/);
    assert.match(cmds, /keys list .*--query primaryConnectionString/);
    const conf = parse(prefixed(script, '#> ')) as { aks: Record<string, unknown>[] };
    assert.deepEqual(conf.aks[0], { cluster: 'prod-1', connectionStringFile: '/etc/vigil/vigil-aks-prod-1.connection', eventHubName: 'vigil-audit', consumerGroup: 'vigil' });
    // The snippet is what `vigil serve` accepts.
    assert.deepEqual(parseAksConfig(conf.aks).errors, []);
    // Same inputs, same namespace name (global names must be stable across runs).
    assert.equal(/namespace create .*--name (\S+)/.exec(commands(aksSteps(ctx(base))).join('\n'))![1], ns);
  });

  test('kube-audit-admin is explained and used; other categories are refused', () => {
    const script = aksSteps(ctx({ ...base, category: 'kube-audit-admin' }));
    assert.deepEqual(JSON.parse(inlineArgs(script)[0]!.text), [{ category: 'kube-audit-admin', enabled: true }]);
    assert.match(script, /leaves out get and list|without get and list/);
    assert.throws(() => aksSteps(ctx({ ...base, category: 'kube-apiserver' })), /--category must be kube-audit or kube-audit-admin/);
    assert.throws(() => aksSteps(ctx({ location: 'westeurope', subscription: 'x' })), /--resource-group is required/);
  });
});
