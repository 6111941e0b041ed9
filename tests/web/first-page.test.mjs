// The single file's first question page is in the HTML itself (a declarative shadow root rendered at
// build time by scripts/bundle.mjs), shown before any script runs; the element adopts it and what
// was typed into it before the element started.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dist, engineStarted, gotoWithDefinitionHeld, launch, openPage } from './support.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the first question page shows with JavaScript disabled, and comes before every script in the file', async () => {
  const html = readFileSync(`${dist}/referral-assistant.html`, 'utf8');
  const template = html.indexOf('<template shadowrootmode="open">');
  assert.ok(template > 0);
  assert.ok(template < html.indexOf('<script'), 'the first page precedes the scripts');
  // Written in ASCII alone (scripts/bundle.mjs says why); the page reads in Chinese all the same.
  const outside = html.match(/[^\x00-\x7f]/u);
  assert.equal(outside, null, `a character outside ASCII at ${outside?.index}`);
  assert.match(html, /<meta charset="utf-8">/);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(singleUrl);
  await page.locator('#q-town').waitFor({ state: 'visible', timeout: 5000 });
  assert.ok(await page.locator('#q-town option').count() > 5);
  assert.ok(await page.locator('label[for="q-finder-dept"]').isVisible());
  assert.ok(await page.locator('#next').isVisible());
  assert.equal(await page.title(), '移送助手 · 启政办发〔2020〕38号');
  assert.equal(await page.locator('#next').textContent(), '下一步');
  assert.equal(await page.locator('label[for="q-finder-dept"]').textContent(), '市级业务主管部门');
  await context.close();
});

