// calendar-import — 节假日设置: the official pastes the State Council's holiday notice
// (国务院办公厅关于YYYY年部分节假日安排的通知), the engine reads it (calendarFromNotice), the year is
// shown as a month view (holidays and make-up working days marked) to confirm, and once accepted it
// is kept in this browser (per storage key) and used for every deadline from then on; it can be
// removed again. A notice the engine refuses is shown with the engine's errors, each with its line.
//
// Inputs: calendarImport({engine, store, onChange}) → a <details> section. `engine` may be null until
// it has loaded (the section says so); onChange() is called after a year was accepted or removed.
import { h } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';

const KEY = 'referral-assistant:calendars/v1';
const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

// The user-added years: [{year, title, added, calendar: referral-calendar/1}], one per year.
export class CalendarStore {
  constructor(storage = globalThis.localStorage, namespace = '') {
    this.storage = storage;
    this.key = namespace ? `${storagePrefix(namespace)}calendars/v1` : KEY;
  }
  list() {
    try {
      const list = JSON.parse(this.storage?.getItem(this.key) || '[]');
      return Array.isArray(list) ? list.filter((y) => y && Number.isInteger(y.year) && y.calendar && typeof y.calendar === 'object') : [];
    } catch { return []; }
  }
  save(list) {
    try { this.storage.setItem(this.key, JSON.stringify(list)); return true; } catch { return false; }
  }
  add(entry) { return this.save([...this.list().filter((y) => y.year !== entry.year), entry].sort((a, b) => a.year - b.year)); }
  remove(year) { return this.save(this.list().filter((y) => y.year !== year)); }
}

const pad = (n) => String(n).padStart(2, '0');

// Twelve month grids of `calendar` (referral-calendar/1): holidays and make-up working days marked.
export function monthView(calendar) {
  const off = new Map();
  const on = new Map();
  for (const x of calendar.holidays ?? []) for (const d of x.dates) off.set(d, x.name);
  for (const x of calendar.workdays ?? []) for (const d of x.dates) on.set(d, x.name);
  const year = calendar.year;
  const months = [];
  for (let m = 1; m <= 12; m += 1) {
    const first = new Date(Date.UTC(year, m - 1, 1));
    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const lead = (first.getUTCDay() + 6) % 7;  // Monday first
    const cells = [];
    for (let i = 0; i < lead; i += 1) cells.push(h('td', {}));
    for (let d = 1; d <= days; d += 1) {
      const iso = `${year}-${pad(m)}-${pad(d)}`;
      const weekday = (lead + d - 1) % 7;
      const kind = off.has(iso) ? 'holiday' : on.has(iso) ? 'makeup' : weekday >= 5 ? 'weekend' : 'workday';
      const name = off.get(iso) ?? on.get(iso);
      const label = kind === 'holiday' ? `${name}放假` : kind === 'makeup' ? `${name}调休上班` : '';
      cells.push(h('td', { class: `day ${kind}`, 'data-date': iso, title: label || undefined },
        String(d), label ? h('span', { class: 'visually-hidden' }, `（${label}）`) : ''));
    }
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', {}, cells.slice(i, i + 7)));
    months.push(h('table', { class: 'month' },
      h('caption', {}, `${m}月`),
      h('thead', {}, h('tr', {}, WEEK.map((w) => h('th', { scope: 'col' }, w)))),
      h('tbody', {}, rows)));
  }
  return h('div', { class: 'months', id: 'calendar-months' },
    h('p', { class: 'legend' }, h('span', { class: 'day holiday' }, '休'), ' 放假　', h('span', { class: 'day makeup' }, '班'), ' 调休上班（周末上班）'),
    months);
}

export function calendarImport({ engine, store, onChange }) {
  const status = h('p', { class: 'hint', role: 'status', id: 'calendar-status' });
  const errors = h('div', { id: 'calendar-errors' });
  const preview = h('div', { id: 'calendar-preview' });
  const list = h('ul', { class: 'calendar-list', id: 'calendar-list' });
  const text = h('textarea', { id: 'calendar-notice', class: 'input', rows: 8, 'aria-describedby': 'calendar-notice-hint' });
  let pending = null;

  const drawList = () => {
    const years = store.list();
    list.replaceChildren(...(years.length ? years.map((y) => h('li', {},
      `${y.year} 年：${y.title}（用户添加，${y.added}）`,
      h('button', { type: 'button', class: 'button secondary', 'data-remove': String(y.year),
        onclick: () => { store.remove(y.year); drawList(); status.textContent = `已删除 ${y.year} 年的节假日安排，恢复内置数据。`; onChange?.(); } }, '删除')))
      : [h('li', {}, '尚未添加：使用内置的节假日数据。')]));
  };
  const read = () => {
    errors.replaceChildren();
    preview.replaceChildren();
    pending = null;
    const api = engine();
    if (!api) { status.textContent = '规则引擎尚未加载，请稍候再试。'; return; }
    const r = api.calendarFromNotice(text.value);
    if (!r.ok) {
      status.textContent = '';
      errors.replaceChildren(h('div', { class: 'error-summary', role: 'alert' },
        h('p', {}, '未能读取此通知，未作任何更改：'),
        h('ul', {}, (r.errors ?? [r.error]).map((e) => {
          const line = /^\/line\/(\d+)/.exec(e.path ?? '');
          return h('li', {}, line ? `第 ${line[1]} 行：${e.message}` : e.message);
        }))));
      text.focus();
      return;
    }
    pending = r.calendar;
    const title = r.calendar.sources?.[0]?.title ?? `${r.calendar.year} 年节假日安排`;
    preview.replaceChildren(
      h('h3', { id: 'calendar-preview-title' }, `${title}：请核对`),
      monthView(r.calendar),
      h('div', { class: 'nav' },
        h('button', { type: 'button', class: 'button', id: 'calendar-accept', onclick: () => accept(title) }, `采用 ${r.calendar.year} 年安排`),
        h('button', { type: 'button', class: 'button secondary', onclick: () => { pending = null; preview.replaceChildren(); status.textContent = '未采用。'; } }, '取消')));
    status.textContent = `已读取 ${r.calendar.year} 年的安排，请核对月历后采用。`;
  };
  const accept = (title) => {
    if (!pending) return;
    const d = new Date();
    const added = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    if (!store.add({ year: pending.year, title, added, calendar: pending })) { status.textContent = '未能保存：浏览器存储已满或被禁用。'; return; }
    const year = pending.year;
    pending = null;
    preview.replaceChildren();
    text.value = '';
    drawList();
    const r = onChange?.();
    status.textContent = r && r.ok === false
      ? `已保存，但规则引擎未能使用：${r.error?.message ?? ''}`
      : `已采用 ${year} 年的节假日安排：此后的期限按此计算。`;
  };
  drawList();
  return h('details', { class: 'office data-import', id: 'calendar-import' },
    h('summary', {}, '节假日设置'),
    h('p', { class: 'hint' }, '内置数据之外的年份（如明年），可粘贴国务院办公厅当年发布的《关于××××年部分节假日安排的通知》全文，核对后采用。'),
    list,
    h('div', { class: 'question' },
      h('label', { for: 'calendar-notice', class: 'label-small' }, '通知全文'),
      h('p', { class: 'hint', id: 'calendar-notice-hint' }, '从中国政府网复制，含标题和“一、元旦：……”各段。'),
      text),
    h('div', { class: 'nav' }, h('button', { type: 'button', class: 'button', id: 'calendar-read', onclick: read }, '读取通知')),
    status, errors, preview);
}
