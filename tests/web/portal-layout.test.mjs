// The element in a portal's page (#27): its layout follows its own width, not the window's (#27.4: a
// 360 px side panel of a 1366 px window is laid out as on a phone; 1000 px as on a desktop), the theme
// reaches every link, summary, field, the progress bar, the focus ring and what is done, and the
// buttons, fields and links carry part names (#27.6), and the text inside the tag shows only where the
// element cannot start (a page saved with Ctrl+S and opened from disk, #27.11).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dist, fillDeptFindsFoodStall, launch } from './support.mjs';
import { api, host } from './portal-support.mjs';
import { serve } from '../../scripts/serve.mjs';

let browser;
let server;
let base;
before(async () => { browser = await launch(); ({ server, url: base } = await serve(dist)); });
after(async () => { await browser?.close(); server?.close(); });

// Puts the element into a box `width` px wide (a portal's side panel), keeping its state. Moved into the
// box, the element's linked stylesheet is applied again once the browser has it: waited for.
const inBox = async (page, width) => {
  await boxed(page, width);
  await page.waitForFunction(() => getComputedStyle(document.querySelector('referral-assistant').shadowRoot.querySelector('.layout')).display === 'grid');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
};
const boxed = (page, width) => api(page, (w) => {
  const el = document.querySelector('referral-assistant');
  let box = document.getElementById('side-panel');
  if (!box) {
    box = document.createElement('div');
    box.id = 'side-panel';
    el.before(box);
    box.append(el);
  }
  box.style.width = `${w}px`;
}, width);

