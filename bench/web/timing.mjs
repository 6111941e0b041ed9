// Browser timing benchmarks of the wizard (issue #3), in headless Debian chromium via playwright-core.
// Run: node bench/web/timing.mjs        (needs dist/ from scripts/bundle; CHROMIUM=/path overrides the browser)
//
// 1. navigation start → "first question interactive", median of 5 fresh page loads (a fresh browser
//    context each: empty cache, no stored drafts) for (a) dist/referral-assistant.html from file://,
//    (b) the embed portal dist/embed/ over http://127.0.0.1 (scripts/serve.mjs, strict CSP), and
//    (c) a trivial `<!doctype html><p>hi</p>` page from file:// as the baseline.
//    Signals, recorded by capture listeners on document installed before any page script, as
//    performance.now() (ms since navigation start):
//    - first question interactive: the element's `referral-ready` event, at which the first
//      question's input/select must be present and enabled in the shadow root (it is drawn from the
//      pack description the engine made at build time; the engine is still loading);
//    - engine ready: the first `referral-plan-change` (the engine has loaded and checked the pack and
//      answered plan(); the plan panel shows the plan).
//    "painted" is the next animation frame + task after each. Baseline: the `load` event of (c).
// 2. plan refresh: the wizard's own engine wrapper (element.engine.plan: JSON.stringify → wasm plan →
//    JSON.parse) on the case the wizard built from a whole answered case, 200 calls; element.updatePlan()
//    (case from answers incl. relevantQuestions, plan, redraw of the panel, event) 200 calls; and a
//    changed answer through the town <select>'s own change handler (save draft, re-plan, redraw), 100 times.
// 3. catalogue filtering: the wizard's own picker (web/js/picker.js draw(), reached through the real
//    filter box of the item question) with its catalogue replaced by 5,000 items (the real
//    describePack() catalogue repeated with varied ids/names); input events one character at a time for
//    a 4-character Chinese query, and one paste of the whole query.
import { spawn, execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillDeptFindsFoodStall as fillCase } from '../../tests/web/support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const single = `${root}/dist/referral-assistant.html`;
const LOADS = 5;
const PLAN_CALLS = 200;
const ANSWER_CHANGES = 100;
const CATALOGUE_SIZE = 5000;
const QUERY = '食品经营';
const TYPING_REPS = 10;
const PACKET_CALLS = 100;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (x, d = 1) => `${x.toFixed(d)} ms`;