test('at load the single file runs one small script; the wizard is started only after the first page was painted', async () => {
  const html = readFileSync(`${dist}/referral-assistant.html`, 'utf8');
  const run = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/type="text\/plain"/.test(m[1]));
  assert.equal(run.length, 1, 'one executed script (boot.js)');
  assert.ok(run[0][2].length < 4096, `boot.js is ${run[0][2].length} B`);
  // The wizard rides deflated, to be inflated by boot.js after the first paint.
  assert.match(html, /<script type="text\/plain" id="referral-app" data-encoding="deflate;base64">[A-Za-z0-9+/=]+<\/script>/);
  // Frames held back: the pre-rendered page stays, and the wizard is not even defined, until they run.
  const { page, problems, context } = await openPage(browser, null);
  await page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    const held = [];
    window.requestAnimationFrame = (cb) => { held.push(cb); return held.length; };
    window.__releaseFrames = () => { window.requestAnimationFrame = raf; for (const cb of held.splice(0)) raf(cb); };
  });
  await page.goto(singleUrl);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => !!customElements.get('referral-assistant')), false);
  assert.ok(await page.locator('#q-finder-dept').isVisible());
  await page.evaluate(() => window.__releaseFrames());
  await engineStarted(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('answers typed into the pre-rendered page before the element starts are adopted and saved', async () => {
  const { page, problems, context } = await openPage(browser, null);
  // Hold back the element's definition, so the page stays the pre-rendered one while we type.
  await gotoWithDefinitionHeld(page, singleUrl);
  assert.equal(await page.evaluate(() => !!customElements.get('referral-assistant')), false);
  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('haifu');
  await page.locator('#q-town').focus();
  await page.evaluate(() => window.__defineNow());
  await engineStarted(page);
  // Adopted: the element's own page shows the same answers, they are saved, and focus stayed put.
  assert.deepEqual(await page.evaluate(() => ({ ...document.querySelector('referral-assistant').answers })), { finder: 'dept', town: 'haifu' });
  assert.equal(await page.locator('#q-town').inputValue(), 'haifu');
  assert.equal(await page.locator('#q-finder-dept').isChecked(), true);
  assert.match(await page.evaluate(() => localStorage.getItem('referral-assistant/drafts/v1')), /"town":"haifu"/);
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id), 'q-town');
  // The element's nodes replaced the pre-rendered ones: one header, one page.
  assert.equal(await page.locator('header.header').count(), 1);
  assert.equal(await page.locator('#next').count(), 1);
  await page.locator('#next').click();
  await page.locator('#q-date').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('下一步 pressed in the pre-rendered page before the element starts is pressed again once it has', async () => {
  const { page, problems, context } = await openPage(browser, null);
  await gotoWithDefinitionHeld(page, singleUrl);
  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('haifu');
  await page.locator('#next').click();
  // Still the pre-rendered page: nothing moved, nothing was submitted or reloaded.
  assert.equal(await page.evaluate(() => !!customElements.get('referral-assistant')), false);
  assert.equal(await page.locator('#q-date').count(), 0);
  assert.equal(await page.locator('#q-town').inputValue(), 'haifu');
  await page.evaluate(() => window.__defineNow());
  // The wizard took the answers and the press: the second page is showing.
  await page.locator('#q-date').waitFor({ timeout: 20000 });
  const { finder, town } = await page.evaluate(() => ({ ...document.querySelector('referral-assistant').answers }));
  assert.deepEqual({ finder, town }, { finder: 'dept', town: 'haifu' });
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').dataset.pressed), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

// The header's 设置密码锁 and 清除本机数据 are added to the frame after the rest (portal-api.js): a press of
// either before the element starts opens its dialog once it has, with the answers typed meanwhile kept.
for (const [button, field] of [['#lock-set', '#lock-new'], ['#storage-clear', '#storage-clear-what']]) {
  test(`${button} pressed in the pre-rendered page before the element starts opens its dialog once it has`, async () => {
    const { page, problems, context } = await openPage(browser, null);
    await gotoWithDefinitionHeld(page, singleUrl);
    await page.locator('#q-town').selectOption('haifu');
    await page.locator(button).click();
    assert.equal(await page.locator(field).count(), 0);
    await page.evaluate(() => window.__defineNow());
    await page.locator(field).waitFor({ timeout: 20000 });
    assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.getElementById('draft-dialog').open), true);
    assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').answers.town), 'haifu');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('where the browser cannot inflate (no DecompressionStream: Firefox < 113, Safari < 16.4) the carried inflater starts the wizard', async () => {
  const { page, problems, context } = await openPage(browser, null);
  await page.addInitScript(() => { delete window.DecompressionStream; });
  await page.goto(singleUrl);
  await engineStarted(page);
  assert.equal(await page.evaluate(() => typeof window.referralInflate), 'function', 'the fallback inflater ran');
  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('haifu');
  await page.locator('#next').click();
  await page.locator('#q-date').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file whose wizard block is damaged says so in Chinese instead of staying silent', async () => {
  const html = readFileSync(`${dist}/referral-assistant.html`, 'utf8');
  const damaged = html.replace(/(id="referral-app" data-encoding="deflate;base64">)([A-Za-z0-9+/=]{0,4096})/, (_, open, head) => open + head.replace(/[A-Za-z]/g, 'A'));
  assert.notEqual(damaged, html);
  const dir = mkdtempSync(path.join(tmpdir(), 'referral-damaged-'));
  writeFileSync(path.join(dir, 'referral-assistant.html'), damaged);
  const { page, problems, context } = await openPage(browser, `file://${dir}/referral-assistant.html`);
  await page.getByRole('alert').filter({ hasText: '移送助手未能启动：本文件已损坏' }).waitFor({ timeout: 10000 });
  assert.equal(await page.evaluate(() => !!customElements.get('referral-assistant')), false);
  assert.ok(problems.length > 0, 'the failure is also in the console');
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

test('本单位设置 typed into the pre-rendered page, and its save button pressed, before the element starts are kept', async () => {
  const { page, problems, context } = await openPage(browser, null);
  await gotoWithDefinitionHeld(page, singleUrl);
  await page.locator('#office-profile > summary').click();  // closed, so that the first question is on the first screen (#26)
  await page.locator('#office-authority').selectOption('town:haifu');
  await page.locator('#office-prefix').fill('海复移');
  await page.locator('#office-save').click();
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored before the element starts');
  await page.evaluate(() => window.__defineNow());
  await engineStarted(page);
  assert.equal(await page.locator('#office-authority').inputValue(), 'town:haifu');
  assert.equal(await page.locator('#office-prefix').inputValue(), '海复移');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => /office/.test(k)).map((k) => localStorage.getItem(k)).join());
  assert.match(stored, /"authority":"town:haifu"/);
  assert.match(stored, /"prefix":"海复移"/);
  assert.deepEqual(problems, []);
  await context.close();
});
