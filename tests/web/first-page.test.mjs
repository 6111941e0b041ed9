// The single file's first question page is in the HTML itself (a declarative shadow root rendered at
// build time by scripts/bundle.mjs), shown before any script runs; the element adopts it and what
// was typed into it before the element started.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dist, launch, openPage } from './support.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the first question page shows with JavaScript disabled, and comes before every script in the file', async () => {
  const html = readFileSync(`${dist}/referral-assistant.html`, 'utf8');
  const template = html.indexOf('<template shadowrootmode="open">');
  assert.ok(template > 0);
  assert.ok(template < html.indexOf('<script'), 'the first page precedes the scripts');
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(singleUrl);
  await page.locator('#q-town').waitFor({ state: 'visible', timeout: 5000 });
  assert.ok(await page.locator('#q-town option').count() > 5);
  assert.ok(await page.locator('label[for="q-finder-dept"]').isVisible());
  assert.ok(await page.locator('#next').isVisible());
  await context.close();
});

test('at load the single file runs one small script; the wizard is started only after the first page was painted', async () => {
  const html = readFileSync(`${dist}/referral-assistant.html`, 'utf8');
  const run = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/type="text\/plain"/.test(m[1]));
  assert.equal(run.length, 1, 'one executed script (boot.js)');
  assert.ok(run[0][2].length < 4096, `boot.js is ${run[0][2].length} B`);
  assert.match(html, /<script type="text\/plain" id="referral-app">/);
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
  await page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 20000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('answers typed into the pre-rendered page before the element starts are adopted and saved', async () => {
  const { page, problems, context } = await openPage(browser, null);
  // Hold back the element's definition, so the page stays the pre-rendered one while we type.
  await page.addInitScript(() => {
    const define = customElements.define.bind(customElements);
    customElements.define = (name, cls, options) => { window.__defineNow = () => define(name, cls, options); };
  });
  await page.goto(singleUrl);
  await page.waitForFunction(() => typeof window.__defineNow === 'function');
  assert.equal(await page.evaluate(() => !!customElements.get('referral-assistant')), false);
  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('haifu');
  await page.locator('#q-town').focus();
  await page.evaluate(() => window.__defineNow());
  await page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 20000 });
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
