// The wizard in headless chromium: a whole case through the UI, errors, resume, offline, a11y, CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dist, engineStarted, fillDeptFindsFoodStall, launch, openPage } from './support.mjs';
import { serve } from '../../scripts/serve.mjs';

const require = createRequire(import.meta.url);
const singleUrl = `file://${dist}/referral-assistant.html`;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ready = (page) => page.locator('#next').waitFor({ timeout: 20000 });
// Waits until the element's text matches (the import reads its file asynchronously).
async function textMatches(locator, re) {
  for (let i = 0; i < 50; i += 1) {
    if (re.test(await locator.innerText())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(await locator.innerText(), re);
}


test('a whole case through the UI gives the handler, the steps and a working-day due date', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl);
  await ready(page);
  // Next with nothing answered: an error summary linking to both fields, and inline errors.
  await page.locator('#next').click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.equal(await summary.locator('a').count(), 2);
  assert.match(await page.locator('[data-question="town"] .error-message').innerText(), /属地镇/);
  await summary.locator('a', { hasText: '属地镇' }).click();
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id), 'q-town');

  await fillDeptFindsFoodStall(page);
  await page.locator('h1', { hasText: '核对您的回答' }).waitFor();
  assert.match(await page.locator('.summary-list').innerText(), /食品摊贩未办理登记从事食品经营/);
  await page.locator('#confirm').click();
  assert.equal(await page.locator('#plan-handler').innerText(), '汇龙镇人民政府');
  // "Why?" names the facts the deciding rule reads, in the questions' words, not pack-internal definitions.
  const why = await page.locator('.handler details li').allTextContents();
  assert.ok(why.some((t) => t.startsWith('发现方')), why.join(' | '));
  assert.ok(!why.some((t) => /routine|in_scope/.test(t)), why.join(' | '));
  const transfer = page.locator('.step[data-action="transfer"]');
  assert.match(await transfer.innerText(), /启东市市场监督管理局 → 汇龙镇人民政府/);
  assert.match(await transfer.locator('.due').innerText(), /2026年10月12日（星期一）/);
  assert.match(await page.locator('.step[data-action="acknowledge"] .due').innerText(), /2026年10月19日/);
  assert.ok(await page.locator('.ambiguities details').count() >= 1);

  // "Change" on the check page goes back to the question and keeps the answers.
  await page.locator('#confirm').waitFor();
  await page.locator('.summary-row', { hasText: '属地镇' }).locator('a').click();
  assert.equal(await page.locator('#q-town').inputValue(), 'huilong');
  assert.deepEqual(problems, []);
  await context.close();
});

test("an engine error is shown on the field its path names, linked from the summary", async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await ready(page);
  await page.locator('label[for="q-finder"]').click();
  await page.locator('#q-town').selectOption('lvsigang');
  await page.locator('#next').click();
  await page.locator('#q-date').fill('2026-03-10T09:00');
  await page.locator('input[name="q-source"][value="transfer_in"]').check();
  await page.locator('#q-received').fill('2026-03-09T09:00');  // before it was found: the engine objects (/received)
  await page.locator('#next').click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('[data-question="received"] .error-message').innerText(), /接收时间早于发现时间/);
  await page.locator('.error-summary a').click();
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id), 'q-received');
  await page.locator('#q-received').fill('2026-03-11T09:00');
  await page.locator('#next').click();
  await page.locator('#q-item-filter').waitFor();
  await context.close();
});

