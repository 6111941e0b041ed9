// 台账与督查 (issue #15) in the single file and in the element embedded under the portal's CSP, on a
// clock fixed at 2026-11-27 10:00 China time (the day of the hand-computed results):
//   1. a supervisor imports tests/audit/ledger-30.jsonl: the engine's audit in the page gives every step
//      and every office's tally worked out by hand (tests/audit/ledger-30.expected.json), the rows'
//      statuses follow from them, overdue and due-soon rows first;
//   2. the ledger exported as .xlsx, read back by scripts/ledger-xlsx.mjs into JSON Lines, gives the
//      native `referral audit` the same audit as the original file; imported into the page, too;
//   3. the deadlines of 5 matters as .ics parse with ical.js, with the due days and the alarms on the
//      working day before (worked out by hand: across National Day, make-up Saturdays, Dragon Boat);
//   4. an official's own matter (a draft) is listed; recording its transfer moves it to the next step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import ICAL from 'ical.js';
import { dist, fillDeptFindsFoodStall, launch, root } from './support.mjs';
import { serve } from '../../scripts/serve.mjs';

const require = createRequire(import.meta.url);
const singleUrl = `file://${dist}/referral-assistant.html`;
const expected = JSON.parse(readFileSync(`${root}/tests/audit/ledger-30.expected.json`, 'utf8'));
const cli = `${root}/build/native/bin/referral`;
let browser;
let server;
let embedUrl;
let tmp;
before(async () => {
  browser = await launch();
  const s = await serve(dist);
  server = s.server;
  embedUrl = `${s.url}embed/`;
  tmp = mkdtempSync(path.join(tmpdir(), 'ledger-test-'));
});
after(async () => { await browser?.close(); server?.close(); if (tmp) rmSync(tmp, { recursive: true, force: true }); });

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2026-11-27T10:00:00+08:00'));
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  await page.locator('#next').waitFor({ timeout: 20000 });
  await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.addEventListener('referral-ledger-audited', (e) => { window.__audit = e.detail.audit; }));
  return { context, page, problems };
}

async function importLedger(page, files) {
  await page.evaluate(() => { window.__audit = null; });
  if (!(await page.locator('#ledger').evaluate((d) => d.open))) await page.locator('#ledger > summary').click();
  await page.locator('#ledger-import').setInputFiles(files);
  await page.waitForFunction(() => window.__audit, null, { timeout: 20000 });
  return page.evaluate(() => window.__audit);
}

// The rows a person lists for the audit: as in tests/unit/audit_test.cpp.
function auditRows(audit) {
  const rows = [];
  for (const c of audit.cases)
    for (const s of c.steps)
      if (s.due || s.done || ['transfer', 'acknowledge', 'reply_cooperation'].includes(s.action))
        rows.push(JSON.stringify([c.id, s.actor, s.action, s.due ?? '', s.done ?? '', s.status, s.late_by_working_days ?? 0]));
  return rows.sort();
}

// The rows' statuses from the hand table: overdue when a step is missing; due soon when the next
// owed day is on or before 2026-12-02 (three working days after Friday 11-27: 11-30, 12-01, 12-02).
function handStatuses() {
  const byId = {};
  for (const [id, , , due, , status] of expected.steps) {
    byId[id] ??= 'done';
    if (status === 'missing') byId[id] = 'overdue';
    else if (status === 'pending' && due && byId[id] !== 'overdue') byId[id] = due <= '2026-12-02' ? 'soon' : (byId[id] === 'soon' ? 'soon' : 'open');
  }
  return byId;
}

