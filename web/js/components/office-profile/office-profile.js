// office-profile — 本单位设置: which town government or department this office is, its 文号 (机关代字
// and the next 序号), its 联系部门, 联系人 and phone, and the leader who usually approves transfers.
// Kept in this browser (localStorage), exportable and importable as a file; the first page and every
// packet are pre-filled from it, so nothing is typed twice. The 文号 is one sequence that only moves
// forward (numbering.js): every 文号 exported is recorded, the next one offered is past it, and saving the
// form again (a new phone number) never takes the 序号 back.
//
// Inputs: officeProfile({doc, authorities, store, onChange, onExport, onImportFile, year, t}) → an element
// (a <details> section, closed: the first question stays on the first screen); `year()`: this year (China
// time); `t`: the page's strings (strings.js).
// Events: none; onChange(profile) is called after every save.
import { h } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';
import { makeStrings } from '../../strings.js';
import { highestIssued, nextSequence, proposedNumber, withIssued } from './numbering.js';

export { proposedNumber };

export const OFFICE_SCHEMA = 'referral-office/1';
const KEY = 'referral-assistant:office';
const FIELDS = [
  { id: 'prefix', label: { zh: '文号机关代字', en: 'Document number prefix' }, hint: { zh: '如：启环移（文号写作 启环移〔2026〕9号）', en: 'The prefix of this office in its document numbers, before the year' } },
  { id: 'next_number', label: { zh: '下一个文号序号', en: 'Next document number' }, hint: { zh: '导出一份材料包后自动跳到下一个；已发出的文号不会再用', en: 'Moves on after each packet exported; a number once used is never offered again' }, inputmode: 'numeric' },
  { id: 'contact_unit', label: { zh: '联系部门', en: 'Contact section' }, hint: { zh: '负责移送工作的内设科室，如：执法监督科', en: 'The section in charge of transfers' } },
  { id: 'contact_person', label: { zh: '联系人', en: 'Contact person' } },
  { id: 'contact_phone', label: { zh: '联系电话', en: 'Contact phone' }, hint: { zh: '手机号或带区号的固定电话', en: 'A mobile number, or a landline with its area code' }, type: 'tel' },
  { id: 'leader', label: { zh: '通常批准移送的负责人', en: 'Head who usually approves transfers' } },
];

const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);

// The members of a profile (the portal's `data.office`, web/EMBEDDING.md).
export const PROFILE_MEMBERS = ['authority', ...FIELDS.map((f) => f.id)];

// The profile as stored: every member a string, next_number a positive integer or absent (with
// next_year, the year it was set for), issued the 文号 exported ({number, date, draft?, transfer?, title?}).
export function cleanProfile(p) {
  if (!isObj(p)) return null;
  const out = {};
  for (const k of PROFILE_MEMBERS) {
    const v = p[k];
    if (k === 'next_number') { const n = Number(v); if (Number.isInteger(n) && n > 0) out[k] = n; continue; }
    if (typeof v === 'string' && v.trim()) out[k] = v.trim();
  }
  if (Number.isInteger(p.next_year)) out.next_year = p.next_year;
  if (Array.isArray(p.issued)) {
    out.issued = p.issued.filter((r) => isObj(r) && typeof r.number === 'string' && typeof r.date === 'string')
      .map((r) => Object.fromEntries(['number', 'date', 'draft', 'transfer', 'title'].filter((k) => typeof r[k] === 'string').map((k) => [k, r[k]])));
  }
  return out;
}

export class OfficeProfileStore {
  // With a storage namespace (the element's `storage-key`) the profile is kept under that namespace's
  // prefix, so two officials on one PC keep their own and clearStorage() removes it.
  constructor(storage = globalThis.localStorage, namespace = '') {
    this.storage = storage;
    this.key = namespace ? `${storagePrefix(namespace)}office/v1` : KEY;
    this.listener = null;
  }
  // `fn(profile)` after every change (a save, an import, a 文号 issued): the settings form on the page (one:
  // a form drawn again, in another language, takes the place of the one before).
  listen(fn) { this.listener = fn; }
  get() {
    try { return cleanProfile(JSON.parse(this.storage?.getItem(this.key) || 'null')) ?? {}; } catch { return {}; }
  }
  save(p) {
    try { this.storage.setItem(this.key, JSON.stringify(cleanProfile(p) ?? {})); } catch { return false; }
    this.listener?.(this.get());
    return true;
  }
  // A 文号 went out in an exported packet: recorded, and the sequence moves past it. `record`: {date, draft,
  // transfer, title}. False when storage refuses.
  issue(number, record) {
    if (!number) return true;
    return this.save(withIssued(this.get(), number, record));
  }
  // The file an office keeps or hands to a colleague.
  exportText() { return `${JSON.stringify({ schema: OFFICE_SCHEMA, office: this.get() }, null, 2)}\n`; }
  // Reads an exported file; {ok, profile} or {ok: false, message} (in `lang`: 'zh' or 'en').
  parse(text, lang = 'zh') {
    const en = lang === 'en';
    let doc;
    try { doc = JSON.parse(text); } catch { return { ok: false, message: en ? 'The file is damaged or is not an office settings file; nothing was imported.' : '文件已损坏或不是本单位设置文件，未导入。' }; }
    if (!isObj(doc) || doc.schema !== OFFICE_SCHEMA || !isObj(doc.office)) return { ok: false, message: en ? 'This is not an office settings file; nothing was imported.' : '这不是本单位设置文件，未导入。' };
    return { ok: true, profile: cleanProfile(doc.office) };
  }
}

