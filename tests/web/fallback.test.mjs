// Current Chromium with WebAssembly removed before any page script runs (`delete window.WebAssembly`
// in an init script): the embed still plans, through the JavaScript engine (wasm2js), and says
// nothing about it; the single file plans too if it carries the JavaScript engine, and otherwise
// shows the Chinese message with the answers still saved. No Emscripten text ever reaches the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dist, fillDeptFindsFoodStall, launch, openPage } from './support.mjs';
import { serve } from '../../scripts/serve.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function withoutWasm(url) {
  const o = await openPage(browser, null);
  await o.page.addInitScript(() => { delete window.WebAssembly; });
  await o.page.goto(url);
  return o;
}

test('without WebAssembly the embed plans through the JavaScript engine, silently', async () => {
  const { server, url } = await serve(dist);
  try {
    const { page, problems, context } = await withoutWasm(`${url}embed/`);
    assert.equal(await page.evaluate(() => typeof window.WebAssembly), 'undefined');
    await page.locator('#next').waitFor({ timeout: 20000 });
    await fillDeptFindsFoodStall(page);
    await page.locator('#confirm').click();
    assert.equal(await page.locator('#plan-handler').innerText(), '汇龙镇人民政府');
    assert.match(await page.locator('.step[data-action="transfer"] .due').innerText(), /2026年10月12日（星期一）/);
    assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').engine.kind), 'js');
    assert.equal(await page.locator('#engine-unavailable').count(), 0);
    assert.match(await page.locator('#portal-status').innerText(), /由汇龙镇人民政府处理/);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    server.close();
  }
});

test('with WebAssembly the embed uses it (the JavaScript engine is not even fetched)', async () => {
  const { server, url } = await serve(dist);
  try {
    const { page, problems, context } = await openPage(browser, null);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${url}embed/`);
    await page.waitForFunction(() => document.querySelector('referral-assistant')?.engine, null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').engine.kind), 'wasm');
    assert.ok(!fetched.some((p) => p.endsWith('referral-engine-js.js')), fetched.join(' '));
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    server.close();
  }
});

test('without WebAssembly the single file plans if it carries the JavaScript engine, else says so in Chinese and keeps the answers', async () => {
  const carriesJs = readFileSync(`${dist}/referral-assistant.html`, 'utf8').includes('id="referral-engine-js"');
  const { page, problems, context } = await withoutWasm(singleUrl);
  await page.locator('#next').waitFor({ timeout: 20000 });
  if (carriesJs) {
    await fillDeptFindsFoodStall(page);
    await page.locator('#confirm').click();
    assert.equal(await page.locator('#plan-handler').innerText(), '汇龙镇人民政府');
    assert.deepEqual(problems, []);
  } else {
    await page.locator('#engine-unavailable').waitFor({ timeout: 20000 });
    assert.equal(await page.locator('#engine-unavailable').innerText(),
      '此浏览器无法运行移送助手：请使用 360 安全浏览器的极速模式、Edge 或 Chrome 86 以上版本打开本文件。');
    assert.doesNotMatch(await page.locator('referral-assistant').innerText(), /Aborted|ASSERTIONS|CompileError|RuntimeError/);
    // Typed answers are still saved, and the draft can be exported.
    await page.locator('#q-town').selectOption('haifu');
    assert.match(await page.evaluate(() => localStorage.getItem('referral-assistant/drafts/v1')), /"town":"haifu"/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#draft-export').click()]);
    assert.equal(JSON.parse(readFileSync(await download.path(), 'utf8')).answers.town, 'haifu');
    // From file:// the only problem reported is the JavaScript engine file that is not beside the page.
    assert.deepEqual(problems.filter((p) => !/ERR_FILE_NOT_FOUND|Failed to load resource/.test(p)), []);
  }
  await context.close();
});
