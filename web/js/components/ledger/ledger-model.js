// ledger-model — the office's ledger (台账, issue #15) without the DOM, so that the page and the
// node tool scripts/ledger-xlsx.mjs share it: ledger lines (referral-case/1 + id + events), the
// rows and statuses shown from the engine's audit (auditLedger, src/audit), the deadlines as an
// iCalendar file (RFC 5545) and the ledger as a workbook (.xlsx, SheetJS) — and the workbook read
// back into the JSON Lines that `referral audit` reads.
// Every due date, weekday and working day comes from the engine; here dates are only compared and
// written out.

import { rawCell, sheetRows, withoutBlankRows } from '../../read/workbook-read.js';

// Where the recorded acts of this browser's matters are kept: beside the drafts, in the same
// storage namespace (`draftsKey` of drafts.js → the same key ending in ledger/v1).
export const ledgerKeyOf = (draftsStorageKey) => draftsStorageKey.replace(/drafts\/v1$/, 'ledger/v1');

// The recorded acts per matter (the draft's name): {version: 1, events: {name: [{action, actor, to?, date}]}}.
export class LedgerEventStore {
  constructor(storage, key) {
    this.storage = storage;
    this.key = key;
  }

  read() {
    try {
      const v = JSON.parse(this.storage.getItem(this.key) || '{}');
      return v && typeof v.events === 'object' && v.events ? v : { version: 1, events: {} };
    } catch {
      return { version: 1, events: {} };
    }
  }

  get(name) { return this.read().events[name] ?? []; }

  // False when storage refuses (nothing is then changed).
  set(name, events) {
    const all = this.read();
    if (events.length) all.events[name] = events; else delete all.events[name];
    try { this.storage.setItem(this.key, JSON.stringify(all)); } catch { return false; }
    return true;
  }
}

// One ledger line: the case with the ledger's id and its recorded acts.
export const ledgerLine = (id, caseDoc, events) => ({ id, ...caseDoc, events: events ?? [] });
export const ledgerJsonl = (lines) => lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '');

// Reads JSON Lines text into ledger lines; a line that is not JSON is kept as text, so that the
// engine's audit names it with its line number (nothing is dropped).
export function parseJsonl(text) {
  return String(text).split('\n').map((raw) => raw.trim()).filter((raw) => raw);
}

export const STATUS = {
  overdue: '已逾期',
  soon: '3个工作日内到期',
  open: '未到期',
  done: '已完成',
};
const ORDER = { overdue: 0, soon: 1, open: 2, done: 3 };

// The rows of the ledger from the audit (auditLedger's reply) and the ledger lines audited.
// `office`: this office's authority id, or null for all offices; `soonLast`: the last day that is
// still "within 3 working days" (engine.workdays(today, 3).due). Rows come overdue first, then due
// soon, then open, then done; within each, by the next due day.
// `parties`: {id → 当事人 text} where known (the packet drafts of this browser's matters).
export function ledgerRows(audit, lines, { office = null, soonLast, parties = {} }) {
  const rows = [];
  audit.cases.forEach((c, i) => {
    const line = typeof lines[i] === 'object' ? lines[i] : {};
    if (c.ok === false) {
      rows.push({ id: line.id ?? String(c.line), line, error: { ...c.error, line: c.line }, status: 'error', owed: [], steps: [] });
      return;
    }
    const mine = (s) => !office || s.actor === office;
    const owed = c.steps.filter((s) => mine(s) && s.due && (s.status === 'pending' || s.status === 'missing'))
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    const next = owed[0] ?? null;
    let status = 'done';
    if (owed.some((s) => s.status === 'missing')) status = 'overdue';
    else if (next && next.due <= soonLast) status = 'soon';
    else if (next) status = 'open';
    rows.push({ id: c.id, line, audit: c, handler: c.handler, steps: c.steps, owed, next, status, party: parties[c.id] ?? '' });
  });
  return rows.sort((a, b) => (ORDER[a.status] ?? -1) - (ORDER[b.status] ?? -1) || String(a.next?.due ?? '9').localeCompare(String(b.next?.due ?? '9')));
}

