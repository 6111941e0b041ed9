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

// The event store of a DraftStore's matters (the packet step records an export there, the ledger reads it).
export const ledgerEventsFor = (drafts) => new LedgerEventStore(drafts.storage, ledgerKeyOf(drafts.key));

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
  waiting: '等待对方办理',
  done: '已完成',
};
const ORDER = { overdue: 0, soon: 1, open: 2, waiting: 3, done: 4 };

// A step still owed: not done, past due (missing) or not yet (pending).
const owing = (s) => s.status === 'pending' || s.status === 'missing';
// …with a deadline: a day, or a count of hours or working days from an act not yet done (the 24 hours of
// a transfer to the police run from the decision to transfer). "Promptly" and no-deadline steps without
// a day do not hold a matter open.
const timed = (s) => !!s.due || s.due_rule === 'hours' || s.due_rule === 'working_days';

// The rows of the ledger from the audit (auditLedger's reply) and the ledger lines audited.
// `office`: this office's authority id, or null for all offices; `soonLast`: the last day that is
// still "within 3 working days" (engine.workdays(today, 3).due). A matter is 已完成 only when nothing
// is owed: by this office (every owed step, a deadline that cannot be counted yet included — a
// suspected crime's transfer to the police is owed from the decision to transfer), nor by the other
// side to this office (an acknowledgement of a transfer sent: 等待对方办理). Acts count as done when
// recorded or exported (the packet step records an export as an event). Rows come overdue first, then
// due soon, open, waiting, done; within each, by the next due day.
// `parties`: {id → 当事人 text}, `numbers`: {id → the 文号 of what this office sent} where known
// (the packet drafts of this browser's matters).
export function ledgerRows(audit, lines, { office = null, soonLast, parties = {}, numbers = {} }) {
  const rows = [];
  const byDue = (a, b) => (String(a.due ?? '9') < String(b.due ?? '9') ? -1 : String(a.due ?? '9') > String(b.due ?? '9') ? 1 : 0);
  audit.cases.forEach((c, i) => {
    const line = typeof lines[i] === 'object' ? lines[i] : {};
    if (c.ok === false) {
      rows.push({ id: line.id ?? String(c.line), line, error: { ...c.error, line: c.line }, status: 'error', owed: [], theirs: [], steps: [] });
      return;
    }
    const mine = (s) => !office || s.actor === office;
    const owed = c.steps.filter((s) => mine(s) && owing(s) && timed(s)).sort(byDue);
    // The other side's steps owed to this office, with a countable deadline (or already past it).
    const theirs = office ? c.steps.filter((s) => s.actor !== office && s.to === office && (s.status === 'missing' || (s.status === 'pending' && s.due))).sort(byDue) : [];
    const next = owed[0] ?? null;
    let status = 'done';
    if (owed.some((s) => s.status === 'missing')) status = 'overdue';
    else if (next && next.due && next.due <= soonLast) status = 'soon';
    else if (next) status = 'open';
    else if (theirs.length) status = 'waiting';
    rows.push({ id: c.id, line, audit: c, handler: c.handler, steps: c.steps, owed, theirs, next, status, party: parties[c.id] ?? '', number: numbers[c.id] ?? '' });
  });
  const dueOf = (r) => String(r.next?.due ?? r.theirs?.[0]?.due ?? '9');
  return rows.sort((a, b) => (ORDER[a.status] ?? -1) - (ORDER[b.status] ?? -1) || dueOf(a).localeCompare(dueOf(b)));
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

// The owed steps of the rows as calendar events: this office's, and what the other side owes this office
// (its acknowledgement …), marked so (`names`: {authority id → name}, `actions`: {action id → label},
// `alarmDay(due)`: the working day before `due`, from the engine). A step with no countable day yet
// (a deadline that runs from an act not done) has no day to put in a calendar and is left out.
export function deadlineEvents(rows, { names, actions, alarmDay }) {
  const events = [];
  for (const r of rows) {
    const label = r.number || r.id;
    for (const [s, theirs] of [...(r.owed ?? []).map((x) => [x, false]), ...(r.theirs ?? []).map((x) => [x, true])]) {
      if (!s.due) continue;
      events.push({
        uid: `${encodeURIComponent(r.id)}.${s.actor}.${s.action}@referral-assistant`,
        due: s.due, alarm: alarmDay(s.due),
        summary: `${label}：${theirs ? '对方应办：' : ''}${stepText(s, { names, actions })}`,
        description: `期限 ${s.due}${s.clause ? `（${s.clause}）` : ''}；${theirs ? '对方应向本单位办理' : '本单位应办'}；事项 ${label}`,
      });
    }
  }
  return events;
}

//-----------------------------------------------------------------------------
// The workbook: 台账 (the columns officials keep, dates as dates), 办理记录 (one row per act done: what
// the audit reads back) and 案件 (each matter's facts in words). Every sheet is keyed by 编号: the 文号
// this office gave the matter's letters, or 未发文-N for a matter that has sent none. What is shown is
// words (names of offices, items and steps); the codes the audit needs ride in hidden columns
// (代码 columns, 案件数据), so a row added by hand with names only is read back through the pack's
// names, and scripts/ledger-xlsx.mjs turns the workbook back into the JSON Lines `referral audit` reads.
//-----------------------------------------------------------------------------
const EPOCH = Date.UTC(1899, 11, 30);
const dateCell = (iso) => {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? { t: 'n', v: (Date.UTC(+m[1], +m[2] - 1, +m[3]) - EPOCH) / 86400000, z: 'yyyy-mm-dd' } : null;
};

export const SHEETS = { ledger: '台账', events: '办理记录', cases: '案件' };
const KEY = '编号';
const CASE_DATA = '案件数据';
const CODES = { action: '步骤代码', actor: '办理机关代码', to: '对方代码' };

// A name for what has one, or words that say it has none (never an internal code).
const named = (map, id, missing) => (id ? map[id] ?? missing : '');

// The 编号 of each row: its 文号, else 未发文-N; unique (a 文号 given twice gets " (2)").
function keysOf(rows) {
  const seen = new Map();
  return rows.map((r, i) => {
    const base = r.number || `未发文-${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n > 1 ? `${base} (${n})` : base;
  });
}

// The workbook of `rows` (ledgerRows). `names`: {authority id → name}, `actions`: {action id → label},
// `items`: {item id → name}, `depts`: {item id → department authority id}; from the pack (describe):
// `columns`: [{action, heading}] the acts whose day the 台账 shows in a column of its own (the actions
// that declare a `column`), `enums`: the vocabulary's enum facts [{id, label, values: [{id, label}]}],
// each a column of the 案件 sheet in words. The workbook names no fact or action of its own.
export function ledgerWorkbook(XLSX, rows, { names, actions, items, depts = {}, columns = [], enums = [] }) {
  const firstDone = (r, action) => (r.line.events ?? []).filter((e) => e.action === action).map((e) => e.date.slice(0, 10)).sort()[0] ?? null;
  const keys = keysOf(rows);
  const authority = (id) => named(names, id, '（未登记的机关）');
  const step = (id) => named(actions, id, '（未知步骤）');
  const item = (id) => named(items, id, '（不在当前事项目录中的事项）');
  const head = [KEY, '事项', '当事人', '镇', '发现方', '发现时间', '处理机关', '本单位下一步', '期限', '状态', '对方应办', '对方期限',
    ...columns.map((c) => c.heading)];
  const ledger = [head];
  const events = [[KEY, '步骤', '办理机关', '对方', '日期', '说明', CODES.action, CODES.actor, CODES.to]];
  const cases = [[KEY, '事项', '镇', '业务主管部门', '发现方', '发现时间', '收到时间', ...enums.map((e) => e.label), CASE_DATA]];
  rows.forEach((r, i) => {
    const l = r.line ?? {};
    const next = r.next;
    const other = r.theirs?.[0];
    const finder = finderName(l, names, depts, r.audit?.received_matter === true);
    ledger.push([keys[i], item(l.item), r.party ?? '', authority(l.town ? `town:${l.town}` : ''), finder, dateCell(l.date), authority(r.handler),
      next ? stepText(next, { names, actions }, { withTo: false }) : '', dateCell(next?.due), STATUS[r.status] ?? '无法审计',
      other ? stepText(other, { names, actions }) : '', dateCell(other?.due),
      ...columns.map((c) => dateCell(firstDone(r, c.action)))]);
    for (const e of l.events ?? []) events.push([keys[i], step(e.action), authority(e.actor), authority(e.to), dateCell(e.date), e.note ?? '', e.action, e.actor, e.to ?? '']);
    const { id, events: _, ...doc } = l;
    const word = (e) => (l[e.id] === undefined ? '' : e.values.find((v) => v.id === l[e.id])?.label ?? String(l[e.id]));
    cases.push([keys[i], item(l.item), authority(l.town ? `town:${l.town}` : ''), authority(l.dept ? `dept:${l.dept}` : depts[l.item] ?? ''), finder,
      dateCell(l.date), dateCell(l.received), ...enums.map(word), JSON.stringify(doc)]);
  });
  const wb = XLSX.utils.book_new();
  const sheet = (aoa, widths, hidden = []) => {
    const ws = XLSX.utils.aoa_to_sheet(aoa);
    // Widths in characters (a Chinese character counts two); the code columns hidden.
    ws['!cols'] = aoa[0].map((h, c) => ({ wch: widths[c] ?? 12, ...(hidden.includes(h) ? { hidden: true } : {}) }));
    return ws;
  };
  XLSX.utils.book_append_sheet(wb, sheet(ledger, [24, 36, 24, 14, 18, 12, 22, 30, 12, 14, 34, 12, 12, 12, 12, 12, 12]), SHEETS.ledger);
  XLSX.utils.book_append_sheet(wb, sheet(events, [24, 20, 24, 24, 12, 30, 10, 10, 10], Object.values(CODES)), SHEETS.events);
  XLSX.utils.book_append_sheet(wb, sheet(cases, [24, 36, 14, 24, 18, 12, 12, ...enums.map(() => 16), 10], [CASE_DATA]), SHEETS.cases);
  return wb;
}

// Who found the matter, in words: for a matter received by a transfer (the audit's `received_matter`,
// the pack's condition) the case's finder is the side that received it (referral-case/1), so the side
// that found it is the other one. `depts`: {item id → its department's authority id}, for a case whose
// department comes from its item.
export function finderName(line, names, depts = {}, received = false) {
  const town = line.town ? names[`town:${line.town}`] : '';
  const dept = line.dept ? names[`dept:${line.dept}`] : names[depts[line.item]] ?? '';
  const side = (kind) => (kind === 'town' ? town || '镇人民政府' : kind === 'dept' ? dept || '市级业务主管部门' : '');
  if (received) return `${side(line.finder === 'town' ? 'dept' : 'town')}（移送至${side(line.finder)}）`;
  return side(line.finder);
}

// A workbook written by ledgerWorkbook (and perhaps edited: rows of 办理记录 added or changed) back
// into ledger lines. Returns {ok: true, lines} or {ok: false, errors: ['办理记录 第3行：…']}; nothing
// is guessed: a bad date, a name the pack does not know, or a case without its data is an error naming
// its sheet and row. `names` ({authority id → name}) and `actions` ({action id → label}) read a row
// added by hand with names only. The sheets are read from the cells they hold, within `limits`
// (src/core/limits.h: kSheetRows, kSheetColumns; web/js/read/workbook-read.js), never over the range a
// sheet declares.
export function ledgerFromWorkbook(XLSX, wb, { names = {}, actions = {}, limits } = {}) {
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
    // A date cell read as a Date (cellDates, or a reader that styles cells): its calendar day.
    if (v instanceof Date && !Number.isNaN(v.getTime())) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
    if (typeof v === 'number') {
      const d = XLSX.SSF.parse_date_code(v);
      return d ? `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}` : null;
    }
    const m = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$/.exec(String(v ?? ''));
    return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
  };
  const text = (v) => String(v ?? '').trim();
  const byName = (map) => new Map(Object.entries(map).map(([id, n]) => [n, id]));
  const authorityId = byName(names);
  const actionId = byName(actions);
  const lines = [];
  const byId = new Map();
  const caseRows = sheet(SHEETS.cases);
  const at = (head, name) => head.findIndex((h) => text(h) === name);
  const caseHead = caseRows[0] ?? [];
  const dataCol = at(caseHead, CASE_DATA);
  if (caseRows.length && dataCol < 0) errors.push(`${SHEETS.cases}：缺少“${CASE_DATA}”列`);
  caseRows.slice(1).forEach((row, i) => {
    const id = text(row[0]);
    if (!id || dataCol < 0) return;
    let doc;
    try { doc = JSON.parse(String(row[dataCol] ?? '')); } catch { doc = null; }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { errors.push(`${SHEETS.cases} 第${i + 2}行：缺少案件数据（“${CASE_DATA}”列应为本工具导出的内容）`); return; }
    if (byId.has(id)) { errors.push(`${SHEETS.cases} 第${i + 2}行：编号“${id}”重复`); return; }
    const line = { id, ...doc, events: [] };
    byId.set(id, line);
    lines.push(line);
  });
  const eventRows = sheet(SHEETS.events);
  const eh = eventRows[0] ?? [];
  const col = { step: at(eh, '步骤'), actor: at(eh, '办理机关'), to: at(eh, '对方'), date: at(eh, '日期'), note: at(eh, '说明'),
    action: at(eh, CODES.action), actorCode: at(eh, CODES.actor), toCode: at(eh, CODES.to) };
  eventRows.slice(1).forEach((row, i) => {
    if (row.every((v) => text(v) === '')) return;
    const where = `${SHEETS.events} 第${i + 2}行`;
    const id = text(row[0]);
    const line = byId.get(id);
    if (!line) { errors.push(`${where}：编号“${id}”不在“${SHEETS.cases}”中`); return; }
    const cell = (c) => (c >= 0 ? text(row[c]) : '');
    // The codes where the row has them; else the names, as an official types them.
    const action = cell(col.action) || actionId.get(cell(col.step)) || '';
    const actor = cell(col.actorCode) || authorityId.get(cell(col.actor)) || '';
    const to = cell(col.toCode) || (cell(col.to) ? authorityId.get(cell(col.to)) ?? null : '');
    if (!action) { errors.push(`${where}：步骤“${cell(col.step)}”不是本规则包的步骤`); return; }
    if (!actor) { errors.push(`${where}：办理机关“${cell(col.actor)}”不是本规则包登记的机关`); return; }
    if (to === null) { errors.push(`${where}：对方“${cell(col.to)}”不是本规则包登记的机关`); return; }
    const raw = col.date >= 0 ? row[col.date] : undefined;
    const iso = isoOfCell(raw);
    if (!iso) { errors.push(`${where}：日期“${raw ?? ''}”应为日期（如 2026-06-05）`); return; }
    const e = { action, actor };
    if (to) e.to = to;
    e.date = iso;
    if (cell(col.note)) e.note = cell(col.note);
    line.events.push(e);
  });
  return errors.length ? { ok: false, errors } : { ok: true, lines };
}
