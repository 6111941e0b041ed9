// Hostile files in the page (issue #25, W1–W5): the .xlsx readers (事项目录 import, 台账 import) and
// the check of a received packet ZIP (收到移送材料) read in the reader's Web Worker, with declared
// sizes and dimensions checked before anything is inflated or iterated. Each file is made here
// (tests/web/hostile-zips.mjs; nothing big is committed): a 2 KB .xlsx declaring
// <dimension ref="A1:XFD1048576"/>, an .xlsx of 1 MB inflating to 1 GiB (declaring it, and lying
// about it), a ZIP bomb of 1.25 GiB, a packet with a forged entry placed before the genuine one of
// the same name. The page must show a Chinese message within 2 s, answer a click within 200 ms
// while it reads, and stop a read when the official cancels it. Single file (file://) and embed
// (served under the example portal's strict CSP), and the embed under a CSP that refuses workers
// (the page then reads in steps); the single file on Chromium 86.
// Also the holiday notice (F3) pasted with an invisible character in "一、元旦", and one whose 元旦
// cannot be read: refused naming it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { dist, launch, openPage, root } from './support.mjs';
import { launch86, open86 } from './chromium86.mjs';
import { serve } from '../../scripts/serve.mjs';
import { hugeDimensionXlsx, spaces, writeZip, xlsxBomb } from './hostile-zips.mjs';
import { readLimits } from '../../scripts/lib/limits.mjs';

const require = createRequire(import.meta.url);
const XLSX = require('@e965/xlsx');
const singleUrl = `file://${dist}/referral-assistant.html`;
const MIB = 1 << 20;
let browser;
let server;
let base;
let tmp;
const files = {};

// A genuine packet ZIP's entries (the native CLI's packet with its attachment files), in the page's layout.
function packetEntries(dir) {
  const entries = [];
  for (const name of readdirSync(dir).sort()) if (name !== 'attachments') entries.push({ name, data: readFileSync(`${dir}/${name}`) });
  for (const name of readdirSync(`${dir}/attachments`).sort()) entries.push({ name: `attachments/${name}`, data: readFileSync(`${dir}/attachments/${name}`) });
  return entries;
}

before(async () => {
  browser = await launch();
  ({ server, url: base } = await serve(dist));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hostile-files-'));
  const cli = `${root}/build/native/bin/referral`;
  // The catalogue as a workbook declaring 1.7×10¹⁰ cells, and the ledger's three sheets likewise.
  const template = readFileSync(`${root}/tests/catalogue-cases/office-list.csv`, 'utf8').trim().split('\n').map((l) => l.split(','));
  files.dimCatalogue = hugeDimensionXlsx(XLSX, template);
  files.dimLedger = hugeDimensionXlsx(XLSX, [['编号'], ['M1']], {
    // The sheets as ledger-model.js writes them (the 案件数据 column carries the case).
    办理记录: [['编号', '步骤', '办理机关', '对方', '日期', '说明', '步骤代码', '办理机关代码', '对方代码']],
    案件: [['编号', '案件数据'], ['M1', JSON.stringify({ schema: 'referral-case/1', date: '2026-06-01T10:00:00+08:00', finder: 'dept',
      town: 'huilong', item: 'urban-street-stall', source: 'supervision', verification: 'violation' })]],
  });
  files.bomb = xlsxBomb(XLSX, 1024);
  files.lyingBomb = xlsxBomb(XLSX, 1024, { lying: true });
  // A workbook within the limits that takes a while to read: its sheet padded to 60 MiB.
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(template), 'Sheet1');
  files.slowXlsx = (() => {
    const out = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
    const entries = require('fflate').unzipSync(new Uint8Array(out));
    const sheet = Buffer.from(entries['xl/worksheets/sheet1.xml']).toString('utf8').replace('<sheetData>', `<sheetData>${' '.repeat(60 * MIB)}`);
    return writeZip(Object.entries(entries).map(([name, data]) => ({ name, data: name === 'xl/worksheets/sheet1.xml' ? Buffer.from(sheet) : Buffer.from(data) })));
  })();
  // Packets: genuine, with a forged entry before the genuine one (W5), a 1.25 GiB bomb (W4).
  execFileSync(cli, ['packet', `${root}/tests/examples/packet-with-files.json`, '--attachments', `${root}/tests/examples/attachments`,
    '--out', `${tmp}/p`, '--today', '2026-06-01']);
  const genuine = packetEntries(`${tmp}/p`);
  files.genuine = writeZip(genuine);
  files.interview = genuine.find((e) => e.name.includes('询问笔录')).name;
  files.forged = writeZip([{ name: files.interview, data: Buffer.from('伪造的询问笔录') }, ...genuine]);
  files.zipBomb = writeZip([genuine.find((e) => e.name === 'packet.json'), { name: files.interview, deflated: spaces(1280), size: 1280 * MIB, crc: 0 }]);
  // A genuine packet that takes a while to check: one attachment of 250 MiB (spaces), hashed by the CLI.
  const big = `${tmp}/big`;
  execFileSync('mkdir', ['-p', big]);
  writeFileSync(`${big}/现场检查记录.txt`, Buffer.alloc(250 * MIB, 0x20));
  const input = JSON.parse(readFileSync(`${root}/tests/examples/packet-with-files.json`, 'utf8'));
  input.attachments = [{ ...input.attachments[0], file_name: '现场检查记录.txt' }];
  delete input.attachments[0].size;
  delete input.attachments[0].sha256;
  writeFileSync(`${tmp}/big.json`, JSON.stringify(input));
  execFileSync(cli, ['packet', `${tmp}/big.json`, '--attachments', big, '--out', `${tmp}/bp`, '--today', '2026-06-01']);
  rmSync(`${big}/现场检查记录.txt`);
  files.slowPacket = writeZip(packetEntries(`${tmp}/bp`).map((e) => (e.data.length === 250 * MIB
    ? { name: e.name, deflated: spaces(250).subarray(0), size: e.data.length, crc: 0 } : e)));
  assert.equal(createHash('sha256').update(Buffer.alloc(250 * MIB, 0x20)).digest('hex'),
    JSON.parse(readFileSync(`${tmp}/bp/packet.json`, 'utf8')).attachments[0].sha256);
});
after(async () => { await browser?.close(); server?.close(); if (tmp) rmSync(tmp, { recursive: true, force: true }); });

