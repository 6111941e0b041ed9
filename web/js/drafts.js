// drafts.js — every answer is kept in localStorage at once, under a named draft; drafts can be
// exported to and imported from a `referral-draft/1` file. A damaged or foreign file is refused
// with a message and changes nothing.
import { packetDraftProblem } from './packet.js';
import { sealable, storagePrefix } from './storage-crypto.js';

const KEY = 'referral-assistant/drafts/v1';

// A storage namespace (the element's `storage-key` attribute): every localStorage key of namespace
// `ns` starts with `storagePrefix(ns)` (storage-crypto.js). Without a namespace the drafts stay under
// the key every earlier version used. With the namespace's passphrase lock on, the drafts are sealed.
export { storagePrefix };
export const draftsKey = (namespace) => (namespace ? `${storagePrefix(namespace)}drafts/v1` : KEY);

export const DRAFT_SCHEMA = 'referral-draft/1';
export const NAME_MAX = 60;

// What the drafts say to the official, in the page's language ('zh', the default, or 'en').
const MESSAGES = {
  zh: {
    nameEmpty: '请输入草稿名称。',
    nameLong: (max, n) => `草稿名称不能超过 ${max} 个字符（现为 ${n} 个）。`,
    nameTaken: (name) => `已有名为“${name}”的草稿，请换一个名称。`,
    damaged: '文件已损坏或不是本工具导出的草稿，未导入任何内容。',
    notDraft: () => '这不是移送助手的草稿文件，未导入任何内容。',
    otherPack: (id) => `草稿是按另一份文件（${id}）填写的，与现适用的办法不符，未导入任何内容。如需继续填写，请先在“适用的协作办法”中导入该办法的规则包文件，再导入草稿。`,
    noAnswers: '草稿文件缺少名称或答案，未导入任何内容。',
    unknown: (ids) => `草稿中有本版本不认识的问题（${ids.join('、')}），未导入任何内容。`,
    packet: (problem) => `${problem}，未导入任何内容。`,
    version: (was, is) => `注意：草稿按本工具 ${was} 版填写，当前为 ${is} 版，请核对答案。`,
    catalogue: (was, is) => `注意：此草稿按事项目录${was}填写，现行目录为${is}，处理机关及其依据可能随之不同，请核对移送计划。`,
    cut: (max) => `草稿名称超过 ${max} 个字符，已截为前 ${max} 个字符。`,
    unknownPack: '未知',
  },
  en: {
    nameEmpty: 'Enter a name for the draft.',
    nameLong: (max, n) => `A draft name has at most ${max} characters (this one has ${n}).`,
    nameTaken: (name) => `There is already a draft named "${name}": choose another name.`,
    damaged: 'The file is damaged or is not a draft exported by this tool; nothing was imported.',
    notDraft: () => 'This is not a draft of the Referral Assistant; nothing was imported.',
    otherPack: (id) => `The draft was made for another rule set (${id}); nothing was imported. To go on with it, import that rule set's pack file under "Rules in force" first, then the draft.`,
    noAnswers: 'The draft file has no name or no answers; nothing was imported.',
    unknown: (ids) => `The draft has questions this version does not know (${ids.join(', ')}); nothing was imported.`,
    packet: () => 'The transfer packet part of the draft is damaged; nothing was imported.',
    version: (was, is) => `Note: the draft was made with version ${was}; this is version ${is}. Check the answers.`,
    catalogue: (was, is) => `Note: this draft was made under the catalogue ${was}; the catalogue in force is ${is}. Who handles the matter, and why, may differ: check the plan.`,
    cut: (max) => `The draft name was longer than ${max} characters and has been cut to ${max}.`,
    unknownPack: 'unknown',
  },
};
const messages = (lang) => MESSAGES[lang] ?? MESSAGES.zh;
// A catalogue as the messages name it: its title and the start of its digest (two lists may share a title).
const catalogueName = (c) => `“${typeof c.title === 'string' ? c.title : ''}”（SHA-256 ${c.sha256.slice(0, 12)}…）`;

