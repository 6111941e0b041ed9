// catalogue-import — 事项目录: the office imports its own catalogue of devolved items (赋权事项清单) from
// .csv (UTF-8 or GBK, as Excel and WPS save it) or .xlsx. The page only reads the file into rows of
// cells (.xlsx through @e965/xlsx, loaded only when an .xlsx is chosen: xlsx-reader.js); the engine
// (importCatalogue) maps the headers, recognises departments, towns, yes/no and dates, infers the
// categories and reports every bad row with its row and column. Inferred categories are shown for
// confirmation and can be changed per row; nothing is used until 采用此目录, and the catalogue in
// force stays until then. The accepted catalogue is kept in this browser per storage key and can be
// removed (back to the bundled one).
//
// Inputs: catalogueImport({engine, store, current, loadXlsx, onChange}) → a <details> section.
// `engine()` gives the engine (null until loaded); `current()` the catalogue in force as describePack
// gives it; `loadXlsx()` resolves to {sheetRows(bytes) → [[cell]]}; onChange() after accept/remove.
import { h } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';
import { sha256Hex } from '../../attachments.js';

const KEY = 'referral-assistant:catalogue/v1';
export const CATEGORY_LABELS = {
  licensed_violation: '应批已批', unlicensed: '应批未批', prohibited: '禁止类', liability_without_licence: '有法律责任但无许可规定',
  overdue_obligation: '当事人未按期履行义务', qualification: '资格、资质类',
};

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

// One line naming the catalogue in force (header and this section).
export function catalogueLine(c) {
  if (!c) return '';
  const digest = c.sha256 ? `，SHA-256 ${c.sha256.slice(0, 12)}…` : '';
  if (c.sample) return `事项目录：${c.title || '内置示例目录'}（${c.items.length} 项，示例数据${digest}）`;
  const when = c.source?.imported ? `，${c.source.imported} 导入` : '';
  return `事项目录：${c.title}（${c.items.length} 项${when}${digest}）`;
}

// A CSV file's text: UTF-8 when it is valid UTF-8, else GBK/GB18030 (what Excel and WPS write on
// Chinese Windows).
export function decodeCsv(bytes) {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { return new TextDecoder('gb18030').decode(bytes); }
}

