// portal-api.js — the public surface of <referral-assistant> for the pages that embed it
// (web/EMBEDDING.md; types in web/referral-assistant.d.ts). Mixed into the element (element.js):
//   attributes  office (an authority id: the finder and town/department answers, and 本单位设置's
//               单位), storage-key (a namespace for everything the element stores), readonly, lang,
//               event-detail ("full": events may carry personal data), hide (sections kept from view)
//   properties  value (the matter: get the current referral-case/1, set it on the current draft; equal
//               is a no-op), data (the office profile and the packet's data beyond the case), drafts
//               (list, open, current, new), catalogue and calendars (pinned by the portal), plan
//   methods     mergeData(), packetBlob(), verify(), clearStorage(), reset()
//   events      portalEmit(): every event bubbles and is composed; its detail carries ids and codes,
//               names and texts only with event-detail="full". `error` stays on the element (a bubbling
//               `error` would reach window.onerror and the portal's error tracker); its twin
//               `referral-error` bubbles like the others.
// The element's own code calls the hooks portalStart() (frame drawn), portalEngineReady(),
// portalEmit() and portalError(); nothing here draws a question or plans by itself.
import { storagePrefix, draftsKey } from '../drafts.js';
import { ledgerKeyOf } from './ledger/ledger-model.js';
import { AttachmentStore } from '../attachments.js';
import { partialCaseOf, questionForPath, sameJson, splitMatter, withCarried } from '../model.js';
import { packetZip, verifyPacketZip } from '../packet.js';
import { h } from '../dom.js';
import { endSession, lockKey } from '../storage-crypto.js';
import { OfficeProfileStore, PROFILE_MEMBERS, cleanProfile } from './office-profile/office-profile.js';
import { lockGate, storageControls } from './storage-lock/storage-lock.js';

export const OBSERVED_ATTRIBUTES = ['office', 'storage-key', 'readonly', 'lang', 'event-detail', 'hide'];

const asError = (e) => (e && e.message ? e.message : String(e));
const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);
const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

// A matter as an event's detail shows it: without its free text (the portal's note, an event's note)
// and without the members the engine refused (`errors`: a date as typed, a member of the wrong type),
// which may repeat what was typed; the host that opted in gets the whole matter.
function matterWithoutText(doc, errors = []) {
  const out = clone(doc);
  delete out.note;
  if (Array.isArray(out.events)) out.events = out.events.map((e) => { if (isObject(e)) delete e.note; return e; });
  for (const e of errors) {
    const parts = String(e.path ?? '').split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let at = out;
    for (const p of parts.slice(0, -1)) at = at && typeof at === 'object' ? at[p] : undefined;
    if (at && typeof at === 'object' && parts.length) delete at[parts[parts.length - 1]];
  }
  return out;
}
// An engine error without its message (which may repeat what was typed): the code and where.
const errorCodes = (errors) => (errors ?? []).map((e) => ({ code: e.code, path: e.path }));

// The packet members `data` may hold beyond the office (web/EMBEDDING.md): what the packet step asks
// for, in the packet input's own shape (referral-packet-input/1), plus the portal's own reference.
const MATTER_DATA = ['reference', 'document_number', 'sent_on', 'summary', 'parties', 'contact', 'approval', 'details'];
// Every member of `data` (web/referral-assistant.d.ts ReferralData; tests/web/portal-types.test.mjs compares).
export const DATA_MEMBERS = ['office', ...MATTER_DATA];