// Checks a draft name typed by the user. Returns {ok:true, name} (trimmed) or {ok:false, message}.
// `taken(name)` says whether another draft already uses the name.
export function checkDraftName(raw, taken = () => false, lang = 'zh') {
  const say = messages(lang);
  const name = String(raw ?? '').trim();
  if (!name) return { ok: false, message: say.nameEmpty };
  if ([...name].length > NAME_MAX) return { ok: false, message: say.nameLong(NAME_MAX, [...name].length) };
  if (taken(name)) return { ok: false, message: say.nameTaken(name) };
  return { ok: true, name };
}

function readAll(storage, key = KEY) {
  try {
    const v = JSON.parse(storage.getItem(key) || '{}');
    return v && typeof v === 'object' && v.drafts && typeof v.drafts === 'object' ? v : { drafts: {}, current: null };
  } catch {
    return { drafts: {}, current: null };
  }
}

// A draft's own id: random, never derived from its name (which may name a party), so that events and
// the portal's drafts API can name a draft without saying what it holds. 16 hex digits.
export function newDraftId() {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);

export class DraftStore {
  constructor(pack, storage = globalThis.localStorage, namespace = '') {
    // The pack in force: its id and version, and its 文号 and title to name it to people (otherPack).
    this.pack = { id: pack.id, version: pack.version, ...(pack.number ? { number: pack.number } : {}), ...(pack.title ? { title: pack.title } : {}) };
    // The catalogue in force ({sha256, title}; see useCatalogue): recorded in every draft saved, so
    // that a draft opened under another catalogue says so (catalogueNote).
    this.catalogue = null;
    this.storage = sealable(storage, namespace);
    this.key = draftsKey(namespace);
  }

  // Every stored draft; drafts saved before drafts had ids get theirs here, once (kept if storage allows).
  all() {
    const all = readAll(this.storage, this.key);
    const missing = Object.values(all.drafts).filter((d) => isObject(d) && typeof d.id !== 'string');
    if (missing.length) {
      for (const d of missing) d.id = newDraftId();
      try { this.storage.setItem(this.key, JSON.stringify(all)); } catch { /* ids are given again next time */ }
    }
    return all;
  }

  list() {
    return Object.values(this.all().drafts).sort((a, b) => (a.saved < b.saved ? 1 : -1));
  }

  current() {
    const all = this.all();
    return all.current ? all.drafts[all.current] ?? null : null;
  }

  get(name) { return this.all().drafts[name] ?? null; }

  byId(id) { return Object.values(this.all().drafts).find((d) => d.id === id) ?? null; }

  // The stored draft of the portal's matter `matterId` (the `id` member of the case it handed over).
  byMatter(matterId) { return Object.values(this.all().drafts).find((d) => d.case?.id === matterId) ?? null; }

  // Saves `answers` (and the packet step's draft, if any) under `name` and makes it current. `extra`:
  // the draft's `id`, `carried` (the matter's members no question holds: the portal's note, id, events
  // …) and `data` (what the portal handed over for the packet). Returns the stored draft, or null when
  // storage refuses (full, or disabled).
  save(name, answers, page, packet = null, extra = {}) {
    const all = this.all();
    const draft = this.draftOf(name, answers, page, packet, { ...extra, id: extra.id ?? all.drafts[name]?.id });
    all.drafts[name] = draft;
    all.current = name;
    try { this.storage.setItem(this.key, JSON.stringify(all)); } catch { return null; }
    return draft;
  }

  // Returns false when storage refuses (the draft is then still there).
  remove(name) {
    const all = this.all();
    delete all.drafts[name];
    if (all.current === name) all.current = null;
    try { this.storage.setItem(this.key, JSON.stringify(all)); } catch { return false; }
    return true;
  }

  // Gives draft `from` the name `to`, keeping its answers, page and time; it stays current if it was.
  // Returns false if there is no such draft, the name is taken or storage refuses.
  rename(from, to) {
    const all = this.all();
    const d = all.drafts[from];
    if (!d || (to !== from && all.drafts[to])) return false;
    delete all.drafts[from];
    all.drafts[to] = { ...d, name: to };
    if (all.current === from) all.current = to;
    try { this.storage.setItem(this.key, JSON.stringify(all)); } catch { return false; }
    return true;
  }

  // Which draft a reload offers to resume; a storage that refuses only loses that offer.
  setCurrent(name) {
    const all = this.all();
    all.current = name;
    try { this.storage.setItem(this.key, JSON.stringify(all)); } catch { /* the draft itself is reported by save() */ }
  }

