// catalogue-import — 事项目录: the office imports its own catalogue of devolved items (赋权事项清单) from
// .csv (UTF-8 or GBK, as Excel and WPS save it) or .xlsx. The page only reads the file into rows of
// cells (.xlsx through @e965/xlsx in the reader's worker: web/js/read/reader.js, which checks the
// file's declared sizes and dimensions before inflating or iterating, and can be cancelled); the engine
// (importCatalogue) maps the headers, recognises departments, towns, yes/no and dates, infers the
// categories and reports every bad row with its row and column. A row whose name tells no category is
// asked for (a choice per row, never the whole file refused for it); inferred categories are shown for
// confirmation and can be changed per row; the choices are kept by item name, so choosing a corrected
// file again keeps them. The page offers the template (forms/catalogue-template.csv) for download and
// names no file of the repository. Nothing is used until 采用此目录, and the catalogue in force stays
// until then. The accepted catalogue is kept in this browser per storage key and can be removed (back
// to the bundled one).
//
// Inputs: catalogueImport({engine, store, current, reader, onChange, categories, t}) → a <details> section.
// `engine()` gives the engine (null until loaded); `current()` the catalogue in force as describePack
// gives it; `reader` the page's file reader (reader.js: catalogueRows(bytes, {signal}) → [[cell]],
// limits); onChange() after accept/remove;
// `categories` the pack's category question's options ({value, label}), named as that question names
// them; `t` the page's strings. File names and titles are data; the engine's row messages and column
// names are Chinese, and marked so on the English page.
import { download, h, zh } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';
import { sha256Hex } from '../../attachments.js';
import { makeStrings } from '../../strings.js';
import TEMPLATE from '../../../../forms/catalogue-template.csv';
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
  // Title, size and date: an official's words (the catalogue's digest stays in the plan and packet).
  return t('catalogueInUse', c.title ? zh(c.title) : '', c.items.length,
    { sample: !!c.sample, imported: c.sample ? '' : c.source?.imported });
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
  // The official's choices of category, by item name (+ department as written): kept when a corrected
  // file is chosen again, where the rows may have moved. `rowNames` maps them onto the current file's rows.
  const chosenByName = new Map();
  let rowNames = new Map();  // row → name key, as the engine last reported them
  const nameKey = (name) => String(name ?? '').trim();
  const chosenRows = () => Object.fromEntries([...rowNames].filter(([, k]) => chosenByName.has(k)).map(([row, k]) => [row, chosenByName.get(k)]));

  const draw = () => {
    const c = current();
    inUse.replaceChildren(...catalogueLine(c, t));
    restore.hidden = !store.get();
  };
  const today = () => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };

  // A category chosen by the official for one row (the list has no 类别, or the name says nothing).
  const categoryChoice = (row, value, name) => h('select', { 'aria-label': t('catalogueRowCategory', row, name), 'data-row': String(row),
    onchange: (e) => { if (e.target.value) chosenByName.set(nameKey(name), e.target.value); else chosenByName.delete(nameKey(name)); check(); } },
  value ? '' : h('option', { value: '' }, t('catalogueChooseCategory')),
  categories.map((o) => h('option', { value: o.value, selected: value === o.value }, t.label(o.label))));

  const check = () => {
    const api = engine();
    if (!api) { say(t('engineNotLoaded')); return; }
    // The choices made by name, on this file's rows: the engine names the rows it cannot infer (with the
    // item's name); a second pass applies choices made for those names before.
    let r = api.importCatalogue({ ...source, categories: chosenRows() });
    const learn = (res) => {
      for (const e of res.errors ?? []) if (e.field === 'category' && e.row) rowNames.set(e.row, nameKey(e.name));
      for (const i of res.catalogue?.items ?? []) if (i.row) rowNames.set(i.row, nameKey(i.name));
    };
    learn(r);
    if (!r.ok && (r.errors ?? []).some((e) => e.field === 'category' && chosenByName.has(nameKey(e.name)))) {
      r = api.importCatalogue({ ...source, categories: chosenRows() });
      learn(r);
    }
    if (!r.ok) {
      const errs = r.errors ?? [r.error];
      const asks = errs.filter((e) => e.field === 'category');
      const wrong = errs.filter((e) => e.field !== 'category');
      say();
      const parts = [];
      if (wrong.length) {
        parts.push(h('div', { class: 'error-summary', role: 'alert', id: 'catalogue-errors' },
          h('p', {}, t('catalogueProblems', source.file, wrong.length)),
          h('table', { class: 'row-errors' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('catalogueColRow')), h('th', { scope: 'col' }, t('catalogueColColumn')), h('th', { scope: 'col' }, t('catalogueColProblem')))),
            h('tbody', {}, wrong.map((e) => h('tr', { 'data-row': String(e.row ?? ''), 'data-column': e.column ?? '' },
              h('td', {}, e.row ? t('catalogueRow', e.row) : t('catalogueWholeSheet')), h('td', {}, e.column ? zh(e.column) : '—'),
              h('td', {}, zh(e.message)))))),
          h('p', { class: 'hint' }, t('catalogueRowsHint'))));
      }
      // What the names do not tell: asked row by row; the rest of the file waits for nothing else.
      if (asks.length) {
        parts.push(h('div', { class: 'catalogue-ask', id: 'catalogue-ask' },
          h('p', {}, t('catalogueAsk', asks.length)),
          h('table', { class: 'inferred' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('catalogueColRow')), h('th', { scope: 'col' }, t('catalogueColName')), h('th', { scope: 'col' }, t('catalogueColCategory')))),
            h('tbody', {}, asks.map((e) => h('tr', { 'data-row': String(e.row) },
              h('td', {}, t('catalogueRow', e.row)), h('td', {}, zh(e.name ?? '')), h('td', {}, categoryChoice(e.row, chosenByName.get(nameKey(e.name)) ?? '', e.name))))))));
      }
      result.replaceChildren(...parts);
      return;
    }
    const chosenNow = chosenRows();
    const inferred = r.catalogue.items.filter((i) => i.note || chosenNow[i.row]);
    result.replaceChildren(h('div', { class: 'catalogue-preview', id: 'catalogue-preview' },
      h('p', {}, t('cataloguePreview', source.file, r.items, r.devolved, r.revoked)),
      inferred.length ? h('div', {},
        h('p', {}, t('catalogueInferred', inferred.length)),
        h('table', { class: 'inferred', id: 'catalogue-inferred' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('catalogueColRow')), h('th', { scope: 'col' }, t('catalogueColName')), h('th', { scope: 'col' }, t('catalogueColCategory')))),
          h('tbody', {}, inferred.map((i) => h('tr', {},
            h('td', {}, t('catalogueRow', i.row)), h('td', {}, zh(i.name)),
            h('td', {}, categoryChoice(i.row, i.category, i.name))))))) : '',
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
      rowNames = new Map();  // the choices by name stay; the rows are this file's
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
    h('div', { class: 'nav' }, h('label', { for: 'catalogue-file', class: 'button secondary' }, t('catalogueChoose')), input,
      // The template, as a file Excel and WPS open with its Chinese headers (UTF-8 with a BOM).
      h('button', { type: 'button', class: 'button secondary', id: 'catalogue-template', onclick: () => {
        download(section, `\uFEFF${TEMPLATE}`, '赋权事项目录模板.csv', 'text/csv;charset=utf-8');
        say(t('catalogueTemplateSaved'));
      } }, t('catalogueTemplate')),
      restore),
    status, result);
  section.refresh = draw;
  return section;
}
