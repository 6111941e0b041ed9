// The wizard on a real Chromium 86 (chrome-aws-lambda@5.3.1's HeadlessChrome/86.0.4240.0, the core of
// 360安全浏览器 13 on Windows 7/XP): the single file from file:// and the embed under the portal's strict
// CSP reach a plan with the same due dates as current Chromium, export a packet ZIP that verifies, keep
// a draft across a reload, with no page error and no console error. Under that CSP Chromium 86 compiles
// no WebAssembly ('wasm-unsafe-eval' is unknown before Chromium 97), so the embed plans through the
// JavaScript engine (wasm2js). Also: JavaScript disabled, and an engine that cannot load.
// puppeteer 5 has no shadow-piercing selectors: everything goes through the element's shadow root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { dist, fillDeptFindsFoodStall, launch, openPage, root } from './support.mjs';
import { launch86, open86 } from './chromium86.mjs';
import { serve } from '../../scripts/serve.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
// The one console error Chromium 86 prints under the portal's CSP is about the portal's own header,
// not about the page: it does not know the source 'wasm-unsafe-eval' (Chromium 97+) and ignores it.
const CSP_NOTICE = /Content Security Policy directive 'script-src' contains an invalid source: ''wasm-unsafe-eval''/;

let browser;
let tmp;
before(async () => { browser = await launch86(); tmp = mkdtempSync(path.join(os.tmpdir(), 'chromium86-test-')); });
after(async () => { await browser?.close(); rmSync(tmp, { recursive: true, force: true }); });

// --- the element's shadow DOM ------------------------------------------------------------------------
function inShadow(page, sel, action, value) {
  return page.evaluate((sel, action, value) => {
    const root = document.querySelector('referral-assistant')?.shadowRoot;
    const el = root && root.querySelector(sel);
    if (!el) throw new Error(`no ${sel}`);
    if (action === 'click') el.click();
    else if (action === 'set') {
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (action === 'text') return el.innerText;
    else if (action === 'value') return el.value;
    else if (action === 'checked') return el.checked;
    else if (action === 'disabled') return el.disabled;
    return null;
  }, sel, action, value ?? null);
}
const click = (page, sel) => inShadow(page, sel, 'click');
const set = (page, sel, value) => inShadow(page, sel, 'set', value);
const text = (page, sel) => inShadow(page, sel, 'text');
const value = (page, sel) => inShadow(page, sel, 'value');
// Waits for an element in the shadow root, optionally until its text matches `re`.
function waitFor(page, sel, re = null, timeout = 30000) {
  return page.waitForFunction((sel, src) => {
    const el = document.querySelector('referral-assistant')?.shadowRoot?.querySelector(sel);
    return !!el && (!src || new RegExp(src).test(el.innerText));
  }, { timeout, polling: 100 }, sel, re ? re.source : null);
}
// Every due date of the plan panel, step by step.
const dueDates = (page) => page.evaluate(() => [...document.querySelector('referral-assistant').shadowRoot.querySelectorAll('.step')]
  .map((s) => `${s.dataset.action}: ${s.querySelector('.due').innerText}`));

// Opens `url` on Chromium 86 and records when the engine is ready (`referral-plan-change`).
async function open(url, options) {
  const o = await open86(browser, options);
  await o.page.evaluateOnNewDocument(() => {
    window.__plans = 0;
    document.addEventListener('referral-plan-change', () => { window.__plans += 1; }, true);
  });
  await o.page.goto(url);
  return o;
}
const engineReady = (page) => page.waitForFunction(() => window.__plans > 0 && document.querySelector('referral-assistant').engine, { timeout: 60000, polling: 100 });

// The same answers as support.mjs's fillDeptFindsFoodStall, through the shadow root.
async function fillFoodStall(page) {
  await waitFor(page, '#next');
  await click(page, 'label[for="q-finder-dept"]');
  await set(page, '#q-town', 'huilong');
  await click(page, '#next');
  await waitFor(page, '#q-date');
  await set(page, '#q-date', '2026-09-29T10:30');
  await click(page, 'input[name="q-source"][value="patrol"]');
  await click(page, '#next');
  await waitFor(page, '#q-item-filter');
  await set(page, '#q-item-filter', '摊贩');
  await waitFor(page, 'input[name="q-item"][value="market-food-stall-unregistered"]');
  // The unfiltered list is set aside (content-visibility, Chromium 85+): it takes no room, and the
  // radios a click reaches are the matches and 不在目录中.
  const [asideHeight, count, reachable] = await page.evaluate(() => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    const list = root.querySelector('.picker-list');
    list.scrollIntoView();
    // The radios a click can reach: a row set aside is neither drawn nor hit.
    const inView = [...list.querySelectorAll('input[name="q-item"]')].filter((r) => {
      const box = r.getBoundingClientRect();
      return root.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2).includes(r);
    });
    return [root.querySelector('.picker-all').offsetHeight, root.querySelector('.picker-count').innerText, inView.length];
  });
  assert.equal(asideHeight, 0);
  assert.equal(reachable, Number(count.match(/^共 (\d+) 项匹配/)[1]) + 1, count);
  await click(page, 'input[name="q-item"][value="market-food-stall-unregistered"]');
  await click(page, '#next');
  await waitFor(page, 'input[name="q-verification"][value="violation"]');
  await click(page, 'input[name="q-verification"][value="violation"]');
  await click(page, '#next');
  await waitFor(page, 'h1', /特殊情形/);
  await click(page, '#next');
  await waitFor(page, '#confirm');
  await click(page, '#confirm');
  await waitFor(page, '#plan-handler');
}