// One list of limits (issue #25): every constant of src/core/limits.h is a row of docs/RELIABILITY.md's
// table, with its value as the table writes it; the page's readers use the header's values.
const LIMITS = readLimits();
test('limits.h and docs/RELIABILITY.md list the same limits, with the same values', () => {
  const rows = readFileSync(`${root}/docs/RELIABILITY.md`, 'utf8').split('\n').filter((l) => l.startsWith('| '));
  const shown = (name, v) => (/Bytes$/.test(name) && v >= MIB ? (v >= 1 << 30 ? `${v / (1 << 30)} GiB` : `${v / MIB} MiB`)
    : /Year$/.test(name) ? String(v) : v.toLocaleString('en'));
  for (const [name, value] of Object.entries(LIMITS)) {
    const row = rows.find((r) => r.includes(`\`${name}\``));
    assert.ok(row, `${name} is not in docs/RELIABILITY.md's table`);
    assert.ok(row.includes(shown(name, value)), `${name} = ${shown(name, value)} is not what docs/RELIABILITY.md says: ${row}`);
  }
});

// The page's answer (text of `selector`, in the element's shadow root) once it holds `pattern`, and
// how long it took since `since`; fails past 2 s.
// A page frozen by a read (as before #25) fails here in time instead of holding the test: every
// question to the page is given up with the time that is left.
async function answered(page, selector, pattern, since, limit = 2000) {
  const text = page.locator(selector);
  let t = '';
  for (;;) {
    const left = Math.max(1, limit - (Date.now() - since));
    const got = await Promise.race([text.innerText({ timeout: left }).catch(() => ''), new Promise((r) => setTimeout(() => r(null), left + 100))]);
    if (got !== null) t = got;
    if (pattern.test(t)) return { text: t, ms: Date.now() - since };
    if (Date.now() - since > limit) assert.fail(`no answer matching ${pattern} in ${limit} ms (${selector}: ${JSON.stringify(t)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const choose = async (page, input, name, buffer) => {
  const since = Date.now();
  await page.locator(input).setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(buffer) });
  return since;
};

// While a read runs (its 取消读取 button shown): a click on a <summary> of the page is answered (the
// <details> toggles) within 200 ms, then 取消读取 stops the read and the page says so.
async function responsiveAndCancellable(page, statusSelector, otherSummary) {
  await page.locator(`${statusSelector} [data-cancel-read]`).waitFor({ timeout: 5000 });
  await page.locator(otherSummary).scrollIntoViewIfNeeded();
  const wasOpen = await page.locator(otherSummary).evaluate((s) => s.parentElement.open);
  // The delay the page itself adds: from the click event's creation (its timeStamp) to its handler
  // running on the page's thread, which a read on that thread would hold up.
  await page.locator(otherSummary).evaluate((s) => {
    window.__clickDelay = null;
    s.addEventListener('click', (e) => { window.__clickDelay = performance.now() - e.timeStamp; }, { once: true });
  });
  const box = await page.locator(otherSummary).boundingBox();
  await page.mouse.click(box.x + 5, box.y + box.height / 2);
  await page.waitForFunction(([sel, was]) => {
    const root = document.querySelector('referral-assistant').shadowRoot;
    return window.__clickDelay !== null && root.querySelector(sel).parentElement.open !== was;
  }, [otherSummary, wasOpen], { timeout: 5000, polling: 'raf' });
  const clickMs = await page.evaluate(() => window.__clickDelay);
  assert.ok(clickMs < 200, `a click answered in ${clickMs} ms while the file was read`);
  assert.ok(await page.locator(`${statusSelector} [data-cancel-read]`).count(), 'the read was still running when the click was answered');
  const cancelAt = Date.now();
  await page.locator(`${statusSelector} [data-cancel-read]`).click();
  await answered(page, statusSelector, /已取消读取/, cancelAt, 1000);
}

const modes = [
  ['single file', () => openPage(browser, singleUrl), 'worker'],
  ['embed', () => openPage(browser, `${base}embed/`), 'worker'],
  // A portal whose CSP refuses every worker: the page reads in steps of a few milliseconds instead.
  ['embed, workers refused by the CSP', async () => {
    const opened = await openPage(browser, null);
    await opened.context.route('**/embed/', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers(), 'content-security-policy': `${response.headers()['content-security-policy']}; worker-src 'none'` };
      await route.fulfill({ response, headers });
    });
    await opened.page.goto(`${base}embed/`);
    return opened;
  }, 'page'],
];

for (const [where, open, mode] of modes) {
  test(`${where}: 事项目录 import of a hostile .xlsx: a huge declared dimension, a 1 MB → 1 GiB bomb (declared and lying), each answered in Chinese within 2 s; a long read answers clicks and can be cancelled`, async () => {
    const { page, problems, context } = await open();
    await page.locator('#next').waitFor({ timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 30000 });
    await page.locator('#catalogue-import > summary').click();
    // W1: 2 KB declaring A1:XFD1048576 — read from the cells it holds: the list's 3 items.
    assert.ok(files.dimCatalogue.length < 8000, `${files.dimCatalogue.length} bytes`);
    let since = await choose(page, '#catalogue-file', 'dimension.xlsx', files.dimCatalogue);
    const dim = await answered(page, '#catalogue-result', /dimension\.xlsx/, since);
    assert.match(dim.text, /3 项/);
    // W3: the bomb, declaring 1 GiB: refused from the ZIP's directory, nothing inflated.
    since = await choose(page, '#catalogue-file', 'bomb.xlsx', files.bomb);
    const bomb = await answered(page, '#catalogue-result', /bomb\.xlsx.*未读取.*超过 64 MiB/s, since);
    assert.ok(bomb.ms < 2000);
    // …and lying about its size: refused where it inflates past what it declares.
    since = await choose(page, '#catalogue-file', 'lying.xlsx', files.lyingBomb);
    await answered(page, '#catalogue-result', /lying\.xlsx.*未读取.*超过其声明的大小/s, since);
    // A workbook within the limits that takes time: the page answers and the read can be stopped. (On the
    // page, without a worker, SheetJS's parse of a checked workbook is one step: only the worker is timed.)
    if (mode === 'worker') {
      await choose(page, '#catalogue-file', 'slow.xlsx', files.slowXlsx);
      await responsiveAndCancellable(page, '#catalogue-status', '#calendar-import > summary');
    }
    assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').reader.mode()), mode);
    assert.deepEqual(await page.evaluate(() => document.querySelector('referral-assistant').reader.limits), LIMITS);
    // After a cancel, the next file is read again (a new worker).
    since = await choose(page, '#catalogue-file', 'dimension.xlsx', files.dimCatalogue);
    await answered(page, '#catalogue-result', /3 项/, since, 5000);
    assert.deepEqual(problems.filter((p) => !/worker-src|Refused to create a worker/i.test(p)), []);
    await context.close();
  });

  test(`${where}: 台账 import of a hostile .xlsx (huge dimension, bomb) answered in Chinese within 2 s; a long read can be cancelled`, async () => {
    const { page, problems, context } = await open();
    await page.locator('#next').waitFor({ timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 30000 });
    await page.locator('#ledger > summary').click();
    let since = await choose(page, '#ledger-import', 'dimension.xlsx', files.dimLedger);
    await answered(page, '#ledger', /M1/, since, 5000);
    since = await choose(page, '#ledger-import', 'bomb.xlsx', files.bomb);
    await answered(page, '#ledger-status', /bomb\.xlsx.*未读取.*超过 64 MiB/s, since);
    if (mode === 'worker') {
      await choose(page, '#ledger-import', 'slow.xlsx', files.slowXlsx);
      await responsiveAndCancellable(page, '#ledger-status', '#catalogue-import > summary');
    }
    assert.deepEqual(problems.filter((p) => !/worker-src|Refused to create a worker/i.test(p)), []);
    await context.close();
  });

  test(`${where}: 收到移送材料: a 1.25 GiB ZIP bomb refused before inflating and a forged duplicate entry fails (W4, W5), within 2 s; a genuine packet passes; a long check can be cancelled`, async () => {
    const { page, problems, context } = await open();
    await page.locator('#next').waitFor({ timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 30000 });
    let since = await choose(page, '#receive-zip', 'bomb.zip', files.zipBomb);
    await answered(page, '#receive-report', /核验未通过[\s\S]*超过 1024 MiB/, since);
    since = await choose(page, '#receive-zip', 'forged.zip', files.forged);
    const forged = await answered(page, '#receive-report', /核验未通过/, since);
    assert.ok(forged.text.includes(`两个同名文件“${files.interview}”`), forged.text);
    assert.equal(await page.locator('#plan-handler').count(), 0, 'no case was started from the forged packet');
    // A long check (a 250 MiB attachment): clicks answered, and cancelled.
    await choose(page, '#receive-zip', 'big.zip', files.slowPacket);
    await responsiveAndCancellable(page, '#receive-report', '#catalogue-import > summary');
    // The genuine packet passes and starts the case.
    since = await choose(page, '#receive-zip', 'genuine.zip', files.genuine);
    await page.locator('#plan-handler').waitFor({ timeout: 10000 });
    assert.deepEqual(problems.filter((p) => !/worker-src|Refused to create a worker/i.test(p)), []);
    await context.close();
  });
}

test('single file: a holiday notice with an invisible character in 一、元旦 is read with 元旦; one whose 元旦 cannot be read is refused naming it (F3)', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl);
  await page.locator('#next').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('referral-assistant').engine, null, { timeout: 30000 });
  await page.locator('#calendar-import > summary').click();
  const notice = readFileSync(`${root}/tests/import/notices/2026.txt`, 'utf8');
  await page.locator('#calendar-notice').fill(notice.replace('一、元旦', '一、元\u200b旦'));
  await page.locator('#calendar-read').click();
  await page.locator('#calendar-months').waitFor();
  assert.equal(await page.locator('#calendar-months td.holiday[data-date="2026-01-01"]').count(), 1);
  await page.locator('#calendar-notice').fill(notice.replace('一、元旦', '一、元-旦'));
  await page.locator('#calendar-read').click();
  await page.locator('#calendar-errors [role="alert"]').waitFor();
  assert.match(await page.locator('#calendar-errors').innerText(), /找不到“元旦”的放假安排/);
  assert.equal(await page.locator('#calendar-accept').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

// The floor browser: the single file from file:// starts the reader's worker from a blob: URL.
test('Chromium 86, single file: the hostile .xlsx and the forged packet are answered by the reader\'s worker', async () => {
  const b86 = await launch86();
  try {
    const { page, problems, context } = await open86(b86);
    await page.goto(singleUrl);
    await page.waitForFunction(() => document.querySelector('referral-assistant')?.engine, { timeout: 60000, polling: 200 });
    const upload = async (id, name, bytes) => {
      const file = path.join(tmp, name);
      writeFileSync(file, bytes);
      const input = await page.evaluateHandle((i) => document.querySelector('referral-assistant').shadowRoot.getElementById(i), id);
      await input.asElement().uploadFile(file);
    };
    const shows = (sel, pattern) => page.waitForFunction((s, p) => new RegExp(p, 's').test(document.querySelector('referral-assistant').shadowRoot.querySelector(s)?.innerText ?? ''),
      { timeout: 10000, polling: 100 }, sel, pattern.source);
    await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.querySelector('#catalogue-import > summary').click());
    await upload('catalogue-file', 'dimension.xlsx', files.dimCatalogue);
    await shows('#catalogue-result', /3 项/);
    await upload('catalogue-file', 'bomb.xlsx', files.bomb);
    await shows('#catalogue-result', /未读取.*超过 64 MiB/);
    await upload('receive-zip', 'forged.zip', files.forged);
    await shows('#receive-report', /两个同名文件/);
    assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').reader.mode()), 'worker');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await b86.close();
  }
});
