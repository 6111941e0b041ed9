// #27.8: the iframe bridge (referral-frame.html + referral-frame.js, web/EMBEDDING.md "In an iframe").
// The tool is served on one origin with the portal's origin listed in the page's meta; the example portal
// (web/embed/examples/iframe/) on another origin frames it, connects, hands over the office and a matter by
// postMessage, reads the plan from the forwarded events, calls the drafts API, and sizes the frame from
// the height signal. A page of a third origin that frames the same page is not heard and hears nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dist, launch } from './support.mjs';
import { eventually } from './portal-support.mjs';
import { serve } from '../../scripts/serve.mjs';

// Three origins of one site (the tool served beside the portal, as web/EMBEDDING.md asks: a frame of
// another site gets no storage where the browser blocks third-party storage), and a page of another
// site. Each is answered by the test (the tool's from scripts/serve.mjs, with its CSP), so that the
// browser treats them as ordinary web origins.
const TOOL = 'http://tool.example.test';
const PORTAL = 'http://portal.example.test';
const EVIL = 'http://other.example.test';
const CROSS_SITE = 'http://portal.elsewhere.test';
let browser;
let tool;
let tmp;
before(async () => {
  browser = await launch();
  // The tool's deployment: the embed folder, its frame page listing the portal's origin.
  tmp = mkdtempSync(path.join(os.tmpdir(), 'frame-test-'));
  cpSync(`${dist}/embed`, path.join(tmp, 'embed'), { recursive: true });
  const page = path.join(tmp, 'embed', 'referral-frame.html');
  const html = readFileSync(page, 'utf8');
  assert.match(html, /<meta name="referral-parent-origins" content="">/);
  writeFileSync(page, html.replace('<meta name="referral-parent-origins" content="">', `<meta name="referral-parent-origins" content="${PORTAL}">`));
  tool = await serve(tmp);
});
after(async () => { await browser?.close(); tool?.server.close(); rmSync(tmp, { recursive: true, force: true }); });