// The due dates of the same case on current Chromium (Debian's, through playwright), for comparison.
let currentDueDates;
async function dueDatesOnCurrentChromium() {
  if (currentDueDates) return currentDueDates;
  const current = await launch();
  try {
    const { page, context } = await openPage(current, singleUrl);
    await page.locator('#next').waitFor({ timeout: 20000 });
    await fillDeptFindsFoodStall(page);
    await page.locator('#confirm').click();
    await page.locator('#plan-handler').waitFor();
    currentDueDates = await page.evaluate(() => [...document.querySelector('referral-assistant').shadowRoot.querySelectorAll('.step')]
      .map((s) => `${s.dataset.action}: ${s.querySelector('.due').innerText}`));
    await context.close();
  } finally {
    await current.close();
  }
  return currentDueDates;
}

// Waits for one new file in `dir` (a finished download: no .crdownload left).
async function downloaded(dir, timeout = 20000) {
  for (let t = 0; t < timeout; t += 100) {
    const done = readdirSync(dir).filter((f) => !f.endsWith('.crdownload'));
    if (done.length && !readdirSync(dir).some((f) => f.endsWith('.crdownload'))) return path.join(dir, done[0]);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no download in ${timeout} ms`);
}

// From the plan to an exported packet ZIP, verified by the page itself; returns the ZIP's path.
async function exportPacket(page, label) {
  await waitFor(page, '#packet-start');
  await click(page, '#packet-start');
  await waitFor(page, 'h1', /移送材料/);
  await set(page, '#p-parties-0-name', '启东市汇龙镇某某食品摊');
  await set(page, '#p-parties-0-credit_code', '91350100M000100Y43');
  await set(page, '#p-document_number', '启市监移〔2026〕7号');
  await set(page, '#p-sent_on', '2026-09-30');
  await set(page, '#p-summary-party', '启东市汇龙镇某某食品摊');
  await set(page, '#p-summary-place', '汇龙镇人民中路 88 号');
  await set(page, '#p-summary-measures', '已责令停止经营，制作现场检查记录并拍照。');
  await set(page, '#p-contact-person', '李某');
  await set(page, '#p-contact-phone', '0513-83312345');
  await set(page, '#p-approval-leader', '王某');
  await set(page, '#p-approval-date', '2026-09-30');
  const files = { inspection_record: ['现场检查记录.pdf', '%PDF-1.4 现场检查记录（测试）\n'], site_photos: ['现场照片.jpg', 'JPEG（测试）'],
    evidence: ['询问笔录.pdf', '%PDF-1.4 询问笔录（测试）\n'] };
  const upload = path.join(tmp, `${label}-upload`);
  mkdirSync(upload);
  for (const [kind, [name, body]] of Object.entries(files)) {
    writeFileSync(path.join(upload, name), body);
    const input = await page.evaluateHandle((id) => document.querySelector('referral-assistant').shadowRoot.getElementById(id), `attach-${kind}`);
    await input.asElement().uploadFile(path.join(upload, name));
    await waitFor(page, `.attachment-kind[data-kind="${kind}"] .file-name`);
  }
  await waitFor(page, '#packet-summary', /材料齐全/);
  const downloads = path.join(tmp, `${label}-downloads`);
  mkdirSync(downloads);
  await page._client.send('Page.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await click(page, '#packet-export');
  const zipPath = await downloaded(downloads);
  assert.match(path.basename(zipPath), /^移送材料-.*\.zip$/);
  const zip = unzipSync(readFileSync(zipPath));
  const packet = JSON.parse(new TextDecoder().decode(zip['packet.json']));
  assert.equal(packet.action, 'transfer');
  assert.equal(packet.completeness.complete, true);
  assert.equal(packet.attachments.length, 3);
  // Read back by the page: every file checks against packet.json's digests.
  const verify = await page.evaluateHandle(() => document.querySelector('referral-assistant').shadowRoot.getElementById('packet-verify'));
  const copy = path.join(tmp, `${label}.zip`);
  copyFileSync(zipPath, copy);
  await verify.asElement().uploadFile(copy);
  await waitFor(page, '#verify-report', /核验通过：6 个文件全部一致/);
  return copy;
}

// A whole case: plan, same due dates as current Chromium, a verified packet, a draft kept across a reload.
async function wholeCase(url, label, allowed) {
  const { page, problems, context } = await open(url);
  assert.match(await browser.version(), /HeadlessChrome\/86\./);
  await engineReady(page);
  const kind = await page.evaluate(() => document.querySelector('referral-assistant').engine.kind);
  await fillFoodStall(page);
  assert.equal(await text(page, '#plan-handler'), '汇龙镇人民政府');
  const due = await dueDates(page);
  assert.ok(due.some((d) => /^transfer: 期限：5个工作日内（自发现（或收到）之日起算），最迟2026年10月12日（星期一）/.test(d)), due.join(' | '));
  assert.deepEqual(due, await dueDatesOnCurrentChromium());
  await exportPacket(page, label);
  // The draft (answers and packet fields) survives a reload.
  await page.reload();
  await waitFor(page, '#resume-yes');
  await click(page, '#resume-yes');
  await waitFor(page, 'h1', /移送材料/);
  assert.equal(await value(page, '#p-document_number'), '启市监移〔2026〕7号');
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').answers.town), 'huilong');
  assert.deepEqual(problems.filter((p) => !allowed.some((re) => re.test(p))), []);
  await context.close();
  return kind;
}

test('Chromium 86, single file from file://: plan, same due dates as current Chromium, verified packet ZIP, draft kept', async () => {
  const kind = await wholeCase(singleUrl, 'single', []);
  assert.equal(kind, 'wasm');
});

test('Chromium 86, embed under the strict CSP: WebAssembly refused, so the JavaScript engine plans; packet and draft as above', async () => {
  const { server, url } = await serve(dist);
  try {
    const kind = await wholeCase(`${url}embed/`, 'embed', [CSP_NOTICE]);
    assert.equal(kind, 'js');
  } finally {
    server.close();
  }
});

// Chromium 86 has no declarative shadow DOM: it parses the pre-rendered first page as an inert
// <template>, and boot.js attaches it, before the wizard is inflated and defined.
test('Chromium 86, single file: the pre-rendered first page is shown before the element is defined, and what is typed in it is adopted', async () => {
  const { page, problems, context } = await open86(browser);
  await page.evaluateOnNewDocument(() => {
    const define = customElements.define.bind(customElements);
    customElements.define = (name, cls, options) => { window.__defineNow = () => define(name, cls, options); };
  });
  await page.goto(singleUrl);
  await page.waitForFunction(() => typeof window.__defineNow === 'function', { timeout: 30000 });
  assert.equal(await page.evaluate(() => !!customElements.get('referral-assistant')), false);
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant > template')), null, 'the template was attached');
  const shown = await page.evaluate(() => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    const visible = (sel) => { const e = root.querySelector(sel); return !!e && e.getBoundingClientRect().height > 0; };
    return { next: visible('#next'), town: visible('#q-town'), dept: visible('label[for="q-finder-dept"]'), h1: root.querySelector('h1').textContent };
  });
  assert.deepEqual(shown, { next: true, town: true, dept: true, h1: '谁发现了这件事' });
  await click(page, '#q-finder-dept');
  await set(page, '#q-town', 'haifu');
  await page.evaluate(() => window.__defineNow());
  // The engine has started once the plan panel no longer says it is loading.
  await page.waitForFunction(() => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    return !!root.querySelector('.plan h2') && !root.querySelector('.plan .loading');
  }, { timeout: 30000, polling: 100 });
  assert.equal(await value(page, '#q-town'), 'haifu');
  assert.equal(await inShadow(page, '#q-finder-dept', 'checked'), true);
  await click(page, '#next');
  await waitFor(page, '#q-date');
  assert.match(await page.evaluate(() => localStorage.getItem('referral-assistant/drafts/v1')), /"town":"haifu"/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Chromium 86 with JavaScript disabled: the single file says in Chinese what to do', async () => {
  const { page, context } = await open86(browser, { javaScript: false });
  await page.goto(singleUrl);
  const shown = await page.evaluate(() => [...document.querySelectorAll('.unsupported')]
    .filter((e) => e.offsetParent !== null || getComputedStyle(e).display !== 'none').map((e) => e.textContent));
  // The <noscript> text is rendered; the message meant for browsers without @supports is not.
  assert.equal(shown.length, 1, shown.join(' | '));
  assert.match(shown[0], /^此浏览器无法运行移送助手：本页需要 JavaScript/);
  assert.match(shown[0], /360 安全浏览器的极速模式、Edge 或 Chrome 86 以上版本/);
  await context.close();
});

test('Chromium 86, an engine that cannot load: a Chinese message that names a deployment fault (not the browser), never Emscripten text; answers still saved and exportable', async () => {
  // The embed's files without either engine build: nothing can start.
  const broken = path.join(tmp, 'broken');
  mkdirSync(path.join(broken, 'embed'), { recursive: true });
  for (const e of readdirSync(`${dist}/embed`, { withFileTypes: true }))
    if (e.isFile() && !e.name.startsWith('referral-engine')) copyFileSync(`${dist}/embed/${e.name}`, path.join(broken, 'embed', e.name));
  const { server, url } = await serve(broken);
  try {
    const { page, problems, context } = await open(`${url}embed/`);
    await waitFor(page, '#engine-unavailable');
    const message = await text(page, '#engine-unavailable');
    // The browser could run it: the files are missing, which is the deployment's to mend.
    assert.equal(message, '移送助手的计算引擎未能加载（其文件缺失或被拦截），这不是浏览器的问题。请刷新页面；如仍不行，请联系本系统的管理员。');
    const all = await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.textContent);
    assert.doesNotMatch(all, /Aborted|ASSERTIONS|CompileError|RuntimeError|emscripten/i);
    // The first page still takes answers, saves them, and exports them.
    await set(page, '#q-town', 'haifu');
    const saved = await page.evaluate(() => localStorage.getItem('referral-assistant/drafts/v1'));
    assert.match(saved, /"town":"haifu"/);
    const downloads = path.join(tmp, 'broken-downloads');
    mkdirSync(downloads);
    await page._client.send('Page.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await click(page, '#draft-export');
    const draft = JSON.parse(readFileSync(await downloaded(downloads), 'utf8'));
    assert.equal(draft.schema, 'referral-draft/1');
    assert.equal(draft.answers.town, 'haifu');
    // Only the missing engine files and the CSP notice are reported.
    assert.deepEqual(problems.filter((p) => !CSP_NOTICE.test(p) && !/Failed to load resource.*404/.test(p)), []);
    await context.close();
  } finally {
    server.close();
  }
});

// The office's data sections on the floor browser, in English on a 360 px phone: a refused catalogue
// (its table of errors, a category chosen at a row) and the ledger of a matter (its tables scroll in
// their boxes), nothing wider than the screen.
test('Chromium 86, 360 px, in English: 事项目录 refuses a bad list row by row and takes a category chosen at a row; the ledger lists the matter; nothing wider than the screen', async () => {
  const { context, page, problems } = await open(singleUrl);
  await page.setViewport({ width: 360, height: 800 });
  await engineReady(page);
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  await fillFoodStall(page);  // in Chinese: a matter for the ledger
  await click(page, '#lang-en');
  await waitFor(page, '#lang-en[aria-pressed="true"]');
  await click(page, '#catalogue-import > summary');
  const input = await page.evaluateHandle(() => document.querySelector('referral-assistant').shadowRoot.getElementById('catalogue-file'));
  await input.asElement().uploadFile(path.join(root, 'tests/import/catalogue-bad.csv'));
  await waitFor(page, '#catalogue-errors');
  assert.equal((await text(page, '#catalogue-errors thead')).trim(), 'Row\tColumn\tProblem');
  assert.equal(await width(), 360);
  // Row 9's category is asked beside the errors (#26); once chosen it is no longer asked.
  await set(page, '#catalogue-ask select[data-row="9"]', 'prohibited');
  await page.waitForFunction(() => !document.querySelector('referral-assistant').shadowRoot.querySelector('#catalogue-ask'), { timeout: 10000, polling: 100 });
  await click(page, '#ledger > summary');
  await waitFor(page, '#ledger-table tbody tr');
  assert.match(await text(page, '#ledger-table thead'), /^Number\tItem\tParties\tTown\tFound by\tFound\tHandled by\tNext step\tDue\tStatus/);
  assert.match(await text(page, '#ledger-table tbody tr'), /Overdue/);
  assert.equal(await width(), 360);
  assert.deepEqual(problems, []);
  await context.close();
});

// 适用的协作办法 on the floor browser at 360 px: a damaged pack file refused in its table of file, place
// and problem; the template county's file (written by the CLI) then in force, named in the header.
test('Chromium 86, 360 px: 适用的协作办法 refuses a damaged pack file with its place, takes a good one, names it in the header; nothing wider than the screen', async () => {
  const good = JSON.parse(execFileSync(`${root}/build/native/bin/referral`, ['pack-file', `${root}/forms/template-county`], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  writeFileSync(path.join(tmp, 'county.referral-pack'), JSON.stringify(good));
  writeFileSync(path.join(tmp, 'damaged.referral-pack'), JSON.stringify({ ...good, files: { ...good.files, 'rules.json': good.files['rules.json'].replace('3', '4') } }));
  const { context, page, problems } = await open(singleUrl);
  await page.setViewport({ width: 360, height: 800 });
  await engineReady(page);
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  await click(page, '#pack-import > summary');
  const input = () => page.evaluateHandle(() => document.querySelector('referral-assistant').shadowRoot.getElementById('pack-file'));
  await (await input()).asElement().uploadFile(path.join(tmp, 'damaged.referral-pack'));
  await waitFor(page, '#pack-errors', /\/sha256/);
  assert.equal(await width(), 360);
  await (await input()).asElement().uploadFile(path.join(tmp, 'county.referral-pack'));
  await waitFor(page, '#pack-header', new RegExp(good.number.replace(/[〔〕]/g, '.')));
  await waitFor(page, '#q-town');
  assert.match(await text(page, '#q-town'), /示例县东溪镇/);
  assert.equal(await width(), 360);
  assert.deepEqual(problems, []);
  await context.close();
});
