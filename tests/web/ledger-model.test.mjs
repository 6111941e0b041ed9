// The ledger's logic without a browser (web/js/components/ledger/ledger-model.js): a workbook edited
// by hand is read back or refused with the sheet and row named; statuses and 当事人 of the rows; the
// iCalendar text folded at 75 octets without splitting a character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as XLSX from '@e965/xlsx';
import { icsCalendar, ledgerFromWorkbook, ledgerRows, ledgerWorkbook } from '../../web/js/components/ledger/ledger-model.js';
import { readLimits } from '../../scripts/lib/limits.mjs';

const LIMITS = readLimits();

const LINE = { id: 'M1', schema: 'referral-case/1', date: '2026-06-01T10:00:00+08:00', finder: 'dept', town: 'huilong', item: 'urban-street-stall',
  source: 'supervision', verification: 'violation', events: [{ action: 'transfer', actor: 'dept:urban', to: 'town:huilong', date: '2026-06-05' }] };
const AUDIT = { cases: [{ id: 'M1', handler: 'town:huilong', re_transfer: false, penalized_without_power: false, steps: [
  { actor: 'dept:urban', action: 'transfer', to: 'town:huilong', due: '2026-06-08', done: '2026-06-05', status: 'on_time' },
  { actor: 'town:huilong', action: 'acknowledge', to: 'dept:urban', due: '2026-06-12', done: null, status: 'pending' }] }] };

const roundTrip = (wb) => XLSX.read(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }), { type: 'buffer' });

test('rows: status from the next owed day, this office only, 当事人 where known', () => {
  const soon = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-12', parties: { M1: '张三' } });
  assert.equal(soon[0].status, 'soon');
  assert.equal(soon[0].next.action, 'acknowledge');
  assert.equal(soon[0].party, '张三');
  assert.equal(ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-11' })[0].status, 'open');
  assert.equal(ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-11', office: 'dept:urban' })[0].status, 'done');
});

test('workbook: written and read back to the same line; dates are number cells', () => {
  const rows = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-12' });
  const wb = roundTrip(ledgerWorkbook(XLSX, rows, { names: {}, actions: {}, items: {} }));
  const r = ledgerFromWorkbook(XLSX, wb, LIMITS);
  assert.equal(r.ok, true);
  assert.deepEqual(r.lines, [LINE]);
  assert.equal(wb.Sheets['办理记录'].F2.t, 'n');
});

test('workbook edited by hand: an added row is read; a bad date, an unknown id, a bad case, a missing sheet are named', () => {
  const rows = ledgerRows(AUDIT, [LINE], { soonLast: '2026-06-12' });
  const wb = roundTrip(ledgerWorkbook(XLSX, rows, { names: {}, actions: {}, items: {} }));
  XLSX.utils.sheet_add_aoa(wb.Sheets['办理记录'], [['M1', 'acknowledge', '', 'town:huilong', 'dept:urban', '2026/6/10']], { origin: -1 });
  const ok = ledgerFromWorkbook(XLSX, wb, LIMITS);
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.lines[0].events[1], { action: 'acknowledge', actor: 'town:huilong', to: 'dept:urban', date: '2026-06-10' });

  XLSX.utils.sheet_add_aoa(wb.Sheets['办理记录'], [['M1', 'acknowledge', '', 'town:huilong', '', '6月10日'], ['M9', 'transfer', '', 'dept:urban', '', '2026-06-02']], { origin: -1 });
  XLSX.utils.sheet_add_aoa(wb.Sheets['案件'], [['M2', '{not json']], { origin: -1 });
  const bad = ledgerFromWorkbook(XLSX, wb, LIMITS);
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.errors, ['案件 第3行：案件数据不是 JSON 对象', '办理记录 第4行：日期“6月10日”应为日期（如 2026-06-05）', '办理记录 第5行：编号“M9”不在“案件”中']);

  const none = ledgerFromWorkbook(XLSX, XLSX.utils.book_new(), LIMITS);
  assert.deepEqual(none.errors, ['缺少工作表“案件”', '缺少工作表“办理记录”']);
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
