// The generated manifests: every object valid against the Kubernetes schemas, the YAML parses back
// to the same objects, Vigil's pod has no privilege and fits its limits, the NetworkPolicy selects
// Vigil's pods, and Tracee's webhook URL (as Kubernetes expands it) reaches the real runtime
// ingest through the Service's name and port, authenticated the way Go's HTTP client does.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_CONFIG } from '../app/config.js';
import { loadIntelIndex } from '../app/intel.js';
import { loadRuleset, openVigil } from '../app/open.js';
import { buildServer } from '../api/server.js';
import { systemClock } from '../core/clock.js';
import { TRACEE_EVENTS } from '../normalize/tracee/event-types.js';
import { IMAGE_CTIME_NS, exec as traceeExec } from '../testing/tracee-events.js';
import { bootstrap } from './bootstrap.js';
import { buildManifests, toYaml, type K8sObject } from './manifests.js';
import { neededTypes } from './tracee-events.js';
import { resolveValues } from './values.js';

const ruleset = loadRuleset([]);
type Obj = Record<string, any>;
const find = (objs: K8sObject[], kind: string, name?: string) => objs.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name)) as unknown as Obj;

describe('vigil deploy manifests', () => {
  const values = resolveValues({ cluster: { name: 'prod', platform: 'eks' }, ingress: { enabled: true, host: 'vigil.example.com', tlsSecretName: 'vigil-public-tls', className: 'nginx' } });
  const m = buildManifests(values, ruleset);

  test('every object validates against the Kubernetes schemas, and the YAML parses back to them', () => {
    const kinds = m.objects.map((o) => o.kind);
    assert.deepEqual(kinds, ['Namespace', 'Namespace', 'ServiceAccount', 'ConfigMap', 'PersistentVolumeClaim', 'Deployment', 'Service', 'Ingress', 'NetworkPolicy', 'ServiceAccount', 'ConfigMap', 'DaemonSet', 'NetworkPolicy']);
    for (const o of m.objects) o.validate();
    const docs = parseAllDocuments(toYaml(m.objects)).map((d) => d.toJS() as Obj);
    assert.deepEqual(docs, m.objects.map((o) => JSON.parse(JSON.stringify(o.toJSON()))));
    // The schema check is real: a broken object is refused.
    const broken = new Deployment(JSON.parse(JSON.stringify(find(m.objects, 'Deployment').toJSON())));
    (broken.spec!.template.spec!.containers[0]!.ports![0] as { containerPort: unknown }).containerPort = 'http';
    assert.throws(() => broken.validate(), /containerPort must be integer/);
    // No Secret (and no token) is printed unless asked for.
    assert.ok(!kinds.includes('Secret'));
    assert.equal(m.tokens, null);
    assert.ok(!/vgl_(ingest|admin)_/.test(toYaml(m.objects)));
  });

  test("Vigil's pod: one replica, Recreate, restricted security, limits, heap cap and probes", () => {
    const d = find(m.objects, 'Deployment', 'vigil');
    assert.equal(d.spec.replicas, 1);
    assert.equal(d.spec.strategy.type, 'Recreate');
    const pod = d.spec.template.spec;
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.hostPID, undefined);
    for (const c of [...pod.containers, ...pod.initContainers]) {
      assert.equal(c.securityContext.privileged, false, c.name);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true, c.name);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
      assert.ok(c.resources.limits.memory && c.resources.limits.cpu, `${c.name} has limits`);
    }
    const c = pod.containers[0];
    assert.equal(c.readinessProbe.httpGet.path, '/readyz');
    assert.equal(c.livenessProbe.httpGet.path, '/healthz');
    const heap = Number(/--max-old-space-size=(\d+)/.exec(c.env.find((e: Obj) => e.name === 'NODE_OPTIONS').value)![1]);
    assert.equal(heap, 768); // 3/4 of the 1Gi limit
    const config = (parseAllDocuments(find(m.objects, 'ConfigMap', 'vigil-config').data['config.yaml'])[0]!.toJS()) as Obj;
    assert.ok(160 * 2 ** 20 + 4 * config.ingest.maxInFlightBytes <= heap * 2 ** 20, 'state + 4x in-flight bytes fit the heap');
    assert.equal(config.data, '/var/lib/vigil');
    assert.equal(c.volumeMounts.find((v: Obj) => v.mountPath === '/var/lib/vigil').name, 'data');
    assert.equal(pod.volumes.find((v: Obj) => v.name === 'data').persistentVolumeClaim.claimName, find(m.objects, 'PersistentVolumeClaim').metadata.name);
    assert.deepEqual(pod.initContainers[0].args.slice(0, 2), ['deploy', 'bootstrap']);
    // No RBAC at all: Vigil and Tracee read no Kubernetes API.
    assert.ok(!m.objects.some((o) => /Role/.test(o.kind)));
  });

  test('the NetworkPolicy selects Vigil\'s pods and admits only the API port; Tracee only reaches Vigil', () => {
    const d = find(m.objects, 'Deployment', 'vigil');
    const np = find(m.objects, 'NetworkPolicy', 'vigil');
    assert.equal(np.metadata.namespace, d.metadata.namespace);
    assert.deepEqual(np.spec.podSelector.matchLabels, d.spec.template.metadata.labels);
    assert.deepEqual(np.spec.ingress, [{ ports: [{ port: 8080, protocol: 'TCP' }] }]);
    assert.deepEqual(np.spec.egress, [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }]); // nothing configured: DNS only
    const tnp = find(m.objects, 'NetworkPolicy', 'vigil-tracee');
    assert.deepEqual(tnp.spec.ingress, []);
    assert.deepEqual(tnp.spec.egress[1].to[0].podSelector.matchLabels, d.spec.template.metadata.labels);
    const withSinks = buildManifests(resolveValues({ config: { sinks: [{ type: 'webhook', url: 'https://hooks.example.com:8443/vigil', secret: 'x'.repeat(32) }], cloudwatch: [{ cluster: 'prod', region: 'eu-west-1' }] } }), ruleset);
    const egress = find(withSinks.objects, 'NetworkPolicy', 'vigil').spec.egress;
    assert.deepEqual(egress[1].ports.map((p: Obj) => p.port), [443, 8443]);
  });

  test('Tracee: privileged DaemonSet on every node, the events the rules need, webhook to the Service', async () => {
    const ds = find(m.objects, 'DaemonSet');
    const pod = ds.spec.template.spec;
    assert.equal(pod.hostPID, true);
    assert.deepEqual(pod.tolerations, [{ operator: 'Exists' }]);
    assert.equal(pod.containers[0].securityContext.privileged, true);
    assert.equal(pod.automountServiceAccountToken, false);
    const ns = find(m.objects, 'Namespace', ds.metadata.namespace);
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'privileged');
    assert.equal(find(m.objects, 'Namespace', 'vigil').metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    // Events: every runtime event type a rule or enricher needs has a Tracee event that produces it.
    const policy = parseAllDocuments(find(m.objects, 'ConfigMap', 'vigil-tracee-policy').data['vigil.yaml'])[0]!.toJS() as Obj;
    assert.equal(policy.kind, 'Policy');
    const events = policy.spec.rules.map((r: Obj) => r.event as string);
    assert.deepEqual(events, m.traceeEvents);
    const produced = new Set(events.map((e: string) => (TRACEE_EVENTS[e] === 'file_open' ? 'file_write' : TRACEE_EVENTS[e])));
    for (const t of neededTypes(ruleset)) assert.ok(produced.has(t as never), `a Tracee event produces ${t}`);
    for (const e of ['sched_process_exec', 'net_packet_dns_request', 'security_file_open', 'shared_object_loaded']) assert.ok(events.includes(e), e);
    assert.ok(!events.includes('vfs_write'));
    // The webhook URL names the Service's DNS name and port, and the runtime ingest path.
    const args: string[] = pod.containers[0].args;
    const hook = args[args.indexOf('--output', args.indexOf('--output') + 1) + 1]!;
    const svc = find(m.objects, 'Service', 'vigil');
    const raw = hook.replace(/^webhook:/, '');
    const env = Object.fromEntries(pod.containers[0].env.map((e: Obj) => [e.name, e]));
    assert.equal(env.VIGIL_INGEST_TOKEN.valueFrom.secretKeyRef.key, 'ingest-token');
    assert.equal(env.NODE_NAME.valueFrom.fieldRef.fieldPath, 'spec.nodeName');
    const u = new URL(raw.replace('$(VIGIL_INGEST_TOKEN)', 'T').replace('$(NODE_NAME)', 'n'));
    assert.equal(u.hostname, `${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`);
    assert.equal(Number(u.port), svc.spec.ports[0].port);
    assert.equal(u.pathname, '/ingest/runtime/tracee');

    // Follow the URL as Kubernetes expands it and as Go's client sends it (user info -> Basic auth)
    // to a real Vigil whose store was bootstrapped from the same token.
    const dir = mkdtempSync(join(tmpdir(), 'vigil-deploy-'));
    const vigil = await openVigil(DEFAULT_CONFIG, dir, systemClock);
    const token = 'vgl_ingest_' + 'k'.repeat(40);
    await bootstrap(vigil.store, dir, { cluster: 'prod', platform: 'eks', ingestToken: token, now: Date.now() });
    const app = await buildServer({ store: vigil.store, pipeline: vigil.pipeline, samples: vigil.samples, maxBodyBytes: 1 << 20, onIntelChange: async () => vigil.pipeline.setIntel(await loadIntelIndex(vigil.store)) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    after(async () => {
      await app.close();
      await vigil.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const port = (app.server.address() as { port: number }).port;
    const send = (userinfo: string) => {
      const target = new URL(raw.replace('$(VIGIL_INGEST_TOKEN)', userinfo).replace('$(NODE_NAME)', 'ip-10-0-1-5.ec2.internal'));
      const auth = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
      return new Promise<{ status: number; body: Obj }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: target.pathname + target.search, headers: { 'content-type': 'application/json', authorization: auth } }, (res) => {
          let b = '';
          res.on('data', (d: Buffer) => (b += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(b) as Obj }));
        });
        req.on('error', reject);
        req.end(JSON.stringify(traceeExec('/usr/bin/id', ['id'], IMAGE_CTIME_NS)));
      });
    };
    const ok = await send(token);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.accepted, 1);
    const nodes = await vigil.store.runtimeNodes();
    assert.ok(nodes.some((n) => n.cluster === 'prod' && n.node === 'ip-10-0-1-5.ec2.internal' && n.version === '0.24.1'), JSON.stringify(nodes));
    const bad = await send('vgl_ingest_' + 'x'.repeat(40));
    assert.equal(bad.status, 401);
  });

  test('--generate-secrets: both namespaces get the same ingest token, and the Deployment reads it', () => {
    const g = buildManifests(values, ruleset, { generateSecrets: true });
    const secrets = g.objects.filter((o) => o.kind === 'Secret') as unknown as Obj[];
    assert.equal(secrets.length, 2);
    assert.deepEqual(secrets.map((s) => s.metadata.namespace), ['vigil', 'vigil-sensor']);
    assert.equal(secrets[0]!.stringData['ingest-token'], g.tokens!.ingest);
    assert.equal(secrets[1]!.stringData['ingest-token'], g.tokens!.ingest);
    assert.match(secrets[0]!.stringData['admin-token'], /^vgl_admin_/);
    const tokensVolume = find(g.objects, 'Deployment').spec.template.spec.volumes.find((v: Obj) => v.name === 'tokens');
    assert.equal(tokensVolume.secret.secretName, secrets[0]!.metadata.name);
    assert.ok(new DaemonSet(find(g.objects, 'DaemonSet')).spec);
  });

  test('TLS: HTTPS probes, the certificate mounted, Tracee trusts the CA bundle', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const t = buildManifests(resolveValues({ tls: { secretName: 'vigil-tls', caBundle: pem } }), ruleset);
    const c = find(t.objects, 'Deployment').spec.template.spec.containers[0];
    assert.equal(c.readinessProbe.httpGet.scheme, 'HTTPS');
    const config = parseAllDocuments(find(t.objects, 'ConfigMap', 'vigil-config').data['config.yaml'])[0]!.toJS() as Obj;
    assert.deepEqual(config.tls, { cert: '/etc/vigil/tls/tls.crt', key: '/etc/vigil/tls/tls.key' });
    const tracee = find(t.objects, 'DaemonSet').spec.template.spec.containers[0];
    assert.match(tracee.args.at(-1), /^webhook:https:\/\//);
    assert.equal(tracee.env.find((e: Obj) => e.name === 'SSL_CERT_FILE').value, '/etc/vigil-ca/ca.crt');
    assert.equal(find(t.objects, 'ConfigMap', 'vigil-tracee-policy').data['ca.crt'], pem);
  });

  test('bad values are refused with the key named', () => {
    const bad = (v: unknown, re: RegExp) => assert.throws(() => buildManifests(resolveValues(v), ruleset), re);
    bad({ resources: { limits: { memory: 'lots' } } }, /resources\.limits\.memory "lots" is not a Kubernetes quantity/);
    bad({ resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } } }, /resources\.limits\.memory must be at least 512Mi/);
    bad({ servce: { port: 80 } }, /unknown key servce/);
    bad({ service: { port: 'eighty' } }, /service\.port must be a number/);
    bad({ ingress: { enabled: true } }, /ingress\.host is required/);
    bad({ config: { port: 9000 } }, /config\.port is set by the manifests; use service\.port/);
    bad({ config: { retentionDays: 0 } }, /config: .*retentionDays must be an integer/);
    bad({ config: { ingest: { maxInFlightBytes: 512 * 2 ** 20 } } }, /config\.ingest\.maxInFlightBytes .* does not fit/);
    bad({ tracee: { namespace: 'vigil' } }, /tracee\.namespace must differ/);
    bad({ networkPolicy: { egress: [{ cidr: 'anywhere', ports: [443] }] } }, /networkPolicy\.egress\[0\]/);
  });
});
