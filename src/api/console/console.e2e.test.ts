// The web console end to end: a real `vigil serve` seeded with the EKS workshop (audit webhook +
// Tracee runtime webhook) and a finding full of HTML/script payloads, driven by headless Chromium
// (Debian's /usr/bin/chromium through playwright-core). Screenshots go to test-artifacts/console/.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../app/paths.js';
import type { Finding } from '../../core/finding.js';
import { auditEvent, privilegedPodEvent } from '../../testing/audit-events.js';
import { FIXTURES, freePort, runVigil, startServe, waitForExit } from '../../testing/cli.js';
import { CONSOLE_DIR } from './static.js';

const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(PACKAGE_ROOT, 'test-artifacts', 'console');
const WORKSHOP_TYPES = [
  ...Object.keys(JSON.parse(readFileSync(join(FIXTURES, 'audit', 'workshop.expected.json'), 'utf8')) as Record<string, number>),
  'Execution:Runtime/NewBinaryExecuted',
  'Execution:Runtime/NewLibraryLoaded',
  'DefenseEvasion:Runtime/FilelessExecution',
  'CryptoCurrency:Runtime/BitcoinTool.B!DNS',
].filter((t) => t.includes('/'));
const GUARDDUTY_WORKSHOP = [
  'Execution:Kubernetes/ExecInKubeSystemPod',
  'Discovery:Kubernetes/SuccessfulAnonymousAccess',
  'Impact:Kubernetes/SuccessfulAnonymousAccess',
  'Policy:Kubernetes/AnonymousAccessGranted',
  'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
  'Policy:Kubernetes/ExposedDashboard',
  'PrivilegeEscalation:Kubernetes/PrivilegedContainer',
  'Persistence:Kubernetes/ContainerWithSensitiveMount',
  'Execution:Runtime/NewBinaryExecuted',
  'Execution:Runtime/NewLibraryLoaded',
  'DefenseEvasion:Runtime/FilelessExecution',
  'CryptoCurrency:Runtime/BitcoinTool.B!DNS',
];
const XSS_IMG = '<img src=x onerror="window.__xss=1">';
const XSS_SCRIPT = '<script>window.__xss=2</script>';
const PRIVILEGED = 'PrivilegeEscalation:Kubernetes/PrivilegedContainer';

const canRun = existsSync(CHROMIUM) && existsSync(join(CONSOLE_DIR, 'index.html'));
const why = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : 'dist/console is not built (npm run build)';

function jsonl(file: string): unknown[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
}

/** An exec into a kube-system pod whose user, user agent and pod name are HTML and script. */
function hostileEvent(): Record<string, unknown> {
  const pod = `evil-${XSS_IMG}`;
  return auditEvent({
    level: 'Request',
    verb: 'create',
    requestURI: `/api/v1/namespaces/kube-system/pods/${encodeURIComponent(pod)}/exec?command=id&container=c&stdout=true`,
    user: { username: `mallory${XSS_IMG}${XSS_SCRIPT}`, uid: 'u-1', groups: ['system:authenticated', XSS_SCRIPT] },
    userAgent: `curl/8 ${XSS_SCRIPT}${XSS_IMG}`,
    sourceIPs: ['198.51.100.7'],
    objectRef: { resource: 'pods', namespace: 'kube-system', name: pod, subresource: 'exec', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 101 },
  });
}

