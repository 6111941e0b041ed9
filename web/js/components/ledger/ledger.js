// ledger — 台账与督查 (issue #15): every matter kept in this browser (its drafts) with its status, the
// next step this office owes and its due day; the acts actually done, recorded with their dates;
// the engine's audit of those matters (auditLedger, src/audit) per office; a supervisor's view of
// ledgers dropped in (JSON Lines, or the .xlsx this page exports); export as .xlsx and the due days
// as an .ics calendar. Opened on demand (a closed <details>): nothing is computed for the first page.
//
// ledgerSection({root, pack, drafts, office(), engine(), caseOf(answers, engine), onOpen(name), base,
//   today(), t}) → <details>. `drafts` is the element's DraftStore; the recorded acts are kept beside
// the drafts (same storage namespace) under ledger/v1. `t`: the page's strings; the names of offices
// and items, the plan's steps and the engine's messages are Chinese, marked so on the English page,
// and the exported files are Chinese records.
import { download, h, zh } from '../../dom.js';
import { makeStrings } from '../../strings.js';
import { readDate } from '../../dates.js';
import { LedgerEventStore, STATUS, deadlineEvents, finderName, stepText, ledgerKeyOf, icsCalendar, ledgerJsonl, ledgerLine, ledgerRows,
  ledgerWorkbook, parseJsonl } from './ledger-model.js';
import { loadXlsx } from '../../xlsx.js';
import { ReadCancelled } from '../../read/reader.js';
import { fileRead } from '../../read/reading.js';

const dayBefore = (iso) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

