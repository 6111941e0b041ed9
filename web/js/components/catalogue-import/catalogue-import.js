// catalogue-import — 事项目录: the office imports its own catalogue of devolved items (赋权事项清单) from
// .csv (UTF-8 or GBK, as Excel and WPS save it) or .xlsx. The page only reads the file into rows of
// cells (.xlsx through @e965/xlsx in the reader's worker: web/js/read/reader.js, which checks the
// file's declared sizes and dimensions before inflating or iterating, and can be cancelled); the engine
// (importCatalogue) maps the headers, recognises departments, towns, yes/no and dates, infers the
// categories and reports every bad row with its row and column. Inferred categories are shown for
// confirmation and can be changed per row; nothing is used until 采用此目录, and the catalogue in
// force stays until then. The accepted catalogue is kept in this browser per storage key and can be
// removed (back to the bundled one).
//
// Inputs: catalogueImport({engine, store, current, reader, onChange, categories, t}) → a <details> section.
// `engine()` gives the engine (null until loaded); `current()` the catalogue in force as describePack
// gives it; `reader` the page's file reader (reader.js: catalogueRows(bytes, {signal}) → [[cell]],
// limits); onChange() after accept/remove;
// `categories` the pack's category question's options ({value, label}), named as that question names
// them; `t` the page's strings. File names and titles are data; the engine's row messages and column
// names are Chinese, and marked so on the English page.
import { h, zh } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';
import { sha256Hex } from '../../attachments.js';
import { makeStrings } from '../../strings.js';
import { ReadCancelled } from '../../read/reader.js';
import { fileRead } from '../../read/reading.js';

const KEY = 'referral-assistant:catalogue/v1';

// The accepted catalogue: {catalogue: referral-catalogue/1, file, sha256, imported, items} or null.
export class CatalogueStore {
  constructor(storage = globalThis.localStorage, namespace = '') {
    this.storage = storage;
    this.key = namespace ? `${storagePrefix(namespace)}catalogue/v1` : KEY;
  }
  get() {
    try {
      const v = JSON.parse(this.storage?.getItem(this.key) || 'null');
      return v && v.catalogue && typeof v.catalogue === 'object' ? v : null;
    } catch { return null; }
  }
  save(v) { try { this.storage.setItem(this.key, JSON.stringify(v)); return true; } catch { return false; } }
  clear() { try { this.storage.removeItem(this.key); return true; } catch { return false; } }
}

// One line naming the catalogue in force (header and this section), as nodes.
export function catalogueLine(c, t = makeStrings('zh')) {
  if (!c) return [];
  return t('catalogueInUse', c.title ? zh(c.title) : '', c.items.length,
    { sample: !!c.sample, imported: c.sample ? '' : c.source?.imported, digest: c.sha256?.slice(0, 12) });
}

// A CSV file's text: UTF-8 when it is valid UTF-8, else GBK/GB18030 (what Excel and WPS write on
// Chinese Windows).
export function decodeCsv(bytes) {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { return new TextDecoder('gb18030').decode(bytes); }
}

