import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../core/finding.js';
import { runSinkConformance } from '../sink.conformance.js';
import { auditFinding, hostileFinding } from '../testing/findings.js';
import { closedPort, deframe, tcpSyslogReceiver, udpSyslogReceiver, waitForItems, type SyslogReceiver } from '../testing/receivers.js';
import { DEFAULT_SD_ID, FACILITIES } from './render.js';
import { SyslogSink, type SyslogSinkOptions } from './sink.js';
import { parse5424 } from '../testing/parse-5424.js';

const base = { name: 'syslog', host: '127.0.0.1', facility: FACILITIES.local0, hostname: 'vigil-0', appName: 'vigil', procId: '1', sdId: DEFAULT_SD_ID, format: 'json' as const, timeoutMs: 1000 };
const sinkOn = (transport: 'udp' | 'tcp', port: number, o: Partial<SyslogSinkOptions> = {}) => new SyslogSink({ ...base, transport, port, ...o });
const ids = (r: SyslogReceiver) => r.messages.map((m) => (JSON.parse(parse5424(m).msg) as Finding).id);

for (const transport of ['udp', 'tcp'] as const) {
  const receiver = transport === 'udp' ? udpSyslogReceiver : tcpSyslogReceiver;
  runSinkConformance(`syslog (${transport})`, {
    start: async () => {
      const r = await receiver();
      return { sink: sinkOn(transport, r.port), delivered: (n) => waitForItems(() => ids(r), n), stop: () => r.close() };
    },
    render: (fs) => sinkOn(transport, 514).render(fs).join('\n'),
    failures: [
      {
        name: 'an unreachable receiver',
        retryable: true,
        // UDP learns of a closed port from an ICMP error after the first datagram.
        sendsBeforeFailure: transport === 'udp' ? 1 : 0,
        start: async () => ({ sink: sinkOn(transport, await closedPort()), stop: async () => undefined }),
      },
    ],
  });
}

test('TCP frames use octet counting and one connection carries many batches', async () => {
  const r = await tcpSyslogReceiver();
  const sink = sinkOn('tcp', r.port);
  try {
    const fs = [hostileFinding(), auditFinding(), auditFinding()];
    assert.deepEqual(await sink.send(fs.slice(0, 1)), { ok: true });
    assert.deepEqual(await sink.send(fs.slice(1)), { ok: true });
    assert.deepEqual(await waitForItems(() => ids(r), 3), fs.map((f) => f.id));
    assert.equal(r.connections, 1);
    const out: string[] = [];
    const frame = Buffer.from(`${Buffer.byteLength('é x')} é x5 hello`);
    assert.equal(deframe(frame, out).length, 0);
    assert.deepEqual(out, ['é x', 'hello']);
  } finally {
    await sink.close();
    await r.close();
  }
});

test('TCP reports a lost receiver as retryable and connects again on a later send', async () => {
  const r = await tcpSyslogReceiver();
  const port = r.port;
  const sink = sinkOn('tcp', port);
  try {
    assert.deepEqual(await sink.send([auditFinding()]), { ok: true });
    await r.waitFor(1);
    await r.close();
    let res = await sink.send([auditFinding()]);
    for (let i = 0; i < 20 && res.ok; i++) {
      await new Promise((t) => setTimeout(t, 10));
      res = await sink.send([auditFinding()]);
    }
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.retryable, true);
    const r2 = await tcpSyslogReceiver(port);
    try {
      const f = auditFinding();
      assert.deepEqual(await sink.send([f]), { ok: true });
      assert.deepEqual(await waitForItems(() => ids(r2), 1), [f.id]);
    } finally {
      await sink.close();
      await r2.close();
    }
  } finally {
    await sink.close();
  }
});

test('an oversized UDP message falls back to the text form', async () => {
  const r = await udpSyslogReceiver();
  const sink = sinkOn('udp', r.port, { maxDatagramBytes: 1500 });
  try {
    const f = auditFinding();
    f.description = 'x'.repeat(4000);
    assert.deepEqual(await sink.send([f]), { ok: true });
    const [m] = await r.waitFor(1);
    const p = parse5424(m as string);
    assert.match(p.msg, /^MEDIUM Execution:Kubernetes\/ExecInKubeSystemPod /);
    assert.equal(p.elements[0]?.params.id, f.id);
  } finally {
    await sink.close();
    await r.close();
  }
});
