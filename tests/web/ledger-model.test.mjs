// The ledger's logic without a browser (web/js/components/ledger/ledger-model.js): a workbook edited
// by hand is read back or refused with the sheet and row named; statuses and 当事人 of the rows; the
// iCalendar text folded at 75 octets without splitting a character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { STATUS, deadlineEvents, icsCalendar, ledgerFromWorkbook, ledgerRows, ledgerWorkbook } from '../../web/js/components/ledger/ledger-model.js';
import { readLimits } from '../../scripts/lib/limits.mjs';

const LIMITS = readLimits();

const LINE = { id: 'M1', schema: 'referral-case/1', date: '2026-06-01T10:00:00+08:00', finder: 'dept', town: 'huilong', item: 'urban-street-stall',
  source: 'supervision', verification: 'violation', events: [{ action: 'transfer', actor: 'dept:urban', to: 'town:huilong', date: '2026-06-05' }] };
const AUDIT = { cases: [{ id: 'M1', handler: 'town:huilong', re_transfer: false, penalized_without_power: false, steps: [
  { actor: 'dept:urban', action: 'transfer', to: 'town:huilong', due: '2026-06-08', done: '2026-06-05', status: 'on_time' },
  { actor: 'town:huilong', action: 'acknowledge', to: 'dept:urban', due: '2026-06-12', done: null, status: 'pending' }] }] };

const roundTrip = (wb) => XLSX.read(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }), { type: 'buffer', cellStyles: true });
const NAMES = { 'dept:urban': '启东市城市管理局', 'town:huilong': '汇龙镇人民政府', 'police': '启东市公安局', 'town:nanyang': '南阳镇人民政府' };
const ACTIONS = { transfer: '移送案件', acknowledge: '书面告知受理情况', transfer_to_police: '移交司法机关（公安机关）' };
const NUMBER = '启城管移〔2026〕27号';
// The pack's words for the workbook, as the page takes them from describe: the acts with a column of
// their own (rules.json actions' `column`) and the enum facts (vocabulary.json).
const PACK = (name) => JSON.parse(readFileSync(new URL(`../../forms/qidong-2020-38/${name}`, import.meta.url), 'utf8'));
const COLUMNS = PACK('rules.json').actions.filter((a) => a.column).map((a) => ({ action: a.id, heading: a.column }));
const ENUMS = PACK('vocabulary.json').facts.enums;
const MAPS = { names: NAMES, actions: ACTIONS, items: { 'urban-street-stall': '擅自占用城市道路、广场摆摊设点或者超出门窗外墙经营' }, columns: COLUMNS, enums: ENUMS };