// An audit as text with its matters in id order and every object's members sorted ("ok" dropped).
const normalized = (auditJson) => {
  const { ok: _, ...rest } = auditJson;
  rest.cases = [...rest.cases].sort((a, b) => (a.id < b.id ? -1 : 1));
  return JSON.stringify(rest, (k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
};

for (const [where, url] of [['single file', () => singleUrl], ['embed', () => embedUrl]]) {
  test(`${where}: the thirty matters as computed by hand, the .xlsx round trip`, async () => {
    const { context, page, problems } = await open(url());
    const audit = await importLedger(page, `${root}/tests/audit/ledger-30.jsonl`);
    assert.equal(audit.today, '2026-11-27');
    assert.deepEqual(auditRows(audit), expected.steps.map((r) => JSON.stringify(r)).sort());
    assert.deepEqual(audit.cases.filter((c) => c.re_transfer).map((c) => c.id), expected.re_transfer);
    assert.deepEqual(audit.cases.filter((c) => c.penalized_without_power).map((c) => c.id), expected.penalized_without_power);
    const offices = Object.fromEntries(audit.summary.offices.map((o) => [o.authority, o]));
    assert.deepEqual(Object.keys(offices).sort(), Object.keys(expected.offices).sort());
    for (const [id, want] of Object.entries(expected.offices))
      for (const [k, v] of Object.entries(want)) assert.equal(offices[id][k], v, `${id} ${k}`);

    // What the page shows: every row with its hand status, overdue first, then due soon; the office table.
    const shown = await page.locator('#ledger-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.id, tr.dataset.status]));
    assert.equal(shown.length, 30);
    const hand = handStatuses();
    for (const [id, status] of shown) assert.equal(status, hand[id], `row ${id}`);
    const order = { overdue: 0, soon: 1, open: 2, done: 3 };
    for (let i = 1; i < shown.length; i += 1) assert.ok(order[shown[i - 1][1]] <= order[shown[i][1]], `rows out of order at ${shown[i][0]}`);
    assert.match(await page.locator('#ledger-status').textContent(), /已逾期 6，3个工作日内到期 3，未到期 0，等待对方办理 0，已完成 21/);
    const urban = await page.locator('#ledger-offices tr[data-authority="dept:urban"] td').allTextContents();
    assert.deepEqual(urban.slice(1, 8), ['14', '13', '9', '2', '2', '1', '69.2%']);
    await page.locator('#ledger-filter').selectOption('overdue');
    assert.equal(await page.locator('#ledger-table tbody tr').count(), 6);
    await page.locator('#ledger-filter').selectOption('');
    // Town, department, item (counted in ledger-30.md's table): 南阳 L02 07 12 15 19 24; 生态环境局 the
    // eight B and four C matters; the night-construction noise item the four C matters.
    await page.locator('#ledger-town').selectOption('town:nanyang');
    assert.deepEqual(await page.locator('#ledger-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.id).sort()), ['L02', 'L07', 'L12', 'L15', 'L19', 'L24']);
    await page.locator('#ledger-town').selectOption('');
    await page.locator('#ledger-dept').selectOption('dept:ecology');
    assert.equal(await page.locator('#ledger-table tbody tr').count(), 12);
    await page.locator('#ledger-item').selectOption('ecology-night-construction-noise');
    assert.deepEqual(await page.locator('#ledger-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.id).sort()), ['L11', 'L12', 'L13', 'L27']);
    await page.locator('#ledger-dept').selectOption('');
    await page.locator('#ledger-item').selectOption('');

    // Export as .xlsx → scripts/ledger-xlsx.mjs → JSON Lines → the native CLI: the same audit.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ledger-xlsx').click()]);
    assert.match(download.suggestedFilename(), /^台账 2026-11-27\.xlsx$/);
    const xlsx = path.join(tmp, `${where}.xlsx`);
    await download.saveAs(xlsx);
    const jsonl = execFileSync('node', [`${root}/scripts/ledger-xlsx.mjs`, xlsx], { encoding: 'utf8' });
    writeFileSync(path.join(tmp, `${where}.jsonl`), jsonl);
    const fromXlsx = JSON.parse(execFileSync(cli, ['audit', path.join(tmp, `${where}.jsonl`), '--today', '2026-11-27'], { encoding: 'utf8' }));
    const original = JSON.parse(execFileSync(cli, ['audit', `${root}/tests/audit/ledger-30.jsonl`, '--today', '2026-11-27'], { encoding: 'utf8' }));
    // The workbook lists the matters as the page does (overdue first), so compare matter by matter.
    assert.ok(normalized(fromXlsx) === normalized(original), 'the audit of the .xlsx read back differs from the original ledger\'s');
    assert.ok(normalized(audit) === normalized(original), 'the page does not audit as the native CLI');
    // The workbook's first sheet keeps dates as dates (number cells formatted yyyy-mm-dd).
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.read(readFileSync(xlsx), { cellNF: true });
    assert.deepEqual(wb.SheetNames, ['台账', '办理记录', '案件']);
    const found = wb.Sheets['台账'].F2;  // 发现时间 (after 发现方)
    assert.equal(found.t, 'n');
    assert.match(found.z, /yyyy-mm-dd/);
    // …and the page reads its own workbook back to the same audit.
    const again = await importLedger(page, xlsx);
    assert.equal(normalized(again), normalized(audit));
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// Five matters never acted on, each owing one countable step; due days and the working day before,
// by hand on the 2026 calendar:
//   K1 found Tue 09-29: 30, (10-01..07 National Day), 08, 09, 10 Sat make-up, 12 ⇒ due 10-12; alarm Sat 10-10 (make-up)
//   K2 found Tue 02-10: 11, 12, 13, 14 Sat make-up, (02-15..23 Spring Festival), 24 ⇒ due 02-24; alarm Sat 02-14
//   K3 found Wed 09-23: 24, (25..27 Mid-Autumn), 28, 29, 30, (10-01..07), 08 ⇒ due 10-08; alarm Wed 09-30
//   K4 found Thu 04-30: (05-01..05 Labour Day), 06, 07, 08, 09 Sat make-up, 11 ⇒ due 05-11; alarm Sat 05-09
//   K5 cooperation requested Tue 06-16, no reply: 17, 18, (19 Dragon Boat), 22 ⇒ due 06-22; alarm Thu 06-18
const FIVE = [
  { id: 'K1', schema: 'referral-case/1', date: '2026-09-29T09:00:00+08:00', finder: 'dept', town: 'huilong', item: 'urban-street-stall', source: 'supervision', verification: 'violation', events: [] },
  { id: 'K2', schema: 'referral-case/1', date: '2026-02-10T09:00:00+08:00', finder: 'dept', town: 'nanyang', item: 'urban-street-stall', source: 'supervision', verification: 'violation', events: [] },
  { id: 'K3', schema: 'referral-case/1', date: '2026-09-23T09:00:00+08:00', finder: 'town', town: 'beixin', item: 'ecology-discharge-permit-missing', source: 'patrol', verification: 'violation', events: [] },
  { id: 'K4', schema: 'referral-case/1', date: '2026-04-30T09:00:00+08:00', finder: 'town', town: 'haifu', item: 'ecology-discharge-permit-missing', source: 'patrol', verification: 'violation', events: [] },
  { id: 'K5', schema: 'referral-case/1', date: '2026-06-16T09:00:00+08:00', finder: 'town', town: 'huilong', item: 'ecology-night-construction-noise', source: 'patrol', verification: 'violation', flags: { needs_appraisal: true },
    events: [{ action: 'request_cooperation', actor: 'town:huilong', to: 'dept:ecology', date: '2026-06-16' }] },
];
const ICS_HAND = {
  K1: ['dept:urban', 'transfer', '2026-10-12', '2026-10-10'],
  K2: ['dept:urban', 'transfer', '2026-02-24', '2026-02-14'],
  K3: ['town:beixin', 'transfer', '2026-10-08', '2026-09-30'],
  K4: ['town:haifu', 'transfer', '2026-05-11', '2026-05-09'],
  K5: ['dept:ecology', 'reply_cooperation', '2026-06-22', '2026-06-18'],
};

test('the .ics of five matters parses with ical.js: due days and alarms on the working day before', async () => {
  const { context, page, problems } = await open(singleUrl);
  await importLedger(page, { name: 'five.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(`\uFEFF${FIVE.map((l) => JSON.stringify(l)).join('\r\n')}\r\n{oops\r\n`) });
  // A bad line is named with its line number and kept in the list; the rest is audited.
  assert.match(await page.locator('#ledger-table tr[data-status="error"]').textContent(), /第 6 行无法审计/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ledger-ics').click()]);
  const file = path.join(tmp, 'five.ics');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent');
  assert.equal(events.length, 5);
  const seen = {};
  for (const v of events) {
    const e = new ICAL.Event(v);
    const id = e.summary.slice(0, 2);
    const start = e.startDate;
    assert.ok(start.isDate, `${id}: an all-day event`);
    const alarm = v.getFirstSubcomponent('valarm');
    assert.equal(alarm.getFirstPropertyValue('action'), 'DISPLAY');
    const trigger = alarm.getFirstPropertyValue('trigger');
    assert.ok(trigger instanceof ICAL.Time, `${id}: an absolute alarm`);
    const china = new Date(trigger.toJSDate().getTime() + 8 * 3600 * 1000).toISOString();
    seen[id] = [start.toString(), china.slice(0, 10), china.slice(11, 16)];
    assert.match(e.summary, new RegExp(ICS_HAND[id][1] === 'transfer' ? '移送' : '反馈'), `${id}: ${e.summary}`);
    assert.equal(e.uid.endsWith('@referral-assistant'), true);
  }
  for (const [id, [, , due, alarm]] of Object.entries(ICS_HAND)) assert.deepEqual(seen[id], [due, alarm, '09:00'], id);
  assert.deepEqual(problems, []);
  await context.close();
});

test('embed: an official records the transfer of their own matter, and the ledger moves to the acknowledgement', async () => {
  const { context, page, problems } = await open(embedUrl);
  await fillDeptFindsFoodStall(page);  // 市场监管局 finds a food stall in 汇龙镇 on Tue 2026-09-29 10:30
  await page.evaluate(() => { window.__audit = null; });
  await page.locator('#ledger > summary').click();
  await page.waitForFunction(() => window.__audit, null, { timeout: 20000 });
  const row = page.locator('#ledger-table tbody tr').first();
  // Transfer within 5 working days: 30, (10-01..07), 08, 09, 10 Sat make-up, 12 ⇒ Mon 10-12; by 11-27 overdue.
  assert.match(await row.textContent(), /移送.*2026-10-12 星期一.*已逾期/);
  const transfer = await page.locator('#ledger-record-step option').evaluateAll((os) => os.find((o) => /移送.*期限 2026-10-12/.test(o.textContent))?.value);
  assert.ok(transfer, 'the transfer is offered with its due day');
  await page.locator('#ledger-record-step').selectOption(transfer);
  await page.locator('#ledger-record-date').fill('2026-12-01');
  await page.locator('#ledger-record-save').click();
  assert.match(await page.locator('#ledger-record-error').textContent(), /还没有到/);
  await page.evaluate(() => { window.__audit = null; });
  await page.locator('#ledger-record-date').fill('2026-10-09');
  await page.locator('#ledger-record-save').click();
  await page.waitForFunction(() => window.__audit, null, { timeout: 20000 });
  // Received 10-09 ⇒ acknowledgement within 5 working days: 10 Sat make-up, 12, 13, 14, 15 ⇒ Thu 10-15, overdue.
  const audit = await page.evaluate(() => window.__audit);
  const steps = audit.cases[0].steps;
  assert.deepEqual(steps.find((s) => s.action === 'transfer') && [steps.find((s) => s.action === 'transfer').done, steps.find((s) => s.action === 'transfer').status], ['2026-10-09', 'on_time']);
  assert.match(await page.locator('#ledger-table tbody tr').first().textContent(), /告知.*2026-10-15 星期四.*已逾期/);
  assert.match(await page.locator('#ledger-events').textContent(), /2026-10-09 .*移送/);
  assert.equal(await page.locator('#ledger-alert').textContent(), '：已逾期 1 件');
  // Opened again later, the page names the overdue matter on the ledger's line before it is opened.
  await page.reload();
  await page.locator('#next').waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('referral-assistant').shadowRoot.getElementById('ledger-alert')?.textContent, null, { timeout: 20000 });
  assert.equal(await page.locator('#ledger-alert').textContent(), '：已逾期 1 件');
  assert.equal(await page.locator('#ledger').evaluate((d) => d.open), false);
  // The portal's logout (clearStorage) removes the recorded acts with the drafts.
  assert.ok(await page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith('ledger/v1'))));
  await page.evaluate(() => document.querySelector('referral-assistant').clearStorage());
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith('ledger/v1') || k.endsWith('drafts/v1'))), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('single file: axe finds no serious or critical violation in the open ledger (own matter, record form; imported ledger)', async () => {
  const { context, page, problems } = await open(singleUrl);
  await fillDeptFindsFoodStall(page);
  await page.evaluate(() => { window.__audit = null; });
  await page.locator('#ledger > summary').click();
  await page.waitForFunction(() => window.__audit, null, { timeout: 20000 });
  await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const run = () => page.evaluate(async () => (await globalThis.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' ; ')}`));
  assert.deepEqual(await run(), []);
  await importLedger(page, `${root}/tests/audit/ledger-30.jsonl`);
  assert.deepEqual(await run(), []);
  assert.deepEqual(problems, []);
  await context.close();
});

// #23: the 台账's 记录已办理 records the milestones the deadlines count from, not only the steps: the day
// the police declined a town's suspected crime dates the transfer that resumes (5 working days from it).
test('embed: a milestone recorded in the ledger (the police declined) dates the resumed transfer', async () => {
  const { context, page, problems } = await open(embedUrl);
  await page.evaluate(() => {
    document.querySelector('referral-assistant').value = { schema: 'referral-case/1', date: '2026-06-01T10:00:00+08:00', finder: 'town',
      town: 'huilong', item: 'ecology-discharge-permit-missing', source: 'patrol', verification: 'violation', flags: { suspected_crime: true } };
  });
  await page.locator('#plan-handler').waitFor({ timeout: 20000 });
  await page.evaluate(() => { window.__audit = null; });
  await page.locator('#ledger > summary').click();
  await page.waitForFunction(() => window.__audit, null, { timeout: 20000 });
  let audit;
  const milestone = await page.locator('#ledger-record-step option').evaluateAll((os) => os.find((o) => o.textContent === '公安机关决定不予立案')?.value);
  assert.ok(milestone, 'the milestone is offered by its name');
  assert.equal(await page.locator('#ledger-record-step optgroup').nth(1).getAttribute('label'), '期限起算的事件（如公安机关不予立案）');
  await page.locator('#ledger-record-step').selectOption(milestone);
  await page.evaluate(() => { window.__audit = null; });
  await page.locator('#ledger-record-date').fill('2026-08-03');
  await page.locator('#ledger-record-save').click();
  await page.waitForFunction(() => window.__audit, null, { timeout: 20000 });
  audit = await page.evaluate(() => window.__audit);
  // 5 working days from Mon 2026-08-03: Mon 2026-08-10, to the department that holds the power.
  const transfer = audit.cases[0].steps.find((s) => s.action === 'transfer');
  assert.deepEqual([transfer?.actor, transfer?.to, transfer?.due], ['town:huilong', 'dept:ecology', '2026-08-10'], JSON.stringify(audit.cases[0].steps));
  // Named in words in the list of recorded acts.
  assert.match(await page.locator('#ledger-events').textContent(), /2026-08-03 .*公安机关决定不予立案/);
  assert.deepEqual(problems, []);
  await context.close();
});
