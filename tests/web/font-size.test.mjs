// --referral-font-size (#13, web/EMBEDDING.md Theming) scales every text of the element, not only running
// text: headings, labels, hints, fields, buttons, the plan panel and the packet step, in the same ratio
// (app.css sizes everything in em off the host's font size). At the default the sizes are the design's own
// (h1 28 px, a field 16 px, …). With 20 px on a 360 px phone nothing is wider than the screen. No text is
// smaller than 13 px (--referral-min-font-size), at the default base nor at a portal's 14 px (#27.6).
// The property is set on the host element as a portal's stylesheet would; the page is driven as an official would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dist, fillDeptFindsFoodStall, launch } from './support.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// What is measured at each stage: a selector inside the element, the first visible match.
const STAGES = {
  'question page': { h1: 'main h1', label: 'legend, .label', hint: '.hint', button: '#next', select: 'select.input' },
  'plan panel': { 'plan heading': '.plan h2', 'plan line': '.plan .step p', 'due date': '.plan .due', 'summary term': '.summary-row dt' },
  'packet step': { 'section title': '.section-title', 'text field': '.packet input.input[type=text]', 'secondary button': '.packet .button.secondary',
    'checklist heading': '.checklist h2', 'checklist line': '.check-items li', 'plan line': '.plan .step p' },
};