//-----------------------------------------------------------------------------
// iCalendar (RFC 5545), written here rather than with the `ics` package: every alarm is an absolute
// time on the working day before the due day (the engine's calendar, which a relative TRIGGER cannot
// say across a weekend or a holiday), lines are folded at 75 octets without splitting a UTF-8
// character (Chinese names), and the page carries no validation library for it.
//-----------------------------------------------------------------------------
const icsText = (s) => String(s).replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const compact = (iso) => iso.replace(/-/g, '');
function nextDay(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
function fold(line) {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const out = [];
  let cur = '';
  let size = 0;
  for (const ch of line) {
    const n = new TextEncoder().encode(ch).length;
    if (size + n > (out.length ? 74 : 75)) { out.push(cur); cur = ''; size = 0; }
    cur += ch;
    size += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

// events: [{uid, due: 'YYYY-MM-DD', alarm: 'YYYY-MM-DD' (the working day before), summary, description}]
// `stamp`: the file's creation time as a Date. Alarms ring at 09:00 China time (01:00 UTC).
export function icsCalendar(events, stamp = new Date()) {
  const dtstamp = stamp.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//referral-assistant//ledger//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    'X-WR-CALNAME:移送助手 期限', 'X-WR-TIMEZONE:Asia/Shanghai'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${dtstamp}`, `DTSTART;VALUE=DATE:${compact(e.due)}`,
      `DTEND;VALUE=DATE:${compact(nextDay(e.due))}`, `SUMMARY:${icsText(e.summary)}`, `DESCRIPTION:${icsText(e.description)}`,
      'TRANSP:TRANSPARENT', 'BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${icsText(`明天到期：${e.summary}`)}`,
      `TRIGGER;VALUE=DATE-TIME:${compact(e.alarm)}T010000Z`, 'END:VALARM', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

// A step as the plan names it: who does what, and to whom ("启东市市场监督管理局移送案件（致汇龙镇人民政府）").
// `names`: {authority id → name}, `actions`: {action id → label}; an id not known stands for itself.
export function stepText({ actor, action, to }, { names, actions }, { withTo = true } = {}) {
  return `${names[actor] ?? actor}${actions[action] ?? action}${withTo && to ? `（致${names[to] ?? to}）` : ''}`;
}

// The owed steps of the rows as calendar events (`names`: {authority id → name}, `actions`:
// {action id → label}, `alarmDay(due)`: the working day before `due`, from the engine).
export function deadlineEvents(rows, { names, actions, alarmDay }) {
  const events = [];
  for (const r of rows) {
    for (const s of r.owed ?? []) {
      events.push({
        uid: `${encodeURIComponent(r.id)}.${s.actor}.${s.action}@referral-assistant`,
        due: s.due, alarm: alarmDay(s.due),
        summary: `${r.id}：${stepText(s, { names, actions })}`,
        description: `期限 ${s.due}${s.clause ? `（${s.clause}）` : ''}；事项 ${r.id}`,
      });
    }
  }
  return events;
}

//-----------------------------------------------------------------------------
// The workbook: 台账 (the columns officials keep, dates as dates), 办理记录 (one row per recorded
// act: what the audit reads back) and 案件 (each matter's referral-case/1, as data).
//-----------------------------------------------------------------------------
const EPOCH = Date.UTC(1899, 11, 30);
const dateCell = (iso) => {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? { t: 'n', v: (Date.UTC(+m[1], +m[2] - 1, +m[3]) - EPOCH) / 86400000, z: 'yyyy-mm-dd' } : null;
};
const EVENT_COLUMNS = ['transfer', 'acknowledge', 'request_cooperation', 'reply_cooperation', 'decide_penalty'];

export const SHEETS = { ledger: '台账', events: '办理记录', cases: '案件' };

export function ledgerWorkbook(XLSX, rows, { names, actions, items }) {
  const firstDone = (r, action) => (r.line.events ?? []).filter((e) => e.action === action).map((e) => e.date.slice(0, 10)).sort()[0] ?? null;
  const head = ['编号', '事项', '当事人', '镇', '发现时间', '处理机关', '下一步', '期限', '状态', '移送日期', '告知受理日期', '协作请求日期', '协作反馈日期', '处罚决定日期'];
  const ledger = [head];
  const events = [['编号', '动作', '动作名称', '办理机关', '对方', '日期']];
  const cases = [['编号', '案件数据（referral-case/1）']];
  for (const r of rows) {
    const l = r.line ?? {};
    const next = r.next;
    ledger.push([r.id, items[l.item] ?? l.item ?? '', r.party ?? '', names[`town:${l.town}`] ?? l.town ?? '', dateCell(l.date), names[r.handler] ?? r.handler ?? '',
      next ? stepText(next, { names, actions }, { withTo: false }) : '', dateCell(next?.due), STATUS[r.status] ?? '无法审计',
      ...EVENT_COLUMNS.map((a) => dateCell(firstDone(r, a)))]);
    for (const e of l.events ?? []) events.push([r.id, e.action, actions[e.action] ?? '', e.actor, e.to ?? '', dateCell(e.date)]);
    const { id, events: _, ...doc } = l;
    cases.push([r.id, JSON.stringify(doc)]);
  }
  const wb = XLSX.utils.book_new();
  for (const [name, aoa] of [[SHEETS.ledger, ledger], [SHEETS.events, events], [SHEETS.cases, cases]])
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
  return wb;
}

// A workbook written by ledgerWorkbook (and perhaps edited: rows of 办理记录 added or changed) back
// into ledger lines. Returns {ok: true, lines} or {ok: false, errors: ['办理记录 第3行：…']}; nothing
// is guessed: a bad date or a case that is not JSON is an error naming its sheet and row.
// The sheets are read from the cells they hold, within `limits` (src/core/limits.h: kSheetRows,
// kSheetColumns; web/js/read/workbook-read.js), never over the range a sheet declares.
export function ledgerFromWorkbook(XLSX, wb, limits) {
  const errors = [];
  const sheet = (name) => {
    const ws = wb.Sheets[name];
    if (!ws) { errors.push(`缺少工作表“${name}”`); return []; }
    try {
      return withoutBlankRows(sheetRows(XLSX, ws, limits, rawCell));
    } catch (e) {
      errors.push(`${name}：${e.message}`);
      return [];
    }
  };
  const isoOfCell = (v) => {
    if (typeof v === 'number') {
      const d = XLSX.SSF.parse_date_code(v);
      return d ? `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}` : null;
    }
    const m = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$/.exec(String(v ?? ''));
    return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
  };
  const lines = [];
  const byId = new Map();
  sheet(SHEETS.cases).slice(1).forEach((row, i) => {
    const id = String(row[0] ?? '').trim();
    if (!id) return;
    let doc;
    try { doc = JSON.parse(String(row[1] ?? '')); } catch { doc = null; }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { errors.push(`${SHEETS.cases} 第${i + 2}行：案件数据不是 JSON 对象`); return; }
    if (byId.has(id)) { errors.push(`${SHEETS.cases} 第${i + 2}行：编号“${id}”重复`); return; }
    const line = { id, ...doc, events: [] };
    byId.set(id, line);
    lines.push(line);
  });
  sheet(SHEETS.events).slice(1).forEach((row, i) => {
    const [id, action, , actor, to, date] = row;
    if ([id, action, actor, to, date].every((v) => v === undefined || v === '')) return;
    const line = byId.get(String(id ?? '').trim());
    const where = `${SHEETS.events} 第${i + 2}行`;
    if (!line) { errors.push(`${where}：编号“${id ?? ''}”不在“${SHEETS.cases}”中`); return; }
    const iso = isoOfCell(date);
    if (!iso) { errors.push(`${where}：日期“${date ?? ''}”应为日期（如 2026-06-05）`); return; }
    const e = { action: String(action ?? '').trim(), actor: String(actor ?? '').trim() };
    if (to) e.to = String(to).trim();
    e.date = iso;
    line.events.push(e);
  });
  return errors.length ? { ok: false, errors } : { ok: true, lines };
}