test('the catalogue picker filters on every keystroke and waits for IME composition', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await ready(page);
  await page.locator('label[for="q-finder"]').click();
  await page.locator('#q-town').selectOption('nanyang');
  await page.locator('#next').click();
  await page.locator('input[name="q-source"][value="complaint"]').check();
  await page.locator('#next').click();
  const count = page.locator('.picker-count');
  const all = await count.innerText();
  const filter = page.locator('#q-item-filter');
  // Composition in progress: the list must not change until compositionend.
  await filter.dispatchEvent('compositionstart');
  await filter.evaluate((el) => { el.value = '过期'; el.dispatchEvent(new InputEvent('input', { isComposing: true, bubbles: true })); });
  assert.equal(await count.innerText(), all);
  await filter.dispatchEvent('compositionend');
  assert.notEqual(await count.innerText(), all);
  assert.ok(await page.locator('input[name="q-item"][value="market-food-expired"]').count() === 1);
  // Typing a statute fragment narrows too.
  await filter.fill('');
  await filter.pressSequentially('食品安全法');
  assert.ok(await page.locator('.picker-list .radio').count() > 1);
  // "Not in the catalogue" asks for the department, category and devolution instead.
  await page.locator('input[name="q-item"][value=""]').check();
  await page.locator('#q-dept').waitFor();
  assert.equal(await page.locator('[data-question="category"]').count(), 1);
  await context.close();
});

test('a filter that matches hundreds of items draws the best 50, and a button shows the rest', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await ready(page);
  // Once the engine is in: it names the catalogue in force when it starts, which would replace this one.
  await engineStarted(page);
  // A catalogue of 730 items: the real one repeated, each copy with its own id and name.
  await page.evaluate(() => {
    const el = document.querySelector('referral-assistant');
    const real = el.pack.catalogue.items;
    el.pack.catalogue.items = Array.from({ length: real.length * 10 }, (_, n) => {
      const base = real[n % real.length];
      const k = Math.floor(n / real.length);
      return k === 0 ? base : { ...base, id: `${base.id}-${k}`, name: `${base.name}（${k}）` };
    });
  });
  await page.locator('label[for="q-finder"]').click();
  await page.locator('#q-town').selectOption('nanyang');
  await page.locator('#next').click();
  await page.locator('input[name="q-source"][value="complaint"]').check();
  await page.locator('#next').click();
  const filter = page.locator('#q-item-filter');
  // The rows the official sees: a query sets the unfiltered list aside (kept in the page, not shown).
  const rows = page.locator('.picker-list input[name="q-item"]:not([value=""])').filter({ visible: true });
  assert.equal(await rows.count(), 730, 'with nothing typed every item is listed');
  const order = await rows.evaluateAll((els) => els.map((e) => e.value));
  // All of them in Chromium's accessibility tree too, those out of the list's view included.
  const cdp = await context.newCDPSession(page);
  const radiosReadOut = async () => (await cdp.send('Accessibility.getFullAXTree')).nodes.filter((n) => n.role?.value === 'radio' && !n.ignored).length;
  assert.equal(await radiosReadOut(), 731, 'every item and 不在目录中');
  await filter.pressSequentially('许可');
  const matched = Number((await page.locator('.picker-count').innerText()).match(/共 (\d+) 项匹配/)[1]);
  assert.ok(matched > 60, `many matches (${matched})`);
  assert.equal(await rows.count(), 50);
  const more = page.locator('.picker-more');
  assert.equal(await more.innerText(), `显示其余 ${matched - 50} 项`);
  await more.click();
  assert.equal(await rows.count(), matched);
  assert.equal(await more.count(), 0);
  // A new keystroke starts again from the best matches.
  await filter.press('End');
  await filter.pressSequentially('证');
  assert.ok(await rows.count() <= 50);
  assert.equal(await more.count(), 1);
  // The keyboard reaches only what is shown: Tab from the box lands on the first match, the arrow on
  // the second, and the list read out holds the matches, not the 730 rows set aside.
  const shown = await rows.evaluateAll((els) => els.map((e) => e.value));
  const focused = () => page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.value);
  await filter.focus();
  await page.keyboard.press('Tab');
  assert.equal(await focused(), shown[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), shown[1]);
  assert.equal(await page.locator(`input[name="q-item"][value="${shown[1]}"]`).isChecked(), true);
  // A first choice changes which questions follow, so the page is redrawn: the search and its matches stay.
  assert.equal(await filter.inputValue(), '许可证');
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.value)), shown);
  // Chromium's own accessibility tree (Playwright's ariaSnapshot does not know content-visibility).
  assert.equal(await radiosReadOut(), shown.length + 1, 'the matches and 不在目录中');
  // A page of text pasted into the box is cut to a search's length (100 characters), and answered.
  await filter.fill('许可'.repeat(5000));
  assert.equal((await filter.inputValue()).length, 100);
  await page.locator('.picker-count', { hasText: '项匹配' }).waitFor();
  // Emptied: every item again, in the catalogue's order, the choice checked among them.
  await filter.fill('');
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.value)), order);
  assert.equal(await page.locator('input[name="q-item"]:checked').getAttribute('value'), shown[1]);
  await context.close();
});

