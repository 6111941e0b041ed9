// calendar-import — 节假日设置: the official pastes the State Council's holiday notice
// (国务院办公厅关于YYYY年部分节假日安排的通知), the engine reads it (calendarFromNotice), the year is
// shown as a month view (holidays and make-up working days marked) to confirm, and once accepted it
// is kept in this browser (per storage key) and used for every deadline from then on; it can be
// removed again. A notice the engine refuses is shown with the engine's errors, each with its line.
//
// Inputs: calendarImport({engine, store, onChange, t}) → a <details> section. `engine` may be null until
// it has loaded (the section says so); onChange() is called after a year was accepted or removed; `t`
// the page's strings (strings.js). The notices, their titles and holiday names, and the engine's
// objections to a notice are Chinese, and marked so.
import { h, zh } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';
import { makeStrings } from '../../strings.js';

const KEY = 'referral-assistant:calendars/v1';

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
export function monthView(calendar, t = makeStrings('zh')) {
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
      const what = kind === 'holiday' ? t('calendarHolidayOf') : kind === 'makeup' ? t('calendarMakeupOf') : '';
      const label = what ? t('calendarDayTitle', name, what) : '';
      cells.push(h('td', { class: `day ${kind}`, 'data-date': iso, title: label || undefined },
        String(d), label ? h('span', { class: 'visually-hidden' }, t('calendarDaySaid', zh(name), what)) : ''));
    }
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', {}, cells.slice(i, i + 7)));
    months.push(h('table', { class: 'month' },
      h('caption', {}, t('calendarMonth', m)),
      h('thead', {}, h('tr', {}, t('calendarWeek').map((w) => h('th', { scope: 'col' }, w)))),
      h('tbody', {}, rows)));
  }
  return h('div', { class: 'months', id: 'calendar-months' },
    h('p', { class: 'legend' }, h('span', { class: 'day holiday' }, t('calendarHolidayMark')), ` ${t('calendarHoliday')}${t('calendarLegendGap')}`,
      h('span', { class: 'day makeup' }, t('calendarMakeupMark')), ` ${t('calendarMakeup')}`),
    months);
}

export function calendarImport({ engine, store, onChange, t = makeStrings('zh') }) {
  const status = h('p', { class: 'hint', role: 'status', id: 'calendar-status' });
  const errors = h('div', { id: 'calendar-errors' });
  const preview = h('div', { id: 'calendar-preview' });
  const list = h('ul', { class: 'calendar-list', id: 'calendar-list' });
  const text = h('textarea', { id: 'calendar-notice', class: 'input', rows: 8, 'aria-describedby': 'calendar-notice-hint' });
  let pending = null;

  const drawList = () => {
    const years = store.list();
    list.replaceChildren(...(years.length ? years.map((y) => h('li', {},
      t('calendarAdded', y.year, zh(y.title), y.added),
      h('button', { type: 'button', class: 'button secondary', 'data-remove': String(y.year),
        onclick: () => { store.remove(y.year); drawList(); status.textContent = t('calendarRemoved', y.year); onChange?.(); } }, t('remove'))))
      : [h('li', {}, t('calendarNone'))]));
  };
  const read = () => {
    errors.replaceChildren();
    preview.replaceChildren();
    pending = null;
    const api = engine();
    if (!api) { status.textContent = t('engineNotLoaded'); return; }
    const r = api.calendarFromNotice(text.value);
    if (!r.ok) {
      status.textContent = '';
      errors.replaceChildren(h('div', { class: 'error-summary', role: 'alert' },
        h('p', {}, t('calendarUnreadable')),
        h('ul', {}, (r.errors ?? [r.error]).map((e) => {
          const line = /^\/line\/(\d+)/.exec(e.path ?? '');
          return h('li', {}, line ? t('calendarLine', line[1]) : '', zh(e.message));
        }))));
      text.focus();
      return;
    }
    pending = r.calendar;
    // The title is data kept with the year (and named in plans' notes): Chinese in either language.
    const title = r.calendar.sources?.[0]?.title ?? `${r.calendar.year} 年节假日安排`;
    preview.replaceChildren(
      h('h3', { id: 'calendar-preview-title' }, t('calendarCheck', zh(title))),
      monthView(r.calendar, t),
      h('div', { class: 'nav' },
        h('button', { type: 'button', class: 'button', id: 'calendar-accept', onclick: () => accept(title) }, t('calendarAccept', r.calendar.year)),
        h('button', { type: 'button', class: 'button secondary', onclick: () => { pending = null; preview.replaceChildren(); status.textContent = t('calendarNotTaken'); } }, t('cancel'))));
    status.textContent = t('calendarReadDone', r.calendar.year);
  };
  const accept = (title) => {
    if (!pending) return;
    const d = new Date();
    const added = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    if (!store.add({ year: pending.year, title, added, calendar: pending })) { status.textContent = t('storageFull'); return; }
    const year = pending.year;
    pending = null;
    preview.replaceChildren();
    text.value = '';
    drawList();
    const r = onChange?.();
    if (r && r.ok === false) status.replaceChildren(t('calendarSavedUnused'), zh(r.error?.message ?? ''));
    else status.textContent = t('calendarTaken', year);
  };
  drawList();
  return h('details', { class: 'office data-import', id: 'calendar-import' },
    h('summary', {}, t('calendarTitle')),
    h('p', { class: 'hint' }, t('calendarIntro')),
    list,
    h('div', { class: 'question' },
      h('label', { for: 'calendar-notice', class: 'label-small' }, t('calendarNotice')),
      h('p', { class: 'hint', id: 'calendar-notice-hint' }, t('calendarNoticeHint')),
      text),
    h('div', { class: 'nav' }, h('button', { type: 'button', class: 'button', id: 'calendar-read', onclick: read }, t('calendarRead'))),
    status, errors, preview);
}
