// Detector and enricher state under a flood of distinct keys: `distinct` users each create a
// privileged pod with its own image and read a secret (first-seen on images, threshold per user
// and per source address, privileged-pod knowledge), and `distinct` containers each exec their own
// binary and write a file (threshold per container, process tree, container starts and writes).
// Events go through the real Judge (normalize, enrich, every built-in rule, detectors) with the
// state journal drained per batch of 1,000 as the pipeline does; findings are not stored, so the
// memory measured is the state's. Reports RSS (sampled peak and after), entries and evictions,
// and the LRU's own speed against a plain Map.

import { DEFAULT_CONFIG } from '../app/config.js';
import { loadRuleset } from '../app/open.js';
import { systemClock } from '../core/clock.js';
import { Judge, type EventFormat } from '../pipeline/judge.js';
import { BoundedState, StateJournal } from '../detect/state/bounded-state.js';

const T0 = Date.UTC(2026, 5, 1);
const BATCH = 1000;

function ts(ms: number): string {
  return new Date(ms).toISOString();
}

function audit(i: number, t: number, user: string, verb: string, uri: string, ref: Record<string, unknown>, code: number, ip: string): Record<string, unknown> {
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Request', auditID: `bench-${i}-${verb}-${code}`, stage: 'ResponseComplete', requestURI: uri, verb,
    user: { username: user, groups: ['developers', 'system:authenticated'] }, sourceIPs: [ip], userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/3968350',
    objectRef: ref, responseStatus: { metadata: {}, code }, requestReceivedTimestamp: ts(t), stageTimestamp: ts(t + 20),
    annotations: { 'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': '' },
  };
}

function podCreate(i: number, t: number): Record<string, unknown> {
  const ns = `team-${i % 1000}`;
  const name = `job-${i}`;
  const e = audit(i, t, `arn:aws:sts::111122223333:assumed-role/dev/user-${i}`, 'create', `/api/v1/namespaces/${ns}/pods`, { resource: 'pods', namespace: ns, name, apiVersion: 'v1' }, 201, ip(i));
  e.requestObject = {
    kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: ns },
    spec: { containers: [{ name: 'main', image: `registry.example/team-${i % 1000}/tool-${i}:1.0.${i}`, securityContext: { privileged: true } }] },
  };
  return e;
}

function secretGet(i: number, t: number): Record<string, unknown> {
  const ns = `team-${i % 1000}`;
  const code = i % 2 === 0 ? 200 : 403;
  return audit(i, t, `arn:aws:sts::111122223333:assumed-role/dev/user-${i}`, 'get', `/api/v1/namespaces/${ns}/secrets/s-${i}`, { resource: 'secrets', namespace: ns, name: `s-${i}`, apiVersion: 'v1' }, code, ip(i));
}