async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// `node scripts/serve.mjs PORT` as a child process; resolves once it prints its URL.
async function startServer() {
  const port = await freePort();
  const child = spawn(process.execPath, [`${root}/scripts/serve.mjs`, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (out.includes(`127.0.0.1:${port}`)) resolve(); });
    child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/embed/` };
}

// Installed before any page script: records when the first question is interactive.
const READY_PROBE = () => {
  const b = (window.__bench = { ready: null, painted: null, planReady: null, planPainted: null, load: null, loadPainted: null, lastCase: null, events: 0 });
  const afterFrame = (key) => requestAnimationFrame(() => setTimeout(() => { b[key] = performance.now(); }, 0));
  // Where the time between the first question and the first plan goes, seen from outside the page's
  // code: the first blob: URL (the single file's engine loader, inflated), the start of the module's
  // compile (WebAssembly.compileStreaming / instantiate / instantiateStreaming, wrapped here, the first
  // of them) and the end of the last of them (the instance);
  // after that the engine loads its pack (its first call), plans, and the panel is drawn.
  b.marks = {};
  const mark = (k) => { if (b.marks[k] === undefined) b.marks[k] = performance.now(); };
  for (const name of ['compileStreaming', 'instantiate', 'instantiateStreaming']) {
    const f = WebAssembly[name];
    if (typeof f !== 'function') continue;
    WebAssembly[name] = function wrapped(...args) {
      mark('wasmStart');
      const p = f.apply(this, args);
      p.then(() => { if (name !== 'compileStreaming') b.marks.wasmEnd = performance.now(); }, () => {});
      return p;
    };
  }
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function wrapped(o) { mark('engineBlob'); return createObjectURL.call(this, o); };
  window.addEventListener('load', () => { b.load = performance.now(); afterFrame('loadPainted'); });
  document.addEventListener('referral-ready', () => {
    const r = document.querySelector('referral-assistant')?.shadowRoot;
    const first = r && r.querySelector('main.wizard [data-question] input, main.wizard [data-question] select');
    if (b.ready !== null || !first || first.disabled) return;
    b.ready = performance.now();
    afterFrame('painted');
  }, true);
  document.addEventListener('referral-plan-change', (e) => {
    b.events += 1;
    b.lastCase = e.detail.case;
    if (b.planReady !== null) return;
    const r = document.querySelector('referral-assistant')?.shadowRoot;
    if (!r || !r.querySelector('aside.plan h2')) return;
    b.planReady = performance.now();
    afterFrame('planPainted');
  }, true);
};

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript(READY_PROBE);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}

async function loadOnce(browser, url, wizard) {
  const { context, page, problems } = await newPage(browser);
  await page.goto(url, { waitUntil: 'commit' });
  const key = wizard ? 'planPainted' : 'loadPainted';
  await page.waitForFunction((k) => window.__bench && window.__bench[k] !== null, key, { timeout: 30000, polling: 20 });
  const b = await page.evaluate(() => ({ ...window.__bench, lastCase: undefined,
    dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd }));
  await context.close();
  if (problems.length) throw new Error(`${url}: ${problems.join('; ')}`);
  if (wizard && !(b.ready < b.planReady)) throw new Error(`${url}: referral-ready must come before the first plan`);
  return wizard ? { ready: b.ready, painted: b.painted, planReady: b.planReady, planPainted: b.planPainted, dcl: b.dcl, ...b.marks }
    : { ready: b.load, painted: b.loadPainted, planReady: b.load, planPainted: b.loadPainted, dcl: b.dcl };
}

const waitReady = (page) => page.waitForFunction(() => window.__bench && window.__bench.planPainted !== null, null, { timeout: 30000, polling: 20 });

// The case of tests/web/wizard.test.mjs, confirmed so the plan is shown.
async function fillDeptFindsFoodStall(page) {
  await fillCase(page);
  await page.locator('#confirm').click();
  await page.locator('#plan-handler').waitFor();
}

async function planRefresh(browser) {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`file://${single}`);
  await waitReady(page);
  await fillDeptFindsFoodStall(page);
  const handler = await page.locator('#plan-handler').innerText();
  const engineCalls = await page.evaluate((n) => {
    const el = document.querySelector('referral-assistant');
    const doc = window.__bench.lastCase;
    const out = [];
    for (let i = 0; i < 20; i += 1) el.engine.plan(doc);  // warm-up
    let ok = true;
    for (let i = 0; i < n; i += 1) {
      const t0 = performance.now();
      const r = el.engine.plan(doc);
      out.push(performance.now() - t0);
      ok = ok && r.ok;
    }
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) el.engine.plan(doc);
    const mean = (performance.now() - t0) / n;
    return { out, ok, mean, steps: el.engine.plan(doc).plan.steps.length, isolated: crossOriginIsolated };
  }, PLAN_CALLS);
  const updates = await page.evaluate((n) => {
    const el = document.querySelector('referral-assistant');
    const js = [];
    const laid = [];
    for (let i = 0; i < 10; i += 1) el.updatePlan();
    for (let i = 0; i < n; i += 1) {
      const t0 = performance.now();
      el.updatePlan();
      const t1 = performance.now();
      el.planPanel.getBoundingClientRect();  // force style + layout of the redrawn panel
      const t2 = performance.now();
      js.push(t1 - t0);
      laid.push(t2 - t0);
    }
    return { js, laid };
  }, PLAN_CALLS);
  // "Change" 属地镇 on the check page: back to the first page with the town select.
  await page.locator('.summary-row', { hasText: '属地镇' }).locator('a').click();
  await page.locator('#q-town').waitFor();
  const change = await page.evaluate((n) => {
    const el = document.querySelector('referral-assistant');
    const r = el.shadowRoot;
    const towns = ['nanyang', 'huilong'];
    const js = [];
    const laid = [];
    const handlers = new Set();
    for (let i = 0; i < n + 10; i += 1) {
      const select = r.getElementById('q-town');
      select.value = towns[i % 2];
      const t0 = performance.now();
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const t1 = performance.now();
      el.container.getBoundingClientRect();
      const t2 = performance.now();
      handlers.add(r.getElementById('plan-handler')?.textContent);
      if (i >= 10) { js.push(t1 - t0); laid.push(t2 - t0); }
    }
    return { js, laid, handlers: [...handlers] };
  }, ANSWER_CHANGES);
  await context.close();
  if (problems.length) throw new Error(`plan refresh: ${problems.join('; ')}`);
  if (!engineCalls.ok) throw new Error('plan() did not answer ok');
  return { handler, engineCalls, updates, change };
}