test('rows: status from the next owed day, this office only, 当事人 where known', () => {
  const soon = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-12', parties: { M1: '张三' } });
  assert.equal(soon[0].status, 'soon');
  assert.equal(soon[0].next.action, 'acknowledge');
  assert.equal(soon[0].party, '张三');
  assert.equal(ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-11' })[0].status, 'open');
});

// #26: the department's own step is done, but the town still owes its acknowledgement: not 已完成.
test('rows: a matter is not done while the other side still owes this office its acknowledgement', () => {
  const rows = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-11', office: 'dept:urban' });
  assert.equal(rows[0].status, 'waiting');
  assert.equal(STATUS[rows[0].status], '等待对方办理');
  assert.deepEqual(rows[0].theirs.map((s) => s.action), ['acknowledge']);
  const acknowledged = { cases: [{ ...AUDIT.cases[0], steps: [AUDIT.cases[0].steps[0], { ...AUDIT.cases[0].steps[1], done: '2026-06-09', status: 'on_time' }] }] };
  assert.equal(ledgerRows(acknowledged, [LINE], { soonLast: '2026-06-11', office: 'dept:urban' })[0].status, 'done');
});

// #26: a suspected crime owes the transfer to the police from the decision to transfer (24 hours): no day
// yet, but owed, so the matter is open, never 已完成, before anything went to the police.
test('rows: a suspected crime is not done before anything went to the police', () => {
  const audit = { cases: [{ id: 'C1', handler: null, steps: [{ actor: 'town:nanyang', action: 'transfer_to_police', to: 'police', due: null, done: null, status: 'pending', due_rule: 'hours' }] }] };
  const [row] = ledgerRows(audit, [{ id: 'C1' }], { soonLast: '2026-12-10', office: 'town:nanyang' });
  assert.equal(row.status, 'open');
  assert.equal(row.next.action, 'transfer_to_police');
});

test('workbook: written and read back to the same line; dates are number cells', () => {
  const rows = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-12', numbers: { M1: NUMBER } });
  const wb = roundTrip(ledgerWorkbook(XLSX, rows, MAPS));
  const r = ledgerFromWorkbook(XLSX, wb, { ...MAPS, limits: LIMITS });
  assert.equal(r.ok, true, r.errors?.join('\n'));
  assert.deepEqual(r.lines, [{ ...LINE, id: NUMBER }]);
  assert.equal(wb.Sheets['办理记录'].E2.t, 'n');
});

// #26: what an official sees is words: 编号 is the 文号, offices, items and steps by name, the case in
// columns (not JSON); the codes the audit needs ride in hidden columns; every column has a width.
test('workbook: readable columns, the 文号 as 编号, no internal code shown, column widths set', () => {
  const unknown = { ...LINE, id: 'D2', item: 'item-15' };
  const audit = { cases: [AUDIT.cases[0], { ...AUDIT.cases[0], id: 'D2' }] };
  const rows = ledgerRows(audit, [LINE, unknown], { soonLast: '2026-06-12', numbers: { M1: NUMBER } });
  const wb = roundTrip(ledgerWorkbook(XLSX, rows, MAPS));
  const code = /item-\d|dept:|town:|\btransfer\b|acknowledge|referral-case|\{"/;
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    const aoa = XLSX.utils.sheet_to_json(ws, { header: 1, raw: false });
    const cols = ws['!cols'] ?? [];
    assert.equal(cols.length, aoa[0].length, `${name}: a width for every column`);
    aoa[0].forEach((head, c) => {
      assert.ok(cols[c]?.wch || cols[c]?.wpx || cols[c]?.width, `${name}: column ${head} has a width`);
      if (cols[c]?.hidden) return;
      for (const row of aoa.slice(1)) assert.doesNotMatch(String(row[c] ?? ''), code, `${name}, column ${head}: "${row[c]}"`);
    });
  }
  const ledger = XLSX.utils.sheet_to_json(wb.Sheets['台账'], { header: 1, raw: false });
  assert.equal(ledger[0][0], '编号');
  assert.deepEqual(ledger.slice(1).map((r) => r[0]).sort(), [NUMBER, '未发文-2'].sort());
  assert.ok(ledger.flat().includes('（不在当前事项目录中的事项）'));
  const cases = XLSX.utils.sheet_to_json(wb.Sheets['案件'], { header: 1, raw: false });
  assert.deepEqual(cases[0].slice(0, 7), ['编号', '事项', '镇', '业务主管部门', '发现方', '发现时间', '收到时间']);
  assert.deepEqual(cases[0].slice(7, 7 + ENUMS.length), ENUMS.map((e) => e.label), 'a column for each of the pack\'s enum facts, headed with its label');
  assert.equal(cases[1][1], '擅自占用城市道路、广场摆摊设点或者超出门窗外墙经营');
  assert.equal(cases[1][7 + ENUMS.findIndex((e) => e.id === 'source')], '监管检查（批后监管）', 'the value in the pack\'s words');
  assert.ok(COLUMNS.length >= 5 && ledger[0].includes('移送日期'), 'the acts the pack gives a column of their own');
  assert.equal(ledger[1 + ledger.slice(1).findIndex((r) => r[0] === NUMBER)][ledger[0].indexOf('移送日期')], '2026-06-05');
});

test('workbook edited by hand: a row added with names only is read; a bad date, an unknown 编号 or name, a missing sheet are named', () => {
  const rows = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-12', numbers: { M1: NUMBER } });
  const wb = roundTrip(ledgerWorkbook(XLSX, rows, MAPS));
  XLSX.utils.sheet_add_aoa(wb.Sheets['办理记录'], [[NUMBER, '书面告知受理情况', '汇龙镇人民政府', '启东市城市管理局', '2026/6/10']], { origin: -1 });
  const ok = ledgerFromWorkbook(XLSX, wb, { ...MAPS, limits: LIMITS });
  assert.equal(ok.ok, true, ok.errors?.join('\n'));
  assert.deepEqual(ok.lines[0].events[1], { action: 'acknowledge', actor: 'town:huilong', to: 'dept:urban', date: '2026-06-10' });

  XLSX.utils.sheet_add_aoa(wb.Sheets['办理记录'], [[NUMBER, '书面告知受理情况', '汇龙镇人民政府', '', '6月10日'], ['M9', '移送案件', '启东市城市管理局', '', '2026-06-02'],
    [NUMBER, '寄送', '汇龙镇人民政府', '', '2026-06-02']], { origin: -1 });
  XLSX.utils.sheet_add_aoa(wb.Sheets['案件'], [['M2', '某事项']], { origin: -1 });
  const bad = ledgerFromWorkbook(XLSX, wb, { ...MAPS, limits: LIMITS });
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.errors, ['案件 第3行：缺少案件数据（“案件数据”列应为本工具导出的内容）', '办理记录 第4行：日期“6月10日”应为日期（如 2026-06-05）',
    '办理记录 第5行：编号“M9”不在“案件”中', '办理记录 第6行：步骤“寄送”不是本规则包的步骤']);

  const none = ledgerFromWorkbook(XLSX, XLSX.utils.book_new(), { ...MAPS, limits: LIMITS });
  assert.deepEqual(none.errors, ['缺少工作表“案件”', '缺少工作表“办理记录”']);
});

// #26: the other side's due day is in the calendar too, marked as such.
test('iCalendar events: this office\'s and what the other side owes it, marked', () => {
  const rows = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-11', office: 'dept:urban', numbers: { M1: NUMBER } });
  const events = deadlineEvents(rows, { names: NAMES, actions: ACTIONS, alarmDay: (d) => d });
  assert.equal(events.length, 1);
  assert.equal(events[0].summary, '启城管移〔2026〕27号：对方应办：汇龙镇人民政府书面告知受理情况（致启东市城市管理局）');
  assert.equal(events[0].due, '2026-06-12');
});

test('iCalendar: CRLF lines of at most 75 octets, a Chinese text folded between characters, escaped', () => {
  const long = '启东市城市管理局'.repeat(12);
  const text = icsCalendar([{ uid: 'u1@x', due: '2026-10-12', alarm: '2026-10-10', summary: `${long};a,b`, description: 'x' }], new Date('2026-11-27T02:00:00Z'));
  const lines = text.split('\r\n');
  assert.equal(lines.at(-1), '');
  for (const l of lines) assert.ok(Buffer.byteLength(l) <= 75, l);
  const unfolded = text.replace(/\r\n /g, '');
  assert.ok(unfolded.includes(`SUMMARY:${long}\\;a\\,b\r\n`));
  assert.ok(unfolded.includes('DTSTART;VALUE=DATE:20261012\r\nDTEND;VALUE=DATE:20261013'));
  assert.ok(unfolded.includes('TRIGGER;VALUE=DATE-TIME:20261010T010000Z'));
  assert.ok(unfolded.includes('DTSTAMP:20261127T020000Z'));
});