export function catalogueImport({ engine, store, current, loadXlsx, onChange }) {
  const status = h('p', { class: 'hint', role: 'status', id: 'catalogue-status' });
  const inUse = h('p', { id: 'catalogue-in-use' });
  const result = h('div', { id: 'catalogue-result' });
  const restore = h('button', { type: 'button', class: 'button secondary', id: 'catalogue-restore', onclick: () => {
    store.clear();
    result.replaceChildren();
    onChange?.();
    draw();
    status.textContent = '已恢复使用内置示例目录。';
  } }, '恢复内置示例目录');
  let source = null;    // {file, sha256, imported, rows | csv}
  let chosen = {};      // row → category, the official's choices

  const draw = () => {
    const c = current();
    inUse.textContent = catalogueLine(c);
    restore.hidden = !store.get();
  };
  const today = () => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };

  // A category chosen by the official for one row (the list has no 类别, or the name says nothing).
  const categoryChoice = (row, value) => h('select', { 'aria-label': `第 ${row} 行的类别`, 'data-row': String(row),
    onchange: (e) => { chosen[row] = e.target.value; check(); } },
  value ? '' : h('option', { value: '' }, '请选择类别'),
  Object.entries(CATEGORY_LABELS).map(([id, label]) => h('option', { value: id, selected: value === id }, label)));

  const check = () => {
    const api = engine();
    if (!api) { status.textContent = '规则引擎尚未加载，请稍候再试。'; return; }
    const r = api.importCatalogue({ ...source, categories: chosen });
    if (!r.ok) {
      const errs = r.errors ?? [r.error];
      status.textContent = '';
      result.replaceChildren(h('div', { class: 'error-summary', role: 'alert', id: 'catalogue-errors' },
        h('p', {}, `“${source.file}”有 ${errs.length} 处问题，未导入；目前使用的目录不变：`),
        h('table', { class: 'row-errors' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '行'), h('th', { scope: 'col' }, '列'), h('th', { scope: 'col' }, '问题'))),
          h('tbody', {}, errs.map((e) => h('tr', { 'data-row': String(e.row ?? ''), 'data-column': e.column ?? '' },
            h('td', {}, e.row ? `第 ${e.row} 行` : '整表'), h('td', {}, e.column || '—'),
            h('td', {}, e.message, e.code === 'missing_field' && /推断类别/.test(e.message) ? categoryChoice(e.row, '') : ''))))),
        h('p', { class: 'hint' }, '行号与电子表格中显示的一致（表头为第 1 行）。修改文件后重新选择。')));
      return;
    }
    const inferred = r.catalogue.items.filter((i) => i.note || chosen[i.row]);
    result.replaceChildren(h('div', { class: 'catalogue-preview', id: 'catalogue-preview' },
      h('p', {}, `“${source.file}”：${r.items} 项，其中赋权镇 ${r.devolved} 项、已收回 ${r.revoked} 项。`),
      inferred.length ? h('div', {},
        h('p', {}, `以下 ${inferred.length} 项的类别由事项名称推断，请核对，可逐项修改：`),
        h('table', { class: 'inferred', id: 'catalogue-inferred' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '行'), h('th', { scope: 'col' }, '事项名称'), h('th', { scope: 'col' }, '类别'))),
          h('tbody', {}, inferred.map((i) => h('tr', {},
            h('td', {}, `第 ${i.row} 行`), h('td', {}, i.name),
            h('td', {}, categoryChoice(i.row, i.category))))))) : '',
      h('div', { class: 'nav' },
        h('button', { type: 'button', class: 'button', id: 'catalogue-accept', onclick: () => accept(r.catalogue) }, '采用此目录'),
        h('button', { type: 'button', class: 'button secondary', onclick: () => { result.replaceChildren(); status.textContent = '未采用。'; } }, '取消'))));
    status.textContent = '目录无误，请核对后采用。';
  };
  const accept = (catalogue) => {
    const previous = store.get();
    if (!store.save({ catalogue, file: source.file, sha256: source.sha256, imported: source.imported, items: catalogue.items.length })) {
      status.textContent = '未能保存：浏览器存储已满或被禁用。';
      return;
    }
    const r = onChange?.();
    if (r && r.ok === false) {  // the engine refused it: the catalogue in force stays
      if (previous) store.save(previous); else store.clear();
      status.textContent = `规则引擎未能使用此目录：${r.error?.message ?? ''}`;
      return;
    }
    result.replaceChildren();
    draw();
    status.textContent = `已采用“${source.file}”：此后的移送计划按此目录判断。`;
  };
  const input = h('input', { type: 'file', id: 'catalogue-file', class: 'visually-hidden',
    accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      result.replaceChildren();
      chosen = {};
      const bytes = new Uint8Array(await file.arrayBuffer());
      source = { file: file.name, sha256: await sha256Hex(bytes), imported: today() };
      if (/\.xlsx$/i.test(file.name)) {
        status.textContent = '正在读取 .xlsx …';
        try {
          source.rows = (await loadXlsx()).sheetRows(bytes);
        } catch (err) {
          status.textContent = '';
          result.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, `无法读取“${file.name}”：不是有效的 .xlsx 文件（${err?.message ?? err}）。`));
          return;
        }
      } else if (/\.csv$/i.test(file.name)) {
        source.csv = decodeCsv(bytes);
      } else {
        result.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, `“${file.name}”不是 .csv 或 .xlsx 文件。`));
        return;
      }
      check();
    } });
  draw();
  const section = h('details', { class: 'office data-import', id: 'catalogue-import' },
    h('summary', {}, '事项目录'),
    inUse,
    h('p', { class: 'hint' }, '导入本市公布的赋权事项目录（.xlsx 或 .csv，可用 forms/catalogue-template.csv 的列名，也可直接用官方表格的“事项名称、原实施部门、赋权时间”等列）。'),
    h('div', { class: 'nav' }, h('label', { for: 'catalogue-file', class: 'button secondary' }, '选择目录文件'), input, restore),
    status, result);
  section.refresh = draw;
  return section;
}