// 4. the transfer packet: the wizard's own engine wrapper (element.engine.packet: JSON.stringify →
//    wasm packet(): validate, completeness, assemble, digest, render every document, name the files →
//    JSON.parse) on tests/examples/packet-market-to-town.json, a complete 2-document packet.
async function packetAssembly(browser) {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`file://${single}`);
  await waitReady(page);
  const input = JSON.parse(readFileSync(`${root}/tests/examples/packet-market-to-town.json`, 'utf8'));
  const r = await page.evaluate(({ input, n }) => {
    const el = document.querySelector('referral-assistant');
    const times = [];
    let last;
    for (let i = 0; i < 10; i += 1) el.engine.packet(input, '2026-06-01');  // warm-up
    for (let i = 0; i < n; i += 1) {
      const t0 = performance.now();
      last = el.engine.packet(input, '2026-06-01');
      times.push(performance.now() - t0);
    }
    return { times, ok: last.ok, complete: last.packet.completeness.complete, documents: last.packet.documents.length,
      bytes: last.files.reduce((s, f) => s + (f.text ? f.text.length : 0), 0) };
  }, { input, n: PACKET_CALLS });
  await context.close();
  if (problems.length || !r.ok) throw new Error(`packet: ${problems.join('; ')}`);
  return r;
}

async function filtering(browser) {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`file://${single}`);
  await waitReady(page);
  // 5,000 items: the real catalogue repeated, every copy with its own id and a varied name.
  const realCount = await page.evaluate((size) => {
    const el = document.querySelector('referral-assistant');
    const real = el.pack.catalogue.items;
    const big = [];
    for (let n = 0; n < size; n += 1) {
      const base = real[n % real.length];
      const k = Math.floor(n / real.length);
      big.push(k === 0 ? base : { ...base, id: `${base.id}-${k}`, name: `${base.name}（${k}）`, keywords: [...(base.keywords || []), `类${k}`] });
    }
    el.pack.catalogue.items = big;
    return real.length;
  }, CATALOGUE_SIZE);
  await page.locator('label[for="q-finder"]').click();
  await page.locator('#q-town').selectOption('nanyang');
  await page.locator('#next').click();
  await page.locator('input[name="q-source"][value="complaint"]').check();
  // 下一步 to the item page: its handler makes the picker's 5,000 rows; then the page's layout.
  const arrive = await page.evaluate(() => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    const t0 = performance.now();
    root.getElementById('next').click();
    const t1 = performance.now();
    root.querySelector('.picker-list').getBoundingClientRect();
    return { js: t1 - t0, laid: performance.now() - t0 };
  });
  await page.locator('#q-item-filter').waitFor();
  const allCount = await page.locator('.picker-count').innerText();
  const r = await page.evaluate(({ query, reps }) => {
    const el = document.querySelector('referral-assistant');
    const root = el.shadowRoot;
    const input = root.getElementById('q-item-filter');
    const list = root.querySelector('.picker-list');
    const fire = (value, inputType, data) => {
      input.value = value;
      const t0 = performance.now();
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType, data }));
      const t1 = performance.now();
      list.getBoundingClientRect();  // force style + layout of the redrawn list
      const t2 = performance.now();
      return { js: t1 - t0, laid: t2 - t0 };
    };
    const keys = [];
    const paste = [];
    const clear = [];
    const counts = [];
    for (let rep = 0; rep < reps + 1; rep += 1) {
      fire('', 'deleteContentBackward', null);
      const row = [];
      for (let i = 1; i <= query.length; i += 1) {
        row.push(fire(query.slice(0, i), 'insertText', query[i - 1]));
        if (rep === 0) counts.push(root.querySelector('.picker-count').textContent);
      }
      const c = fire('', 'deleteContentBackward', null);
      const p = fire(query, 'insertFromPaste', query);
      if (rep > 0) { keys.push(...row); paste.push(p); clear.push(c); }  // rep 0 is a warm-up
    }
    // The rows shown: the unfiltered list set aside by a query (content-visibility: hidden) is not.
    const rows = [...root.querySelectorAll('.picker-list .radio')].filter((r) => r.checkVisibility());
    // An item whose choice brings its own questions, from the whole list: the page is redrawn.
    fire('', 'deleteContentBackward', null);
    const form = root.querySelector('main form');
    const t0 = performance.now();
    root.querySelector('input[name="q-item"][value="emergency-fireworks-unlicensed"]').click();
    const t1 = performance.now();
    list.getBoundingClientRect();
    const choose = { js: t1 - t0, laid: performance.now() - t0, redrawn: root.querySelector('main form') !== form };
    return { keys, paste, clear, counts, rows: rows.length, choose };
  }, { query: QUERY, reps: TYPING_REPS });
  await context.close();
  if (problems.length) throw new Error(`filtering: ${problems.join('; ')}`);
  return { ...r, realCount, allCount, arrive };
}