function ip(i: number): string {
  return `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
}

function tracee(i: number, t: number, eventName: string, exe: string, args: { name: string; type: string; value: unknown }[]): Record<string, unknown> {
  const cid = (0x10000000 + i).toString(16).padStart(16, '0').repeat(4);
  const ns = t * 1_000_000 + (i % 1000);
  return {
    timestamp: ns, threadStartTime: ns - 5_000_000, processorId: 1, processId: 42, threadId: 42, parentProcessId: 7, hostProcessId: 30_000 + (i % 30_000),
    hostThreadId: 30_000 + (i % 30_000), hostParentProcessId: 29_999, userId: 0, processName: exe.split('/').pop(), executable: { path: exe }, hostName: `pod-${i}`,
    containerId: cid, container: { id: cid, name: 'main', image: `registry.example/tool-${i}:1.0`, imageDigest: '' },
    kubernetes: { podName: `job-${i}`, podNamespace: `team-${i % 1000}`, podUID: `uid-${i}` }, eventId: '0', eventName, matchedPolicies: ['default'],
    argsNum: args.length, returnValue: 0, contextFlags: { containerStarted: true, isCompat: false }, processEntityId: 1_000_000_000 + i, parentEntityId: 999, args,
  };
}

function exec(i: number, t: number): Record<string, unknown> {
  const path = `/opt/tool-${i}/bin/whoami`;
  return tracee(i, t, 'sched_process_exec', path, [
    { name: 'cmdpath', type: 'string', value: path }, { name: 'pathname', type: 'string', value: path }, { name: 'ctime', type: 'uint64', value: 1_700_000_000_000_000_000 },
    { name: 'argv', type: '[]string', value: ['whoami'] }, { name: 'prev_comm', type: 'string', value: 'sh' }, { name: 'pwd', type: 'string', value: '/' },
  ]);
}

function write(i: number, t: number): Record<string, unknown> {
  return tracee(i, t, 'magic_write', '/usr/bin/curl', [{ name: 'pathname', type: 'string', value: `/tmp/tool-${i}` }, { name: 'bytes', type: 'bytes', value: 'f0VMRgIBAQA=' }]);
}

/**
 * BoundedState at its cap (every set evicts) against a plain Map of the same keys without any
 * bound or journal: the cost of the LRU order, the byte count and the journal.
 */
function lruChurn(sets = 1_000_000, cap = 100_000): Record<string, number> {
  const keys = Array.from({ length: sets }, (_, i) => `bench\u0000user-${i}`);
  let t = performance.now();
  const m = new Map<string, string>();
  for (const k of keys) m.set(k, '1780272000000');
  const mapSec = (performance.now() - t) / 1000;
  m.clear();
  const j = new StateJournal();
  const s = new BoundedState('bench', cap, j);
  t = performance.now();
  for (let i = 0; i < keys.length; i++) {
    s.set(keys[i]!, '1780272000000');
    if (i % 1000 === 999) j.drain();
  }
  const lruSec = (performance.now() - t) / 1000;
  return { lruSetsPerSec: Math.round(sets / lruSec), mapSetsPerSecBaseline: Math.round(sets / mapSec), lruRatioToMap: +(mapSec / lruSec).toFixed(3), lruEvictions: s.evictions };
}

export async function benchState(distinct = 1_000_000): Promise<Record<string, unknown>> {
  const churn = lruChurn();
  globalThis.gc?.();
  const judge = new Judge(loadRuleset(DEFAULT_CONFIG.rules), systemClock);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 100);
  let events = 0;
  let fired = 0;
  let rejected = 0;
  let skipped = 0;
  const run = (raw: unknown, format: EventFormat) => {
    const j = judge.judge(raw, 'bench', format);
    events++;
    if (j.status === 'rejected') rejected++;
    else if (j.status === 'skipped') skipped++;
    else fired += j.detect().length;
  };
  const t = performance.now();
  for (let b = 0; b < distinct; b += BATCH) {
    for (let i = b; i < Math.min(distinct, b + BATCH); i++) {
      const ms = T0 + i * 10;
      run(podCreate(i, ms), 'k8s-audit');
      run(secretGet(i, ms + 1), 'k8s-audit');
    }
    judge.journal.drain();
    for (let i = b; i < Math.min(distinct, b + BATCH); i++) {
      const ms = T0 + i * 10;
      run(exec(i, ms + 2), 'tracee');
      run(write(i, ms + 3), 'tracee');
    }
    judge.journal.drain();
    // Let the sampler run.
    if ((b / BATCH) % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  const sec = (performance.now() - t) / 1000;
  clearInterval(sampler);
  sample();
  const states = judge.states();
  const entries = states.reduce((n, s) => n + s.size, 0);
  const evictions = states.reduce((n, s) => n + s.evictions, 0);
  const out: Record<string, unknown> = {
    name: 'detector-state',
    distinct,
    events,
    rejected,
    skipped,
    rulesFired: fired,
    eventsPerSec: Math.round(events / sec),
    stateComponents: states.length,
    stateEntries: entries,
    stateCapacity: states.reduce((n, s) => n + s.capacity, 0),
    stateEstimatedMB: +(states.reduce((n, s) => n + s.bytes, 0) / 1024 / 1024).toFixed(1),
    evictions,
    rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
    peakRssMB: Math.round(peakRss / 1024 / 1024),
  };
  for (const s of states) {
    if (s.size === 0 && s.evictions === 0) continue;
    out[`entries:${s.component}`] = s.size;
    out[`evictions:${s.component}`] = s.evictions;
  }
  globalThis.gc?.();
  const after = process.memoryUsage();
  out.rssAfterMB = Math.round(after.rss / 1024 / 1024);
  out.heapUsedAfterMB = Math.round(after.heapUsed / 1024 / 1024);
  return { ...out, ...churn };
}