async function open(width, size) {
  const context = await browser.newContext({ viewport: { width, height: 740 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(singleUrl);
  await page.locator('#next').waitFor({ timeout: 30000 });
  // As a portal's stylesheet would: the custom property, or font-size itself on the element.
  if (size) {
    await page.evaluate(([property, value]) => document.querySelector('referral-assistant').style.setProperty(property, value),
      size.startsWith('font-size:') ? ['font-size', size.slice(10)] : ['--referral-font-size', size]);
  }
  return { context, page, problems };
}

const sizes = (page, wanted) => page.evaluate((w) => {
  const root = document.querySelector('referral-assistant').shadowRoot;
  const out = {};
  for (const [name, selector] of Object.entries(w)) {
    const el = [...root.querySelectorAll(selector)].find((e) => e.getClientRects().length > 0);
    out[name] = el ? parseFloat(getComputedStyle(el).fontSize) : null;
  }
  return out;
}, wanted);

// Nothing wider than the screen: the page does not scroll sideways, and no visible box of the element
// reaches past the screen's right edge (a box cut by an overflow:hidden parent would not widen the page).
const overflow = (page) => page.evaluate(() => {
  const root = document.querySelector('referral-assistant').shadowRoot;
  const inner = window.innerWidth;
  const wide = [...root.querySelectorAll('*')].filter((e) => {
    if (e.closest('.visually-hidden') || e.tagName === 'STYLE' || e.tagName === 'OPTION') return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (r.right > inner + 0.5 || r.left < -0.5);
  }).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${String(e.className).trim().replace(/\s+/g, '.')} (${Math.round(e.getBoundingClientRect().right)})`);
  return { scroll: document.documentElement.scrollWidth, inner, wide };
});

async function walk(page, visit) {
  await visit('question page');
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  await page.locator('#plan-handler').waitFor();
  await visit('plan panel');
  await page.locator('#packet-start').click();
  await page.locator('#packet-checklist').waitFor();
  await visit('packet step');
}

test('--referral-font-size: 20px makes every measured text 1.25 times its default size (and so does font-size: 20px on the element)', async () => {
  const measured = {};
  for (const size of ['', '20px', 'font-size:20px']) {
    const { context, page, problems } = await open(1366, size);
    await walk(page, async (stage) => {
      for (const [name, px] of Object.entries(await sizes(page, STAGES[stage]))) {
        assert.ok(px, `${stage}: "${name}" (${STAGES[stage][name]}) is shown`);
        (measured[`${stage}: ${name}`] ??= {})[size || 'default'] = px;
      }
    });
    assert.deepEqual(problems, []);
    await context.close();
  }
  // The design at the default base (16 px) is unchanged.
  assert.equal(measured['question page: h1'].default, 28);
  assert.equal(measured['question page: button'].default, 16);
  assert.equal(measured['question page: select'].default, 16);
  assert.equal(measured['question page: label'].default, 19);
  assert.equal(measured['plan panel: plan heading'].default, 22);
  assert.equal(measured['packet step: text field'].default, 16);
  for (const [what, { default: base, '20px': big, 'font-size:20px': direct }] of Object.entries(measured)) {
    assert.ok(Math.abs(big / base - 1.25) < 0.01, `${what}: ${base}px at 16px, ${big}px at 20px (ratio ${(big / base).toFixed(3)}, not 1.25)`);
    assert.equal(direct, big, `${what}: font-size: 20px on the element gives ${direct}px, the property ${big}px`);
  }
});

test('--referral-font-size: 20px on a 360 px phone: nothing is wider than the screen', async () => {
  const { context, page, problems } = await open(360, '20px');
  await walk(page, async (stage) => {
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('referral-assistant')).fontSize), '20px');
    const { scroll, inner, wide } = await overflow(page);
    assert.ok(scroll <= inner, `${stage}: the page is ${scroll} px wide on a ${inner} px screen`);
    assert.deepEqual(wide, [], `${stage}: boxes past the screen's edge`);
  });
  assert.deepEqual(problems, []);
  await context.close();
});

// The smallest text shown: every visible element with text of its own, in the element's shadow root.
const smallest = (page) => page.evaluate(() => {
  const root = document.querySelector('referral-assistant').shadowRoot;
  let min = { px: Infinity, what: '' };
  for (const e of root.querySelectorAll('*')) {
    if (e.closest('.visually-hidden') || ['STYLE', 'OPTION', 'LINK'].includes(e.tagName) || !e.getClientRects().length) continue;
    if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const px = parseFloat(getComputedStyle(e).fontSize);
    if (px < min.px) min = { px, what: `${e.tagName.toLowerCase()}.${String(e.className).trim()} "${e.textContent.trim().slice(0, 20)}"` };
  }
  return min;
});

test('no text below 13 px, at the default base of 16 px nor at a portal\'s 14 px: pages, the item list, the plan\'s details, the packet step, the office\'s sections and the ledger', async () => {
  for (const size of ['', '14px']) {
    const { context, page, problems } = await open(1366, size);
    const seen = [];
    const look = async (stage) => { const m = await smallest(page); seen.push(`${stage}: ${m.px}px ${m.what}`); assert.ok(m.px >= 12.99, `${size || '16px'} base, ${stage}: ${m.px}px ${m.what}`); };
    await look('first page');
    await page.locator('label[for="q-finder-dept"]').click();
    await page.locator('#q-town').selectOption('huilong');
    await page.locator('#next').click();
    await page.locator('#q-date').fill('2026-09-29T10:30');
    await page.locator('input[name="q-source"][value="patrol"]').check();
    await page.locator('#next').click();
    await page.locator('#q-item-filter').fill('摊贩');
    await look('the item list');
    await page.locator('input[name="q-item"][value="market-food-stall-unregistered"]').check();
    await page.locator('#next').click();
    await page.locator('input[name="q-verification"][value="violation"]').check();
    await page.locator('#next').click();
    await page.locator('#next').click();
    await page.locator('#confirm').click();
    await page.locator('#plan-handler').waitFor();
    await page.evaluate(() => { for (const d of document.querySelector('referral-assistant').shadowRoot.querySelectorAll('details')) d.open = true; });
    await look('plan, every details open, the office\'s sections and the ledger');
    await page.locator('#packet-start').click();
    await page.locator('#packet-checklist').waitFor();
    await look('packet step');
    assert.deepEqual(problems, []);
    await context.close();
  }
});
