// pack-import — 适用的协作办法: another county's rules as one file (`.referral-pack`, written by
// `referral pack-file DIR`), imported from disk like the 事项目录. The engine checks it in full
// (usePack: the file's digest, then every file of the pack; an imported pack is never trusted) and
// names every problem with its file and place (JSON Pointer), shown as the catalogue's row errors
// are; the pack in force stays until a file passes. The accepted file is kept in this browser per
// storage key (the catalogue's namespace rules, drafts.js storagePrefix) and put in force again when
// the element starts; 恢复内置办法 removes it. The pack in force is named from the engine's own
// description (describePack().pack), never from the file's header.
//
// Inputs: packImport({use, restore, current, store, limit, onChange, t}) → a <details> section.
// `use(text)` puts a pack file's text in force and gives the engine's reply (usePack); `restore()` the
// built-in pack (useBuiltInPack; in a single file built for a pack, that pack) and its reply;
// `current()` {pack: the pack in force as describePack names it, imported}; `store` a PackStore;
// `officeCatalogue()` whether the office's own catalogue is laid over the pack (configure), which a
// pack it does not fit refuses with errors of catalogue.json;
// `limit` the largest file read (limits.kPackArchiveBytes); `onChange(message)` once another pack is
// in force (the element draws itself again under it and says `message`); `t` the page's strings.
import { h, zh } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';
import { makeStrings } from '../../strings.js';

const KEY = 'referral-assistant:pack/v1';

// The accepted pack file: {text, file, imported, pack: {id, version, number, title}} or null.
export class PackStore {
  constructor(storage = globalThis.localStorage, namespace = '') {
    this.storage = storage;
    this.key = namespace ? `${storagePrefix(namespace)}pack/v1` : KEY;
  }
  get() {
    try {
      const v = JSON.parse(this.storage?.getItem(this.key) || 'null');
      return v && typeof v.text === 'string' ? v : null;
    } catch { return null; }
  }
  save(v) { try { this.storage.setItem(this.key, JSON.stringify(v)); return true; } catch { return false; } }
  clear() { try { this.storage.removeItem(this.key); return true; } catch { return false; } }
}

// The problems of a refused pack file as a table: the file (the pack's own file, else the one chosen),
// the place in it, and the engine's message. `clash`: the office's own catalogue is among them (it does
// not fit this pack), which the official can act on.
export function packProblems(file, reply, t = makeStrings('zh'), clash = false) {
  const errors = reply.errors?.length ? reply.errors : [reply.error ?? { message: '' }];
  return h('div', { class: 'error-summary', role: 'alert', id: 'pack-errors' },
    h('p', {}, t('packProblems', file, errors.length)),
    h('table', { class: 'row-errors pack-errors' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('packColFile')), h('th', { scope: 'col' }, t('packColWhere')), h('th', { scope: 'col' }, t('packColProblem')))),
      h('tbody', {}, errors.map((e) => h('tr', { 'data-file': e.file ?? '', 'data-pointer': e.path ?? '' },
        h('td', {}, e.file || file), h('td', {}, h('code', {}, e.path || t('packWholeFile'))), h('td', {}, zh(e.message ?? '')))))),
    clash ? h('p', {}, t('packCatalogueClash')) : '',
    h('p', { class: 'hint' }, t('packProblemsHint')));
}

export function packImport({ use, restore, current, store, officeCatalogue = () => false, limit = 32 << 20, onChange, t = makeStrings('zh') }) {
  const inUse = h('p', { id: 'pack-in-use' });
  const result = h('div', { id: 'pack-result' });
  const restoreButton = h('button', { type: 'button', class: 'button secondary', id: 'pack-restore', onclick: () => {
    const r = restore();
    result.replaceChildren();
    if (!r.ok) { result.replaceChildren(packProblems('', r, t)); return; }
    store.clear();
    onChange?.(t('packRestored', t('packName', r.pack)));
  } }, t('packRestore'));
  const draw = () => {
    const c = current();
    inUse.replaceChildren(...(c ? t('packInUse', zh(t('packName', c.pack)), c.imported) : []));
    restoreButton.hidden = !store.get();
  };
  const input = h('input', { type: 'file', id: 'pack-file', class: 'visually-hidden', accept: '.referral-pack,application/json',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      result.replaceChildren();
      // The size first, from the file itself: nothing past the limit is read into memory.
      if (file.size > limit) {
        result.replaceChildren(packProblems(file.name, { ok: false, error: { code: 'too_large', path: '', message: t('packTooLarge', Math.round(limit / 1048576)) } }, t));
        return;
      }
      const text = await file.text();
      const previous = store.get();
      const r = use(text);
      if (!r.ok) {
        const clash = officeCatalogue() && (r.errors ?? []).some((x) => x.file === 'catalogue.json');
        result.replaceChildren(packProblems(file.name, r, t, clash));
        draw();
        return;
      }
      if (!store.save({ text, file: file.name, imported: new Date().toISOString().slice(0, 10), pack: r.pack })) {
        // Not kept, so not in force: the pack before it again.
        if (previous) use(previous.text); else restore();
        draw();
        result.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, t('packStorageFull')));
        return;
      }
      onChange?.(t('packTaken', file.name, t('packName', r.pack)));
    } });
  draw();
  const section = h('details', { class: 'office data-import', id: 'pack-import' },
    h('summary', {}, t('packTitle')),
    inUse,
    h('p', { class: 'hint' }, t('packIntro')),
    h('div', { class: 'nav' }, h('label', { for: 'pack-file', class: 'button secondary' }, t('packChoose')), input, restoreButton),
    result);
  section.refresh = draw;
  return section;
}