test('a half-filled form survives a reload and can be resumed', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await ready(page);
  await page.reload();  // merely opening the wizard leaves nothing to resume
  await ready(page);
  assert.equal(await page.locator('#resume-yes').count(), 0);
  await page.locator('label[for="q-finder"]').click();
  await page.locator('#q-town').selectOption('haifu');
  await page.locator('#next').click();
  await page.locator('input[name="q-source"][value="supervision"]').check();
  await page.reload();
  await ready(page);
  await page.locator('#resume-yes').click();
  assert.equal(await page.locator('input[name="q-source"][value="supervision"]').isChecked(), true);
  await page.locator('#back').click();
  assert.equal(await page.locator('#q-town').inputValue(), 'haifu');
  assert.equal(await page.locator('#q-finder').isChecked(), true);
  await context.close();
});

test('draft files: a damaged or foreign one is refused and changes nothing; a good one imports; export round-trips', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await ready(page);
  await page.locator('#q-town').selectOption('beixin');
  const input = page.locator('#draft-import');
  await input.setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"schema": "referral-draft/1", ') });
  await textMatches(page.locator('.status'), /已损坏/);
  await input.setInputFiles({ name: 'y.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ schema: 'referral-draft/1', name: 'x', pack: { id: 'other-pack', version: '1' }, answers: {} })) });
  await textMatches(page.locator('.status'), /按另一份文件.*未导入/);
  assert.equal(await page.locator('#q-town').inputValue(), 'beixin');
  // A good file is imported as a new named draft.
  const good = { schema: 'referral-draft/1', name: '海复镇巡查', pack: { id: 'qidong-2020-38', version: '1.0.0' }, page: 0, answers: { finder: 'town', town: 'haifu' } };
  await input.setInputFiles({ name: 'z.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await textMatches(page.locator('.status'), /已导入/);
  assert.equal(await page.locator('#q-town').inputValue(), 'haifu');
  assert.ok(await page.locator('#draft-select option').count() >= 2);
  // Export writes the current draft as referral-draft/1 with the pack's id and version (and its 文号
  // and title, to name it when the draft is opened under another pack).
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#draft-export').click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.schema, 'referral-draft/1');
  assert.equal(exported.name, '海复镇巡查');
  assert.deepEqual([exported.pack.id, exported.pack.version, exported.pack.number], ['qidong-2020-38', '1.0.0', '启政办发〔2020〕38号']);
  assert.equal(exported.answers.town, 'haifu');
  // Storage that refuses to save (full, or disabled): the user is told at once, and 导出 still writes
  // everything on the page.
  await page.evaluate(() => { window.__setItem = Storage.prototype.setItem; Storage.prototype.setItem = () => { throw new DOMException('quota', 'QuotaExceededError'); }; });
  await page.locator('#q-town').selectOption('nanyang');
  await textMatches(page.locator('.status'), /草稿未能保存/);
  const [unsaved] = await Promise.all([page.waitForEvent('download'), page.locator('#draft-export').click()]);
  assert.equal(JSON.parse(readFileSync(await unsaved.path(), 'utf8')).answers.town, 'nanyang');
  await page.evaluate(() => { Storage.prototype.setItem = window.__setItem; });
  // A name longer than 60 characters is shortened to 60, and the user is told.
  const long = { ...good, name: '镇'.repeat(80) };
  await input.setInputFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(long)) });
  await textMatches(page.locator('.status'), /已截为前 60 个字符/);
  assert.equal(await page.locator('#draft-select').evaluate((s) => s.selectedOptions[0].textContent), '镇'.repeat(60));
  await context.close();
});

