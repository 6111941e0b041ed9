// The walk of issue #11, breakage by breakage, as an official on a desktop (1366 px) and on a phone
// (360 px), in the single file and in the element embedded under the portal's CSP:
//   1. 添加当事人 / 删除当事人 / 单位 ↔ 个人 keep the party section a section (no "[object HTMLDivElement]");
//   2. an impossible date is named at its field in its own words and never replaced by now; dates
//      not yet come or before 2000 are questioned at the field;
//   3. a send date after the step's deadline is a warning on the packet (recorded in the packet) and
//      in the checklist; one before the matter was found is an error at the field;
//   4. at 360 px no page scrolls sideways and the plan panel is part of the page, not a box that cuts steps;
//   5. no ✓ for a blank field;
//   and on every page, words an official understands: no ¶, JSON Pointer, regex, file format or 规则包.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dist, launch } from './support.mjs';
import { serve } from '../../scripts/serve.mjs';

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

async function open(url, width) {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 740 : 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  await page.locator('#next').waitFor({ timeout: 20000 });
  return { context, page, problems };
}

async function eventually(fn, what) {
  for (let i = 0; i < 80; i += 1) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// The words the element shows (text nodes outside <style>, hidden ones included).
const shownText = (page) => page.evaluate(() => {
  const root = document.querySelector('referral-assistant').shadowRoot;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest('style, script')) out.push(n.data);
  return out.join('\n');
});

