// English as a language switch (#11, #13's lang="en"): off by default; 中文 / English on the page; in
// English every page shows the English labels only and the page's own words from the strings table,
// while the engine's texts (plans, checks, documents) and the pack's names stay Chinese, marked
// lang="zh-CN"; the choice survives a reload; the element's lang attribute works in the embed; axe
// still passes on the English pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dist, engineStarted, fillDeptFindsFoodStall, launch, openPage } from './support.mjs';
import { serve } from '../../scripts/serve.mjs';
import { stringKeys } from '../../web/js/strings.js';

const require = createRequire(import.meta.url);
const singleUrl = `file://${dist}/referral-assistant.html`;
let browser;
let server;
let embedUrl;
before(async () => {
  browser = await launch();
  const s = await serve(dist);
  server = s.server;
  embedUrl = `${s.url}embed/`;
});
after(async () => { await browser?.close(); server?.close(); });

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

// Chinese text outside the regions marked as Chinese: engine texts and pack names carry lang="zh-CN";
// the switch's own "中文" is one of them. Left out as well: what the official typed or named (field
// values, and the draft names, in the drafts list and wherever a message quotes them), which is data,
// not the page's words.
const chineseOutsideMarked = (page) => page.evaluate((cjk) => {
  const re = new RegExp(cjk);
  const root = document.querySelector('referral-assistant').shadowRoot;
  const names = [...root.querySelectorAll('#draft-select option')].map((o) => o.value).filter(Boolean);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (el.closest('style, script, textarea, #draft-select, [lang^="zh"]')) continue;
    const text = names.reduce((t, name) => t.split(name).join(''), n.data);
    if (re.test(text)) out.push(`<${el.tagName.toLowerCase()} class="${el.className}">${n.data.trim().slice(0, 60)}`);
  }
  return out;
}, CJK.source);

async function english(page, where) {
  assert.deepEqual(await chineseOutsideMarked(page), [], `${where}: Chinese outside the engine's and the pack's texts`);
}

// The single file at `width` px, its engine started, switched to English.
async function openEnglish(width) {
  const opened = await openPage(browser, null);
  await opened.page.setViewportSize({ width, height: 800 });
  await opened.page.goto(singleUrl);
  await engineStarted(opened.page);
  await opened.page.locator('#lang-en').click();
  await opened.page.locator('#lang-en[aria-pressed="true"]').waitFor();
  return opened;
}

// English, and nothing wider than the screen (the English words are longer than the Chinese).
async function englishFits(page, where) {
  await english(page, where);
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(scroll <= inner, `${where}: the page is ${scroll} px wide on a ${inner} px screen`);
}

const h1 = (page) => page.locator('referral-assistant h1').first().innerText();