const started = new Date();
const tmp = mkdtempSync(path.join(tmpdir(), 'bench-web-'));
const trivial = `${tmp}/trivial.html`;
writeFileSync(trivial, '<!doctype html><p>hi</p>');
const { child: server, url: embedUrl } = await startServer();
const browser = await launch();
let results;
try {
  const variants = [
    { key: 'c', name: '(c) trivial page, file://', url: `file://${trivial}`, wizard: false },
    { key: 'a', name: '(a) single file, file://', url: `file://${single}`, wizard: true },
    { key: 'b', name: '(b) embed portal, http://127.0.0.1 (strict CSP)', url: embedUrl, wizard: true },
  ];
  const loads = Object.fromEntries(variants.map((v) => [v.key, []]));
  for (let i = 0; i < LOADS; i += 1)  // interleaved so that load on the machine hits all three alike
    for (const v of variants) loads[v.key].push(await loadOnce(browser, v.url, v.wizard));
  const plan = await planRefresh(browser);
  const filter = await filtering(browser);
  const packet = await packetAssembly(browser);
  results = { variants, loads, plan, filter, packet };
} finally {
  await browser.close();
  server.kill();
  rmSync(tmp, { recursive: true, force: true });
}

// ---- report ----
const { variants, loads, plan, filter, packet } = results;
const raw = statSync(single).size;
const gz = Number(execSync(`gzip -9 -c '${single}' | wc -c`).toString().trim());
const rows = [];
const med = (k, f) => median(loads[k].map((x) => x[f]));
const all = (k, f) => loads[k].map((x) => x[f].toFixed(0)).join(', ');
for (const v of variants)
  rows.push([`1 ${v.name}: ${v.wizard ? 'first question interactive' : 'load event'}`, `${ms(med(v.key, 'ready'))} (painted ${ms(med(v.key, 'painted'))}); loads: ${all(v.key, 'ready')}`, '—']);
for (const v of variants.filter((x) => x.wizard))
  rows.push([`1 ${v.name}: engine ready, first plan shown`, `${ms(med(v.key, 'planReady'))} (painted ${ms(med(v.key, 'planPainted'))}); loads: ${all(v.key, 'planReady')}`, '—']);
for (const k of ['a', 'b'])
  rows.push([`1 (${k}) − (c), first question interactive`, `${ms(med(k, 'ready') - med('c', 'ready'))} (painted ${ms(med(k, 'painted') - med('c', 'painted'))})`, '≤ 200 ms']);
for (const k of ['a', 'b'])
  rows.push([`1 (${k}) − (c), first plan`, `${ms(med(k, 'planReady') - med('c', 'ready'))} (painted ${ms(med(k, 'planPainted') - med('c', 'painted'))})`, '—']);
