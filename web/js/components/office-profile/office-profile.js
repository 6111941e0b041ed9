// office-profile — 本单位设置: which town government or department this office is, its 文号 (机关代字
// and the next 序号), its 联系部门, 联系人 and phone, and the leader who usually approves transfers.
// Kept in this browser (localStorage), exportable and importable as a file; the first page and every
// packet are pre-filled from it, so nothing is typed twice.
//
// Inputs: officeProfile({doc, authorities, store, onChange, onExport, onImportFile, t}) → an element (a
// <details> section); `t`: the page's strings (strings.js).
// Events: none; onChange(profile) is called after every save.
import { h } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';
import { makeStrings } from '../../strings.js';

export const OFFICE_SCHEMA = 'referral-office/1';
const KEY = 'referral-assistant:office';
const FIELDS = [
  { id: 'prefix', label: { zh: '文号机关代字', en: 'Document number prefix' }, hint: { zh: '如：启环移（文号写作 启环移〔2026〕9号）', en: 'The prefix of this office in its document numbers, before the year' } },
  { id: 'next_number', label: { zh: '下一个文号序号', en: 'Next document number' }, hint: { zh: '导出一份材料包后自动加 1', en: 'Goes up by 1 after each packet exported' }, inputmode: 'numeric' },
  { id: 'contact_unit', label: { zh: '联系部门', en: 'Contact section' }, hint: { zh: '负责移送工作的内设科室，如：执法监督科', en: 'The section in charge of transfers' } },
  { id: 'contact_person', label: { zh: '联系人', en: 'Contact person' } },
  { id: 'contact_phone', label: { zh: '联系电话', en: 'Contact phone' }, hint: { zh: '手机号或带区号的固定电话', en: 'A mobile number, or a landline with its area code' }, type: 'tel' },
  { id: 'leader', label: { zh: '通常批准移送的领导', en: 'Leader who usually approves transfers' } },
];

const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);

// The members of a profile (the portal's `data.office`, web/EMBEDDING.md).
export const PROFILE_MEMBERS = ['authority', ...FIELDS.map((f) => f.id)];

// The profile as stored: every member a string, next_number a positive integer or absent.
export function cleanProfile(p) {
  if (!isObj(p)) return null;
  const out = {};
  for (const k of PROFILE_MEMBERS) {
    const v = p[k];
    if (k === 'next_number') { const n = Number(v); if (Number.isInteger(n) && n > 0) out[k] = n; continue; }
    if (typeof v === 'string' && v.trim()) out[k] = v.trim();
  }
  return out;
}

export class OfficeProfileStore {
  // With a storage namespace (the element's `storage-key`) the profile is kept under that namespace's
  // prefix, so two officials on one PC keep their own and clearStorage() removes it.
  constructor(storage = globalThis.localStorage, namespace = '') {
    this.storage = storage;
    this.key = namespace ? `${storagePrefix(namespace)}office/v1` : KEY;
  }
  get() {
    try { return cleanProfile(JSON.parse(this.storage?.getItem(this.key) || 'null')) ?? {}; } catch { return {}; }
  }
  save(p) {
    try { this.storage.setItem(this.key, JSON.stringify(cleanProfile(p) ?? {})); return true; } catch { return false; }
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

// The 文号 the profile proposes for a letter sent in `year`, or '' when it has no 代字.
export function proposedNumber(profile, year) {
  return profile?.prefix ? `${profile.prefix}〔${year}〕${profile.next_number ?? 1}号` : '';
}

// `t`: the page's strings (strings.js); authority names are the pack's, in Chinese.
export function officeProfile({ doc = document, authorities, store, onChange, onExport, onImportFile, t = makeStrings('zh') }) {
  let profile = store.get();
  const status = h('p', { class: 'hint', role: 'status', id: 'office-status' });
  const select = h('select', { id: 'office-authority', class: 'input' },
    h('option', { value: '' }, t('choose')),
    ['town', 'dept'].map((kind) => h('optgroup', { label: kind === 'town' ? t('officeTowns') : t('officeDepts') },
      authorities.filter((a) => a.kind === kind).map((a) => h('option', { value: a.id, selected: profile.authority === a.id, lang: 'zh-CN' }, a.name)))));
  const inputs = FIELDS.map((f) => h('input', { id: `office-${f.id}`, class: 'input', type: f.type ?? 'text', autocomplete: 'off',
    inputmode: f.inputmode, value: profile[f.id] ?? '', 'aria-describedby': f.hint ? `office-${f.id}-hint` : undefined }));
  const save = () => {
    const next = { authority: select.value };
    FIELDS.forEach((f, n) => { next[f.id] = inputs[n].value; });
    profile = cleanProfile(next);
    const ok = store.save(profile);
    status.textContent = ok ? t('officeSaved') : t('officeRefused');
    onChange?.(profile);
  };
  const importInput = h('input', { type: 'file', id: 'office-import', accept: '.json,application/json', class: 'visually-hidden',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      const r = store.parse(await file.text(), t.lang);
      if (!r.ok) { status.textContent = r.message; return; }
      store.save(r.profile);
      profile = store.get();
      select.value = profile.authority ?? '';
      FIELDS.forEach((f, n) => { inputs[n].value = profile[f.id] ?? ''; });
      status.textContent = t('officeImported');
      onChange?.(profile);
      onImportFile?.(file.name);
    } });
  return h('details', { class: 'office', id: 'office-profile', open: !profile.authority },
    h('summary', {}, profile.authority ? t('officeSummary', authorities.find((a) => a.id === profile.authority)?.name ?? '') : t('officeSummaryFirst')),
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