export function ledgerSection({ root, pack, drafts, office, engine, caseOf, onOpen, base, reader, today, t = makeStrings('zh') }) {
  const store = new LedgerEventStore(drafts.storage, ledgerKeyOf(drafts.key));
  const names = Object.fromEntries(pack.authorities.map((a) => [a.id, a.name]));
  // The words of every act a ledger records: the pack's actions (steps) and its milestone events (the
  // police's decline, a transfer received, consent given …, describe's vocabulary.events).
  const milestones = pack.vocabulary?.events ?? [];
  const actions = Object.fromEntries([...pack.actions, ...milestones].map((a) => [a.id, a.label]));
  // The catalogue in force when the ledger is drawn (an office may import its own after the page opened):
  // names, never the catalogue's internal ids.
  let items = {};
  let itemDept = {};
  const readCatalogue = () => {
    items = Object.fromEntries(pack.catalogue.items.map((i) => [i.id, i.name]));
    itemDept = Object.fromEntries(pack.catalogue.items.map((i) => [i.id, `dept:${i.dept}`]));
  };
  readCatalogue();
  const itemName = (id) => (id ? items[id] ?? t('ledgerItemUnknown') : '');
  // The question options' words (来源, 核实情况) for the workbook's 案件 sheet.
  const townOf = (r) => (r.line?.town ? `town:${r.line.town}` : '');
  const deptOf = (r) => itemDept[r.line?.item] ?? (r.line?.dept ? `dept:${r.line.dept}` : '');
  let imported = null;   // {name, text}: a supervisor's view of dropped ledgers, instead of this browser's
  let view = null;       // {rows, audit, lines}

  const status = h('p', { class: 'ledger-message', role: 'status', id: 'ledger-status' });
  const say = (text, bad = false) => { status.replaceChildren(...[text].flat()); status.classList.toggle('ledger-message-error', bad); };
  const statusLabel = (k) => t('ledgerStatus', k, STATUS[k]);
  const stepName = (s, options) => stepText(s, { names, actions }, options);
  const data = (text) => (text ? zh(text) : '');
  const filter = h('select', { id: 'ledger-filter', onchange: () => draw() },
    h('option', { value: '' }, t('ledgerAll')), ...Object.keys(STATUS).map((k) => h('option', { value: k }, statusLabel(k))));
  // Town, department (the matter's two sides) and item: filled from the rows audited.
  const towns = h('select', { id: 'ledger-town', onchange: () => draw() });
  const depts = h('select', { id: 'ledger-dept', onchange: () => draw() });
  const itemFilter = h('select', { id: 'ledger-item', onchange: () => draw() });
  const fillFilter = (select, values) => {
    const keep = select.value;
    select.replaceChildren(h('option', { value: '' }, t('ledgerAll')), ...values.map(([v, label]) => h('option', { value: v, lang: 'zh-CN' }, label)));
    select.value = values.some(([v]) => v === keep) ? keep : '';
  };
  const table = h('div', { class: 'ledger-table-wrap' });
  // A table wider than the screen scrolls in its box, which the keyboard can reach (tabindex) to scroll.
  const summary = h('div', { id: 'ledger-summary', tabindex: '0', role: 'region', 'aria-labelledby': 'ledger-offices-title' });
  const recordBox = h('div', { class: 'ledger-record' });
  const importInput = h('input', { type: 'file', id: 'ledger-import', multiple: true, class: 'visually-hidden',
    accept: '.jsonl,.json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    onchange: () => importFiles([...importInput.files]) });
  const mine = h('button', { type: 'button', class: 'button secondary', id: 'ledger-mine', hidden: true,
    onclick: () => { imported = null; refresh(); } }, t('ledgerMine'));
  const title = h('p', { class: 'hint', id: 'ledger-source' });

  const summaryLine = h('summary', {}, t('ledgerTitle'), h('span', { class: 'ledger-alert', id: 'ledger-alert' }));
  const section = h('details', { class: 'office ledger', id: 'ledger', ontoggle: () => { if (section.open) refresh(); } },
    summaryLine,
    title,
    h('div', { class: 'ledger-tools' },
      // Each filter's label and select wrap to the next line together.
      h('span', { class: 'ledger-filter' }, h('label', { for: 'ledger-filter', class: 'label-small' }, t('ledgerFilterStatus')), filter),
      h('span', { class: 'ledger-filter' }, h('label', { for: 'ledger-town', class: 'label-small' }, t('ledgerFilterTown')), towns),
      h('span', { class: 'ledger-filter' }, h('label', { for: 'ledger-dept', class: 'label-small' }, t('ledgerFilterDept')), depts),
      h('span', { class: 'ledger-filter' }, h('label', { for: 'ledger-item', class: 'label-small' }, t('ledgerFilterItem')), itemFilter),
      h('button', { type: 'button', class: 'button secondary', id: 'ledger-xlsx', onclick: () => exportXlsx() }, t('ledgerExportXlsx')),
      h('button', { type: 'button', class: 'button secondary', id: 'ledger-ics', 'aria-describedby': 'ledger-ics-hint', onclick: () => exportIcs() }, t('ledgerExportIcs')),
      h('span', { class: 'hint', id: 'ledger-ics-hint' }, t('ledgerIcsHint')),
      h('label', { for: 'ledger-import', class: 'button secondary' }, t('ledgerImport')), importInput, mine),
    status, table, recordBox,
    h('h3', { id: 'ledger-offices-title' }, t('ledgerOffices')), summary);

  // The ledger lines of this browser: every draft with answers made under the pack in force, with its
  // recorded acts. A draft made under another pack is not audited under this one (its towns, items and
  // steps are that pack's): it is counted, and the source line says so (otherDrafts).
  let otherDrafts = 0;
  async function ownLines(e) {
    const answered = drafts.list().filter((d) => Object.keys(d.answers ?? {}).length);
    const mine = answered.filter((d) => !drafts.otherPack(d));
    otherDrafts = answered.length - mine.length;
    return mine.map((d) => ledgerLine(d.name, caseOf(d.answers, e), store.get(d.name)));
  }
  // 当事人 as the matter's packet draft names them (display only: the audit does not need them).
  const ownParties = () => Object.fromEntries(drafts.list().map((d) => [d.name,
    (d.packet?.fields?.parties ?? []).map((p) => p.name).filter((n) => n).join('、') || d.packet?.fields?.summary?.party || '']));
  // 编号: the 文号 of the letters this office exported for the matter (packet-step records them), in order.
  const ownNumbers = () => Object.fromEntries(drafts.list().map((d) => [d.name,
    Object.values(d.packet?.exported ?? {}).sort((a, b) => String(a.sent_on).localeCompare(String(b.sent_on)))
      .map((x) => x.document_number).filter((n) => n).join('、')]));

  async function refresh() {
    const e = await engine();
    readCatalogue();
    const day = today();
    let text;
    let lines;
    if (imported) {
      text = imported.text;
      lines = parseJsonl(text).map((raw) => { try { return JSON.parse(raw); } catch { return raw; } });
      title.textContent = t('ledgerSourceImported', imported.name, lines.length, day);
    } else {
      lines = await ownLines(e);
      text = ledgerJsonl(lines);
      title.textContent = t('ledgerSourceOwn', lines.length, day) + (otherDrafts ? t('ledgerOtherPackDrafts', otherDrafts) : '');
    }
    mine.hidden = !imported;
    const audit = e.auditLedger(text, day);
    if (!audit.ok) { say(t('ledgerAuditFailed', zh(audit.error.message)), true); return; }
    const soon = e.workdays(day, 3);
    const who = imported ? null : (office()?.authority ?? null);
    // A supervisor's lines carry their own 编号 (a workbook's, or a ledger file's ids); this browser's are its drafts' 文号.
    const numbers = imported ? Object.fromEntries(lines.filter((l) => typeof l === 'object' && l?.id).map((l) => [l.id, l.id])) : ownNumbers();
    view = { audit, lines, rows: ledgerRows(audit, lines, { office: who, soonLast: soon.ok ? soon.due : day, parties: imported ? {} : ownParties(), numbers }), engine: e };
    const distinct = (f) => [...new Set(view.rows.map(f).filter((v) => v))].sort();
    fillFilter(towns, distinct(townOf).map((id) => [id, names[id] ?? id]));
    fillFilter(depts, distinct(deptOf).map((id) => [id, names[id] ?? id]));
    fillFilter(itemFilter, distinct((r) => r.line?.item).map((id) => [id, itemName(id)]));
    draw();
    heading();
    // Inside the shadow root only (not part of the element's public API): tests and the page's own code.
    section.dispatchEvent(new CustomEvent('referral-ledger-audited', { bubbles: true, composed: false, detail: { audit, rows: view.rows.length } }));
  }

  // This browser's overdue and due-soon matters, named on the closed ledger's own line.
  function heading() {
    const alert = summaryLine.querySelector('#ledger-alert');
    if (imported || !view) { alert.textContent = ''; return; }
    const overdue = view.rows.filter((r) => r.status === 'overdue').length;
    const soonCount = view.rows.filter((r) => r.status === 'soon').length;
    alert.textContent = overdue || soonCount ? t('ledgerAlert', overdue, soonCount) : '';
  }

  // When the page opens: once the engine is there and the first page is drawn, this browser's matters
  // are audited, so that overdue and due-soon ones are named before anyone opens the ledger.
  const whenIdle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 200));
  engine().then(() => whenIdle(() => { if (!view && drafts.list().some((d) => Object.keys(d.answers ?? {}).length)) refresh().catch(() => {}); }), () => {});

  const weekday = (e, iso) => { const r = e.workdays(iso, 0); return r.ok ? r.weekday : ''; };

  function draw() {
    if (!view) return;
    const { rows, audit, engine: e } = view;
    const shown = rows.filter((r) => (!filter.value || r.status === filter.value) && (!towns.value || townOf(r) === towns.value)
      && (!depts.value || deptOf(r) === depts.value) && (!itemFilter.value || r.line?.item === itemFilter.value));
    const counts = Object.keys(STATUS).map((k) => [statusLabel(k), rows.filter((r) => r.status === k).length]);
    const errors = rows.filter((r) => r.status === 'error').length;
    say(t('ledgerCounts', rows.length, counts, errors));
    table.replaceChildren(h('table', { class: 'ledger-table', id: 'ledger-table' },
      h('thead', {}, h('tr', {}, ...t('ledgerColumns').map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...shown.map((r) => {
        const l = r.line ?? {};
        const number = r.number || (imported ? r.id : t('ledgerNoNumber'));
        if (r.status === 'error')
          return h('tr', { 'data-id': r.id, 'data-status': 'error' }, h('td', {}, imported ? r.id : t('ledgerNoNumber')), h('td', { colspan: '9', class: 'error-message' },
            // A supervisor's file: the line and the place in it; an own draft: it is not filled in yet.
            imported ? t('ledgerLineError', r.error?.line ?? '?', zh(r.error?.message ?? ''), r.error?.path ?? '')
              : t('ledgerDraftIncomplete', zh(String(r.error?.message ?? '').split(' / ')[0]))),
          h('td', {}, imported ? '' : h('button', { type: 'button', class: 'button secondary', onclick: () => onOpen(r.id) }, t('ledgerOpen'))));
        // The next step this office owes; when it owes none, what the other side still owes it.
        const n = r.next ?? r.theirs?.[0] ?? null;
        const theirs = !r.next && n;
        const late = r.steps.filter((s) => s.status === 'late').map((s) => t('ledgerLate', zh(stepName(s, { withTo: false })), s.late_by_working_days));
        if (r.audit?.re_transfer) late.push(t('ledgerReTransfer'));
        if (r.audit?.penalized_without_power) late.push(t('ledgerNoPower'));
        return h('tr', { 'data-id': r.id, 'data-status': r.status },
          h('td', {}, data(number)), h('td', {}, data(itemName(l.item))), h('td', {}, r.party ? zh(r.party) : '—'), h('td', {}, data(names[`town:${l.town}`])),
          h('td', {}, data(finderName(l, names, itemDept, r.audit?.received_matter === true))), h('td', { class: 'ledger-date' }, String(l.date ?? '').slice(0, 10)), h('td', {}, data(names[r.handler])),
          h('td', {}, n ? [theirs ? t('ledgerTheirs') : '', zh(stepName(n, { withTo: !!theirs }))] : '—', late.length ? h('br') : '', t('ledgerProblems', late)),
          h('td', { class: 'ledger-due' }, n ? (n.due ? [n.due, ' ', data(weekday(e, n.due))] : t('ledgerDueNotCounted')) : '—'),
          h('td', { class: `ledger-status ledger-status-${r.status}` }, statusLabel(r.status)),
          h('td', {}, imported ? '' : h('button', { type: 'button', class: 'button secondary', 'aria-label': t('ledgerOpenNamed', number), onclick: () => onOpen(r.id) }, t('ledgerOpen'))));
      }))));
    drawSummary(audit.summary);
    drawRecord();
  }

  function drawSummary(s) {
    const pct = (o) => (o.on_time_rate === null ? '—' : `${Math.round(o.on_time_rate * 1000) / 10}%`);
    summary.replaceChildren(h('table', { class: 'ledger-table', id: 'ledger-offices' },
      h('thead', {}, h('tr', {}, ...t('ledgerOfficeColumns').map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...s.offices.map((o) => h('tr', { 'data-authority': o.authority }, h('td', {}, zh(o.name)),
        ...[o.cases, o.owed, o.on_time, o.late, o.missing, o.pending, pct(o), o.late_transfers, o.missing_acknowledgements, o.re_transfers,
          o.penalized_without_power].map((v) => h('td', {}, String(v))))))));
  }

  // 记录已办理: a matter, one of its steps, the day it was done.
  function drawRecord() {
    if (imported) { recordBox.replaceChildren(); return; }
    const rows = view.rows.filter((r) => r.status !== 'error');
    if (!rows.length) { recordBox.replaceChildren(h('p', { class: 'hint' }, t('ledgerNoMatters'))); return; }
    const matter = h('select', { id: 'ledger-record-matter', onchange: () => fillSteps() },
      // A matter by what names it: its 文号, item and party (records, in Chinese).
      ...rows.map((r) => h('option', { value: r.id, lang: 'zh-CN' }, [r.number, itemName(r.line?.item), r.party].filter((x) => x).join(' · '))));
    const step = h('select', { id: 'ledger-record-step' });
    const date = h('input', { type: 'text', id: 'ledger-record-date', class: 'input input-date', inputmode: 'numeric', autocomplete: 'off', placeholder: t('example', '2026-06-05') });
    const error = h('p', { class: 'error-message', id: 'ledger-record-error', hidden: true });
    const list = h('ul', { id: 'ledger-events' });
    const fillSteps = () => {
      const r = rows.find((x) => x.id === matter.value);
      // The steps owed, then the milestones the pack's deadlines count from (a date the plan reads: the
      // police declined, consent given …), recorded by this office as it learns of them.
      const by = office()?.authority || r.handler;
      step.replaceChildren(
        h('optgroup', { label: t('ledgerRecordSteps') }, ...r.steps.filter((s) => s.status !== 'not_owed').map((s) => h('option', { value: JSON.stringify({ action: s.action, actor: s.actor, to: s.to }), lang: 'zh-CN' },
          `${stepName(s)}${s.done ? `：已于 ${s.done} 办理` : s.due ? `：期限 ${s.due}` : ''}`))),
        ...(milestones.length && by ? [h('optgroup', { label: t('ledgerRecordMilestones') }, ...milestones.map((m) => h('option', { value: JSON.stringify({ action: m.id, actor: by }), lang: 'zh-CN' }, m.label)))] : []));
      list.replaceChildren(...store.get(r.id).map((ev, i) => h('li', {}, `${ev.date} `, zh(stepName(ev)), ' ',
        h('button', { type: 'button', class: 'button secondary', 'data-index': String(i), onclick: () => {
          const events = store.get(r.id).filter((_, j) => j !== i);
          if (!store.set(r.id, events)) { say(t('storageFull'), true); return; }
          refresh();
        } }, t('remove')))));
    };
    const form = h('form', { novalidate: true, id: 'ledger-record', onsubmit: (ev) => {
      ev.preventDefault();
      const typed = readDate(date.value, { lang: t.lang });
      const problem = typed.empty ? t('ledgerDateMissing') : typed.ok === false ? typed.message : typed.date > today() ? t('ledgerDateFuture', typed.date) : null;
      if (problem) { error.textContent = problem; error.hidden = false; date.setAttribute('aria-invalid', 'true'); date.focus(); return; }
      const s = JSON.parse(step.value);
      const event = { action: s.action, actor: s.actor, ...(s.to ? { to: s.to } : {}), date: typed.date };
      if (!store.set(matter.value, [...store.get(matter.value), event])) { say(t('storageFull'), true); return; }
      const keep = matter.value;
      refresh().then(() => { const m = root.getElementById('ledger-record-matter'); if (m) { m.value = keep; m.dispatchEvent(new Event('change')); } });
    } },
    h('h3', {}, t('ledgerRecordTitle')),
    h('div', { class: 'question' }, h('label', { for: 'ledger-record-matter', class: 'label-small' }, t('ledgerRecordMatter')), matter),
    h('div', { class: 'question' }, h('label', { for: 'ledger-record-step', class: 'label-small' }, t('ledgerRecordStep')), step),
    h('div', { class: 'question' }, h('label', { for: 'ledger-record-date', class: 'label-small' }, t('ledgerRecordDate')), error, date),
    h('button', { type: 'submit', class: 'button', id: 'ledger-record-save' }, t('ledgerRecordSave')));
    fillSteps();
    recordBox.replaceChildren(form, h('p', { class: 'hint' }, t('ledgerRecorded')), list);
  }

  // Dropped ledgers: JSON Lines as text, workbooks through the reader (web/js/read/reader.js: in its
  // worker, sizes and dimensions checked before inflating or iterating, cancellable). Each file's
  // size is checked before it is read into memory.
  async function importFiles(files) {
    importInput.value = '';
    if (!files.length) return;
    const parts = [];
    for (const f of files) {
      const read = fileRead(f, t);
      const xlsx = /\.xlsx$/i.test(f.name);
      const tooLarge = read.tooLarge(xlsx ? reader.limits.kWorkbookBytes : reader.limits.kLedgerBytes);
      if (tooLarge) { say(tooLarge, true); return; }
      if (xlsx) {
        say(read.line);
        let r;
        try {
          r = await reader.ledgerLines(new Uint8Array(await f.arrayBuffer()), { signal: read.signal, words: { names, actions } });
        } catch (err) {
          if (err instanceof ReadCancelled) say(read.cancelled());
          else say(read.refused(err), true);
          return;
        }
        if (!r.ok) { say(t('ledgerXlsxRefused', f.name, zh(r.errors.slice(0, 5).join('；'))), true); return; }
        parts.push(ledgerJsonl(r.lines));
      } else {
        parts.push(`${(await f.text()).replace(/^\uFEFF/, '').replace(/\r/g, '')}\n`);
      }
    }
    imported = { name: files.map((f) => f.name).join('、'), text: parts.join('') };
    filter.value = '';
    await refresh();
  }

  async function exportXlsx() {
    if (!view) await refresh();
    let XLSX;
    try { XLSX = await loadXlsx(base); } catch (err) { say(zh(err.message), true); return; }
    const wb = ledgerWorkbook(XLSX, view.rows, { names, actions, items, depts: itemDept, columns: pack.actions.filter((a) => a.column).map((a) => ({ action: a.id, heading: a.column })), enums: pack.vocabulary?.enums ?? [] });
    download(root, XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }), `台账 ${today()}.xlsx`,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    say(t('ledgerExported', view.rows.length));
  }

  async function exportIcs() {
    if (!view) await refresh();
    const e = view.engine;
    // The working day before `due`: the latest earlier day that is the first working day after its own eve.
    const alarmDay = (due) => {
      let c = dayBefore(due);
      for (let i = 0; i < 40; i += 1, c = dayBefore(c)) {
        const r = e.workdays(dayBefore(c), 1);
        if (r.ok && r.due === c) return c;
      }
      return dayBefore(due);
    };
    const events = deadlineEvents(view.rows, { names, actions, alarmDay });
    download(root, icsCalendar(events), `期限 ${today()}.ics`, 'text/calendar');
    say(t('ledgerIcsExported', events.length));
  }

  return section;
}
