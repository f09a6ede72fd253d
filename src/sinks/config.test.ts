import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fakeClock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../lib/package-root.js';
import { EventBridgeSink } from './eventbridge/sink.js';
import { JsonlFileSink } from './jsonl-file/sink.js';
import { buildSinkSpecs, loadSinks, parseSinks } from './registry.js';
import { SlackSink } from './slack/sink.js';
import { SyslogSink } from './syslog/sink.js';
import { auditFinding } from './testing/findings.js';
import { WebhookSink } from './webhook/sink.js';

const env = { HOOK_SECRET: 's3cret', SLACK_URL: 'https://hooks.slack.com/services/T0/B0/x' };

const GOOD = `
- type: webhook
  name: soc
  url: https://soc.example.com/vigil
  secretEnv: HOOK_SECRET
  mode: per-finding
  headers: { Authorization: Bearer abc }
  minSeverity: medium
  types: ["Execution:*", "PrivilegeEscalation:Kubernetes/PrivilegedContainer"]
  clusters: [prod]
  cadence: ONE_HOUR
  batch: { maxSize: 50, maxDelay: 2s, queueSize: 5000 }
  retry: { maxAttempts: 8, initialBackoff: 500ms, maxBackoff: 5m }
- type: slack
  name: slack-alerts
  webhookUrlEnv: SLACK_URL
  minSeverity: high
- type: eventbridge
  name: eb-file
  file: /var/lib/vigil/events.jsonl
- type: jsonl-file
  name: archive
  path: /var/lib/vigil/findings.jsonl
- type: syslog
  name: siem
  transport: tcp
  host: siem.internal
  port: 6514
  facility: authpriv
`;

test('a valid section: options typed, defaults filled, secrets resolved, routing and lane settings read', () => {
  const { sinks, problems } = parseSinks(parse(GOOD), { env });
  assert.deepEqual(problems, []);
  assert.deepEqual(sinks.map((s) => [s.type, s.name]), [['webhook', 'soc'], ['slack', 'slack-alerts'], ['eventbridge', 'eb-file'], ['jsonl-file', 'archive'], ['syslog', 'siem']]);
  const [hook, slack, , , syslog] = sinks;
  assert.deepEqual(hook?.options, { url: 'https://soc.example.com/vigil', secret: 's3cret', mode: 'per-finding', headers: { Authorization: 'Bearer abc' }, timeout: 10_000 });
  assert.deepEqual(hook?.route, { minSeverity: 'medium', types: ['Execution:*', 'PrivilegeEscalation:Kubernetes/PrivilegedContainer'], clusters: ['prod'] });
  assert.deepEqual(hook?.lane, { cadence: 'ONE_HOUR', maxBatchSize: 50, maxDelayMs: 2000, maxQueueSize: 5000, retry: { maxAttempts: 8, initialBackoffMs: 500, maxBackoffMs: 300_000 } });
  assert.equal(slack?.options.webhookUrl, env.SLACK_URL);
  assert.deepEqual(slack?.lane, { cadence: 'SIX_HOURS', maxBatchSize: 10 });
  assert.deepEqual(syslog?.options, { transport: 'tcp', host: 'siem.internal', port: 6514, facility: 10, format: 'json', appName: 'vigil', sdId: 'vigil@32473', timeout: 10_000 });
});

test('a missing or empty section is no sinks; a non-list is one problem', () => {
  assert.deepEqual(parseSinks(undefined), { sinks: [], problems: [] });
  assert.deepEqual(parseSinks([]), { sinks: [], problems: [] });
  assert.deepEqual(parseSinks({ type: 'slack' }).problems, [{ path: 'sinks', message: 'must be a list of sinks' }]);
});

