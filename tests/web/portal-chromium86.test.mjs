// The portal's embed (#27) on the floor browser, a real Chromium 86 (tests/web/chromium86.mjs), under the
// portal's strict CSP, where it has no container queries and compiles no WebAssembly (the JavaScript
// engine runs):
//   #27.4  in a 360 px box of a 1366 px window the element is laid out as on a phone (the ResizeObserver
//          fallback of the @container rules), in a 1000 px box as on a desktop
//   #27.9  no <script> is added to the host page and no window.ReferralModule(Js) is defined; the single
//          file from file:// defines none either
//   #27.11 the one CSP violation report a page view sends (the element asking whether it may compile
//          WebAssembly), whatever the number of elements, as web/EMBEDDING.md says
// puppeteer 5 has no shadow-piercing selectors: everything goes through the element's shadow root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dist } from './support.mjs';
import { launch86, open86 } from './chromium86.mjs';
import { CSP } from '../../scripts/serve.mjs';

// dist/ as a portal serves it, with the strict CSP and a report-uri, whose reports are kept in `reports`.
const reports = [];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };
function portalServer() {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/csp-report') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { reports.push(JSON.parse(body)['csp-report']); res.writeHead(204).end(); });
      return;
    }
    const file = path.join(dist, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': `${CSP}; report-uri /csp-report` });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

let browser;
let server;
let base;
before(async () => { browser = await launch86(); ({ server, url: base } = await portalServer()); });
after(async () => { await browser?.close(); server?.close(); });

// Waits until `fn` (run in the page) is true. Not page.waitForFunction: puppeteer builds its predicate with
// `new Function` in the page, an eval of its own that the CSP would refuse and report.
async function until(page, fn, arg, what) {
  for (let i = 0; i < 600; i += 1) {
    if (await page.evaluate(fn, arg).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Opens `url` with the window `width` px wide; window.__csp records the page's CSP violations and
// window.__before the globals before any page script.
async function open(url, width = 1366) {
  const o = await open86(browser);
  await o.page.setViewport({ width, height: 900 });
  await o.page.evaluateOnNewDocument(() => {
    window.__before = Object.getOwnPropertyNames(window);

    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI }));
  });
  await o.page.goto(url);
  await until(o.page, () => !!document.querySelector('referral-assistant')?.engine, null, 'the engine');
  return o;
}

const inBox = async (page, width) => {
  await page.evaluate((w) => {
    const el = document.querySelector('referral-assistant');
    let box = document.getElementById('side-panel');
    if (!box) { box = document.createElement('div'); box.id = 'side-panel'; el.before(box); box.append(el); }
    box.style.width = `${w}px`;
  }, width);
  await until(page, (w) => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    const app = root.querySelector('.app');
    return getComputedStyle(root.querySelector('.layout')).display === 'grid' && app.classList.contains('cq-max-width-480px') === (w <= 480);
  }, width, `the layout at ${width} px`);
};

const layout = (page) => page.evaluate(() => {
  const el = document.querySelector('referral-assistant');
  const root = el.shadowRoot;
  const edge = el.getBoundingClientRect().right;
  const main = root.querySelector('main.wizard').getBoundingClientRect();
  const plan = root.querySelector('aside.plan').getBoundingClientRect();
  const wide = [...root.querySelectorAll('*')].filter((e) => {
    if (e.closest('.visually-hidden') || ['STYLE', 'OPTION', 'LINK'].includes(e.tagName)) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > edge + 0.5;
  }).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`);
  return {
    columns: getComputedStyle(root.querySelector('.layout')).gridTemplateColumns.split(' ').length,
    planBelow: plan.top >= main.bottom - 1,
    padding: getComputedStyle(root.querySelector('.app')).paddingLeft,
    wide,
  };
});

test('#27.4 Chromium 86 under the strict CSP: in a 360 px box of a 1366 px window the phone layout, in a 1000 px box the desktop one', async () => {
  const { page, problems, context } = await open(`${base}embed/`);
  assert.equal(await page.evaluate(() => CSS.supports('container-type: inline-size')), false, 'Chromium 86 has no container queries');
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').engine.kind), 'js');
  await inBox(page, 360);
  assert.deepEqual(await layout(page), { columns: 1, planBelow: true, padding: '8px', wide: [] });
  await inBox(page, 1000);
  const wide = await layout(page);
  assert.equal(wide.columns, 2);
  assert.equal(wide.planBelow, false);
  assert.equal(wide.padding, '16px');
  await inBox(page, 360);
  assert.equal((await layout(page)).columns, 1);
  assert.deepEqual(problems.filter((p) => !/wasm-unsafe-eval/.test(p)), []);
  await context.close();
});

test('#27.9 and #27.11 Chromium 86: no <script> added and no global defined, by the embed under the CSP or by the single file; one CSP report per page view, two elements or one', async () => {
  await new Promise((r) => setTimeout(r, 1000));  // the reports of earlier page views have arrived
  reports.length = 0;
  const { page, context } = await open(`${base}embed/`);
  // A second element on the page: it asks nothing again.
  await page.evaluate(() => { const second = document.createElement('referral-assistant'); second.id = 'second'; document.body.append(second); });
  await until(page, () => !!document.getElementById('second').engine, null, 'the second element');
  const seen = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script')].map((s) => s.src).filter((s) => !/referral-assistant\.js$|portal\.js$/.test(s)),
    globals: Object.getOwnPropertyNames(window).filter((k) => !window.__before.includes(k) && !k.startsWith('__')),
    module: typeof window.ReferralModule, moduleJs: typeof window.ReferralModuleJs,
    violations: [...new Set(window.__csp.map((v) => `${v.directive} ${v.blocked}`))],
  }));
  assert.deepEqual(seen, { scripts: [], globals: [], module: 'undefined', moduleJs: 'undefined', violations: ['script-src eval'] });
  // What the portal's report-uri receives: one report for the page view, its source the element's script.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(reports.length, 1, JSON.stringify(reports));
  assert.equal(reports[0]['blocked-uri'], 'eval');
  assert.match(reports[0]['source-file'], /referral-assistant\.js$/);
  await context.close();

  const single = await open(`file://${dist}/referral-assistant.html`);
  assert.equal(await single.page.evaluate(() => document.querySelector('referral-assistant').engine.kind), 'wasm');
  assert.deepEqual(await single.page.evaluate(() => [typeof window.ReferralModule, typeof window.ReferralModuleJs, window.__csp.length]), ['undefined', 'undefined', 0]);
  assert.deepEqual(single.problems, []);
  await single.context.close();
});