const portalMethods = {
  storageNamespace() { return this.getAttribute('storage-key') || ''; },

  // Whether the host opted in to personal data in event details (event-detail="full").
  portalFullDetail() { return this.getAttribute('event-detail') === 'full'; },

  // Sends `type`: bubbling and composed (a portal may listen on document). `detail` must hold only ids,
  // codes, dates and counts; `personal` what may name a person or repeat what was typed (a draft's
  // name, a message, free text), merged in only when the host opted in.
  portalEmit(type, detail, personal = null) {
    const full = this.portalFullDetail() && personal ? { ...detail, ...personal } : detail;
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: full }));
  },

  // An `error` {code, message, …ids} on the element, and the same as `referral-error` bubbling to the
  // document. `message` is the element's own Chinese for a log and never repeats what was typed;
  // `ids`: codes and JSON Pointers (path, reason); `personal`: the original text (a file name, the
  // engine's message), sent only with event-detail="full".
  portalError(code, message, ids = {}, personal = null) {
    const detail = { code, message, ...ids, ...(this.portalFullDetail() && personal ? personal : {}) };
    this.dispatchEvent(new CustomEvent('error', { detail }));
    this.dispatchEvent(new CustomEvent('referral-error', { bubbles: true, composed: true, detail: { ...detail } }));
  },

  // Called by the constructor. A property the portal set before this script defined the element (the
  // script loaded async or late, a framework that renders first) sits on the element itself and
  // would hide the class's accessor for good: it is taken off and set again through the accessor.
  portalUpgradeProperties() {
    for (const name of Object.keys(publicMembers)) {
      if (!Object.prototype.hasOwnProperty.call(this, name)) continue;
      const early = this[name];
      delete this[name];
      if (publicMembers[name].set) this[name] = early;
    }
  },

  // Called by start() once the frame is drawn (before the engine is ready).
  portalStart() {
    this.portalState = { namespace: this.storageNamespace(), office: this.getAttribute('office') };
    this.attachments = new AttachmentStore(undefined, this.portalState.namespace);
    this.portalHeader(this.container.querySelector('header'));
    this.portalHide();
    this.applyOffice(false);
    this.portalEmit('referral-draft-change', { draft: this.draftId, stored: false }, { name: this.draftName });
  },

  // Called by start() and by every redraw of the frame (another language, another storage-key): 下载离线版
  // in the header, 设置密码锁 / 清除本机数据 after the drafts bar, and the office attribute in 本单位设置.
  portalHeader(header) {
    if (!header) return;
    const controls = storageControls(this);
    header.querySelector('.drafts')?.after(controls);
    if (this.offlineHref) {
      header.append(h('p', { class: 'offline', part: 'offline' },
        h('a', { href: this.offlineHref, download: 'referral-assistant.html', id: 'offline-download' }, this.t('offlineDownload')),
        this.t('offlineHint')));
    }
    this.portalPinOffice();
  },

  // Called by engineReady(): releases whatever waited for the engine (value, data, packetBlob, verify).
  portalEngineReady() {
    const waiting = this.portalWaiters ?? [];
    this.portalWaiters = [];
    for (const resolve of waiting) resolve();
  },

  // Resolves once the engine is ready and the first page drawn; rejects if the engine cannot start.
  async portalStarted() {
    if (this.engine && this.pack && this.portalState) return;
    const waited = new Promise((resolve) => (this.portalWaiters ??= []).push(resolve));
    if (this.engineLoaded) await this.engineLoaded;
    await waited;
  },

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.portalState) return;  // before start(), start() reads the attributes
    if (name === 'readonly') { this.renderPage(); return; }
    if (name === 'lang') { this.applyLang(); return; }  // 中文 / English (element.js)
    if (name === 'hide') { this.portalHide(); return; }
    if (name === 'event-detail') return;  // read at each event
    // office and storage-key usually change together (another official logs in): handle both at once,
    // the namespace first, so that the new office never touches the previous official's drafts.
    if (this.portalSyncQueued) return;
    this.portalSyncQueued = true;
    queueMicrotask(() => { this.portalSyncQueued = false; this.portalSync(); });
  },

  // Another storage-key (another official) opens as the element does at start: the office's blank case,
  // and the offer to resume that official's last draft (web/EMBEDDING.md, "Which draft opens").
  async portalSync() {
    // Another official's data is sealed: the lock screen first (the page so far stays hidden behind it).
    await lockGate(this);
    const namespace = this.storageNamespace();
    const office = this.getAttribute('office');
    const switched = namespace !== this.portalState.namespace;
    const officeChanged = office !== this.portalState.office;
    this.portalState = { namespace, office };
    if (switched) {
      this.attachments?.db?.close();
      this.draftStore = new this.draftStore.constructor(this.pack.pack, undefined, namespace);
      this.draftStore.useCatalogue(this.pack.catalogue);
      this.officeStore = this.portalOfficeStore(namespace);
      this.attachments = new AttachmentStore(undefined, namespace);
      // Every section reads this official's stores (office profile, catalogue and calendar, 台账), in
      // this official's language; the engine takes this official's catalogue and calendar years.
      this.rebuildFrame();
      if (this.engine) this.configureEngine();
      const pending = this.draftStore.current();
      this.newDraft();
      this.applyOffice(false);
      if (pending && Object.keys(pending.answers || {}).length) this.offerResume(pending);
      return;
    }
    if (officeChanged) this.applyOffice(true);
  },

  // The office attribute as answers: finder = town or dept, and which one, and as 本单位设置's 单位. Not
  // saved as a draft until the next change (merely opening the element makes no draft); `save` for a
  // change of office mid-way.
  applyOffice(save) {
    const office = this.getAttribute('office');
    this.portalPinOffice();
    if (!office) return;
    const authority = this.pack.authorities.find((a) => a.id === office && (a.kind === 'town' || a.kind === 'dept'));
    if (!authority) {
      this.portalError('invalid-office', 'office 属性不是规则包中的镇或部门（应如 town:huilong、dept:market），未作更改。', { attribute: 'office' });
      return;
    }
    this.answers.finder = authority.kind;
    this.answers[authority.kind] = authority.id.slice(authority.kind.length + 1);
    if (save) this.save();
    this.updatePlan();
    this.renderPage();
  },

  // The office attribute when it names a town or department of the pack, else null.
  portalOffice() {
    const office = this.getAttribute('office');
    return office && this.pack?.authorities.some((a) => a.id === office && (a.kind === 'town' || a.kind === 'dept')) ? office : null;
  },

  // This storage-key's 本单位设置 (office-profile.js), read through the office attribute: its 单位 is
  // the portal's (who is logged in), whatever was stored, and nothing is written for it.
  portalOfficeStore(namespace) {
    const store = new OfficeProfileStore(undefined, namespace);
    const view = Object.create(store);
    view.get = () => {
      const profile = store.get();
      const office = this.portalOffice();
      return office ? { ...profile, authority: office } : profile;
    };
    return view;
  },

  // 本单位设置 shows the office attribute as its 单位, which cannot be changed there.
  portalPinOffice() {
    const office = this.portalOffice();
    const select = this.root.getElementById('office-authority');
    if (!select) return;
    if (office && select.value !== office) { this.refreshOfficeProfile(); return; }
    select.disabled = !!office;
  },

  // `hide` (and a pinned catalogue or calendar, whose import is the portal's): the sections kept from
  // view, as tokens on the frame that app.css hides (web/EMBEDDING.md).
  portalHide() {
    if (!this.container) return;
    const tokens = new Set((this.getAttribute('hide') || '').split(/\s+/).filter(Boolean));
    if (this.pinned?.catalogue) tokens.add('catalogue');
    if (this.pinned?.calendars) tokens.add('calendar');
    if (tokens.size) this.container.dataset.hide = [...tokens].join(' ');
    else delete this.container.dataset.hide;
  },

  // After every page is drawn: readonly: every answer field is shown but cannot be changed; moving
  // between pages, the plan, export and verification still work. The ::part() names are given by
  // portalParts() as nodes appear.
  portalAfterRender() {
    if (!this.main || !this.hasAttribute('readonly')) return;
    for (const el of this.main.querySelectorAll('input, select, textarea')) if (el.id !== 'packet-verify') el.disabled = true;
  },

  // The ::part() names a host page can style (web/EMBEDDING.md, Theming), on every node as it appears
  // (a MutationObserver: the packet step and the dialogs add nodes without a page being drawn).
  portalParts() {
    const tag = (root) => {
      const all = root.querySelectorAll ? [root, ...root.querySelectorAll('*')] : [];
      for (const el of all) {
        const parts = [];
        if (el.localName === 'header' && el.classList.contains('header')) parts.push('header');
        else if (el.classList.contains('plan') && el.localName === 'aside') parts.push('plan');
        else if (el.classList.contains('question') && el.closest('main')) parts.push('question');
        else if (el.id === 'packet-checklist') parts.push('checklist');
        if (el.classList.contains('button')) parts.push('button', ...(el.classList.contains('secondary') ? ['button-secondary'] : []), ...(el.classList.contains('warning') ? ['button-warning'] : []));
        else if (el.classList.contains('link-button')) parts.push('link-button');
        if (el.matches('.input, select, textarea, input[type=search], input[type=text], input[type=tel], input[type=date], input[type=datetime-local], input[type=password]')) parts.push('input');
        if (el.localName === 'progress') parts.push('progress');
        if (parts.length) {
          const kept = (el.getAttribute('part') || '').split(/\s+/).filter((p) => p && !parts.includes(p));
          el.setAttribute('part', [...kept, ...parts].join(' '));
        }
      }
    };
    tag(this.container);
    if (this.partsObserver) return;
    this.partsObserver = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) tag(n);
    });
    this.partsObserver.observe(this.root, { childList: true, subtree: true });
  },

  // The layout follows the element's own width, not the window's: app.css's @container rules. Where the
  // browser has no container queries (Chromium < 105, e.g. 360安全浏览器 13's Chromium 86) the same rules
  // were also written for classes on .app (scripts/bundle.mjs), which a ResizeObserver sets from the
  // element's width; the conditions are listed by the stylesheet (--referral-container-queries).
  portalObserveWidth() {
    if (this.widthObserver || typeof ResizeObserver !== 'function') return;
    if (globalThis.CSS?.supports?.('container-type: inline-size')) return;
    this.widthObserver = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1].contentRect.width;
      const listed = getComputedStyle(this.container).getPropertyValue('--referral-container-queries').trim().split(/\s+/).filter(Boolean);
      for (const q of listed) {
        const m = /^(max|min)-width-(\d+(?:\.\d+)?)px$/.exec(q);
        if (!m) continue;
        const on = m[1] === 'max' ? width <= Number(m[2]) : width >= Number(m[2]);
        this.container.classList.toggle(`cq-${q}`, on);
      }
    });
    this.widthObserver.observe(this);
  },

  //---------------------------------------------------------------------
  // value: the matter on the current draft
  //---------------------------------------------------------------------
  // The matter as the engine reads it: the answers that apply and the members the portal handed over
  // that no question holds (element.js caseDoc()).
  portalCase() {
    return this.engine ? this.caseDoc() : withCarried(partialCaseOf(this.answers, this.pack), this.carried);
  },

  // Sets `doc` as the matter on the current draft (web/EMBEDDING.md, "value"):
  // - equal to the matter shown (whatever the order of its members): nothing happens, no save, no event;
  // - with an `id` another stored draft carries: that draft is opened first; with an `id` other than the
  //   current draft's (which has one): a new draft;
  // - the engine judges the whole matter: what it refuses at a question is shown at that question; every
  //   member it refuses is reported by `error` (invalid-value) with its JSON Pointer; nothing is dropped.
  async applyValue(doc) {
    if (doc.schema !== undefined && doc.schema !== 'referral-case/1') {
      this.portalError('invalid-value', 'value 的 /schema 应为 referral-case/1，未作任何更改。', { path: '/schema', engine: 'schema_mismatch' });
      return;
    }
    const matterId = typeof doc.id === 'string' && doc.id ? doc.id : null;
    if (matterId && this.carried?.id !== matterId) {
      const stored = this.draftStore.byMatter(matterId);
      if (stored && stored.id !== this.draftId) await this.openDraft(stored.name);
      else if (!stored && typeof this.carried?.id === 'string' && this.carried.id) this.newDraft();
    }
    const { answers, carried } = splitMatter(doc, this.pack, this.engine);
    const next = withCarried(this.caseDocOf(answers), carried);
    if (sameJson(next, this.caseDoc())) return;
    const r = this.engine.plan(next);
    const held = new Set(Object.keys(answers));
    const errors = [];
    if (!r.ok) {
      for (const e of r.errors) {
        const q = questionForPath(e.path, this.pack);
        if (q && held.has(q.id) && !errors.some((x) => x.question === q.id)) errors.push({ question: q.id, message: e.message, code: e.code });
      }
    }
    const blank = !Object.keys(this.carried ?? {}).length && !this.draftStore.get(this.draftName);
    this.answers = answers;
    this.carried = carried;
    this.pickers.clear();
    this.confirmed = false;
    const groups = this.groups();
    const first = errors.length ? groups.findIndex((g) => g.questions.some((q) => q.id === errors[0].question)) : -1;
    if (first >= 0) this.page = first;
    else if (blank) this.page = 0;
    else this.page = Math.min(this.page, groups.length);
    this.save();
    this.updatePlan();
    this.errors = first >= 0 ? errors.filter((e) => groups[first].questions.some((q) => q.id === e.question)) : [];
    this.renderPage();
    if (!r.ok) {
      for (const e of r.errors) {
        this.portalError('invalid-value', `value 的 ${e.path || '/'} 未被接受（${e.code}），草稿已保留，请更正后重新设置。`,
          { path: e.path, engine: e.code }, { cause: e });
      }
    }
  },

  //---------------------------------------------------------------------
  // data: the office profile and what the packet says beyond the case
  //---------------------------------------------------------------------
  // The matter's data as the packet will carry it: what the portal set, with what the official has
  // typed on the packet step since.
  portalMatterData() {
    const out = clone(this.portalData ?? {});
    const f = this.packet?.fields;
    if (f) {
      for (const k of MATTER_DATA) if (k !== 'reference' && f[k] !== undefined) out[k] = clone(f[k]);
    }
    return out;
  },

  // Checks `data` (web/EMBEDDING.md, "data"): the office profile's members (office-profile.js) and the
  // packet input's own shape, as the engine reads it (its structural errors, at their pointers). Returns
  // the errors [{path, code, message}].
  portalDataProblems(data) {
    const problems = [];
    for (const k of Object.keys(data)) if (k !== 'office' && !MATTER_DATA.includes(k)) problems.push({ path: `/${k}`, code: 'unknown_field' });
    if (data.office !== undefined) {
      if (!isObject(data.office)) problems.push({ path: '/office', code: 'wrong_type' });
      else {
        for (const [k, v] of Object.entries(data.office)) {
          if (!PROFILE_MEMBERS.includes(k)) problems.push({ path: `/office/${k}`, code: 'unknown_field' });
          else if (k === 'next_number' ? !(Number.isInteger(v) && v > 0) : typeof v !== 'string') problems.push({ path: `/office/${k}`, code: 'wrong_type' });
        }
        const a = data.office.authority;
        if (typeof a === 'string' && a && !this.pack.authorities.some((x) => x.id === a && (x.kind === 'town' || x.kind === 'dept')))
          problems.push({ path: '/office/authority', code: 'unknown_reference' });
      }
    }
    if (data.reference !== undefined && typeof data.reference !== 'string') problems.push({ path: '/reference', code: 'wrong_type' });
    // The packet's members: the engine's own reading of referral-packet-input/1 (structure only; what is
    // missing or wrong in content is the completeness report's, on the packet step).
    const input = { schema: 'referral-packet-input/1', case: { schema: 'referral-case/1' } };
    for (const k of MATTER_DATA) if (k !== 'reference' && data[k] !== undefined) input[k] = data[k];
    const r = this.engine.packet(input, '2000-01-01');
    if (!r.ok) {
      for (const e of r.errors) {
        const top = e.path.split('/')[1];
        if (MATTER_DATA.includes(top) && !problems.some((p) => p.path === e.path)) problems.push({ path: e.path, code: e.code, message: e.message });
      }
    }
    return problems;
  },

  // Sets the portal's data: `office` into 本单位设置 (this storage-key's profile, as if typed there),
  // the rest into the current draft and its packet. Equal to what is there: nothing happens.
  applyData(data) {
    const problems = this.portalDataProblems(data);
    if (problems.length) {
      for (const p of problems)
        this.portalError('invalid-data', `data 的 ${p.path} 未被接受（${p.code}），未作任何更改。`, { path: p.path, engine: p.code }, p.message ? { cause: p } : null);
      return;
    }
    if (data.office !== undefined) {
      const profile = { ...data.office };
      const pinned = this.portalOffice();
      if (pinned) profile.authority = pinned;  // the office attribute is the portal's word on who is logged in
      if (!sameJson(this.officeStore.get(), cleanProfile(profile))) {
        if (!this.officeStore.save(profile)) this.portalError('storage-refused', '本单位设置未能保存：浏览器存储已满或被禁用。');
        this.refreshOfficeProfile();
        if (this.prefillFromOffice()) this.renderPage();
      }
    }
    const matter = {};
    for (const k of MATTER_DATA) if (data[k] !== undefined) matter[k] = clone(data[k]);
    if (sameJson(matter, this.portalMatterData()) || sameJson(matter, this.portalData ?? {})) return;
    this.portalData = matter;
    if (this.packet) this.portalDataIntoPacket(this.packet);
    this.save();
    if (this.packet && this.page > this.groups().length) this.renderPage();
  },

  // Lays the portal's data over a packet draft's fields (a fresh one, or one the portal's data changed).
  portalDataIntoPacket(packet) {
    const d = this.portalData;
    if (!d) return packet;
    const f = packet.fields;
    for (const k of ['document_number', 'sent_on']) if (typeof d[k] === 'string') f[k] = d[k];
    for (const k of ['summary', 'contact', 'approval']) if (isObject(d[k])) f[k] = { ...f[k], ...clone(d[k]) };
    if (Array.isArray(d.parties)) f.parties = clone(d.parties);
    if (isObject(d.details)) f.details = { ...(f.details ?? {}), ...clone(d.details) };
    return packet;
  },

  //---------------------------------------------------------------------
  // catalogue and calendars pinned by the portal
  //---------------------------------------------------------------------
  // What the engine is configured with: the portal's pinned copies, else this office's own (office-data.js).
  pinnedOfficeData() { return this.pinned ?? {}; },

  async applyPin(kind, value) {
    const code = kind === 'catalogue' ? 'invalid-catalogue' : 'invalid-calendar';
    if (value !== null && (kind === 'catalogue' ? !isObject(value) : !Array.isArray(value))) {
      this.portalError(code, `${kind} 应为 ${kind === 'catalogue' ? 'referral-catalogue/1 对象' : 'referral-calendar/1 数组'} 或 null，未作更改。`, { path: '' });
      return;
    }
    await this.portalStarted();
    const before = this.pinned ?? {};
    const next = { ...before };
    if (value === null) delete next[kind === 'catalogue' ? 'catalogue' : 'calendars'];
    else next[kind === 'catalogue' ? 'catalogue' : 'calendars'] = clone(value);
    this.pinned = next;
    const r = this.configureEngine();
    if (!r.ok) {
      this.pinned = before;
      this.configureEngine();
      for (const e of r.errors ?? [r.error]) this.portalError(code, `${kind} 未被接受（${e.code}，${e.path || '/'}），仍用原来的。`, { path: e.path, engine: e.code }, { cause: e });
      return;
    }
    this.portalHide();
    this.onOfficeData();
  },

  //---------------------------------------------------------------------
  // The drafts API
  //---------------------------------------------------------------------
  async portalOpenDraft(id) {
    await this.portalStarted();
    const d = this.draftStore.byId(id);
    if (!d) return false;
    if (this.resumeBox) this.resumeBox.hidden = true;
    await this.openDraft(d.name);
    return true;
  },

  async portalNewDraft(doc) {
    if (doc !== undefined && !isObject(doc)) {
      this.portalError('invalid-value', 'drafts.new() 的 value 应为 referral-case/1 对象，未新建草稿。', { path: '' });
      return null;
    }
    await this.portalStarted();
    if (this.resumeBox) this.resumeBox.hidden = true;
    this.confirmed = false;
    this.newDraft();
    this.applyOffice(false);
    if (doc !== undefined) await this.applyValue(clone(doc));
    return this.draftId;
  },

  //---------------------------------------------------------------------
  // What the element's events say (element.js sends them)
  //---------------------------------------------------------------------
  // referral-plan-change: the plan (ids, names of offices, dates, clauses), the engine's errors as code
  // and pointer, and the matter without its free text and refused members; with event-detail="full" the
  // errors' messages and the whole matter.
  portalPlanChange(result, doc) {
    this.portalEmit('referral-plan-change',
      { ok: result.ok, plan: result.ok ? result.plan : null, errors: result.ok ? [] : errorCodes(result.errors), case: matterWithoutText(doc, result.ok ? [] : result.errors) },
      { errors: result.ok ? [] : result.errors, case: doc });
  },

  // referral-packet-change: whether the packet is complete and which of its members are missing or
  // wrong (pointer, status, kind; a message would repeat what was typed, e.g. a mistyped 公民身份号码).
  portalPacketChange(r) {
    if (!r.ok) {
      this.portalEmit('referral-packet-change', { complete: false, items: [], errors: errorCodes(r.errors) }, { errors: r.errors });
      return;
    }
    const c = r.packet.completeness;
    const items = c.items.map((i) => ({ pointer: i.pointer, status: i.status, ...(i.kind ? { kind: i.kind } : {}), ...(i.clause ? { clause: i.clause } : {}) }));
    this.portalEmit('referral-packet-change', { complete: c.complete, items, sha256: r.packet.sha256 }, { items: c.items });
  },

  async portalPacketBlob() {
    await this.portalStarted();
    if (!this.packetAvailable()) return null;
    this.currentPacket();
    const r = this.assemblePacket();
    if (!r.ok || !r.packet.completeness.complete) return null;
    const manifest = r.packet.attachments;
    try {
      const zip = await packetZip(r.files, manifest, (i) => this.attachments.bytes(manifest[i].sha256));
      return new Blob([zip], { type: 'application/zip' });
    } catch (e) {
      this.portalError('packet-failed', '材料包未能生成：有附件的文件不在本浏览器中或无法读取，请在移送材料页删除后重新添加。', {}, { cause: asError(e) });
      return null;
    }
  },
};