describe('web console in headless Chromium', { skip: canRun ? false : why }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-console-'));
  let child: ChildProcess | undefined;
  let logs = () => '';
  let base = '';
  let ingest = '';
  let admin = '';
  let viewer = '';
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const shots: string[] = [];
  const started = Date.now();

  const shot = async (t: TestContext, name: string) => {
    const file = join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    shots.push(file);
    t.diagnostic(`screenshot ${file}`);
  };
  const api = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(r.status, 200, path);
    return (await r.json()) as T;
  };
  const postAudit = async (items: unknown[]) => {
    const r = await fetch(`${base}/ingest/k8s-audit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingest}` },
      body: JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items }),
    });
    assert.equal(r.status, 200, await r.text());
  };
  const rowTypes = async () => page.locator('[data-testid=finding-row] td.type').evaluateAll((tds) => tds.map((td) => td.getAttribute('title') ?? ''));
  const hash = () => new URL(page.url()).hash;
  /** The row types once they equal `want` (the table reloads after each filter change), else the last seen. */
  const rowTypesSettled = async (want: string[], timeout = 10_000) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const got = await rowTypes();
      if (JSON.stringify(got) === JSON.stringify(want) || Date.now() > deadline) return got;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** Waits until the number of elements matching sel satisfies cmp (e.g. '=== 1'), in the page. */
  // (Polled from here: the page's CSP forbids the string evaluation waitForFunction would use.)
  const waitCount = async (sel: string, cmp: string, timeout = 10_000) => {
    const [op, n] = [cmp.split(' ')[0], Number(cmp.split(' ')[1])];
    const deadline = Date.now() + timeout;
    for (;;) {
      const c = await page.locator(sel).count();
      if (op === '===' ? c === n : c > n) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${sel} count ${cmp} (now ${c})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const add = await runVigil(['clusters', 'add', 'eks-workshop', '--platform', 'eks', '--data', dir]);
    assert.equal(add.code, 0, add.stderr);
    ingest = add.stdout.trim().split('\n').at(-1) ?? '';
    const mint = async (role: string) => {
      const t = await runVigil(['tokens', 'create', '--role', role, '--data', dir, '--json']);
      assert.equal(t.code, 0, t.stderr);
      return (JSON.parse(t.stdout) as { token: string }).token;
    };
    admin = await mint('admin');
    viewer = await mint('viewer');
    const port = await freePort();
    const s = await startServe(['--data', dir, '--log-level', 'warn'], port);
    child = s.child;
    logs = s.logs;
    base = `http://127.0.0.1:${port}`;
    const items = jsonl(join(FIXTURES, 'audit', 'workshop.jsonl'));
    for (let i = 0; i < items.length; i += 100) await postAudit(items.slice(i, i + 100));
    const rt = await fetch(`${base}/ingest/runtime/tracee?node=ip-10-0-12-34.us-west-2.compute.internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ingest}` },
      body: readFileSync(join(FIXTURES, 'runtime', 'tracee-workshop.jsonl')),
    });
    assert.equal(rt.status, 200, await rt.text());
    await postAudit([hostileEvent()]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('dialog', (d) => void d.accept());
  });

  after(async () => {
    await browser?.close();
    if (child) {
      child.kill('SIGTERM');
      await waitForExit(child).catch(() => child?.kill('SIGKILL'));
    }
    rmSync(dir, { recursive: true, force: true });
    if (shots.length) process.stdout.write(`console screenshots (${shots.length}) in ${SHOTS}:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
  });

  test('the console is served at / with a strict CSP and no auth; the API still needs a token', async () => {
    const r = await fetch(`${base}/`);
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy') ?? '';
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]) {
      assert.ok(csp.includes(d), `CSP has ${d}: ${csp}`);
    }
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const html = await r.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in index.html');
    assert.doesNotMatch(html, /\sstyle=/, 'no inline style attribute in index.html');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    const a = await fetch(`${base}${asset}`);
    assert.equal(a.status, 200);
    assert.match(a.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
    assert.match(a.headers.get('content-type') ?? '', /javascript/);
    assert.equal((await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status, 404);
    assert.equal((await fetch(`${base}/api/v1/findings`)).status, 401, 'the API stays authenticated');
    const who = await api<{ role: string; kind: string }>('/whoami');
    assert.deepEqual([who.role, who.kind], ['admin', 'api']);
    const types = await api<{ findingTypes: { type: string; description: string }[] }>('/finding-types');
    assert.ok(types.findingTypes.find((t) => t.type === PRIVILEGED)?.description, 'types are described');
  });

  test('sign in, the twelve workshop findings, filters with chips in the URL', async (t) => {
    await page.goto(`${base}/`);
    await page.getByLabel('API token').fill('vgl_wrong');
    await page.getByTestId('sign-in').click();
    await page.getByText('That token was refused').waitFor();
    await shot(t, '01-sign-in');
    await page.getByLabel('API token').fill(admin);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('finding-row').first().waitFor();
    assert.equal(await page.getByTestId('role').textContent(), 'admin');
    assert.ok(!page.url().includes(admin), 'the token is never in the URL');
    assert.equal(await page.evaluate<boolean>("!Object.values(window.localStorage).some((v) => String(v).startsWith('vgl_'))"), true, 'nor in localStorage');
    const types = await rowTypes();
    for (const type of GUARDDUTY_WORKSHOP) assert.ok(types.includes(type), `the table lists ${type}`);
    assert.ok(WORKSHOP_TYPES.length >= 6);
    await page.getByTestId('live-indicator').getByText('Live').waitFor();
    await shot(t, '02-findings');

    await page.getByTestId('filter-field').selectOption('types');
    await page.getByTestId('filter-value').fill(PRIVILEGED);
    await page.getByTestId('filter-add').click();
    await waitCount('[data-testid=finding-row]', '=== 1');
    assert.deepEqual(await rowTypesSettled([PRIVILEGED]), [PRIVILEGED]);
    await page.getByTestId('filter-field').selectOption('severities');
    await page.getByTestId('filter-value').fill('medium');
    await page.getByTestId('filter-add').click();
    await waitCount('[data-testid=chip]', '=== 2');
    const chips = await page.getByTestId('chip').allTextContents();
    assert.ok(chips.some((c) => c.includes(PRIVILEGED)) && chips.some((c) => c.includes('medium')), chips.join(' | '));
    const q = new URLSearchParams(hash().split('?')[1] ?? '');
    assert.equal(q.get('type'), PRIVILEGED);
    assert.equal(q.get('severity'), 'medium');
    assert.deepEqual(await rowTypesSettled([PRIVILEGED]), [PRIVILEGED]);
    await shot(t, '03-filtered');
  });

  test('the detail panel of the privileged container, then archive it into the archived view', async (t) => {
    await page.getByTestId('finding-row').first().click();
    const panel = page.getByTestId('detail-panel');
    await panel.getByTestId('detail-type').waitFor();
    assert.equal(await panel.getByTestId('detail-type').textContent(), PRIVILEGED);
    const id = (await panel.locator('.detail').getAttribute('data-finding-id')) ?? '';
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.ok(hash().startsWith(`#/findings/${id}`), 'the open finding is a deep link');
    const text = (await panel.textContent()) ?? '';
    for (const expected of ['eks-workshop', 'default', 'pods/ubuntu-privileged', 'ubuntu', 'arn:aws:sts::111122223333:assumed-role/eks-admin/alice', 'Privilegedyes', '/etc']) {
      assert.ok(text.includes(expected), `panel shows ${expected}`);
    }
    assert.equal(await panel.getByTestId('action-verb').textContent(), 'create');
    assert.match((await panel.getByTestId('type-explained').textContent()) ?? '', /What this means: .+/);
    await shot(t, '04-detail');

    await panel.getByTestId('suppress').click();
    await panel.getByTestId('suppress-form').waitFor();
    assert.match((await panel.getByTestId('suppress-form').textContent()) ?? '', /Finding type: PrivilegeEscalation:Kubernetes\/PrivilegedContainer/);
    await shot(t, '05-suppression-form');
    await panel.getByTestId('suppress').click();

    await panel.getByTestId('investigate').click();
    await page.getByTestId('investigate').waitFor();
    // The investigation API is there: the timeline, never the "not available" state.
    await page.getByTestId('timeline').waitFor();
    assert.equal(await page.getByTestId('not-available').count(), 0);
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    assert.match(timeline, /Execution:Kubernetes\/ExecInKubeSystemPod/, "the actor's other findings are on the timeline");
    assert.match(timeline, /create pods\/exec kube-system\/\S+ 101/, 'and the archived audit events around the finding');
    await shot(t, '06-investigation');
    await page.goBack();
    await page.getByTestId('detail-panel').getByTestId('archive').click();
    await page.getByTestId('notices').getByText('Finding archived.').waitFor();
    await page.getByTestId('detail-panel').getByTestId('unarchive').waitFor();
    await waitCount('[data-testid=finding-row]', '=== 0');
    await page.getByTestId('view-archived').click();
    await page.locator(`[data-finding-id="${id}"][data-testid=finding-row]`).waitFor();
    assert.match(hash(), /archived=true/);
    await shot(t, '07-archived');
    const archived = await api<{ findings: Finding[] }>('/findings?archived=true');
    assert.ok(archived.findings.some((f) => f.id === id));
  });

  test('keyboard: j/k and arrows move, Enter opens, Escape closes', async () => {
    await page.goto(`${base}/#/findings`);
    await page.getByTestId('finding-row').nth(2).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k');
    const second = page.getByTestId('finding-row').nth(1);
    assert.equal(await second.getAttribute('aria-selected'), 'true');
    const id = await second.getAttribute('data-finding-id');
    await page.keyboard.press('Enter');
    await page.locator(`.detail[data-finding-id="${id}"]`).waitFor();
    assert.ok(hash().startsWith(`#/findings/${id}`));
    await page.keyboard.press('Escape');
    await page.getByTestId('detail-panel').waitFor({ state: 'detached' });
    assert.equal(hash(), '#/findings');
  });

  test('attacker-controlled strings are shown as text and never run', async (t) => {
    const all = await api<{ findings: Finding[] }>('/findings?limit=100');
    const hostile = all.findings.find((f) => f.resource.kubernetesDetails.kubernetesUserDetails?.username.includes('<img'));
    assert.ok(hostile, 'the hostile event raised a finding');
    await page.goto(`${base}/#/findings/${hostile.id}`);
    const panel = page.getByTestId('detail-panel');
    await panel.getByTestId('actor-user').waitFor();
    assert.equal(await panel.getByTestId('actor-user').textContent(), `mallory${XSS_IMG}${XSS_SCRIPT}`);
    assert.equal(await panel.getByTestId('user-agent').textContent(), `curl/8 ${XSS_SCRIPT}${XSS_IMG}`);
    assert.ok(((await panel.textContent()) ?? '').includes(`evil-${XSS_IMG}`), 'the pod name shows literally');
    const row = page.locator(`[data-finding-id="${hostile.id}"][data-testid=finding-row]`);
    if (await row.count()) assert.ok(((await row.textContent()) ?? '').includes('evil-<img'));
    const dom = await page.evaluate<{ xss: number | null; imgs: number; scripts: (string | null)[]; handlers: number }>(`({
      xss: window.__xss ?? null,
      imgs: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
      handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    })`);
    assert.equal(dom.xss, null, 'no injected script ran');
    assert.equal(dom.imgs, 0, 'no injected <img>');
    assert.equal(dom.handlers, 0, 'no inline event handler in the DOM');
    assert.ok(dom.scripts.every((s) => s?.startsWith('/assets/')), `only the bundle's script: ${dom.scripts.join(', ')}`);
    await shot(t, '08-hostile-strings');
  });

  test('live update: a finding that arrives while the list is open shows up', async () => {
    await page.goto(`${base}/#/findings`);
    await page.getByTestId('finding-row').first().waitFor();
    const before = await page.getByTestId('finding-row').count();
    await postAudit([privilegedPodEvent('live-arrival', 'docker.io/library/busybox:1.36')]);
    await waitCount('[data-testid=finding-row]', `> ${before}`, 15_000);
    assert.ok((await page.locator('tr.fresh').count()) >= 1, 'new rows are highlighted');
  });

  test('summary, coverage, suppression rules, intel, clusters and tokens pages; light theme', async (t) => {
    await page.goto(`${base}/#/dashboard`);
    await page.getByTestId('severity-counts').waitFor();
    await page.getByTestId('severity-chart').waitFor();
    assert.equal(await page.getByTestId('not-available').count(), 0);
    await page.getByTestId('top-types').waitFor();
    await shot(t, '09-summary');
    await page.goto(`${base}/#/coverage`);
    await page.getByTestId('coverage-cluster').locator('td', { hasText: 'ip-10-0-12-34.us-west-2.compute.internal' }).waitFor();
    const sources = page.getByTestId('coverage-sources');
    await sources.locator('td', { hasText: 'audit webhook' }).first().waitFor();
    await sources.locator('td', { hasText: 'runtime sensor (tracee)' }).first().waitFor();
    await shot(t, '10-coverage');
    for (const [hashPath, id, name] of [['suppression', 'suppression-page', '11-suppression-rules'], ['intel', 'intel-page', '12-intel'], ['clusters', 'clusters-page', '13-clusters'], ['tokens', 'tokens-page', '14-tokens']] as const) {
      await page.goto(`${base}/#/${hashPath}`);
      await page.getByTestId(id).locator('table, .empty').first().waitFor();
      await shot(t, name);
    }
    await page.goto(`${base}/#/entities/user/${encodeURIComponent('arn:aws:sts::111122223333:assumed-role/eks-admin/alice')}`);
    await page.locator('[data-testid=entity-page] .card').first().waitFor();
    assert.equal(await page.getByTestId('not-available').count(), 0);
    const entity = (await page.getByTestId('entity-page').textContent()) ?? '';
    assert.match(entity, /PrivilegeEscalation:Kubernetes\/PrivilegedContainer/, "the user's findings");
    assert.match(entity, /203\.0\.113\.25/, 'and the source address the user came from');
    await shot(t, '15-entity-user');
    await page.goto(`${base}/#/findings`);
    // Headless Chromium prefers light: the toggle goes to the other theme and back.
    const first = (await page.locator('html').getAttribute('data-theme')) ?? '';
    const other = first === 'light' ? 'dark' : 'light';
    await page.getByTestId('theme-toggle').click();
    await page.locator(`html[data-theme=${other}]`).waitFor({ state: 'attached' });
    await page.getByTestId('finding-row').first().click();
    await page.getByTestId('detail-type').waitFor();
    await shot(t, `16-findings-${other}`);
    await page.getByTestId('theme-toggle').click();
  });

  test('a viewer sees no write actions; nothing broke the CSP or threw', async (t) => {
    const ctx = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    await p.goto(`${base}/`);
    await p.getByLabel('API token').fill(viewer);
    await p.getByTestId('sign-in').click();
    await p.getByTestId('finding-row').first().click();
    await p.getByTestId('detail-type').waitFor();
    assert.equal(await p.getByTestId('role').textContent(), 'viewer');
    assert.equal(await p.getByTestId('archive').count(), 0);
    assert.equal(await p.getByTestId('feedback-useful').count(), 0);
    assert.equal(await p.getByTestId('select-all').count(), 1);
    assert.equal(await p.locator('nav a[href="#/tokens"]').count(), 0, 'no admin pages for a viewer');
    await p.getByTestId('sign-out').click();
    await p.getByTestId('sign-in').waitFor();
    assert.equal(await p.evaluate<number>('sessionStorage.length'), 0, 'signing out forgets the token');
    await ctx.close();
    assert.deepEqual(cspViolations, [], 'no Content-Security-Policy violation');
    assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
    t.diagnostic(`console e2e took ${((Date.now() - started) / 1000).toFixed(1)} s; server log:\n${logs().slice(-2000)}`);
  });
});