test('every problem is reported, each with its path', () => {
  const raw = parse(`
- type: webhook
  name: soc
  url: ftp://x
  secretEnv: MISSING_VAR
  headers: { X-Vigil-Signature: forged }
  colour: blue
- type: webhook
  name: soc
  url: https://ok.example.com
- type: pager
  name: p
- name: "bad name!"
  type: slack
  webhookUrl: not a url
  minSeverity: severe
  types: ["Exec*ution"]
  cadence: HOURLY
  batch: { maxDelay: soon, size: 3 }
  retry: { maxAttempts: 0, initialBackoff: 10m, maxBackoff: 1m }
- type: syslog
  name: s
  facility: local9
  port: 70000
  sdId: 'bad id'
- type: eventbridge
  name: eb
  url: https://a.example.com
  file: /tmp/x
- 42
`);
  const { sinks, problems } = parseSinks(raw, { env: {} });
  assert.deepEqual(sinks, []);
  const got = problems.map((p) => `${p.path}: ${p.message}`);
  for (const want of [
    'sinks[0].colour: unknown key',
    'sinks[0].url: must be an http or https URL',
    'sinks[0].secretEnv: environment variable MISSING_VAR is not set or empty',
    'sinks[0].headers: header X-Vigil-Signature is set by Vigil and cannot be configured',
    'sinks[1].name: another sink is already named soc',
    'sinks[1].secret: is required (or secretEnv / secretFile)',
    'sinks[2].type: must be one of webhook, slack, eventbridge, jsonl-file, syslog',
    'sinks[3].name: must be 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit',
    'sinks[3].minSeverity: must be a number from 0 to 10 or one of low, medium, high, critical',
    'sinks[3].types[0]: may contain * only at the end',
    'sinks[3].cadence: must be one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS',
    'sinks[3].batch.size: unknown key',
    'sinks[3].batch.maxDelay: must be a duration such as 500ms, 10s or 5m',
    'sinks[3].retry.maxAttempts: must be an integer from 1 to 100',
    'sinks[3].retry.initialBackoff: must not exceed maxBackoff',
    'sinks[4].facility: must be 0-23 or one of kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, security, console, clock, local0, local1, local2, local3, local4, local5, local6, local7',
    'sinks[4].port: must be an integer from 1 to 65535',
    'sinks[4].sdId: must be an RFC 5424 SD-ID (1-32 printable ASCII characters, no = ] " or space), e.g. vigil@32473',
    'sinks[5].url: give exactly one of url or file',
    'sinks[6]: must be a mapping with type and name',
  ]) assert.ok(got.includes(want), `missing problem ${want}\n${got.join('\n')}`);
});

test('secrets: inline, from the environment, or from a file; only one way at a time', () => {
  const read = (p: string) => (p === '/run/secrets/hook' ? 'from-file\n' : (() => { throw new Error('ENOENT'); })());
  const one = (extra: Record<string, unknown>) => parseSinks([{ type: 'webhook', name: 'w', url: 'http://127.0.0.1:1/', ...extra }], { env, readFile: read });
  assert.equal(one({ secret: 'inline' }).sinks[0]?.options.secret, 'inline');
  assert.equal(one({ secretEnv: 'HOOK_SECRET' }).sinks[0]?.options.secret, 's3cret');
  assert.equal(one({ secretFile: '/run/secrets/hook' }).sinks[0]?.options.secret, 'from-file');
  assert.match(one({ secretFile: '/nope' }).problems[0]?.message ?? '', /cannot read \/nope: ENOENT/);
  assert.deepEqual(one({ secret: 'a', secretEnv: 'HOOK_SECRET' }).problems, [{ path: 'sinks[0].secret', message: 'give only one of secret, secretEnv' }]);
});

test('the registry builds each type, applies routing, and loadSinks throws every problem at once', () => {
  const { sinks } = parseSinks(parse(GOOD), { env });
  const specs = buildSinkSpecs(sinks, { clock: fakeClock() });
  assert.deepEqual(specs.map((s) => s.sink.constructor), [WebhookSink, SlackSink, EventBridgeSink, JsonlFileSink, SyslogSink]);
  assert.deepEqual(specs.map((s) => s.sink.name), ['soc', 'slack-alerts', 'eb-file', 'archive', 'siem']);
  assert.equal(specs[0]?.route?.(auditFinding({ cluster: 'prod', severity: 5 })), true);
  assert.equal(specs[0]?.route?.(auditFinding({ cluster: 'dev', severity: 5 })), false);
  assert.throws(() => loadSinks([{ type: 'x' }, { type: 'slack', name: 'a' }], { clock: fakeClock() }), (e: unknown) => {
    assert.ok(e instanceof VigilError);
    assert.equal(e.code, 'VIGIL_CONFIG');
    assert.match(e.message, /sinks\[0\]\.type must be one of .*; sinks\[0\]\.name must be .*; sinks\[1\]\.webhookUrl is required/);
    return true;
  });
});

test('every YAML example in docs/sinks.md is a valid sinks section', () => {
  const doc = readFileSync(join(PACKAGE_ROOT, 'docs', 'sinks.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  assert.ok(blocks.length >= 5);
  for (const b of blocks) {
    const raw = (parse(b) as { sinks?: unknown }).sinks;
    const { problems } = parseSinks(raw, { env: new Proxy({}, { get: () => 'https://secret.example.com/x' }), readFile: () => 'https://secret.example.com/x' });
    assert.deepEqual(problems, [], b);
  }
});