// The example portal page as the portal's own server sends it (with its CSP allowing the tool's frame),
// its frame pointed at the tool's origin.
async function portalContext() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const frameUrl = `${TOOL}/embed/referral-frame.html`;
  const csp = `default-src 'none'; script-src 'self'; style-src 'self'; frame-src ${TOOL}`;
  // A request still on its way when the test closes the context is dropped, not an unhandled rejection.
  await context.route(`${TOOL}/**`, async (route) => {
    try {
      const response = await route.fetch({ url: `${tool.url}${new URL(route.request().url()).pathname.slice(1)}` });
      await route.fulfill({ response });
    } catch { /* the context was closed meanwhile */ }
  });
  await context.route(`${PORTAL}/**`, (route) => {
    const name = path.basename(new URL(route.request().url()).pathname) || 'index.html';
    let body = readFileSync(`${dist}/embed/examples/iframe/${name}`, 'utf8');
    if (name === 'index.html') body = body.replace('src="../../referral-frame.html"', `src="${frameUrl}"`);
    const type = { 'index.html': 'text/html', 'host.js': 'text/javascript', 'host.css': 'text/css' }[name];
    route.fulfill({ status: 200, headers: { 'Content-Type': `${type}; charset=utf-8`, 'Content-Security-Policy': csp }, body }).catch(() => {});
  });
  // Another origin's page framing the same tool page, trying to drive it and listening for anything it sends.
  await context.route(`${EVIL}/**`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><iframe id="f" src="${frameUrl}"></iframe><script>
      window.heard = [];
      window.addEventListener('message', (e) => window.heard.push(e.data));
      document.getElementById('f').addEventListener('load', () => {
        const w = document.getElementById('f').contentWindow;
        w.postMessage({ type: 'referral:connect' }, '*');
        w.postMessage({ type: 'referral:set', property: 'value', value: { schema: 'referral-case/1', finder: 'town', town: 'haifu' } }, '*');
        w.postMessage({ type: 'referral:call', id: 1, method: 'drafts.list' }, '*');
      });
    </script>` }).catch(() => {}));
  // A portal of another site framing the tool: a third-party frame, whose storage this browser blocks.
  await context.route(`${CROSS_SITE}/**`, (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `<!doctype html><iframe id="f" src="${frameUrl}"></iframe>` }).catch(() => {}));
  return context;
}

test('#27.8 iframe bridge: the portal of a listed origin drives the element by postMessage and sizes the frame by its height signal; another origin is not heard and hears nothing', async () => {
  const context = await portalContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  const heard = [];
  await page.exposeFunction('__heard', (m) => heard.push(m));
  await page.addInitScript(() => {
    if (window.top === window) window.addEventListener('message', (e) => globalThis.__heard({ origin: e.origin, type: e.data?.type, event: e.data?.event }));
  });
  await page.goto(`${PORTAL}/index.html`);
  const frame = () => page.frames().find((f) => f.url().startsWith(TOOL));
  await eventually(async () => frame() && await frame().evaluate(() => !!document.querySelector('referral-assistant')?.drafts?.current).catch(() => false), 'the tool in its frame');
  await eventually(() => heard.some((m) => m.type === 'referral:connected'), 'connected');
  // The office, then a matter: the plan comes back as an event.
  await page.locator('#prefill').click();
  await eventually(async () => /由汇龙镇人民政府处理/.test(await page.locator('#plan-status').innerText()), 'the plan in the portal');
  assert.equal((await frame().evaluate(() => document.querySelector('referral-assistant').value)).finder, 'dept');
  assert.ok(heard.every((m) => m.origin === TOOL));
  // The height signal: the frame is as tall as the page in it, and follows it.
  const heights = async () => ({
    frame: await page.evaluate(() => document.getElementById('referral-frame').getBoundingClientRect().height),
    page: await frame().evaluate(() => document.documentElement.scrollHeight),
  });
  await eventually(async () => { const h = await heights(); return h.frame === h.page + 2; }, 'the frame sized to its page (and its 1 px border)');
  const before = (await heights()).page;
  await frame().evaluate(() => { document.querySelector('referral-assistant').shadowRoot.querySelector('#ledger > summary').click(); });
  await frame().evaluate(() => { for (const d of document.querySelector('referral-assistant').shadowRoot.querySelectorAll('details')) d.open = true; });
  await eventually(async () => { const h = await heights(); return h.page !== before && h.frame === h.page + 2; }, 'the frame following its page');
  // A call and its answer.
  const answer = await page.evaluate(() => new Promise((resolve) => {
    const frameEl = document.getElementById('referral-frame');
    const origin = new URL(frameEl.src).origin;
    window.addEventListener('message', (e) => { if (e.origin === origin && e.data.type === 'referral:result' && e.data.id === 7) resolve(e.data); });
    frameEl.contentWindow.postMessage({ type: 'referral:call', id: 7, method: 'drafts.list' }, origin);
  }));
  assert.equal(answer.ok, true);
  assert.equal(answer.value.length, 1);
  assert.deepEqual(problems, []);

  // Another origin frames the same page: nothing it sends is done, nothing is sent to it.
  const evil = await context.newPage();
  await evil.goto(`${EVIL}/`);
  const evilFrame = () => evil.frames().find((f) => f.url().startsWith(TOOL));
  await eventually(async () => evilFrame() && await evilFrame().evaluate(() => !!document.querySelector('referral-assistant')?.drafts?.current).catch(() => false), 'the tool framed by the other origin');
  await evil.waitForTimeout(1000);
  assert.deepEqual(await evil.evaluate(() => window.heard), []);
  assert.equal((await evilFrame().evaluate(() => document.querySelector('referral-assistant').value)).town, undefined);
  await context.close();
});

test('#27.8 the tool framed by a page of another site, where the browser denies it storage: it says so (storage-refused), no page error', async () => {
  const context = await portalContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${CROSS_SITE}/`);
  const frame = () => page.frames().find((f) => f.url().startsWith(TOOL));
  await eventually(async () => frame() && await frame().evaluate(() => !!document.querySelector('referral-assistant')?.shadowRoot?.getElementById('storage-denied')).catch(() => false),
    'the message in the frame');
  assert.match(await frame().evaluate(() => document.querySelector('referral-assistant').shadowRoot.getElementById('storage-denied').textContent), /部署在门户的同一网站下/);
  assert.deepEqual(problems, []);
  await context.close();
});