export function catalogueImport({ engine, store, current, reader, onChange, categories = [], t = makeStrings('zh') }) {
  const status = h('p', { class: 'hint', role: 'status', id: 'catalogue-status' });
  const say = (...nodes) => status.replaceChildren(...nodes.flat());
  const inUse = h('p', { id: 'catalogue-in-use' });
  const result = h('div', { id: 'catalogue-result' });
  const restore = h('button', { type: 'button', class: 'button secondary', id: 'catalogue-restore', onclick: () => {
    store.clear();
    result.replaceChildren();
    onChange?.();
    draw();
    say(t('catalogueRestored'));
  } }, t('catalogueRestore'));
  let source = null;    // {file, sha256, imported, rows | csv}
  let chosen = {};      // row → category, the official's choices

  const draw = () => {
    const c = current();
    inUse.replaceChildren(...catalogueLine(c, t));
    restore.hidden = !store.get();
  };
  const today = () => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };

  // A category chosen by the official for one row (the list has no 类别, or the name says nothing).
  const categoryChoice = (row, value) => h('select', { 'aria-label': t('catalogueRowCategory', row), 'data-row': String(row),
    onchange: (e) => { chosen[row] = e.target.value; check(); } },
  value ? '' : h('option', { value: '' }, t('catalogueChooseCategory')),
  categories.map((o) => h('option', { value: o.value, selected: value === o.value }, t.label(o.label))));

  const check = () => {
    const api = engine();
    if (!api) { say(t('engineNotLoaded')); return; }
    const r = api.importCatalogue({ ...source, categories: chosen });
    if (!r.ok) {
      const errs = r.errors ?? [r.error];
      say();
      result.replaceChildren(h('div', { class: 'error-summary', role: 'alert', id: 'catalogue-errors' },
        h('p', {}, t('catalogueProblems', source.file, errs.length)),
        h('table', { class: 'row-errors' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('catalogueColRow')), h('th', { scope: 'col' }, t('catalogueColColumn')), h('th', { scope: 'col' }, t('catalogueColProblem')))),
          h('tbody', {}, errs.map((e) => h('tr', { 'data-row': String(e.row ?? ''), 'data-column': e.column ?? '' },
            h('td', {}, e.row ? t('catalogueRow', e.row) : t('catalogueWholeSheet')), h('td', {}, e.column ? zh(e.column) : '—'),
            h('td', {}, zh(e.message), e.code === 'missing_field' && /推断类别/.test(e.message) ? categoryChoice(e.row, '') : ''))))),
        h('p', { class: 'hint' }, t('catalogueRowsHint'))));
      return;
    }
    const inferred = r.catalogue.items.filter((i) => i.note || chosen[i.row]);
    result.replaceChildren(h('div', { class: 'catalogue-preview', id: 'catalogue-preview' },
      h('p', {}, t('cataloguePreview', source.file, r.items, r.devolved, r.revoked)),
      inferred.length ? h('div', {},
        h('p', {}, t('catalogueInferred', inferred.length)),
        h('table', { class: 'inferred', id: 'catalogue-inferred' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('catalogueColRow')), h('th', { scope: 'col' }, t('catalogueColName')), h('th', { scope: 'col' }, t('catalogueColCategory')))),
          h('tbody', {}, inferred.map((i) => h('tr', {},
            h('td', {}, t('catalogueRow', i.row)), h('td', {}, zh(i.name)),
            h('td', {}, categoryChoice(i.row, i.category))))))) : '',
      h('div', { class: 'nav' },
        h('button', { type: 'button', class: 'button', id: 'catalogue-accept', onclick: () => accept(r.catalogue) }, t('catalogueAccept')),
        h('button', { type: 'button', class: 'button secondary', onclick: () => { result.replaceChildren(); say(t('catalogueNotTaken')); } }, t('cancel')))));
    say(t('catalogueChecked'));
  };
  const accept = (catalogue) => {
    const previous = store.get();
    if (!store.save({ catalogue, file: source.file, sha256: source.sha256, imported: source.imported, items: catalogue.items.length })) {
      say(t('storageFull'));
      return;
    }
    const r = onChange?.();
    if (r && r.ok === false) {  // the engine refused it: the catalogue in force stays
      if (previous) store.save(previous); else store.clear();
      say(t('catalogueEngineRefused', zh(r.error?.message ?? '')));
      return;
    }
    result.replaceChildren();
    draw();
    say(t('catalogueTaken', source.file));
  };
  const input = h('input', { type: 'file', id: 'catalogue-file', class: 'visually-hidden',
    accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      result.replaceChildren();
      chosen = {};
      const xlsx = /\.xlsx$/i.test(file.name);
      const read = fileRead(file, t);
      // The size first, from the file itself: nothing past the limit is read into memory.
      const tooLarge = read.tooLarge(xlsx ? reader.limits.kWorkbookBytes : reader.limits.kCatalogueBytes);
      if (tooLarge) { say(); result.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, tooLarge)); return; }
      const bytes = new Uint8Array(await file.arrayBuffer());
      source = { file: file.name, sha256: await sha256Hex(bytes), imported: today() };
      if (xlsx) {
        say(read.line);
        try {
          source.rows = await reader.catalogueRows(bytes, { signal: read.signal });
        } catch (err) {
          say();
          if (err instanceof ReadCancelled) { say(read.cancelled()); return; }
          result.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, read.refused(err)));
          return;
        }
      } else if (/\.csv$/i.test(file.name)) {
        source.csv = decodeCsv(bytes);
      } else {
        result.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, t('catalogueNotSheet', file.name)));
        return;
      }
      check();
    } });
  draw();
  const section = h('details', { class: 'office data-import', id: 'catalogue-import' },
    h('summary', {}, t('catalogueTitle')),
    inUse,
    h('p', { class: 'hint' }, t('catalogueIntro', zh('事项名称、原实施部门、赋权时间'))),
    h('div', { class: 'nav' }, h('label', { for: 'catalogue-file', class: 'button secondary' }, t('catalogueChoose')), input, restore),
    status, result);
  section.refresh = draw;
  return section;
}
