import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditFinding, hostileFinding, runtimeFinding } from '../testing/findings.js';
import { escapeSlack, renderSlackMessage } from './render.js';

/** Every mrkdwn text in a message (the fallback text included). */
function texts(m: ReturnType<typeof renderSlackMessage>): string[] {
  const out = [m.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(m.blocks);
  return out;
}

test('escapeSlack escapes &, < and > (and only those)', () => {
  assert.equal(escapeSlack('<script>alert("x")</script> & co'), '&lt;script&gt;alert("x")&lt;/script&gt; &amp; co');
  assert.equal(escapeSlack('&amp;'), '&amp;amp;');
  assert.equal(escapeSlack('a<b>c', 6), 'a&lt;…', 'never cuts inside an entity');
  assert.equal(escapeSlack('a<b>c', 5), 'a…');
  assert.ok(escapeSlack('<'.repeat(100), 50).length <= 50);
});

test('attacker-controlled strings cannot inject markup, links or mentions', () => {
  const m = renderSlackMessage([hostileFinding()]);
  for (const t of texts(m)) {
    assert.doesNotMatch(t, /[<>]/, t);
    assert.doesNotMatch(t, /&(?!amp;|lt;|gt;)/, t);
  }
  const all = texts(m).join('\n');
  assert.match(all, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &lt;!channel&gt;/);
  // Identifiers are code spans; a backtick inside cannot end one.
  assert.match(all, /\*User\*\n`evil&lt;script&gt;[^`]*`/);
  assert.equal(m.unfurl_links, false);
  assert.equal(m.unfurl_media, false);
});

test('an audit finding reads: severity, type, title, cluster, namespace/workload, user, first/last seen, count', () => {
  const f = auditFinding({ severity: 8, count: 4 });
  const all = texts(renderSlackMessage([f])).join('\n');
  for (const want of ['HIGH 8', '`Execution:Kubernetes/ExecInKubeSystemPod`', f.title, '`eks-workshop`', '`kube-system` / `pods/nginx`',
    '*User*\n`arn:aws:sts::123456789012:assumed-role/workshop-admin/i-0abc123`', '*First seen*\n2026-08-10T09:13:41.000Z', '*Last seen*', '*Count*\n4', f.id]) {
    assert.ok(all.includes(want), `missing ${want}`);
  }
  assert.match(renderSlackMessage([f]).text, /^HIGH Execution:Kubernetes\/ExecInKubeSystemPod in eks-workshop$/);
});

test('a runtime finding shows the process instead of a user', () => {
  const all = texts(renderSlackMessage([runtimeFinding()])).join('\n');
  assert.ok(all.includes('*Process*\n`curl (/usr/bin/curl)`'));
  assert.ok(!all.includes('*User*'));
  assert.ok(all.includes('`other` / `pods/crypto`'));
});

test('limits: at most 50 blocks per message and 3000 characters per text', () => {
  const fs = Array.from({ length: 10 }, () => hostileFinding());
  for (const f of fs) f.description = '&<>'.repeat(2000);
  const m = renderSlackMessage(fs);
  assert.ok(m.blocks.length <= 50);
  for (const t of texts(m)) assert.ok(t.length <= 3000, `text of ${t.length} characters`);
  assert.match(m.text, /\(\+9 more\)$/);
});