test('drafts can be renamed and deleted from the header, with an accessible dialog', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl);
  await ready(page);
  const select = page.locator('#draft-select');
  const selectedName = () => select.evaluate((s) => s.selectedOptions[0]?.textContent);
  const optionNames = () => select.locator('option').allTextContents();
  // Two drafts, each with an answer.
  await page.locator('#q-town').selectOption('beixin');
  const first = await selectedName();
  await page.locator('button', { hasText: '新建' }).click();
  await page.locator('#q-town').selectOption('haifu');
  // Rename the second: a modal dialog with a labelled field, focused; the answers stay.
  await page.locator('#draft-rename').click();
  const dialog = page.locator('#draft-dialog');
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id), 'draft-name');
  await page.locator('#draft-name').fill('  海复镇巡查  ');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await selectedName(), '海复镇巡查');
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id), 'draft-rename');
  assert.equal(await page.locator('#q-town').inputValue(), 'haifu');
  // It survives a reload. (Opening a draft waits for the engine: so does the test, or under load it
  // reads the page before the draft is drawn.)
  await page.reload();
  await ready(page);
  await engineStarted(page);
  assert.ok((await optionNames()).includes('海复镇巡查'));
  assert.ok((await optionNames()).includes(first));
  await select.selectOption('海复镇巡查');
  assert.equal(await page.locator('#q-town').inputValue(), 'haifu');
  // An empty name (or one over 60 characters) is refused inline; the name is unchanged.
  await page.locator('#draft-rename').click();
  await page.locator('#draft-name').fill('   ');
  await page.locator('#draft-rename-save').click();
  assert.match(await page.locator('#draft-name-error').innerText(), /请输入草稿名称/);
  assert.equal(await page.locator('#draft-name').getAttribute('aria-invalid'), 'true');
  await page.locator('#draft-name').fill('长'.repeat(61));
  await page.locator('#draft-rename-save').click();
  assert.match(await page.locator('#draft-name-error').innerText(), /不能超过 60 个字符/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await selectedName(), '海复镇巡查');
  // Delete asks first; cancelling keeps it, confirming removes it and opens the other draft.
  await page.locator('#draft-delete').click();
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id), 'draft-dialog-cancel');
  await page.locator('#draft-dialog-cancel').click();
  assert.ok((await optionNames()).includes('海复镇巡查'));
  await page.locator('#draft-delete').click();
  await page.locator('#draft-delete-confirm').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.ok(!(await optionNames()).includes('海复镇巡查'));
  assert.equal(await selectedName(), first);
  assert.equal(await page.locator('#q-town').inputValue(), 'beixin');
  await page.reload();
  await ready(page);
  assert.ok(!(await optionNames()).includes('海复镇巡查'));
  assert.ok((await optionNames()).includes(first));
  // Deleting the last draft leaves one empty draft.
  await select.selectOption(first);
  await page.locator('#draft-delete').click();
  await page.locator('#draft-delete-confirm').click();
  assert.equal(await select.locator('option').count(), 1);
  assert.equal(await page.locator('#q-town').inputValue(), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first page is drawn from the pack description the engine made at build time, identical to its answer now', async () => {
  const { page, context } = await openPage(browser, null);
  await page.addInitScript(() => {
    window.__order = [];
    document.addEventListener('referral-ready', (e) => window.__order.push(`ready:${e.detail.engine}`), true);
    document.addEventListener('referral-plan-change', () => window.__order.push('plan'), true);
  });
  await page.goto(singleUrl);
  await page.locator('#plan-handler, .plan .hint:not(.loading)').first().waitFor({ timeout: 20000 });
  const r = await page.evaluate(() => {
    const el = document.querySelector('referral-assistant');
    return { same: JSON.stringify(el.engine.describePack()) === JSON.stringify(el.pack), order: window.__order };
  });
  assert.equal(r.same, true);
  // Ready (first question, engine still loading) comes first; the plan follows once the engine is there.
  assert.deepEqual(r.order.slice(0, 2), ['ready:false', 'plan']);
  await context.close();
});

