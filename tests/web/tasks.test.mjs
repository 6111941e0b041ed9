// The five tasks of issue #26's "Why", clicked as an official would: visible Chinese labels and button
// names, no ids; in the single file and the embed, at 1366 and 360 px. Each task checks what stopped an
// office from sending the output as it is:
//   1. a town answers a department's ZIP with its 受理情况告知书 (receiving checks: addressee, dates);
//   2. a 城管局 office profile and two packets (the 文号 only moves forward; the 台账 follows the export);
//   3. a 生态环境局 extension across Spring Festival 2027 (both deadlines; the 移送函 its own 文号 and date;
//      the caveat of a year whose holidays the tool has not loaded, in the materials and the lateness warning);
//   4. a suspected crime found by 南阳镇 (国务院令第310号; not 已完成 before anything went to the police);
//   5. an office's own catalogue CSV → route → 台账 → .xlsx (asked only what the names do not tell,
//      choices kept across a corrected file, the template offered, plain names everywhere).
// The page's clock is fixed per task (page.clock), so that dates are judged as on the day of the task.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import * as XLSX from '@e965/xlsx';
import { dist, launch, root } from './support.mjs';
import { serve } from '../../scripts/serve.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
let browser;
let server;
let embedUrl;
let tmp;
before(async () => {
  browser = await launch();
  const s = await serve(dist);
  server = s.server;
  embedUrl = `${s.url}embed/`;
  tmp = mkdtempSync(path.join(os.tmpdir(), 'referral-tasks-'));
});
after(async () => { await browser?.close(); server?.close(); rmSync(tmp, { recursive: true, force: true }); });

async function open(url, width, when) {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 740 : 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.clock.setFixedTime(new Date(when));
  await page.goto(url);
  await page.getByRole('button', { name: '下一步', exact: true }).waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 20000 });
  return { context, page, problems };
}

async function eventually(fn, what) {
  let last;
  for (let i = 0; i < 100; i += 1) {
    try { if (await fn()) return; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}${last ? ` (${last.message.split('\n')[0]})` : ''}`);
}

const bytesOf = async (download) => { const parts = []; for await (const c of await download.createReadStream()) parts.push(c); return Buffer.concat(parts); };
const button = (page, name) => page.getByRole('button', { name, exact: true });
const next = (page) => button(page, '下一步').click();

// 本单位设置, as an official fills it in: open the section, fill its labelled fields, save.
async function officeProfile(page, { office, prefix, number, unit = '执法监督科', person = '李某', phone = '0513-83312345', head = '王某' }) {
  const summary = page.getByText(/^本单位设置：/);
  if (!(await page.getByRole('button', { name: '保存本单位设置' }).isVisible())) await summary.click();
  await page.getByLabel('本单位', { exact: true }).selectOption({ label: office });
  await page.getByLabel('文号机关代字').fill(prefix);
  if (number !== undefined) await page.getByLabel('下一个文号序号').fill(String(number));
  await page.getByLabel('联系部门', { exact: true }).first().fill(unit);
  await page.getByLabel('联系人', { exact: true }).first().fill(person);
  await page.getByLabel('联系电话', { exact: true }).first().fill(phone);
  await page.getByLabel('通常批准移送的负责人').fill(head);
  await button(page, '保存本单位设置').click();
  await eventually(async () => /已保存/.test(await page.getByText(/本单位设置已保存/).innerText()), 'the settings saved');
  await summary.click();  // folded again, as an official leaves it
}

// The questions of a matter, answered by their labels (the finder and town come from 本单位设置).
async function answerMatter(page, { town, found, source, find, item, verification = '存在违法行为', circumstances = [] }) {
  if (town) await page.getByLabel('属地镇（街道、园区）').selectOption({ label: town });
  await next(page);
  await page.getByLabel('发现时间').fill(found);
  await page.getByLabel(source, { exact: true }).check();
  await next(page);
  await page.getByLabel(/^查找/).fill(find);
  await page.getByRole('radio', { name: item }).check();
  await next(page);
  await page.getByLabel(verification, { exact: true }).check();
  await next(page);
  for (const c of circumstances) await page.getByLabel(c, { exact: true }).check();
  await next(page);
  await button(page, '生成移送计划').click();
}

// Item 9: after 生成移送计划 one green button, not two side by side.
async function oneGreenButton(page) {
  const go = button(page, '下一步：准备移送材料');
  await go.waitFor();
  // The primary style is the next step's (a portal may theme it): no button beside it shares it.
  const greens = await go.evaluate((el) => { const primary = getComputedStyle(el).backgroundColor;
    return [...el.parentElement.querySelectorAll('button')].filter((b) => b.offsetParent && getComputedStyle(b).backgroundColor === primary).map((b) => b.textContent.trim()); });
  assert.deepEqual(greens, ['下一步：准备移送材料'], `green buttons: ${greens.join('、')}`);
}

async function fillLetter(page, { facts, place = '某某路 8 号', measures = '已制作现场检查记录并拍摄现场照片。', party = '启东市某某有限公司', code = '91350100M000100Y43' }) {
  await page.getByLabel('单位名称').first().fill(party);
  await page.getByLabel('统一社会信用代码（18 位）').first().fill(code);
  if (facts) await page.getByLabel('基本违法事实').fill(facts);
  await page.getByLabel('地点', { exact: true }).fill(place);
  await page.getByLabel('已采取的措施').fill(measures);
}

const attach = (page, label, name) => page.getByLabel(`添加文件：${label}`).setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${name}`) });

