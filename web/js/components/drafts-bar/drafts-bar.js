// drafts-bar — 草稿: which draft is open, and 新建 / 导出 / 导入 / 重命名 / 删除. It stores nothing and
// decides nothing: every action is reported to the element, which owns the drafts (drafts.js).
//
// Inputs: draftsBar({t, onOpen(name), onNew(), onExport(), onImport(file), onRename(button), onDelete(button)})
//   t   the page's strings (strings.js)
//   onRename/onDelete get their button, where focus returns when the dialog closes.
// Returns {element, select, show(names, current)}: show() lists the drafts, `current` selected.
import { h } from '../../dom.js';

export function draftsBar({ t, onOpen, onNew, onExport, onImport, onRename, onDelete }) {
  const select = h('select', { id: 'draft-select', onchange: () => onOpen(select.value) });
  const importInput = h('input', { type: 'file', id: 'draft-import', accept: '.json,application/json', class: 'visually-hidden',
    onchange: () => {
      const file = importInput.files[0];
      importInput.value = '';
      if (file) onImport(file);
    } });
  const element = h('div', { class: 'drafts' },
    h('label', { for: 'draft-select' }, t('drafts')), select,
    h('button', { type: 'button', class: 'button secondary', onclick: () => onNew() }, t('draftNew')),
    h('button', { type: 'button', class: 'button secondary', id: 'draft-export', onclick: () => onExport() }, t('draftExport')),
    h('label', { for: 'draft-import', class: 'button secondary' }, t('draftImport')), importInput,
    h('button', { type: 'button', class: 'button secondary', id: 'draft-rename', 'aria-haspopup': 'dialog',
      onclick: (e) => onRename(e.currentTarget) }, t('draftRename')),
    h('button', { type: 'button', class: 'button secondary', id: 'draft-delete', 'aria-haspopup': 'dialog',
      onclick: (e) => onDelete(e.currentTarget) }, t('draftDelete')));
  const show = (names, current) => {
    select.replaceChildren(...names.map((n) => h('option', { value: n, selected: n === current }, n)));
  };
  return { element, select, show };
}