// `t`: the page's strings (strings.js); authority names are the pack's, in Chinese.
export function officeProfile({ doc = document, authorities, store, onChange, onExport, onImportFile, year = () => new Date().getFullYear(), t = makeStrings('zh') }) {
  let profile = store.get();
  const status = h('p', { class: 'hint', role: 'status', id: 'office-status' });
  const select = h('select', { id: 'office-authority', class: 'input' },
    h('option', { value: '' }, t('choose')),
    ['town', 'dept'].map((kind) => h('optgroup', { label: kind === 'town' ? t('officeTowns') : t('officeDepts') },
      authorities.filter((a) => a.kind === kind).map((a) => h('option', { value: a.id, selected: profile.authority === a.id, lang: 'zh-CN' }, a.name)))));
  // The 序号 shown is the next one this year (never one issued); it follows every export while the form is
  // open, and is written back only when the official changed it.
  const shownValue = (p, f) => (f.id === 'next_number' ? (p.prefix || p.next_number ? String(nextSequence(p, year())) : '') : p[f.id] ?? '');
  let numberTyped = false;
  const inputs = FIELDS.map((f) => h('input', { id: `office-${f.id}`, class: 'input', type: f.type ?? 'text', autocomplete: 'off',
    inputmode: f.inputmode, value: shownValue(profile, f), 'aria-describedby': f.hint ? `office-${f.id}-hint` : undefined,
    oninput: f.id === 'next_number' ? () => { numberTyped = true; } : undefined }));
  const numberInput = inputs[FIELDS.findIndex((f) => f.id === 'next_number')];
  const summary = h('summary', {});
  const named = (p) => (p.authority ? t('officeSummary', authorities.find((a) => a.id === p.authority)?.name ?? '', proposedNumber(p, year())) : t('officeSummaryFirst'));
  summary.textContent = named(profile);
  store.listen?.((p) => {
    profile = p;
    summary.textContent = named(p);
    if (!numberTyped && doc.activeElement !== numberInput) numberInput.value = shownValue(p, FIELDS.find((f) => f.id === 'next_number'));
  });
  const save = () => {
    const stored = store.get();
    const next = { ...stored, authority: select.value };
    FIELDS.forEach((f, n) => { if (f.id !== 'next_number') next[f.id] = inputs[n].value; });
    // The 序号 only when the official typed one: a form opened before an export must not take it back.
    let note = '';
    if (numberTyped) {
      const typed = Number(numberInput.value);
      next.next_number = numberInput.value;
      next.next_year = year();
      const top = highestIssued({ ...next, prefix: inputs[0].value.trim() }, year());
      if (Number.isInteger(typed) && typed > 0 && typed <= top) note = t('officeNumberUsed', typed, top);
    }
    const ok = store.save(next);
    numberTyped = false;
    profile = store.get();
    numberInput.value = shownValue(profile, FIELDS.find((f) => f.id === 'next_number'));
    status.textContent = ok ? `${t('officeSaved')}${note}` : t('officeRefused');
    onChange?.(profile);
  };
  const importInput = h('input', { type: 'file', id: 'office-import', accept: '.json,application/json', class: 'visually-hidden',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      const r = store.parse(await file.text(), t.lang);
      if (!r.ok) { status.textContent = r.message; return; }
      // The 文号 already issued in this browser stay recorded (an imported file may be older).
      const here = store.get().issued ?? [];
      const merged = [...(r.profile.issued ?? []), ...here.filter((x) => !(r.profile.issued ?? []).some((y) => y.number === x.number && y.draft === x.draft))];
      store.save({ ...r.profile, issued: merged });
      profile = store.get();
      numberTyped = false;
      select.value = profile.authority ?? '';
      FIELDS.forEach((f, n) => { inputs[n].value = shownValue(profile, f); });
      status.textContent = t('officeImported');
      onChange?.(profile);
      onImportFile?.(file.name);
    } });
  // Closed, also on first use: the first question stays on the first screen; the summary line says what it is for.
  return h('details', { class: 'office', id: 'office-profile' },
    summary,
    h('form', { class: 'office-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } },
      h('div', { class: 'question' }, h('label', { for: 'office-authority', class: 'label-small' }, t('officeAuthority')), select),
      FIELDS.map((f, n) => h('div', { class: 'question' },
        h('label', { for: inputs[n].id, class: 'label-small' }, t.label(f.label)),
        f.hint ? h('p', { class: 'hint', id: `office-${f.id}-hint` }, t.label(f.hint)) : '', inputs[n])),
      h('div', { class: 'nav' },
        h('button', { type: 'submit', class: 'button', id: 'office-save' }, t('officeSave')),
        h('button', { type: 'button', class: 'button secondary', id: 'office-export', onclick: () => onExport?.(store.exportText()) }, t('officeExport')),
        h('label', { for: 'office-import', class: 'button secondary' }, t('officeImport')), importInput),
      status));
}