async function exportZip(page) {
  await eventually(async () => /材料齐全/.test(await page.getByText(/材料齐全|还有 \d+ 项/).first().innerText()), 'a complete packet');
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, '导出移送材料包（ZIP）').click()]);
  return { name: download.suggestedFilename(), zip: unzipSync(new Uint8Array(await bytesOf(download))) };
}
const textOf = (html) => new TextDecoder().decode(html).replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, '').replace(/\s+/g, '');

async function openLedger(page) {
  const ledger = page.getByText('台账与督查', { exact: true });
  await ledger.click();
  await page.getByRole('table').first().waitFor();
  await eventually(async () => (await page.locator('table').filter({ hasText: '编号（文号）' }).locator('tbody tr').count()) > 0, 'the ledger drawn');
  return page.locator('table').filter({ hasText: '编号（文号）' });
}

// Item 9: the ledger's cells are never squeezed to a character a line (打/开), also at 360 px.
async function ledgerCellsReadable(page, table) {
  const bad = await table.evaluate((t) => {
    const out = [];
    for (const b of t.querySelectorAll('button')) {
      const r = document.createRange();
      r.selectNodeContents(b);
      const lines = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
      if (lines.size > 1) out.push(`button "${b.textContent}" on ${lines.size} lines`);
    }
    const em = parseFloat(getComputedStyle(t).fontSize);
    for (const td of t.querySelectorAll('tbody td')) if (td.textContent.trim().length > 3 && td.getBoundingClientRect().width < 3.5 * em) out.push(`a cell ${td.getBoundingClientRect().width}px wide: "${td.textContent.slice(0, 12)}"`);
    return out;
  });
  assert.deepEqual(bad, []);
}

// Words an official reads: none of the catalogue's or the pack's internal codes, no draft names as 编号.
async function plainLedger(table) {
  const text = await table.innerText();
  assert.doesNotMatch(text, /item-\d|dept:|town:|\btransfer\b|acknowledge|草稿 \d{4}/, text);
}