// How the element is laid out now: the columns of its wizard/plan grid, whether the plan sits below the
// questions, the frame's side padding, and the boxes reaching past the element's right edge.
const layout = (page) => api(page, () => {
  const el = document.querySelector('referral-assistant');
  const root = el.shadowRoot;
  const edge = el.getBoundingClientRect().right;
  const main = root.querySelector('main.wizard').getBoundingClientRect();
  const plan = root.querySelector('aside.plan').getBoundingClientRect();
  const wide = [...root.querySelectorAll('*')].filter((e) => {
    if (e.closest('.visually-hidden') || ['STYLE', 'OPTION', 'LINK'].includes(e.tagName)) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > edge + 0.5;
  }).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${String(e.className).trim().replace(/\s+/g, '.')}`);
  return {
    columns: getComputedStyle(root.querySelector('.layout')).gridTemplateColumns.split(' ').length,
    planBelow: plan.top >= main.bottom - 1,
    padding: getComputedStyle(root.querySelector('.app')).paddingLeft,
    sticky: getComputedStyle(root.querySelector('aside.plan')).position,
    wide,
  };
});

test('#27.4 in a 360 px box of a 1366 px window the element is laid out as on a phone, in a 1000 px box as on a desktop: question page, plan, packet step', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const { page, problems } = await host(context, base, { 'storage-key': 'layout' });
  const check = async (stage) => {
    await inBox(page, 360);
    assert.deepEqual(await layout(page), { columns: 1, planBelow: true, padding: '8px', sticky: 'static', wide: [] }, `${stage}, 360 px`);
    await inBox(page, 1000);
    const wide = await layout(page);
    assert.equal(wide.columns, 2, `${stage}, 1000 px`);
    assert.equal(wide.planBelow, false, `${stage}, 1000 px`);
    assert.equal(wide.padding, '16px');
    assert.equal(wide.sticky, 'sticky');
    await inBox(page, 360);
  };
  await check('question page');
  await inBox(page, 360);
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  await page.locator('#plan-handler').waitFor();
  await check('plan');
  await page.locator('#packet-start').click();
  await page.locator('#packet-checklist').waitFor();
  await check('packet step');
  assert.deepEqual(problems, []);
  await context.close();
});

test('#27.6 theming: the link colour reaches link-styled buttons and <summary>; input borders, the progress bar, the focus ring, success and the accent follow their properties; buttons, fields and links carry part names', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });
  const { page, problems } = await host(context, base, { 'storage-key': 'theme' });
  const theme = { '--referral-link-color': 'rgb(1, 2, 3)', '--referral-input-border': 'rgb(4, 5, 6)', '--referral-progress-color': 'rgb(7, 8, 9)',
    '--referral-focus-color': 'rgb(10, 11, 12)', '--referral-success-color': 'rgb(13, 14, 15)', '--referral-accent': 'rgb(16, 17, 18)' };
  // Only this theme: the example portal's own (which styles the header and plan parts) is taken away.
  await api(page, (t) => {
    document.querySelector('link[href="portal.css"]').remove();
    const el = document.querySelector('referral-assistant');
    for (const [k, v] of Object.entries(t)) el.style.setProperty(k, v);
  }, theme);
  await page.addStyleTag({ content: `referral-assistant::part(button) { outline: 3px dotted rgb(20, 21, 22); }
    referral-assistant::part(input) { background-color: rgb(23, 24, 25); }
    referral-assistant::part(link-button) { font-style: italic; }
    referral-assistant::part(progress) { height: 13px; }` });
  const style = (selector, property, pseudo = null) => api(page, ([s, p, ps]) =>
    getComputedStyle(document.querySelector('referral-assistant').shadowRoot.querySelector(s), ps)[p], [selector, property, pseudo]);
  assert.equal(await style('#lang-en', 'color'), theme['--referral-link-color']);            // a link-styled button
  assert.equal(await style('#office-profile > summary', 'color'), theme['--referral-link-color']);
  assert.equal(await style('#q-town', 'borderTopColor'), theme['--referral-input-border']);
  // The progress bar's filled part, as drawn: its pixels read back in a blank page.
  const shot = await page.locator('referral-assistant').locator('progress').screenshot();
  const blank = await context.newPage();
  const pixel = await blank.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const [r, gr, b] = g.getImageData(2, Math.floor(img.height / 2), 1, 1).data;
    return `rgb(${r}, ${gr}, ${b})`;
  }, shot.toString('base64'));
  await blank.close();
  assert.equal(pixel, theme['--referral-progress-color']);
  assert.equal(await style('.status', 'color'), theme['--referral-success-color']);
  assert.equal(await style('.header', 'borderBottomColor'), theme['--referral-accent']);
  assert.equal(await style('.plan', 'borderTopColor'), theme['--referral-accent']);
  // The parts, as the portal's stylesheet reaches them.
  assert.equal(await style('#next', 'outlineStyle'), 'dotted');
  assert.equal(await style('#draft-export', 'outlineColor'), 'rgb(20, 21, 22)');           // a secondary button
  assert.equal(await style('#q-town', 'backgroundColor'), 'rgb(23, 24, 25)');
  assert.equal(await style('#lang-en', 'fontStyle'), 'italic');
  assert.equal(await style('progress', 'height'), '13px');
  // The focus ring, reached by the keyboard.
  await page.locator('#q-town').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.equal(await api(page, () => { const a = document.querySelector('referral-assistant').shadowRoot.activeElement; return getComputedStyle(a).outlineColor; }),
    theme['--referral-focus-color']);
  // What is drawn later carries its parts too: the packet step's fields and the party added there.
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('#packet-checklist').waitFor();
  await page.locator('#party-add').click();
  assert.equal(await style('#p-parties-1-name', 'backgroundColor'), 'rgb(23, 24, 25)');
  assert.equal(await style('#party-add', 'outlineStyle'), 'dotted');
  assert.equal(await style('.check-ok, .check-summary.check-done', 'color'), theme['--referral-success-color']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('#27.11 the text inside the tag: hidden once the element has started; shown by the page saved with Ctrl+S and opened from disk, which runs no module', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const { page } = await host(context, base, {});
  const fallback = page.locator('referral-assistant > .referral-fallback');
  assert.equal(await fallback.count(), 1);
  assert.equal(await fallback.isVisible(), false);
  // "Save page as": the HTML and its files beside it, opened with file://.
  const saved = mkdtempSync(path.join(os.tmpdir(), 'saved-page-'));
  try {
    for (const f of ['index.html', 'portal.css', 'portal.js', 'referral-assistant.js', 'referral-assistant.css']) copyFileSync(`${dist}/embed/${f}`, path.join(saved, f));
    const offline = await context.newPage();
    await offline.goto(`file://${path.join(saved, 'index.html')}`);
    await offline.waitForTimeout(500);
    assert.equal(await offline.evaluate(() => !!document.querySelector('referral-assistant').shadowRoot), false, 'the module did not run');
    assert.match(await offline.locator('referral-assistant').innerText(), /另存到本机的网页无法运行它.*下载离线版/);
  } finally {
    rmSync(saved, { recursive: true, force: true });
  }
  await context.close();
});
