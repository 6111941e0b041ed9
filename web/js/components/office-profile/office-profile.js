// office-profile — 本单位设置: which town government or department this office is, its 文号 (机关代字
// and the next 序号), its 联系部门, 联系人 and phone, and the leader who usually approves transfers.
// Kept in this browser (localStorage), exportable and importable as a file; the first page and every
// packet are pre-filled from it, so nothing is typed twice.
//
// Inputs: officeProfile({doc, authorities, store, onChange}) → an element (a <details> section).
// Events: none; onChange(profile) is called after every save.
import { h } from '../../dom.js';
import { storagePrefix } from '../../drafts.js';

export const OFFICE_SCHEMA = 'referral-office/1';
const KEY = 'referral-assistant:office';
const FIELDS = [
  { id: 'prefix', label: '文号机关代字', hint: '如：启环移（文号写作 启环移〔2026〕9号）' },
  { id: 'next_number', label: '下一个文号序号', hint: '导出一份材料包后自动加 1', inputmode: 'numeric' },
  { id: 'contact_unit', label: '联系部门', hint: '负责移送工作的内设科室，如：执法监督科' },
  { id: 'contact_person', label: '联系人' },
  { id: 'contact_phone', label: '联系电话', hint: '手机号或带区号的固定电话', type: 'tel' },
  { id: 'leader', label: '通常批准移送的领导' },
];

const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);

// The profile as stored: every member a string, next_number a positive integer or absent.
export function cleanProfile(p) {
  if (!isObj(p)) return null;
  const out = {};
  for (const k of ['authority', ...FIELDS.map((f) => f.id)]) {
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
  // Reads an exported file; {ok, profile} or {ok: false, message}.
  parse(text) {
    let doc;
    try { doc = JSON.parse(text); } catch { return { ok: false, message: '文件已损坏或不是本单位设置文件，未导入。' }; }
    if (!isObj(doc) || doc.schema !== OFFICE_SCHEMA || !isObj(doc.office)) return { ok: false, message: '这不是本单位设置文件，未导入。' };
    return { ok: true, profile: cleanProfile(doc.office) };
  }
}

// The 文号 the profile proposes for a letter sent in `year`, or '' when it has no 代字.
export function proposedNumber(profile, year) {
  return profile?.prefix ? `${profile.prefix}〔${year}〕${profile.next_number ?? 1}号` : '';
}

export function officeProfile({ doc = document, authorities, store, onChange, onExport, onImportFile }) {
  let profile = store.get();
  const status = h('p', { class: 'hint', role: 'status', id: 'office-status' });
  const select = h('select', { id: 'office-authority', class: 'input' },
    h('option', { value: '' }, '请选择'),
    ['town', 'dept'].map((kind) => h('optgroup', { label: kind === 'town' ? '镇人民政府' : '市级业务主管部门' },
      authorities.filter((a) => a.kind === kind).map((a) => h('option', { value: a.id, selected: profile.authority === a.id }, a.name)))));
  const inputs = FIELDS.map((f) => h('input', { id: `office-${f.id}`, class: 'input', type: f.type ?? 'text', autocomplete: 'off',
    inputmode: f.inputmode, value: profile[f.id] ?? '', 'aria-describedby': f.hint ? `office-${f.id}-hint` : undefined }));
  const save = () => {
    const next = { authority: select.value };
    FIELDS.forEach((f, n) => { next[f.id] = inputs[n].value; });
    profile = cleanProfile(next);
    const ok = store.save(profile);
    status.textContent = ok ? '本单位设置已保存在本浏览器中。新建的案件和材料将按此预填。' : '未能保存：浏览器存储已满或被禁用。';
    onChange?.(profile);
  };
  const importInput = h('input', { type: 'file', id: 'office-import', accept: '.json,application/json', class: 'visually-hidden',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      const r = store.parse(await file.text());
      if (!r.ok) { status.textContent = r.message; return; }
      store.save(r.profile);
      profile = store.get();
      select.value = profile.authority ?? '';
      FIELDS.forEach((f, n) => { inputs[n].value = profile[f.id] ?? ''; });
      status.textContent = '已导入本单位设置。';
      onChange?.(profile);
      onImportFile?.(file.name);
    } });
  return h('details', { class: 'office', id: 'office-profile', open: !profile.authority },
    h('summary', {}, profile.authority ? `本单位设置：${authorities.find((a) => a.id === profile.authority)?.name ?? ''}` : '本单位设置（首次使用请先填写）'),
    h('form', { class: 'office-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } },
      h('div', { class: 'question' }, h('label', { for: 'office-authority', class: 'label-small' }, '本单位'), select),
      FIELDS.map((f, n) => h('div', { class: 'question' },
        h('label', { for: inputs[n].id, class: 'label-small' }, f.label),
        f.hint ? h('p', { class: 'hint', id: `office-${f.id}-hint` }, f.hint) : '', inputs[n])),
      h('div', { class: 'nav' },
        h('button', { type: 'submit', class: 'button', id: 'office-save' }, '保存本单位设置'),
        h('button', { type: 'button', class: 'button secondary', id: 'office-export', onclick: () => onExport?.(store.exportText()) }, '导出设置'),
        h('label', { for: 'office-import', class: 'button secondary' }, '导入设置'), importInput),
      status));
}