  // A referral-draft/1 document of what is on the page now (stored or not). `case`: the matter's
  // members no question holds; `data`: the portal's data for the packet (portal-api.js).
  draftOf(name, answers, page, packet = null, { id, carried = null, data = null } = {}) {
    const draft = { schema: DRAFT_SCHEMA, id: id ?? newDraftId(), name, pack: this.pack, saved: new Date().toISOString(), page, answers };
    if (carried && Object.keys(carried).length) draft.case = carried;
    if (data && Object.keys(data).length) draft.data = data;
    if (this.catalogue) draft.catalogue = this.catalogue;
    if (packet) draft.packet = packet;
    return draft;
  }

  // The catalogue in force from now on: the engine's description of it (describePack().catalogue).
  useCatalogue(description) {
    this.catalogue = { sha256: description.sha256, title: description.title };
  }

  // Null when `draft` was saved under the pack in force (same id and version), else {was, is}: the
  // packs to name in the warning that opens it (strings.js draftOtherPack). The draft is not changed.
  otherPack(draft) {
    const was = draft?.pack;
    if (!was || typeof was !== 'object' || (was.id === this.pack.id && was.version === this.pack.version)) return null;
    return { was: { id: String(was.id ?? ''), version: String(was.version ?? ''), number: typeof was.number === 'string' ? was.number : '', title: typeof was.title === 'string' ? was.title : '' }, is: this.pack };
  }

  // '' when `draft` was saved under the catalogue in force (or says nothing of its catalogue), else
  // the note that the plan may now route the matter otherwise (in `lang`).
  catalogueNote(draft, lang = 'zh') {
    const was = draft?.catalogue;
    if (!was || typeof was.sha256 !== 'string' || !this.catalogue || was.sha256 === this.catalogue.sha256) return '';
    return messages(lang).catalogue(catalogueName(was), catalogueName(this.catalogue));
  }

  // The export file: built from what is on the page, so it works even when storage refuses to save.
  exportText(name, answers, page, packet = null, extra = {}) {
    return `${JSON.stringify(this.draftOf(name, answers, page, packet, extra), null, 2)}\n`;
  }

  // Checks an imported file. Returns {ok:true, draft} or {ok:false, message} (in `lang`).
  parseImport(text, questionIds, lang = 'zh') {
    const say = messages(lang);
    let doc;
    try { doc = JSON.parse(text); } catch {
      return { ok: false, message: say.damaged };
    }
    if (!doc || typeof doc !== 'object' || doc.schema !== DRAFT_SCHEMA)
      return { ok: false, message: say.notDraft() };
    if (!doc.pack || doc.pack.id !== this.pack.id)
      return { ok: false, message: say.otherPack(typeof doc.pack?.number === 'string' && doc.pack.number ? doc.pack.number : doc.pack?.id ?? say.unknownPack) };
    if (typeof doc.name !== 'string' || !doc.name.trim() || !doc.answers || typeof doc.answers !== 'object' || Array.isArray(doc.answers))
      return { ok: false, message: say.noAnswers };
    const unknown = Object.keys(doc.answers).filter((k) => !questionIds.includes(k));
    if (unknown.length) return { ok: false, message: say.unknown(unknown) };
    const packetProblem = packetDraftProblem(doc.packet);
    if (packetProblem) return { ok: false, message: say.packet(packetProblem) };
    if ((doc.case !== undefined && !isObject(doc.case)) || (doc.data !== undefined && !isObject(doc.data))) return { ok: false, message: say.damaged };
    const notes = [];
    if (doc.pack.version !== this.pack.version) notes.push(say.version(doc.pack.version, this.pack.version));
    notes.push(this.catalogueNote(doc, lang));
    // A name longer than the rename dialog allows is shortened rather than refused: nothing else is wrong.
    const chars = [...doc.name.trim()];
    const name = chars.length > NAME_MAX ? chars.slice(0, NAME_MAX).join('') : chars.join('');
    if (chars.length > NAME_MAX) notes.push(say.cut(NAME_MAX));
    // An imported draft is a draft of its own: a new id, whatever the file says.
    return { ok: true, draft: { ...doc, id: newDraftId(), name }, versionNote: notes.filter(Boolean).join(lang === 'en' ? ' ' : '') };
  }
}