const FORBIDDEN = [
  [/¶/, 'a paragraph mark'],
  [/\/(parties|summary|contact|approval|details|attachments|document_number|sent_on|date|received)(\/|\b)/, 'a JSON Pointer'],
  [/\[\d-\d\]|\\d|\^\S/, 'a regular expression'],
  [/\.json\b|\bJSON\b|referral-[a-z]+\/1|ISO 8601|YYYY/, 'a file-format name'],
  [/规则包/, '"规则包"'],
  [/\[object /, 'an object printed as text'],
];
async function plainWords(page, where) {
  const text = await shownText(page);
  for (const [re, what] of FORBIDDEN) assert.doesNotMatch(text, re, `${where}: the page shows ${what}: …${text.match(re) && text.slice(Math.max(0, text.search(re) - 40), text.search(re) + 40)}…`);
}

// At 360 px: nothing wider than the screen, and the plan panel shows every step in the page's own flow.
async function fitsThePhone(page, width, where) {
  if (width > 500) return;
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(scroll <= inner, `${where}: the page is ${scroll} px wide on a ${inner} px screen`);
  const panel = await page.evaluate(() => {
    const p = document.querySelector('referral-assistant').shadowRoot.querySelector('.plan');
    if (!p) return null;
    const s = getComputedStyle(p);
    return { maxHeight: s.maxHeight, overflowY: s.overflowY, scrollHeight: p.scrollHeight, clientHeight: p.clientHeight };
  });
  if (panel) {
    assert.equal(panel.maxHeight, 'none', `${where}: the plan panel has a fixed height`);
    assert.ok(panel.scrollHeight <= panel.clientHeight + 1, `${where}: the plan panel cuts its content (${panel.scrollHeight} > ${panel.clientHeight})`);
  }
}

const fieldError = (page, pointer) => page.locator(`[data-pointer="${pointer}"] .error-message`);

// Each breakage is checked on its own and reported by name: one that fails does not hide the others
// (the steps between them bring the page to the same state whatever happened before).
for (const [variant, url] of [['single file', () => singleUrl], ['embed', () => embedUrl]]) {
  for (const width of [1366, 360]) {
    test(`the walk of #11 (${variant}, ${width} px): parties, dates, send date, checklist, phone layout, plain words`, async () => {
      const { context, page, problems } = await open(url(), width);
      const failed = [];
      const check = async (name, fn) => {
        try { await fn(); } catch (e) { failed.push(`${name}: ${e.message.split('\n')[0]}`); }
      };
      const everyPage = async (where) => {
        await check('1.4 phone layout', () => fitsThePhone(page, width, where));
        await check('2 plain words', () => plainWords(page, where));
      };
      await everyPage('first page');

      // --- 1.2 dates on the questions ----------------------------------------------------------------
      await page.locator('label[for="q-finder-dept"]').click();
      await page.locator('#q-town').selectOption('huilong');
      await page.locator('#next').click();
      const date = page.locator('#q-date');
      await page.locator('input[name="q-source"][value="patrol"]').check();
      await check('1.2 an impossible date', async () => {
        await date.fill('2026-02-30 10:30', { timeout: 3000 });
        await page.locator('#next').click();
        await page.locator('.error-summary').waitFor({ timeout: 3000 });
        assert.match(await page.locator('[data-question="date"] .error-message').innerText(), /2026年2月没有30日/);
        assert.equal(await date.inputValue(), '2026-02-30 10:30', 'what was typed is kept, not replaced by now');
        await everyPage('an impossible date');
      });
      await check('1.2 dates questioned', async () => {
        await date.fill('2099-09-29 10:30', { timeout: 3000 });
        await eventually(async () => /还没有到/.test(await page.locator('#q-date-doubt').innerText({ timeout: 1000 })), 'a question on a date not yet come');
        await date.fill('1999-09-29 10:30', { timeout: 3000 });
        await eventually(async () => /早于 2000 年/.test(await page.locator('#q-date-doubt').innerText({ timeout: 1000 })), 'a question on a date before 2000');
      });
      await date.fill('2026-09-29T10:30');
      await check('1.2 no question on a likely date', async () => {
        await eventually(async () => !(await page.locator('#q-date-doubt').isVisible()), 'no question on a likely date');
      });
      await page.locator('#next').click();
      await page.locator('#q-item-filter').fill('摊贩');
      await page.locator('input[name="q-item"][value="market-food-stall-unregistered"]').check();
      await everyPage('the item page');
      await page.locator('#next').click();
      await page.locator('input[name="q-verification"][value="violation"]').check();
      await page.locator('#next').click();
      await page.locator('#next').click();
      await page.locator('#confirm').click();
      await page.locator('#packet-start').waitFor();
      await everyPage('the check page with its plan');
      await page.locator('#packet-start').click();
      await page.locator('h1', { hasText: '移送材料' }).waitFor();
      await everyPage('the packet page');

      // --- 1.5 no ✓ for a blank field ----------------------------------------------------------------
      await check('1.5 checklist', async () => {
        const blankTicks = await page.evaluate(() => {
          const root = document.querySelector('referral-assistant').shadowRoot;
          return [...root.querySelectorAll('#packet-checklist .check-ok a')].map((a) => root.getElementById(a.getAttribute('href').slice(1)))
            .filter((el) => el && 'value' in el && !el.value.trim()).map((el) => el.id);
        });
        assert.deepEqual(blankTicks, [], 'a blank field is ticked');
        assert.equal(await page.locator('#packet-checklist li', { hasText: '批准移送的负责人' }).getAttribute('class'), 'check-bad');
        assert.equal(await page.locator('.attachment-kind[data-kind="other_materials"]').count(), 1, 'no place for 其他材料');
      });

      // --- 1.1 parties: press every control ------------------------------------------------------------
      await check('1.1 parties', async () => {
        const section = page.locator('#section-parties');
        const o = { timeout: 3000 };
        await page.locator('#p-parties-0-name').fill('启东市汇龙镇某某食品店');
        await page.locator('#party-add').click();
        await page.locator('#p-parties-1-name').waitFor(o);
        assert.doesNotMatch(await section.innerText(), /\[object/);
        assert.equal(await section.locator('.party').count(), 2);
        await eventually(async () => (await shownFocus(page)) === 'p-parties-1-name', 'focus on the new party');
        await page.locator('label[for="p-parties-1-kind-person"]').click(o);
        await page.locator('#p-parties-1-id_number').waitFor(o);
        assert.doesNotMatch(await section.innerText(), /\[object/);
        assert.match(await section.locator('.party').nth(1).innerText(), /姓名[\s\S]*公民身份号码/);
        await page.locator('#p-parties-1-name').fill('张某');
        await page.locator('label[for="p-parties-1-kind"]').click(o);
        await page.locator('#p-parties-1-credit_code').waitFor(o);
        assert.doesNotMatch(await section.innerText(), /\[object/);
        await page.locator('label[for="p-parties-1-kind-person"]').click(o);
        await page.locator('#p-parties-1-id_number').waitFor(o);
        await page.locator('#party-add').click(o);
        await page.locator('#p-parties-2-name').waitFor(o);
        assert.equal(await section.locator('.party').count(), 3);
        await section.locator('button', { hasText: '删除当事人 3' }).click(o);
        await eventually(async () => (await section.locator('.party').count()) === 2, 'a party removed');
        assert.doesNotMatch(await section.innerText(), /\[object/);
        assert.equal(await page.locator('#p-parties-0-name').inputValue(o), '启东市汇龙镇某某食品店');
        assert.equal(await page.locator('#p-parties-1-name').inputValue(o), '张某');
        // The party is named once: the facts' 当事人 follows the names typed here.
        assert.equal(await page.locator('#p-summary-party').inputValue(o), '启东市汇龙镇某某食品店、张某');
        await section.locator('button', { hasText: '删除当事人 2' }).click(o);
        await eventually(async () => (await section.locator('.party').count()) === 1, 'back to one party');
        assert.doesNotMatch(await section.innerText(), /\[object/);
      });
      await everyPage('the party section');

      // --- 1.3 the send date against the deadline (transfer due 2026-10-12) ------------------------------
      const sent = page.locator('#p-sent_on');
      await check('1.3 a late send date', async () => {
        await sent.fill('2026-10-20');
        await eventually(async () => (await page.locator('#packet-warnings').count()) === 1, 'a lateness warning in the checklist');
        const warning = await page.locator('#packet-warnings').innerText();
        assert.match(warning, /最迟2026年10月12日（星期一）/);  // the deadline as the plan words it (due.text)
        assert.match(warning, /逾期 6 个工作日/);
        assert.match(await page.locator('#p-sent_on-warning').innerText(), /逾期/);
        assert.equal(await fieldError(page, '/sent_on').isVisible(), false, 'late is a warning, not an error');
        await plainWords(page, 'a late packet');
      });
      await check('1.3 a send date before discovery', async () => {
        await sent.fill('2026-09-28');
        await eventually(async () => /早于发现时间/.test(await fieldError(page, '/sent_on').innerText()), 'a send date before discovery refused at the field');
      });
      await check('1.2 an impossible send date', async () => {
        await sent.fill('2026-02-30', { timeout: 3000 });
        await eventually(async () => /2026年2月没有30日/.test(await fieldError(page, '/sent_on').innerText()), 'an impossible send date named at the field');
        assert.equal(await sent.inputValue(), '2026-02-30');
      });
      await sent.fill('2026-10-09');
      await check('1.3 a send date in time', async () => {
        await eventually(async () => (await page.locator('#packet-warnings').count()) === 0 && !(await fieldError(page, '/sent_on').isVisible()), 'a send date in time');
      });
      await everyPage('the packet page, filled');

      // --- task 1 to the end: the shop as 单位 and its operator as 个人, six photos, preview, ZIP, verify ---
      await check('task 1 to the end', async () => {
        const o = { timeout: 5000 };
        await page.locator('#p-document_number').fill('启市监移〔2026〕9号');
        await page.locator('#p-parties-0-credit_code').fill('91350100M000100Y43');
        await page.locator('#party-add').click();
        await page.locator('label[for="p-parties-1-kind-person"]').click(o);
        await page.locator('#p-parties-1-name').fill('张某（经营者）');
        await page.locator('#p-parties-1-id_number').fill('11010519491231002X');
        await page.locator('#p-summary-place').fill('汇龙镇人民中路 88 号');
        await page.locator('#p-summary-measures').fill('已责令停止经营，制作现场检查记录并拍照。');
        await page.locator('#p-contact-person').fill('李某');
        await page.locator('#p-contact-phone').fill('0513-83312345');
        await page.locator('#p-approval-leader').fill('王某');
        await page.locator('#p-approval-date').fill('2026-10-09');
        await page.locator('#attach-inspection_record').setInputFiles({ name: '现场检查记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 记录') });
        await page.locator('#attach-site_photos').setInputFiles(Array.from({ length: 6 }, (_, n) =>
          ({ name: `现场照片${n + 1}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, n, 0xff, 0xd9]) })));
        await page.locator('#attach-evidence').setInputFiles({ name: '询问笔录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 笔录') });
        await eventually(async () => /材料齐全：2 份文书，8 个附件/.test(await page.locator('#packet-summary').innerText()), 'a complete packet');
        await everyPage('a complete packet');
        const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#preview-transfer_letter').click()]);
        await popup.waitForLoadState();
        const letter = await popup.locator('body').innerText();
        assert.match(letter, /启东市市场监督管理局[\s\S]*启市监移〔2026〕9号[\s\S]*关于启东市汇龙镇某某食品店、张某（经营者）涉嫌违法案件的移送函/);
        assert.match(letter, /附件：1\. 现场检查记录（1 份）[\s\S]*现场照片（6 份）/);
        assert.doesNotMatch(letter, /SHA-256|批准人/);
        await popup.close();
        // The same letter as an editable Word file: well-formed WordprocessingML with the letter's text.
        const [word] = await Promise.all([page.waitForEvent('download'), page.locator('#docx-transfer_letter').click()]);
        assert.match(word.suggestedFilename(), /^涉嫌违法案件移送函-启市监移〔2026〕9号\.docx$/);
        const wordBytes = await word.createReadStream().then(async (stream) => { const parts = []; for await (const c of stream) parts.push(c); return Buffer.concat(parts); });
        const { unzipSync } = await import('fflate');
        const parts = unzipSync(new Uint8Array(wordBytes));
        assert.ok(parts['[Content_Types].xml'] && parts['word/footer1.xml']);
        const xml = new TextDecoder().decode(parts['word/document.xml']);
        assert.equal(await page.evaluate((x) => new DOMParser().parseFromString(x, 'application/xml').getElementsByTagName('parsererror').length, xml), 0, 'document.xml is not well formed');
        const words = xml.replace(/<[^>]+>/g, '');
        assert.match(words, /启东市市场监督管理局启市监移〔2026〕9号关于启东市汇龙镇某某食品店、张某（经营者）涉嫌违法案件的移送函汇龙镇人民政府：/);
        assert.match(words, /附件：1\. 现场检查记录（1 份）/);
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#packet-export').click()]);
        const zip = await download.createReadStream().then(async (stream) => { const parts = []; for await (const c of stream) parts.push(c); return Buffer.concat(parts); });
        await page.locator('#packet-verify').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/zip', buffer: zip });
        await eventually(async () => /核验通过：11 个文件全部一致/.test(await page.locator('#verify-report').innerText()), 'the exported ZIP verified');
      });

      assert.deepEqual(failed, []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

const shownFocus = (page) => page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id);

// 1.5 on a packet whose documents do not carry every field: a town's 情况通报函 to the department
// (no leader's approval in it). A blank field is never ticked; photos have a place (其他材料); the
// 通报事项 hint does not speak of one kind of violation only.
test('the checklist of a 通报函 ticks only what is filled, and the letter takes 其他材料 (photos)', async () => {
  const { context, page, problems } = await open(singleUrl, 1366);
  await page.locator('label[for="q-finder"]').click();
  await page.locator('#q-town').selectOption('beixin');
  await page.locator('#next').click();
  await page.locator('#q-date').fill('2026-09-29 10:30');
  await page.locator('input[name="q-source"][value="patrol"]').check();
  await page.locator('#next').click();
  await page.locator('#q-item-filter').fill('取水许可规定条件');
  await page.locator('input[name="q-item"][value="water-abstraction-terms"]').check();
  await page.locator('#next').click();
  await page.locator('input[name="q-verification"][value="violation"]').check();
  await page.locator('#next').click();
  await page.locator('#next').click();
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  assert.match(await page.locator('.lead').innerText(), /北新镇人民政府 → /);
  const ticked = await page.evaluate(() => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    return [...root.querySelectorAll('#packet-checklist .check-ok a')].map((a) => root.getElementById(a.getAttribute('href').slice(1)))
      .filter((el) => el && 'value' in el && !el.value.trim()).map((el) => el.id);
  });
  assert.deepEqual(ticked, [], 'a blank field is ticked');
  assert.equal(await page.locator('#packet-checklist .check-ok', { hasText: '批准移送的负责人' }).count(), 0);
  // Six scene photos on the 通报函, as 其他材料.
  const photos = Array.from({ length: 6 }, (_, n) => ({ name: `现场照片${n + 1}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, n, 0xff, 0xd9]) }));
  await page.locator('#attach-other_materials').setInputFiles(photos);
  await eventually(async () => (await page.locator('.attachment-kind[data-kind="other_materials"] .file-name').count()) === 6, 'six photos listed');
  assert.match(await page.locator('#packet-checklist').innerText(), /附件：其他材料（6 个文件）/);
  assert.deepEqual(problems, []);
  await context.close();
});

// 1.7 the catalogue as officials search it: continuous Chinese, their own words for 未取得许可, every
// item listed by department with nothing typed, and the chosen item kept in view.
test('catalogue search: "无证经营食品" finds 未取得食品经营许可从事食品经营活动; all items by department; the choice stays in view', async () => {
  const { context, page, problems } = await open(singleUrl, 360);
  await page.locator('label[for="q-finder"]').click();
  await page.locator('#q-town').selectOption('huiping');
  await page.locator('#next').click();
  await page.locator('input[name="q-source"][value="patrol"]').check();
  await page.locator('#next').click();
  const filter = page.locator('#q-item-filter');
  const items = page.locator('.picker-list input[name="q-item"]:not([value=""])');
  const catalogue = await page.evaluate(() => document.querySelector('referral-assistant').pack.catalogue.items.length);
  assert.equal(await items.count(), catalogue, 'every item listed with nothing typed');
  assert.ok(await page.locator('.picker-group-title').count() > 5, 'grouped by department');
  await filter.fill('无证经营食品');
  const first = await items.first().getAttribute('value');
  assert.equal(first, 'market-food-unlicensed', `first hit is ${first}`);
  await filter.fill('无照食品经营');
  assert.ok((await items.evaluateAll((els) => els.slice(0, 3).map((e) => e.value))).includes('market-food-unlicensed'));
  // The choice is kept, listed and scrolled into the list's view, whatever is typed next.
  await filter.fill('');
  await page.locator('input[name="q-item"][value="water-abstraction-terms"]').check();
  await filter.fill('噪声');
  assert.equal(await page.locator('input[name="q-item"][value="water-abstraction-terms"]').isChecked(), true);
  await filter.fill('');
  const inView = await page.evaluate(() => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    const list = root.querySelector('.picker-list');
    const row = root.querySelector('input[name="q-item"]:checked').closest('.radio');
    const a = list.getBoundingClientRect(); const b = row.getBoundingClientRect();
    return b.top >= a.top - 1 && b.bottom <= a.bottom + 1;
  });
  assert.ok(inView, 'the chosen item is scrolled out of sight');
  assert.deepEqual(problems, []);
  await context.close();
});

// Goal 3 and 4 of the walk: the office's profile pre-fills the first page and the packet; a ZIP
// received starts the receiver's own case, whose plan owes the 受理情况告知书 in 5 working days.
// The received packet's pre-fill is kept in the draft: after a reload the 受理情况告知书's packet is
// still filled from what was received.
for (const [variant, url] of [['single file', () => singleUrl], ['embed', () => embedUrl]]) test(`本单位设置 pre-fills the case and the packet; a received ZIP is verified and starts the receiving case, whose pre-fill survives a reload (${variant})`, async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, readdirSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { zipSync } = await import('fflate');
  const { root } = await import('./support.mjs');
  const { context, page, problems } = await open(url(), 1366);
  // The profile of 惠萍镇 (the receiver of the example packet); the section is closed until opened (#26).
  await page.locator('#office-profile > summary').click();
  await page.locator('#office-authority').selectOption('town:huiping');
  await page.locator('#office-prefix').fill('惠政告');
  await page.locator('#office-next_number').fill('9');
  await page.locator('#office-contact_unit').fill('综合行政执法局');
  await page.locator('#office-contact_person').fill('陈某');
  await page.locator('#office-contact_phone').fill('0513-83300000');
  await page.locator('#office-leader').fill('周某');
  await page.locator('#office-save').click();
  await eventually(async () => (await page.locator('#q-town').inputValue()) === 'huiping', 'the first page pre-filled');
  assert.equal(await page.locator('#q-finder').isChecked(), true);

  // A packet sent by 市场监管局 to 惠萍镇, written by the native CLI with its attachment files, zipped.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'walk-receive-'));
  try {
    execFileSync(`${root}/build/native/bin/referral`, ['packet', `${root}/tests/examples/packet-with-files.json`, '--attachments',
      `${root}/tests/examples/attachments`, '--out', `${tmp}/p`, '--today', '2026-06-01']);
    const entries = {};
    for (const name of readdirSync(`${tmp}/p`)) if (name !== 'attachments') entries[name] = readFileSync(`${tmp}/p/${name}`);
    for (const name of readdirSync(`${tmp}/p/attachments`)) entries[`attachments/${name}`] = readFileSync(`${tmp}/p/attachments/${name}`);
    const zip = Buffer.from(zipSync(entries));
    await page.locator('#receive-when').fill('2026-06-01 09:00');
    await page.locator('#receive-zip').setInputFiles({ name: '移送材料.zip', mimeType: 'application/zip', buffer: zip });
    await page.locator('#plan-handler').waitFor();
    const ack = page.locator('.step[data-action="acknowledge"]');
    assert.match(await ack.innerText(), /惠萍镇人民政府 → 启东市市场监督管理局/);
    assert.match(await ack.locator('.due').innerText(), /2026年6月8日/);
    // The acknowledgement's packet: the office's 文号, contact and leader; the facts and parties as received.
    await page.locator('#packet-start').click();
    await page.locator('h1', { hasText: '移送材料' }).waitFor();
    assert.equal(await page.locator('#p-document_number').inputValue(), '惠政告〔2026〕9号');
    assert.equal(await page.locator('#p-contact-person').inputValue(), '陈某');
    const sent = JSON.parse(readFileSync(`${tmp}/p/packet.json`, 'utf8'));
    const prefilled = async (where) => {
      assert.equal(await page.locator('#p-summary-facts').inputValue(), sent.summary.facts, where);
      assert.equal(await page.locator('#p-summary-place').inputValue(), sent.summary.place, where);
      assert.equal(await page.locator('#p-parties-0-name').inputValue(), sent.parties[0].name, where);
      assert.equal(await page.locator('#p-document_number').inputValue(), '惠政告〔2026〕9号', where);
    };
    await prefilled('as received');
    // A reload: the draft is resumed where it was left (the packet step), and the acknowledgement's
    // packet is still what was received.
    await page.reload();
    await page.locator('#resume-yes').click();
    await page.locator('#plan-handler').waitFor();
    await page.locator('h1', { hasText: '移送材料' }).waitFor();
    await prefilled('after a reload');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(problems, []);
  await context.close();
});

// The synonyms the search reads are pack data: well formed, and no word in two groups (it would make
// two different things the same).
test("the pack's synonym groups are well formed", async () => {
  const { readFileSync } = await import('node:fs');
  const { root } = await import('./support.mjs');
  const doc = JSON.parse(readFileSync(`${root}/forms/qidong-2020-38/synonyms.json`, 'utf8'));
  assert.equal(doc.schema, 'referral-synonyms/1');
  assert.ok(Array.isArray(doc.groups) && doc.groups.length > 0);
  const seen = new Map();
  doc.groups.forEach((g, n) => {
    assert.ok(Array.isArray(g) && g.length >= 2, `group ${n} has fewer than two words`);
    for (const w of g) {
      assert.ok(typeof w === 'string' && w.trim() === w && w.length > 0, `group ${n}: "${w}"`);
      assert.ok(!seen.has(w), `"${w}" is in groups ${seen.get(w)} and ${n}`);
      seen.set(w, n);
    }
  });
});

// 1.6: a complaint transfer (12345, not yet verified): the party 身份待核实 with a reason does not
// block it, the complaint record is the source material, and no evidence file is demanded.
test('a 12345 complaint: 身份待核实 with a reason; the complaint record is the source material; no evidence demanded', async () => {
  const { context, page, problems } = await open(singleUrl, 360);
  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('huilong');
  await page.locator('#next').click();
  await page.locator('#q-date').fill('2026-09-29 10:30');
  await page.locator('input[name="q-source"][value="complaint"]').check();
  await page.locator('#next').click();
  await page.locator('#q-item-filter').fill('摊贩');
  await page.locator('input[name="q-item"][value="market-food-stall-unregistered"]').check();
  await page.locator('#next').click();
  await page.locator('input[name="q-verification"][value="unverified"]').check();
  await page.locator('#next').click();
  await page.locator('#next').click();
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  const kinds = await page.locator('.attachment-kind[data-kind]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(kinds.includes('complaint_materials'), kinds.join());
  assert.ok(!kinds.includes('evidence') && !kinds.includes('inspection_record') && !kinds.includes('site_photos'), kinds.join());
  const identity = page.locator('#packet-checklist li', { hasText: '当事人身份' });
  assert.equal(await identity.getAttribute('class'), 'check-bad');
  await page.locator('#p-parties-0-name').fill('某流动摊贩');
  await page.locator('label[for="p-parties-0-pending"]').click();
  await page.locator('#p-parties-0-identity_pending').fill('12345 热线投诉，当事人身份尚待核实');
  await eventually(async () => (await identity.getAttribute('class')) === 'check-ok', 'the party item ticked with a reason given');
  await page.locator('#attach-complaint_materials').setInputFiles({ name: '12345工单.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 工单') });
  await eventually(async () => /附件：举报投诉材料（1 个文件）/.test(await page.locator('#packet-checklist .check-ok', { hasText: '举报投诉材料' }).innerText().catch(() => '')), 'the complaint record accepted');
  assert.deepEqual(problems, []);
  await context.close();
});