test('the single file works from file:// with every network request blocked', async () => {
  const { page, problems, requests, context } = await openPage(browser, null, { blockNetwork: true });
  await page.goto(singleUrl);
  await ready(page);
  await fillDeptFindsFoodStall(page);
  assert.equal(await page.locator('#plan-handler').innerText(), '汇龙镇人民政府');
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('axe finds no serious or critical violations: question page, error summary, check page with plan, draft dialogs', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await ready(page);
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const run = () => page.evaluate(async () => (await globalThis.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.map((n) => n.failureSummary + n.html).join(" ; ")}`));
  assert.deepEqual(await run(), []);
  await page.locator('#next').click();
  await page.locator('.error-summary').waitFor();
  assert.deepEqual(await run(), []);
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  await page.locator('#plan-handler').waitFor();
  assert.deepEqual(await run(), []);  // check-your-answers page with the full plan panel
  // The draft dialogs: rename with an inline error, and the delete confirmation.
  await page.locator('#draft-rename').click();
  await page.locator('#draft-name').fill('');
  await page.locator('#draft-rename-save').click();
  await page.locator('#draft-name-error').waitFor();
  assert.deepEqual(await run(), []);
  await page.keyboard.press('Escape');
  await page.locator('#draft-delete').click();
  await page.locator('#draft-delete-confirm').waitFor();
  assert.deepEqual(await run(), []);
  await page.keyboard.press('Escape');
  await context.close();
});

test('the embedded element loads under a strict CSP with no violations and reports plan changes', async () => {
  const { server, url } = await serve(dist);
  try {
    const { page, problems, context } = await openPage(browser, null);
    await page.goto(`${url}embed/`);
    await ready(page);
    await fillDeptFindsFoodStall(page);
    assert.match(await page.locator('#portal-status').innerText(), /由汇龙镇人民政府处理/);
    assert.ok(await page.locator('#portal-status').getAttribute('data-saved'));
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    server.close();
  }
});

// Presses Tab until the element with `id` inside the wizard has focus (keyboard only, no clicks).
async function tabTo(page, id) {
  for (let i = 0; i < 40; i += 1) {
    if (await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

test('keyboard only: a whole case can be completed without a mouse', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await ready(page);
  await page.locator('#q-finder').focus();
  await page.keyboard.press('ArrowDown');     // 市级业务主管部门
  await page.keyboard.press('Tab');           // → town select
  await page.keyboard.press('ArrowDown');     // first town: 汇龙镇
  await tabTo(page, 'next');
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: '何时' }).waitFor();
  await tabTo(page, 'q-source');              // the date keeps its default, now
  await page.keyboard.press('Space');         // 日常巡查
  await tabTo(page, 'next');
  await page.keyboard.press('Enter');
  await tabTo(page, 'q-item-filter');
  await page.keyboard.type('食品摊贩未办理');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('input[name="q-item"][value="market-food-stall-unregistered"]').isChecked(), true);
  await tabTo(page, 'next');
  await page.keyboard.press('Enter');
  await tabTo(page, 'q-verification');
  await page.keyboard.press('ArrowDown');     // 存在违法行为
  await tabTo(page, 'next');
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: '特殊情形' }).waitFor();
  await tabTo(page, 'next');
  await page.keyboard.press('Enter');
  await tabTo(page, 'confirm');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#plan-handler').innerText(), '汇龙镇人民政府');
  assert.equal(await page.locator('.step[data-action="transfer"]').count(), 1);
  await context.close();
});