async function axe(page, where) {
  if (!(await page.evaluate(() => !!globalThis.axe))) await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' ; ')}`));
  assert.deepEqual(violations, [], `${where}: axe`);
}

test('the strings table has the same entries in Chinese and English', () => {
  assert.deepEqual(stringKeys('en').sort(), stringKeys('zh').sort());
});

test('in English, 清除本机数据 and the passphrase lock speak English: the header, both dialogs, the lock screen and a wrong passphrase (single file; 1366 and 360 px)', async () => {
  for (const width of [1366, 360]) {
    const { context, page, problems } = await openEnglish(width);
    assert.equal(await page.locator('#storage-clear').innerText(), 'Clear data on this computer');
    assert.equal(await page.locator('#lock-set').innerText(), 'Set a passphrase lock');
    await englishFits(page, `${width} px: the header`);

    await page.locator('#storage-clear').click();
    await page.locator('#storage-clear-what').waitFor();
    assert.match(await page.locator('#storage-clear-what').innerText(), /^This removes \d+ drafts? and \d+ attached files? that this tool saved in this browser; it cannot be undone\./);
    await englishFits(page, `${width} px: the clear dialog`);
    await page.locator('#draft-dialog-cancel').click();

    await page.locator('#lock-set').click();
    await page.locator('#lock-new').fill('short');
    await page.locator('#lock-save').click();
    assert.equal(await page.locator('#lock-new-error').innerText(), 'The passphrase needs at least 8 characters.');
    await englishFits(page, `${width} px: the lock dialog`);
    await page.locator('#lock-new').fill('a long passphrase');
    await page.locator('#lock-again').fill('a long passphrase');
    await page.locator('#lock-save').click();
    await page.locator('#lock-set[disabled]').waitFor();
    assert.equal(await page.locator('#lock-set').innerText(), 'Passphrase lock on');
    assert.match(await page.locator('p.status').innerText(), /^Passphrase lock set: the drafts are stored encrypted\./);
    await englishFits(page, `${width} px: the lock set`);

    // After a reload the lock screen, in the language chosen; a wrong passphrase is said in English.
    await page.reload();
    await page.locator('#lock-passphrase').waitFor();
    assert.equal(await page.locator('#lock-title').innerText(), 'The data on this computer is locked');
    await page.locator('#lock-passphrase').fill('not the passphrase');
    await page.locator('#lock-unlock').click();
    await page.locator('#lock-error').waitFor();  // once the key is derived and found wrong
    assert.equal(await page.locator('#lock-error').innerText(), 'Wrong passphrase; nothing was opened. Please try again.');
    await page.locator('#lock-forgot').click();
    await page.locator('#lock-clear-confirm').waitFor();
    assert.match(await page.locator('#lock-forgot-box').innerText(), /^Without the passphrase the encrypted data cannot be recovered, only cleared\. This removes/);
    await englishFits(page, `${width} px: the lock screen`);
    await page.locator('#lock-passphrase').fill('a long passphrase');
    await page.locator('#lock-unlock').click();
    await page.locator('#next').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('in English, 节假日设置 speaks English: the section, a refused notice (the engine\'s reasons in Chinese, marked), the month view, the year in use and the plan\'s note (single file; 1366 and 360 px)', async () => {
  for (const width of [1366, 360]) {
    const { context, page, problems } = await openEnglish(width);
    await page.locator('#calendar-import > summary').click();
    assert.equal(await page.locator('#calendar-import > summary').innerText(), 'Holidays');
    await englishFits(page, `${width} px: the holidays section`);
    await page.locator('#calendar-notice').fill(readFileSync(new URL('../import/notices/bad-weekday.txt', import.meta.url), 'utf8'));
    await page.locator('#calendar-read').click();
    await page.locator('#calendar-errors [role="alert"]').waitFor();
    assert.match(await page.locator('#calendar-errors').innerText(), /^This notice could not be read; nothing was changed:\s+Line \d+: /);
    await englishFits(page, `${width} px: a refused notice`);
    await page.locator('#calendar-notice').fill(readFileSync(new URL('./fixtures/notice-2027-fixture.txt', import.meta.url), 'utf8'));
    await page.locator('#calendar-read').click();
    await page.locator('#calendar-months').waitFor();
    assert.equal(await page.locator('#calendar-months caption').first().innerText(), 'January');
    assert.equal(await page.locator('#calendar-months td.holiday[data-date="2027-10-01"]').getAttribute('title'), '国庆节: holiday');
    await englishFits(page, `${width} px: the month view`);
    await axe(page, 'the month view in English');
    await page.locator('#calendar-accept').click();
    await page.locator('#calendar-list button[data-remove="2027"]').waitFor();
    assert.match(await page.locator('#calendar-list').innerText(), /^2027: 国务院办公厅关于2027年部分节假日安排的通知 \(added \d{4}-\d{2}-\d{2}\)/);
    assert.match(await page.locator('#calendar-status').innerText(), /^Using the holidays of 2027/);
    // A matter in 2027 planned on the added year: the plan panel's note, in English around the notice's title.
    await page.evaluate(() => { document.querySelector('referral-assistant').value = { schema: 'referral-case/1', finder: 'dept', town: 'huilong',
      date: '2027-09-29T10:30:00+08:00', source: 'patrol', item: 'market-food-stall-unregistered', verification: 'violation' }; });
    await page.locator('#plan-calendar-note').waitFor({ timeout: 20000 });
    assert.match(await page.locator('#plan-calendar-note').innerText(), /^Deadlines are counted on holidays added here: 2027 per 《国务院办公厅关于2027年部分节假日安排的通知》 \(added /);
    await englishFits(page, `${width} px: the plan with an added year`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('in English, 事项目录 speaks English: the section, a refused list (the engine\'s reasons and the file\'s column names in Chinese, marked), a category chosen at a row, the inferred categories, the list in use in the header (single file; 1366 and 360 px)', async () => {
  const csv = (name) => readFileSync(new URL(`../import/${name}`, import.meta.url));
  for (const width of [1366, 360]) {
    const { context, page, problems } = await openEnglish(width);
    const header = page.locator('#catalogue-header');
    assert.match(await header.innerText(), /^Catalogue: 赋权事项目录（示例，非正式数据） \(73 items, sample data\)$/);
    await page.locator('#catalogue-import > summary').click();
    assert.equal(await page.locator('#catalogue-import > summary').innerText(), 'Catalogue of items');
    await englishFits(page, `${width} px: the catalogue section`);
    // A bad list: refused row by row, the engine's reasons in Chinese beside English headings.
    await page.locator('#catalogue-file').setInputFiles({ name: 'catalogue-bad.csv', mimeType: 'text/csv', buffer: csv('catalogue-bad.csv') });
    const errors = page.locator('#catalogue-errors');
    await errors.waitFor();
    assert.match(await errors.locator('p').first().innerText(), /^“catalogue-bad\.csv” has \d+ problems and was not imported; the catalogue in use stays:$/);
    assert.deepEqual(await errors.locator('thead th').allInnerTexts(), ['Row', 'Column', 'Problem']);
    // Row 9's category is asked beside the errors (#26), by row and name.
    const row9 = page.locator('#catalogue-ask select[data-row="9"]');
    assert.equal(await row9.getAttribute('aria-label'), 'Category of row 9 (违反规定的其他行为)');
    // The categories as the category question names them in English (the pack's labels).
    assert.deepEqual((await row9.locator('option').allInnerTexts()).slice(0, 3), ['Choose a category', 'Licensee breaks licence terms', 'Without a required licence']);
    await englishFits(page, `${width} px: a refused list`);
    await row9.selectOption('prohibited');
    await page.locator('#catalogue-ask').waitFor({ state: 'detached' });
    // A list in the template's shape, three of its categories inferred from the names, to be checked.
    await page.locator('#catalogue-file').setInputFiles({ name: 'catalogue-template-shape.csv', mimeType: 'text/csv', buffer: csv('catalogue-template-shape.csv') });
    await page.locator('#catalogue-preview').waitFor();
    assert.equal(await page.locator('#catalogue-preview > p').first().innerText(), '“catalogue-template-shape.csv”: 8 items, 5 of them devolved to towns and 1 taken back.');
    assert.match(await page.locator('#catalogue-status').innerText(), /^The catalogue has no errors/);
    assert.match(await page.locator('#catalogue-inferred').locator('xpath=..').locator('p').first().innerText(), /^The category of the 3 items below was inferred from the name/);
    assert.deepEqual(await page.locator('#catalogue-inferred thead th').allInnerTexts(), ['Row', 'Item', 'Category']);
    await englishFits(page, `${width} px: a list to check`);
    await axe(page, 'the catalogue preview in English');
    await page.locator('#catalogue-accept').click();
    await page.locator('#catalogue-status', { hasText: 'Using “catalogue-template-shape.csv”' }).waitFor();
    assert.match(await header.innerText(), /^Catalogue: catalogue-template-shape\.csv \(8 items, imported \d{4}-\d{2}-\d{2}\)$/);
    await englishFits(page, `${width} px: the list in use`);
    await page.locator('#catalogue-restore').click();
    assert.equal(await page.locator('#catalogue-status').innerText(), 'The bundled sample catalogue is in use again.');
    assert.match(await header.innerText(), /sample data/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('in English, 台账与督查 speaks English: the ledger of this browser, recording a step (a day not yet come refused), the overdue count, a supervisor\'s imported ledger (single file; 1366 and 360 px)', async () => {
  for (const width of [1366, 360]) {
    const { context, page, problems } = await openEnglish(width);
    await fillDeptFindsFoodStall(page);  // 市场监管局 finds a food stall in 汇龙镇 on 2026-09-29: the transfer due 2026-10-12
    const audited = async (act) => {
      await page.evaluate(() => {
        window.__audit = null;
        document.querySelector('referral-assistant').shadowRoot.addEventListener('referral-ledger-audited', (e) => { window.__audit = e.detail.audit; }, { once: true });
      });
      await act();
      await page.waitForFunction(() => window.__audit, null, { timeout: 20000 });
    };
    await audited(() => page.locator('#ledger > summary').click());
    assert.equal(await page.locator('#ledger > summary').evaluate((s) => s.firstChild.textContent), 'Ledger and supervision');
    assert.deepEqual((await page.locator('#ledger-table thead th').allInnerTexts()).slice(0, 9), ['Number', 'Item', 'Parties', 'Town', 'Found by', 'Found', 'Handled by', 'Next step', 'Due']);
    const row = page.locator('#ledger-table tbody tr').first();
    assert.match(await row.innerText(), /移送案件[\s\S]*2026-10-12 星期一[\s\S]*Overdue/);
    assert.match(await page.locator('#ledger-status').innerText(), /^1 matter: Overdue 1, Due within 3 working days 0, Not yet due 0, Waiting for the other side 0, Done 0\.$/);
    await englishFits(page, `${width} px: the ledger`);
    // Recording the transfer: a day not yet come is refused in English, a day past is kept.
    const transfer = await page.locator('#ledger-record-step option').evaluateAll((os) => os.find((o) => /移送案件/.test(o.textContent))?.value);
    await page.locator('#ledger-record-step').selectOption(transfer);
    await page.locator('#ledger-record-date').fill('2099-01-05');
    await page.locator('#ledger-record-save').click();
    assert.equal(await page.locator('#ledger-record-error').innerText(), '2099-01-05 has not come yet; please check it.');
    await englishFits(page, `${width} px: a day not yet come`);
    await page.locator('#ledger-record-date').fill('2026-10-09');
    await audited(() => page.locator('#ledger-record-save').click());
    assert.match(await page.locator('#ledger-events').innerText(), /^2026-10-09 启东市市场监督管理局移送案件（致汇龙镇人民政府） Remove$/);
    assert.equal(await page.locator('#ledger-alert').innerText(), ': 1 overdue');
    await englishFits(page, `${width} px: a step recorded`);
    await axe(page, 'the ledger in English');
    // A supervisor's view of a dropped ledger.
    await audited(() => page.locator('#ledger-import').setInputFiles(new URL('../audit/ledger-30.jsonl', import.meta.url).pathname));
    assert.match(await page.locator('#ledger-source').innerText(), /^Supervision: ledger-30\.jsonl \(30 matters\)\. Audited on \d{4}-\d{2}-\d{2}\.$/);
    assert.equal(await page.locator('#ledger-offices thead th').first().innerText(), 'Office');
    await englishFits(page, `${width} px: an imported ledger`);
    await audited(() => page.locator('#ledger-mine').click());
    assert.match(await page.locator('#ledger-source').innerText(), /^Every matter in this browser \(1\)/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('English is a switch, off by default; every page in English but the engine\'s and the pack\'s texts; the choice survives a reload (single file)', async () => {
  const { context, page, problems } = await openPage(browser, singleUrl);
  await page.locator('#next').waitFor();
  // Default: Chinese only, no English label beside the Chinese one.
  assert.equal(await page.locator('#lang-zh').getAttribute('aria-pressed'), 'true');
  assert.match(await h1(page), /发现/);
  assert.equal(await page.locator('[data-question] [lang="en"], .en').count(), 0, 'no English beside the Chinese labels');
  assert.equal(await page.locator('#engine-note').count(), 0);

  await page.locator('#lang-en').click();
  await page.locator('#lang-en[aria-pressed="true"]').waitFor();
  assert.doesNotMatch(await h1(page), CJK);
  assert.equal(await page.locator('#engine-note').innerText(), 'Plans and documents are in Chinese, as the law requires.');
  await english(page, 'first page');
  await axe(page, 'first page in English');

  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('huilong');
  await page.locator('#next').click();
  await english(page, 'page 2');
  // An impossible date is named at the field in English.
  await page.locator('#q-date').fill('2026-02-30 10:30');
  await page.locator('#next').click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('[data-question="date"] .error-message').innerText(), /2026-02 has no day 30/);
  await english(page, 'an impossible date');
  await page.locator('#q-date').fill('2026-09-29 10:30');
  await page.locator('input[name="q-source"][value="patrol"]').check();
  await page.locator('#next').click();
  await english(page, 'the catalogue page');
  await page.locator('#q-item-filter').fill('摊贩');
  await page.locator('input[name="q-item"][value="market-food-stall-unregistered"]').check();
  await page.locator('#next').click();
  await page.locator('input[name="q-verification"][value="violation"]').check();
  await english(page, 'page 4');
  await page.locator('#next').click();
  await english(page, 'page 5');
  await page.locator('#next').click();
  assert.equal(await h1(page), 'Check your answers');
  await english(page, 'check page');
  await page.locator('#confirm').click();
  await page.locator('#plan-handler').waitFor();
  // The plan is the engine's, in Chinese, marked as such.
  assert.match(await page.locator('.plan .steps').innerText(), /移送/);
  assert.equal(await page.locator('.plan .steps').getAttribute('lang'), 'zh-CN');
  assert.equal(await page.locator('.plan h2').first().innerText(), 'Referral plan');
  await english(page, 'check page with the plan');
  await axe(page, 'check page with the plan in English');
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: 'Transfer packet' }).waitFor();
  await english(page, 'packet page');
  await axe(page, 'packet page in English');
  // The checklist follows the engine's structured items (pointers, attachment kinds), not their
  // Chinese wording: in English a field typed ticks its item, and a file attached ticks its kind.
  const numberItem = page.locator('#packet-checklist li', { hasText: 'Document number' });
  assert.equal(await numberItem.getAttribute('class'), 'check-bad');
  await page.locator('#p-document_number').fill('启市监移〔2026〕12号');
  await page.locator('#packet-checklist li.check-ok', { hasText: 'Document number' }).waitFor();
  await page.locator('#attach-evidence').setInputFiles({ name: 'evidence.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 evidence') });
  await page.locator('#packet-checklist li.check-ok', { hasText: '(1 file)' }).waitFor();
  await english(page, 'packet page, filled in part');

  // The choice survives a reload.
  await page.reload();
  await page.locator('#resume-yes').click();
  await page.locator('h1', { hasText: 'Transfer packet' }).waitFor();
  assert.equal(await page.locator('#lang-en').getAttribute('aria-pressed'), 'true');
  await english(page, 'packet page after a reload');

  // And back to Chinese, which also survives a reload.
  await page.locator('#lang-zh').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  assert.equal(await page.locator('#engine-note').count(), 0);
  await page.reload();
  await page.locator('#next').waitFor();
  assert.equal(await page.locator('#lang-zh').getAttribute('aria-pressed'), 'true');
  assert.match(await h1(page), CJK);
  assert.deepEqual(problems, []);
  await context.close();
});

test('lang="en" on the element works in the embed (under the portal\'s CSP), set in the markup or changed later', async () => {
  const { context, page, problems } = await openPage(browser, embedUrl);
  await page.locator('referral-assistant').evaluate((el) => el.remove());
  // A portal page whose markup says <referral-assistant lang="en">.
  await page.evaluate(() => { const el = document.createElement('referral-assistant'); el.setAttribute('lang', 'en'); document.body.append(el); });
  await page.locator('#next').waitFor();
  assert.doesNotMatch(await h1(page), CJK);
  assert.equal(await page.locator('#lang-en').getAttribute('aria-pressed'), 'true');
  await english(page, 'embed, first page');
  // The portal changes it: Chinese.
  await page.locator('referral-assistant').evaluate((el) => el.setAttribute('lang', 'zh-CN'));
  await page.locator('#lang-zh[aria-pressed="true"]').waitFor();
  assert.match(await h1(page), CJK);
  // The page's switch follows the attribute's owner: the attribute is updated.
  await page.locator('#lang-en').click();
  assert.equal(await page.locator('referral-assistant').getAttribute('lang'), 'en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the choice on the switch is each official\'s: kept per storage-key', async () => {
  const { context, page, problems } = await openPage(browser, embedUrl);
  await page.locator('referral-assistant').evaluate((el) => el.remove());
  await page.evaluate(() => { const el = document.createElement('referral-assistant'); el.setAttribute('storage-key', 'lang-a'); document.body.append(el); });
  await page.locator('#next').waitFor();
  await page.locator('#lang-en').click();
  await page.locator('#lang-en[aria-pressed="true"]').waitFor();
  // Another official logs in: his own choice (none yet: Chinese).
  await page.locator('referral-assistant').evaluate((el) => el.setAttribute('storage-key', 'lang-b'));
  await page.locator('#lang-zh[aria-pressed="true"]').waitFor();
  assert.match(await h1(page), CJK);
  // The first one again: English.
  await page.locator('referral-assistant').evaluate((el) => el.setAttribute('storage-key', 'lang-a'));
  await page.locator('#lang-en[aria-pressed="true"]').waitFor();
  assert.doesNotMatch(await h1(page), CJK);
  assert.deepEqual(problems, []);
  await context.close();
});
