// Shared paths and the headless browser for the web tests.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = `${root}/build/wasm/bin`;
export const dist = `${root}/dist`;

// Headless Debian chromium through playwright-core (no browser download). `webgl`: software WebGL 2
// (SwiftShader), for the studio.
export async function launch({ webgl = false } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', ...(webgl ? ['--enable-unsafe-swiftshader'] : []), '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records console errors and uncaught exceptions in `problems`.
export async function openPage(browser, url, { blockNetwork = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  if (blockNetwork) {
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      requests.push(u);
      return route.abort();
    });
  }
  if (url) await page.goto(url);
  return { context, page, problems, requests };
}

// Resolves once the page's element has its engine (the wizard started and the engine loaded).
export const engineStarted = (page) => page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 20000 });

// Opens `url` in `page` with the element's definition held back: the page stays as the HTML has it (the
// single file's pre-rendered first page) until `window.__defineNow()` defines the element, as when its
// script comes late. Resolves once the definition is being held.
export async function gotoWithDefinitionHeld(page, url) {
  await page.addInitScript(() => {
    const define = customElements.define.bind(customElements);
    customElements.define = (name, cls, options) => { window.__defineNow = () => define(name, cls, options); };
  });
  await page.goto(url);
  await page.waitForFunction(() => typeof window.__defineNow === 'function');
}

// Answers every page up to the check page: 启东市市场监督管理局 finds an unregistered food stall in 汇龙镇 on patrol, 2026-09-29 10:30.
export async function fillDeptFindsFoodStall(page) {
  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('huilong');
  await page.locator('#next').click();
  await fillFoodStallMatter(page);
}

// The same matter from the second page on (the finder already answered): patrol on 2026-09-29
// 10:30, the unregistered food stall, a violation, no special circumstances.
export async function fillFoodStallMatter(page) {
  await page.locator('#q-date').fill('2026-09-29T10:30');
  await page.locator('input[name="q-source"][value="patrol"]').check();
  await page.locator('#next').click();
  await page.locator('#q-item-filter').fill('摊贩');
  await page.locator('input[name="q-item"][value="market-food-stall-unregistered"]').check();
  await page.locator('#next').click();
  await page.locator('input[name="q-verification"][value="violation"]').check();
  await page.locator('#next').click();
  await page.locator('#next').click();  // no special circumstances
}