for (const [variant, url] of [['single file', () => singleUrl], ['embed', () => embedUrl]]) {
  for (const width of [1366, 360]) {
    const where = `${variant}, ${width} px`;

    //-------------------------------------------------------------------------------------------
    test(`task 1 (${where}): 惠萍镇 answers 市场监管局's ZIP with its own 受理情况告知书; the receiving checks`, async () => {
      // The department's packet, written by the native CLI with its files, zipped as the wizard would.
      const out = path.join(tmp, `t1-${variant}-${width}`);
      execFileSync(`${root}/build/native/bin/referral`, ['packet', `${root}/tests/examples/packet-with-files.json`, '--attachments',
        `${root}/tests/examples/attachments`, '--out', out, '--today', '2026-05-01']);
      const entries = {};
      for (const name of readdirSync(out)) if (name !== 'attachments') entries[name] = readFileSync(`${out}/${name}`);
      for (const name of readdirSync(`${out}/attachments`)) entries[`attachments/${name}`] = readFileSync(`${out}/attachments/${name}`);
      const zip = { name: '移送材料-启市监移〔2026〕12号.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(entries)) };

      const { context, page, problems } = await open(url(), width, '2026-05-06T10:00:00+08:00');
      // Item 9: the first question is on the first screen (本单位设置 does not push it down).
      // (In the embed, measured from the element's top: the portal's own header is the portal's.)
      if (width > 500) {
        const box = await page.getByText('发现方', { exact: true }).first().boundingBox();
        const top = await page.locator('referral-assistant').evaluate((el) => el.getBoundingClientRect().top);
        assert.ok(box && box.y + box.height - Math.max(0, top) < 768, `the first question at ${box?.y} px (the element at ${top} px)`);
      }
      // Item 7: a packet addressed to another office is said so before any case is opened.
      await officeProfile(page, { office: '启东市水务局', prefix: '启水移', number: 3 });
      const receive = page.getByLabel('选择收到的材料包（ZIP）…');
      await page.getByLabel('收到时间（不填即为现在）').fill('2026-05-04 09:00');
      await receive.setInputFiles(zip);
      await page.getByText(/此材料包是发给“惠萍镇人民政府”的，不是本单位（启东市水务局）/).waitFor();
      assert.equal(await button(page, '仍按此材料包建立本单位的案件').isVisible(), true);
      assert.equal(await button(page, '下一步：准备移送材料').count(), 0, 'no case opened before the official says so');
      // The right office: the town of the letter.
      await officeProfile(page, { office: '惠萍镇人民政府', prefix: '惠政告', number: 9, unit: '综合行政执法局', person: '陈某', phone: '0513-83300000', head: '周某' });
      // Item 7: a 收到时间 not yet come, or before the letter was sent, is refused.
      await page.getByLabel('收到时间（不填即为现在）').fill('2026-05-09 09:00');
      await receive.setInputFiles(zip);
      await page.getByText(/收到时间 2026-05-09 09:00 还没有到/).waitFor();
      await page.getByLabel('收到时间（不填即为现在）').fill('2026-04-29 09:00');
      await receive.setInputFiles(zip);
      await page.getByText(/早于材料包的发送日期 2026-04-30/).waitFor();
      await page.getByLabel('收到时间（不填即为现在）').fill('2026-05-04 09:00');
      await receive.setInputFiles(zip);
      await page.getByText(/书面告知受理情况/).first().waitFor();
      await oneGreenButton(page);
      await button(page, '下一步：准备移送材料').click();
      // The letter answered is named by its 文号, filled from the packet received.
      assert.equal(await page.getByLabel('来函文号').inputValue(), '启市监移〔2026〕12号');
      assert.equal(await page.getByLabel('发文字号').inputValue(), '惠政告〔2026〕9号');
      // Item 7: an acknowledgement dated before receipt is refused at its field.
      await page.getByLabel('发送日期').fill('2026-05-01');
      await page.getByText(/早于收到移送的日期（2026-05-04）/).first().waitFor();
      await page.getByLabel('发送日期').fill('2026-05-06');
      // Item 9: an example in an empty field does not look like a value.
      const looks = await page.getByLabel('发送日期').evaluate((el) => { const p = getComputedStyle(el, '::placeholder'); const v = getComputedStyle(el); return [p.color, v.color, p.fontStyle]; });
      assert.notEqual(looks[0], looks[1]);
      assert.equal(looks[2], 'italic');
      const packet = await exportZip(page);
      const names = Object.keys(packet.zip);
      assert.ok(names.includes('01-受理情况告知书.html'), names.join());
      const notice = textOf(packet.zip['01-受理情况告知书.html']);
      assert.match(notice, /你单位《涉嫌违法案件移送函》（启市监移〔2026〕12号）及所附材料，我单位已于2026年5月4日收到/);
      assert.match(notice, /经审查，该案属我单位管辖，我单位决定予以受理。/);
      assert.doesNotMatch(notice, /基本违法事实|已采取的措施|在售预包装食品/);
      assert.match(new TextDecoder().decode(packet.zip['01-受理情况告知书.html']), /<div class="letter">/, '信函格式');
      // The 台账: 编号 is the 文号 sent; the finder is the department that found it; statuses by the export.
      const table = await openLedger(page);
      const row = table.locator('tbody tr').filter({ hasText: '惠政告〔2026〕9号' });
      assert.match(await row.innerText(), /启东市市场监督管理局（移送至惠萍镇人民政府）/);
      await plainLedger(table);
      await ledgerCellsReadable(page, table);
      assert.deepEqual(problems, []);
      await context.close();
    });

    //-------------------------------------------------------------------------------------------
    test(`task 2 (${where}): 城管局's profile and two packets: a 文号 once exported is never offered again`, async () => {
      const { context, page, problems } = await open(url(), width, '2026-12-03T10:00:00+08:00');
      await officeProfile(page, { office: '启东市城市管理局', prefix: '启城管移', number: 27 });
      await answerMatter(page, { town: '海复镇人民政府', found: '2026-12-02 09:30', source: '日常巡查', find: '摆摊设点', item: /^擅自占用城市道路、广场摆摊设点/ });
      await oneGreenButton(page);
      // Item 8: quotations without the reflowed text's spaces ("在 5 个工作日").
      assert.ok(await page.getByText(/应在5个工作日内移送有管辖权的一方处理/).count() > 0);
      assert.equal(await page.getByText(/在 5 个工作日/).count(), 0);
      await button(page, '下一步：准备移送材料').click();
      assert.equal(await page.getByLabel('发文字号').inputValue(), '启城管移〔2026〕27号');
      // The settings form is opened before the export (as on the day of the issue) …
      await page.getByText(/^本单位设置：/).click();
      assert.equal(await page.getByLabel('下一个文号序号').inputValue(), '27');
      await fillLetter(page, { facts: '当事人在海复镇某某路占道摆摊经营。' });
      await page.getByLabel('批准移送的负责人', { exact: true }).fill('王某');
      await attach(page, '现场检查记录', '现场检查记录.pdf');
      await attach(page, '初步证明违法行为事实情况的相关证据材料', '询问笔录.pdf');
      const first = await exportZip(page);
      assert.match(first.name, /启城管移〔2026〕27号/);
      // Item 8: the documents inside the ZIP have Chinese names.
      assert.ok(Object.keys(first.zip).includes('01-涉嫌违法案件移送函.html'), Object.keys(first.zip).join());
      const letter = textOf(first.zip['01-涉嫌违法案件移送函.html']);
      assert.match(letter, /2026年12月2日9时30分，我单位在某某路8号日常巡查时发现启东市某某有限公司涉嫌擅自占用城市道路/);
      assert.match(letter, /关于启东市某某有限公司涉嫌违法案件的移送函/, 'a heading without the catalogue\'s alternatives');
      // … and saved again with a new phone number: the next 文号 is still 28.
      await eventually(async () => (await page.getByLabel('下一个文号序号').inputValue()) === '28', 'the settings form follows the export');
      await page.getByLabel('联系电话', { exact: true }).first().fill('0513-83300001');
      await button(page, '保存本单位设置').click();
      // A second matter: the next number.
      await button(page, '新建').click();
      await answerMatter(page, { town: '海复镇人民政府', found: '2026-12-03 08:30', source: '日常巡查', find: '摆摊设点', item: /^擅自占用城市道路、广场摆摊设点/ });
      await button(page, '下一步：准备移送材料').click();
      const number = page.getByLabel('发文字号');
      assert.equal(await number.inputValue(), '启城管移〔2026〕28号');
      // A reused or out-of-order number is warned of.
      await number.fill('启城管移〔2026〕27号');
      await page.getByText(/文号“启城管移〔2026〕27号”已于 2026-12-03 用于《涉嫌违法案件移送函、移送材料清单》/).first().waitFor();
      await number.fill('启城管移〔2026〕12号');
      await page.getByText(/文号序号 12 小于本单位 2026 年已发出的最大序号 27/).first().waitFor();
      await number.fill('启城管移〔2026〕28号');
      // The 台账: the exported matter by its 文号, waiting for the town's acknowledgement (the export is the
      // transfer done); the other not sent; the .ics holds the town's due day and says so where it is offered.
      const table = await openLedger(page);
      const sent = table.locator('tbody tr').filter({ hasText: '启城管移〔2026〕27号' });
      assert.match(await sent.innerText(), /等待对方办理/);
      assert.match(await sent.innerText(), /对方应办：海复镇人民政府书面告知受理情况/);
      assert.equal(await table.locator('tbody tr').filter({ hasText: '未发文' }).count(), 1);
      await plainLedger(table);
      await ledgerCellsReadable(page, table);
      await page.getByText(/日历含本单位应办的期限和对方应向本单位办理的期限/).waitFor();
      const [ics] = await Promise.all([page.waitForEvent('download'), button(page, '导出期限日历').click()]);
      const cal = (await bytesOf(ics)).toString('utf8').replace(/\r\n /g, '');
      assert.match(cal, /SUMMARY:启城管移〔2026〕27号：对方应办：海复镇人民政府书面告知受理情况（致启东市城市管理局）/);
      assert.deepEqual(problems, []);
      await context.close();
    });

    //-------------------------------------------------------------------------------------------
    test(`task 3 (${where}): 生态环境局 extends a transfer across Spring Festival 2027`, async () => {
      const { context, page, problems } = await open(url(), width, '2027-02-03T10:00:00+08:00');
      await officeProfile(page, { office: '启东市生态环境局', prefix: '启环移', number: 9 });
      await answerMatter(page, { town: '寅阳镇人民政府', found: '2027-02-01 09:30', source: '日常巡查', find: '焚烧垃圾', item: /^在人口集中地区焚烧垃圾/,
        circumstances: ['因调查核实等客观原因需延长移送期限（已事先告知对方）'] });
      await button(page, '下一步：准备移送材料').click();
      await page.getByLabel('为哪一次移送准备材料').selectOption({ label: '事先告知延长移送期限：启东市生态环境局 → 寅阳镇人民政府' });
      // Item 8: the 2027 caveat in the materials: no 2027 arrangement loaded, and where to add it.
      await page.getByText(/本工具未载入2027年的节假日安排（国务院办公厅的通知）.*节假日设置/).first().waitFor();
      assert.equal(await page.getByLabel('发文字号').inputValue(), '启环移〔2027〕9号');
      await fillLetter(page, { facts: '当事人在寅阳镇某村焚烧废旧塑料。' });
      await page.getByLabel('延期理由').fill('焚烧物来源需向回收站调查核实。');
      const notice = await exportZip(page);
      const text = textOf(notice.zip['01-延期移送告知函.html']);
      // Item 4: both deadlines, counted through the Spring Festival of 2027 (provisionally: 除夕 to 初三, the
      // two that fall on the weekend made up on 9 and 10 February, 《全国年节及纪念日放假办法》).
      assert.match(text, /该案的移送期限原为5个工作日内.*?最迟2027年2月12日（星期五）（2027年节假日安排尚未载入，暂算）；现延长为10个工作日内.*?最迟2027年2月19日（星期五）（2027年节假日安排尚未载入，暂算）。/);
      // Item 5: the notice sent is recorded by its export: the 台账 does not call the matter overdue; it owes
      // the transfer, by the extended deadline.
      const table = await openLedger(page);
      const row = table.locator('tbody tr').filter({ hasText: '启环移〔2027〕9号' });
      assert.match(await row.innerText(), /移送案件[\s\S]*2027-02-19[\s\S]*未到期/);
      await plainLedger(table);
      // The transfer, made two weeks later: its own 文号 and 发送日期, sent late: the lateness warning
      // carries the caveat too.
      await page.clock.setFixedTime(new Date('2027-02-23T10:00:00+08:00'));
      await page.getByLabel('为哪一次移送准备材料').selectOption({ label: '移送案件：启东市生态环境局 → 寅阳镇人民政府' });
      assert.equal(await page.getByLabel('发文字号').inputValue(), '启环移〔2027〕10号');
      assert.equal(await page.getByLabel('发送日期').inputValue(), '2027-02-23');
      await page.getByText(/移送案件的期限：[^；]*2027年2月19日[^；]*暂算）；发送日期 2027-02-23 已逾期 2 个工作日.*本工具未载入2027年的节假日安排/).first().waitFor();
      await page.getByLabel('为哪一次移送准备材料').selectOption({ label: '事先告知延长移送期限：启东市生态环境局 → 寅阳镇人民政府' });
      assert.equal(await page.getByLabel('发文字号').inputValue(), '启环移〔2027〕9号');
      assert.equal(await page.getByLabel('发送日期').inputValue(), '2027-02-03');
      assert.deepEqual(problems, []);
      await context.close();
    });

    //-------------------------------------------------------------------------------------------
    test(`task 4 (${where}): a suspected crime found by 南阳镇: 310号令, its materials, not done before the police have it`, async () => {
      const { context, page, problems } = await open(url(), width, '2026-12-03T10:00:00+08:00');
      await officeProfile(page, { office: '南阳镇人民政府', prefix: '南政移', number: 5, unit: '综合行政执法局', person: '周某', phone: '13912345678', head: '赵某' });
      await answerMatter(page, { found: '2026-12-02 21:30', source: '日常巡查', find: '电鱼', item: /^使用电鱼/,
        circumstances: ['违法行为涉嫌犯罪', '已扣押、查封或者先行登记保存涉案物品（移送时附涉案物品清单）'] });
      // The deadline in words: 24 hours from the decision to transfer, not the rule's code.
      await page.getByText(/24小时内（自作出移送决定之时起算?）/).first().waitFor();
      assert.equal(await page.getByText(/hours/).count(), 0);
      // The 台账 before anything went to the police: owed, never 已完成.
      let table = await openLedger(page);
      assert.match(await table.locator('tbody tr').first().innerText(), /移交司法机关（公安机关）[\s\S]*尚未起算[\s\S]*未到期/);
      await button(page, '下一步：准备移送材料').click();
      // Its own materials (国务院令第310号第六条): a place for 检验报告或者鉴定结论; 涉案物品清单 when goods were seized.
      await page.getByLabel('添加文件：有关检验报告或者鉴定结论').waitFor({ state: 'attached' });
      await page.getByLabel('添加文件：涉案物品清单').waitFor({ state: 'attached' });
      await fillLetter(page, { party: '陈某（个人）', facts: '使用电鱼工具在禁渔区内捕捞，查获渔获物约60公斤，涉嫌非法捕捞水产品罪。', measures: '已当场制止，扣押电鱼工具一套。' });
      await page.getByLabel('批准移送的负责人', { exact: true }).fill('赵某（镇长）');
      await attach(page, '涉嫌犯罪案件情况的调查报告', '调查报告.pdf');
      // Goods were seized (the electric fishing gear): the list of them goes with the transfer (310号令第六条).
      await attach(page, '涉案物品清单', '涉案物品清单.pdf');
      const packet = await exportZip(page);
      const text = textOf(packet.zip['01-涉嫌犯罪案件移送书.html']);
      assert.match(text, /根据《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第三条和《市政府办公室关于建立市镇综合行政执法协调协作机制的实施意见》（启政办发〔2020〕38号）第二部分第（四）项第4点的规定/);
      assert.match(text, /本案已经本机关负责人赵某（镇长）于2026年12月3日批准移送/);
      // The export is the transfer to the police done: now nothing is owed.
      await page.getByText('台账与督查', { exact: true }).click();
      await page.getByText('台账与督查', { exact: true }).click();
      table = page.locator('table').filter({ hasText: '编号（文号）' });
      await eventually(async () => /南政移〔2026〕5号[\s\S]*已完成/.test(await table.locator('tbody tr').first().innerText()), 'done once sent');
      await plainLedger(table);
      assert.deepEqual(problems, []);
      await context.close();
    });

    //-------------------------------------------------------------------------------------------
    test(`task 5 (${where}): 海复镇's own catalogue CSV → route → 台账 → .xlsx`, async () => {
      const { context, page, problems } = await open(url(), width, '2026-12-03T10:00:00+08:00');
      await officeProfile(page, { office: '海复镇人民政府', prefix: '海政移', number: 15 });
      await page.getByText('事项目录', { exact: true }).click();
      // The template is offered in the page, and no file of the repository is named.
      const section = page.locator('details').filter({ has: page.getByText('事项目录', { exact: true }) });
      assert.doesNotMatch(await section.innerText(), /forms\/|authorities\.json|\.mustache/);
      const [template] = await Promise.all([page.waitForEvent('download'), button(page, '下载目录模板（.csv）').click()]);
      assert.equal(template.suggestedFilename(), '赋权事项目录模板.csv');
      assert.match((await bytesOf(template)).toString('utf8'), /^\uFEFF编号,事项名称,业务主管部门,类别/);
      // An office's list: no 类别 column (no official list has one), one department misspelt, three
      // names that tell no category, one power taken back.
      const rows = [
        ['序号', '职权名称', '原实施部门', '承接主体', '赋权时间', '收回日期'],
        ['1', '擅自占用城市道路、广场摆摊设点或者超出门窗外墙经营', '城市管理局', '海复镇', '2021-01-28', ''],
        ['2', '随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物', '城市管理局', '海复镇', '2021-01-28', ''],
        ['3', '未经批准临时占用城市道路', '城市管理局', '海复镇', '2021-01-28', ''],
        ['4', '运输液体、散装货物不作密封、包扎、覆盖，造成泄漏、遗撒', '城市管理局', '海复镇', '2021-01-28', ''],
        ['5', '餐饮服务业经营者未安装油烟净化设施或者不正常使用，超过排放标准排放油烟', '城市管理局', '海复镇', '2021-01-28', ''],
        ['6', '露天焚烧秸秆', '农业农村局', '海复镇', '2021-01-28', ''],
        ['7', '未取得食品经营许可从事食品经营活动', '市场监督管理局', '海复镇', '2021-01-28', '2025-07-01'],
        ['8', '经营超过保质期的食品', '市场监督管理局', '海复镇', '2021-01-28', ''],
        ['9', '经营者不按规定明码标价', '市场监督管理局', '海复镇', '2021-01-28', ''],
        ['10', '在噪声敏感建筑物集中区域夜间违规进行产生噪声的建筑施工作业', '生态环境局', '海复镇', '2021-01-28', ''],
        ['11', '未取得施工许可证擅自施工', '住房和城乡建设局', '海复镇', '2021-01-28', ''],
        ['12', '装修过程中擅自变动房屋建筑主体和承重结构', '住房和城乡建设局', '海复镇', '2021-01-28', ''],
        ['13', '在城市绿地内从事影响绿化的活动', '城市管理局', '海复镇', '2021-01-28', ''],
        ['14', '未经批准擅自取水', '市水利局', '海复镇', '2021-01-28', ''],
        ['15', '违法设置户外广告设施', '城市管理局', '海复镇', '2021-01-28', ''],
        ['16', '擅自占用、挖掘公路', '交通运输局', '海复镇', '2021-01-28', ''],
        ['17', '未经设立登记从事经营活动', '市场监督管理局', '海复镇', '2021-01-28', ''],
        ['18', '食品摊贩未办理登记从事食品经营', '市场监督管理局', '海复镇', '2021-01-28', ''],
        ['19', '向河道倾倒垃圾', '水务局', '海复镇', '2021-01-28', ''],
        ['20', '损坏城市道路照明设施', '城市管理局', '海复镇', '2021-01-28', ''],
      ];
      const csv = (rs) => ({ name: '海复镇赋权事项.csv', mimeType: 'text/csv', buffer: Buffer.from(rs.map((r) => r.join(',')).join('\n'), 'utf8') });
      const file = page.getByLabel('选择目录文件');
      await file.setInputFiles(csv(rows));
      // The misspelt department is an error of its row; the three names that tell no category are asked,
      // one by one, by name; the other sixteen were inferred.
      await page.getByText(/有 1 处问题，未导入/).waitFor();
      await page.getByText(/以下 3 项无法从事项名称推断类别，请逐项选择/).waitFor();
      await page.getByLabel('第 14 行“在城市绿地内从事影响绿化的活动”的类别').selectOption({ label: '有法律责任但无许可规定' });
      await page.getByLabel('第 16 行“违法设置户外广告设施”的类别').selectOption({ label: '禁止类' });
      await page.getByLabel('第 21 行“损坏城市道路照明设施”的类别').selectOption({ label: '有法律责任但无许可规定' });
      // The corrected file (the department's name, and a row added at the top): the choices stay.
      const fixed = [rows[0], ['0', '在城市建筑物、设施上乱涂乱画', '城市管理局', '海复镇', '2021-01-28', ''], ...rows.slice(1).map((r) => (r[2] === '市水利局' ? [...r.slice(0, 2), '水务局', ...r.slice(3)] : r))];
      await file.setInputFiles(csv(fixed));
      await page.getByText(/以下 1 项无法从事项名称推断类别/).waitFor();
      assert.equal(await page.getByLabel('第 15 行“在城市绿地内从事影响绿化的活动”的类别').count(), 0, 'a choice made before is not asked again');
      await page.getByLabel('第 2 行“在城市建筑物、设施上乱涂乱画”的类别').selectOption({ label: '禁止类' });
      await button(page, '采用此目录').click();
      await page.getByText(/已采用“海复镇赋权事项\.csv”/).waitFor();
      // The picker: the item taken back is not labelled 已赋权镇.
      await next(page);
      await page.getByLabel('发现时间').fill('2026-12-02 09:30');
      await page.getByLabel('日常巡查', { exact: true }).check();
      await next(page);
      await page.getByLabel(/^查找/).fill('食品经营许可');
      const revoked = await page.getByRole('radio', { name: /^未取得食品经营许可从事食品经营活动/ }).evaluate((r) => r.labels[0].textContent);
      assert.match(revoked, /已收回部门（收回日期 2025-07-01）/);
      assert.doesNotMatch(revoked, /已赋权镇/);
      await page.getByLabel(/^查找/).fill('超过保质期');
      await page.getByRole('radio', { name: /^经营超过保质期的食品/ }).check();
      await next(page);
      await page.getByLabel('存在违法行为', { exact: true }).check();
      await next(page);
      await next(page);
      await button(page, '生成移送计划').click();
      await oneGreenButton(page);
      // The 台账 and its workbook: names, never the catalogue's codes; readable columns with widths.
      const table = await openLedger(page);
      assert.match(await table.innerText(), /经营超过保质期的食品/);
      await plainLedger(table);
      await ledgerCellsReadable(page, table);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), button(page, '导出 Excel').click()]);
      const bytes = await bytesOf(xlsx);
      const wb = XLSX.read(bytes, { type: 'buffer', cellStyles: true });
      for (const name of ['台账', '办理记录', '案件']) {
        const ws = wb.Sheets[name];
        const aoa = XLSX.utils.sheet_to_json(ws, { header: 1, raw: false });
        assert.equal((ws['!cols'] ?? []).length, aoa[0].length, `${name}: every column has a width`);
        aoa[0].forEach((head, c) => {
          if (ws['!cols'][c]?.hidden) return;
          for (const row of aoa.slice(1)) assert.doesNotMatch(String(row[c] ?? ''), /item-\d|row-\d|dept:|town:|\{"|referral-case/, `${name} ${head}: ${row[c]}`);
        });
      }
      const cases = XLSX.utils.sheet_to_json(wb.Sheets['案件'], { header: 1, raw: false });
      assert.equal(cases[1][1], '经营超过保质期的食品');
      // The workbook goes back into the CLI's ledger (the round trip scripts/ledger-xlsx.mjs gives).
      const file2 = path.join(tmp, `t5-${variant}-${width}.xlsx`);
      writeFileSync(file2, bytes);
      const jsonl = execFileSync('node', [`${root}/scripts/ledger-xlsx.mjs`, file2], { encoding: 'utf8' });
      assert.equal(JSON.parse(jsonl.trim().split('\n')[0]).item.startsWith('item-'), true, 'the codes the audit needs ride along');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