const publicMembers = {
  value: {
    // A value set but not yet applied (the engine still loading) is what a read gives back meanwhile.
    get() {
      if (this.portalPendingValue) return clone(this.portalPendingValue);
      if (!this.pack) return { schema: 'referral-case/1' };
      return this.portalCase();
    },
    set(doc) {
      if (doc === null || doc === undefined) return;  // a framework's empty binding: no matter given
      if (!isObject(doc)) {
        this.portalError('invalid-value', 'value 应为 referral-case/1 对象，未作任何更改。', { path: '' });
        return;
      }
      const copy = JSON.parse(JSON.stringify(doc));
      this.portalPendingValue = copy;
      this.portalStarted().then(() => {
        if (this.portalPendingValue !== copy) return;  // a later value won
        this.portalPendingValue = null;
        return this.applyValue(copy);
      }).catch(() => {});
    },
  },
  data: {
    get() {
      if (this.portalPendingData) return clone(this.portalPendingData);
      if (!this.pack) return {};
      return { office: this.officeStore.get(), ...this.portalMatterData() };
    },
    set(data) {
      if (!isObject(data)) {
        this.portalError('invalid-data', 'data 应为对象，未作任何更改。', { path: '' });
        return;
      }
      const copy = JSON.parse(JSON.stringify(data));
      this.portalPendingData = copy;
      this.portalStarted().then(() => {
        if (this.portalPendingData !== copy) return;
        this.portalPendingData = null;
        this.applyData(copy);
      }).catch(() => {});
    },
  },
  drafts: {
    get() {
      const el = this;
      return {
        // Every stored draft of this storage-key, the most recently saved first: {id, name, saved, matter}
        // (`matter`: the `id` of the portal's matter, when its value had one). [] before referral-ready.
        list() {
          if (!el.draftStore) return [];
          return el.draftStore.list().map((d) => ({ id: d.id, name: d.name, saved: d.saved, matter: typeof d.case?.id === 'string' ? d.case.id : null }));
        },
        // The id of the draft on the page (stored once anything is answered); null before referral-ready.
        get current() { return el.draftStore ? el.draftId : null; },
        open: (id) => el.portalOpenDraft(id),
        new: (doc) => el.portalNewDraft(doc),
      };
    },
  },
  catalogue: {
    get() { return clone(this.pinned?.catalogue) ?? null; },
    set(value) { this.applyPin('catalogue', value ?? null); },
  },
  calendars: {
    get() { return clone(this.pinned?.calendars) ?? null; },
    set(value) { this.applyPin('calendars', value ?? null); },
  },
  eventDetail: {
    get() { return this.getAttribute('event-detail') === 'full' ? 'full' : 'codes'; },
    set(v) { if (v === 'full') this.setAttribute('event-detail', 'full'); else this.removeAttribute('event-detail'); },
  },
  plan: { get() { return this.result?.ok ? this.result.plan : null; } },
};