// Where the first plan's time goes (medians, ms since navigation start; "—" when a page has no such step).
for (const v of variants.filter((x) => x.wizard)) {
  const m = (f) => (loads[v.key].every((x) => typeof x[f] === 'number') ? med(v.key, f) : null);
  const t = (f) => (m(f) === null ? '—' : m(f).toFixed(0));
  const d = (a, b2) => (m(a) === null || m(b2) === null ? '—' : (m(b2) - m(a)).toFixed(0));
  rows.push([`1 ${v.name}: where the first plan goes`,
    `first question ${t('ready')} → engine loader imported ${t('engineBlob')} → wasm compile+instantiate ${t('wasmStart')}–${t('wasmEnd')} (${d('wasmStart', 'wasmEnd')}) → first plan shown ${t('planReady')} (pack load, plan, panel: ${d('wasmEnd', 'planReady')})`, '—']);
}
const e = plan.engineCalls.out;
rows.push([`2 engine.plan() via the wizard's wrapper, ${PLAN_CALLS} calls (${plan.engineCalls.steps} steps, handler ${plan.handler})`, `median ${ms(median(e), 2)}, p95 ${ms(pct(e, 95), 2)}; mean of ${PLAN_CALLS} back to back ${ms(plan.engineCalls.mean, 3)}`, '≤ 5 ms']);
rows.push([`2 element.updatePlan(): case + plan + panel redraw, ${PLAN_CALLS} calls`, `median ${ms(median(plan.updates.js), 2)}, p95 ${ms(pct(plan.updates.js, 95), 2)}; with layout: median ${ms(median(plan.updates.laid), 2)}, p95 ${ms(pct(plan.updates.laid, 95), 2)}`, '≤ 5 ms']);
rows.push([`2 change one answer (town <select> change handler: save, re-plan, redraw), ${ANSWER_CHANGES} times`, `median ${ms(median(plan.change.js), 2)}, p95 ${ms(pct(plan.change.js, 95), 2)}; with layout: median ${ms(median(plan.change.laid), 2)}, p95 ${ms(pct(plan.change.laid, 95), 2)}`, '≤ 5 ms']);
const kj = filter.keys.map((x) => x.js);
const kl = filter.keys.map((x) => x.laid);
const pj = filter.paste.map((x) => x.js);
const pl = filter.paste.map((x) => x.laid);
rows.push([`3 filter per keystroke, "${QUERY}" typed 1 char at a time, ${CATALOGUE_SIZE} items (${TYPING_REPS}×4 keystrokes)`, `median ${ms(median(kj), 2)}, p95 ${ms(pct(kj, 95), 2)}, max ${ms(Math.max(...kj), 2)}; with layout: median ${ms(median(kl), 2)}, p95 ${ms(pct(kl, 95), 2)}, max ${ms(Math.max(...kl), 2)}`, '≤ 16 ms']);
rows.push([`3 filter on one paste of "${QUERY}", ${CATALOGUE_SIZE} items (${TYPING_REPS} pastes)`, `median ${ms(median(pj), 2)}, max ${ms(Math.max(...pj), 2)}; with layout: median ${ms(median(pl), 2)}, max ${ms(Math.max(...pl), 2)}`, '≤ 16 ms']);
const cj = filter.clear.map((x) => x.js);
const cl = filter.clear.map((x) => x.laid);
rows.push([`3 box emptied after a query: all ${CATALOGUE_SIZE} items listed again (${TYPING_REPS} times)`, `median ${ms(median(cj), 2)}, max ${ms(Math.max(...cj), 2)}; with layout: median ${ms(median(cl), 2)}, max ${ms(Math.max(...cl), 2)}`, '≤ 16 ms']);
rows.push([`3 下一步 to the item page, ${CATALOGUE_SIZE} items listed (one load)`, `${ms(filter.arrive.js, 2)}; with layout ${ms(filter.arrive.laid, 2)}`, '—']);
rows.push([`3 an item chosen that brings its own questions (the page redrawn: ${filter.choose.redrawn}), ${CATALOGUE_SIZE} items (one load)`, `${ms(filter.choose.js, 2)}; with layout ${ms(filter.choose.laid, 2)}`, '—']);
rows.push([`4 packet: engine.packet() via the wizard's wrapper, assemble + render ${packet.documents} documents (${packet.bytes.toLocaleString('en')} chars of HTML + packet.json), ${PACKET_CALLS} calls`, `median ${ms(median(packet.times), 2)}, p95 ${ms(pct(packet.times, 95), 2)}, max ${ms(Math.max(...packet.times), 2)}`, '≤ 20 ms']);
rows.push(['single file size (dist/referral-assistant.html)', `${raw.toLocaleString('en')} B raw, ${gz.toLocaleString('en')} B gzip -9`, '—']);

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`browser wizard timings — ${started.toISOString()}, chromium ${execSync(`${process.env.CHROMIUM || '/usr/bin/chromium'} --version 2>/dev/null`).toString().trim()}`);
console.log(`machine: ${cpus().length} CPUs, load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`${'what'.padEnd(w0)} | ${'measured'.padEnd(w1)} | target`);
console.log(`${'-'.repeat(w0)}-|-${'-'.repeat(w1)}-|-------`);
for (const r of rows) console.log(`${r[0].padEnd(w0)} | ${r[1].padEnd(w1)} | ${r[2]}`);
console.log('');
console.log(`section 1: medians of ${LOADS} fresh browser contexts per page, interleaved; ms since navigation start (performance.now()).`);
console.log(`section 1: DOMContentLoaded end, medians: ${variants.map((v) => `(${v.key}) ${ms(med(v.key, 'dcl'))}`).join(', ')}; between the first question and the first plan the engine compiles, loads and checks the pack, and plans.`);
console.log(`section 2: performance.now() is coarsened to 0.1 ms in a page that is not cross-origin isolated (crossOriginIsolated=${plan.engineCalls.isolated}), hence the back-to-back mean.`);
console.log(`section 2: handlers seen while changing the town: ${plan.change.handlers.join(', ')}`);
console.log(`section 3: the wizard's own picker draw() (web/js/picker.js via the real #q-item-filter input event), not a reproduction;`);
console.log(`  catalogue ${filter.realCount} real items repeated to ${CATALOGUE_SIZE}; unfiltered: ${filter.allCount}; after each keystroke: ${filter.counts.join(' / ')}; rows drawn: ${filter.rows}.`);