const publicMethods = {
  // Merges `partial` into `data` (objects member by member; arrays, such as parties, replaced).
  mergeData(partial) {
    if (!isObject(partial)) {
      this.portalError('invalid-data', 'mergeData() 应得到对象，未作任何更改。', { path: '' });
      return;
    }
    const merge = (a, b) => {
      const out = isObject(a) ? clone(a) : {};
      for (const [k, v] of Object.entries(b)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : clone(v);
      return out;
    };
    const base = this.portalPendingData ?? (this.pack ? { office: this.officeStore.get(), ...(this.portalData ?? {}) } : {});
    this.data = merge(base, partial);
  },

  // The ZIP the export button makes, as a Blob; null while the packet is incomplete or the plan sends nothing.
  packetBlob() { return this.portalPacketBlob(); },

  // The verification report of a packet ZIP: {ok, packet?, problems: [..], checks: [{name, ok, message}]}.
  // Never throws: what cannot be read at all (not bytes, no engine) is a report with a problem.
  async verify(blob) {
    const refused = (problem) => ({ ok: false, problems: [problem], checks: [] });
    let bytes;
    let owned = false;
    if (blob instanceof Uint8Array) bytes = blob;
    else if (blob instanceof ArrayBuffer) bytes = new Uint8Array(blob);
    else if (blob instanceof Blob) {
      try { bytes = new Uint8Array(await blob.arrayBuffer()); owned = true; } catch { return refused('无法读取所给的文件。'); }
    } else return refused('verify() 应得到材料包 ZIP（Blob、ArrayBuffer 或 Uint8Array）。');
    try { await this.portalStarted(); } catch { return refused('移送助手的计算引擎未能启动，无法核验。'); }
    // The portal's own bytes are copied to the reader; bytes read here from a Blob are moved.
    return verifyPacketZip(bytes, this.engine, this.reader, { owned });
  },

  // Removes every draft, attachment, recorded act (台账), the office profile and the passphrase lock of
  // this element's storage-key (without one: those of the default store) and nothing else, then starts
  // a blank case. For the portal's logout and the element's own 清除本机数据.
  async clearStorage() {
    const namespace = this.storageNamespace();
    const storage = globalThis.localStorage;
    endSession(namespace);  // the key is forgotten and no sealed write still on its way is stored
    try {
      if (namespace) {
        const prefix = storagePrefix(namespace);
        const keys = [];
        for (let i = 0; i < storage.length; i += 1) { const k = storage.key(i); if (k && k.startsWith(prefix)) keys.push(k); }
        for (const k of keys) storage.removeItem(k);
      } else {
        for (const k of [draftsKey(''), ledgerKeyOf(draftsKey('')), lockKey(''), new OfficeProfileStore(storage, '').key]) storage.removeItem(k);
      }
    } catch (e) {
      this.portalError('storage-refused', '未能清除草稿：浏览器存储拒绝了清除。', {}, { cause: asError(e) });
    }
    const store = this.attachments ?? new AttachmentStore(undefined, namespace);
    try { await store.destroy(); } catch (e) { this.portalError('storage-refused', '未能清除附件：浏览器存储拒绝了清除。', {}, { cause: asError(e) }); }
    this.storageControlsRefresh?.();
    if (this.portalState) {
      this.attachments = new AttachmentStore(undefined, namespace);
      this.reset();
      this.portalPinOffice();
    }
  },

  // A blank case (the office attribute applied); stored drafts are kept.
  reset() {
    if (!this.portalState) return;
    if (this.resumeBox) this.resumeBox.hidden = true;
    this.confirmed = false;
    this.newDraft();
    this.applyOffice(false);
  },
};

// Adds the API to the element's class: observed attributes, properties, methods, and the readonly
// pass after every page is drawn.
export function installPortalApi(Class) {
  Object.defineProperty(Class, 'observedAttributes', { get: () => OBSERVED_ATTRIBUTES });
  const proto = Class.prototype;
  Object.assign(proto, portalMethods, publicMethods);
  Object.defineProperties(proto, publicMembers);
  const renderPage = proto.renderPage;
  proto.renderPage = function renderPageThenReadonly(...args) {
    renderPage.apply(this, args);
    this.portalAfterRender();
  };
}
