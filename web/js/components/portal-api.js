// portal-api.js — the public surface of <referral-assistant> for the pages that embed it
// (web/EMBEDDING.md; types in web/referral-assistant.d.ts). Mixed into the element (element.js):
//   attributes  office (an authority id: sets the finder and town/department answers), storage-key
//               (a namespace for every draft and attachment the element stores), readonly
//   properties  value (get: the current referral-case/1, possibly partial; set: prefill the answers,
//               the engine's objections shown at their fields; also when set before the element was
//               defined), plan (the latest referral-plan/1 or null)
//   methods     packetBlob(), verify(blob), clearStorage(), reset()
//   events      `error` {detail: {code, message}} on the element itself (not bubbling): storage refused,
//               engine failed to start, an office or value it cannot use.
// The element's own code calls the hooks portalStart() (frame drawn), portalEngineReady() and
// portalError(); nothing here draws a question or plans by itself.
import { storagePrefix, draftsKey } from '../drafts.js';
import { ledgerKeyOf } from './ledger/ledger-model.js';
import { AttachmentStore } from '../attachments.js';
import { caseOf, partialCaseOf, questionForPath } from '../model.js';
import { getAt, packetZip, verifyPacketZip } from '../packet.js';
import { h } from '../dom.js';
import { endSession, lockKey } from '../storage-crypto.js';
import { OfficeProfileStore } from './office-profile/office-profile.js';
import { lockGate, storageControls } from './storage-lock/storage-lock.js';

export const OBSERVED_ATTRIBUTES = ['office', 'storage-key', 'readonly', 'lang'];

const asError = (e) => (e && e.message ? e.message : String(e));

const portalMethods = {
  storageNamespace() { return this.getAttribute('storage-key') || ''; },

  portalError(code, message, cause = undefined) {
    this.dispatchEvent(new CustomEvent('error', { detail: cause === undefined ? { code, message } : { code, message, cause } }));
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
    this.applyOffice(false);
  },

  // Called by start() and by every redraw of the frame (another language): 下载离线版 in the header.
  // And 设置密码锁 / 清除本机数据 after the drafts bar.
  portalHeader(header) {
    if (!header) return;
    const controls = storageControls(this);
    header.querySelector('.drafts')?.after(controls);
    if (!this.offlineHref) return;
    header.append(h('p', { class: 'offline', part: 'offline' },
      h('a', { href: this.offlineHref, download: 'referral-assistant.html', id: 'offline-download' }, this.t('offlineDownload')),
      this.t('offlineHint')));
  },

  // Called by engineReady(): releases whatever waited for the engine (value, packetBlob, verify).
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
    // office and storage-key usually change together (another official logs in): handle both at once,
    // the namespace first, so that the new office never touches the previous official's drafts.
    if (this.portalSyncQueued) return;
    this.portalSyncQueued = true;
    queueMicrotask(() => { this.portalSyncQueued = false; this.portalSync(); });
  },

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
      this.drafts = new this.drafts.constructor(this.pack.pack, undefined, namespace);
      this.officeStore = new this.officeStore.constructor(undefined, namespace);
      this.attachments = new AttachmentStore(undefined, namespace);
      this.container.querySelector('.storage-controls')?.replaceWith(storageControls(this));
      this.resumeBox.hidden = true;
      this.applyLang();  // this official's 中文 / English choice
      const current = this.drafts.current();
      if (current) { this.openDraft(current.name); return; }
      this.newDraft();
      this.applyOffice(false);
      return;
    }
    if (officeChanged) this.applyOffice(true);
  },

  // The office attribute as answers: finder = town or dept, and which one. Not saved until the next
  // change (merely opening the element makes no draft); `save` for a change of office mid-way.
  applyOffice(save) {
    const office = this.getAttribute('office');
    if (!office) return;
    const authority = this.pack.authorities.find((a) => a.id === office && (a.kind === 'town' || a.kind === 'dept'));
    if (!authority) {
      this.portalError('invalid-office', `office="${office}" 不是规则包中的镇或部门（应如 town:huilong、dept:market）。`);
      return;
    }
    this.answers.finder = authority.kind;
    this.answers[authority.kind] = authority.id.slice(authority.kind.length + 1);
    if (save) this.save();
    this.updatePlan();
    this.renderPage();
  },

  // After every page is drawn: the ::part() names a host page can style (header, question, plan,
  // checklist; web/EMBEDDING.md), and readonly: every answer field is shown but cannot be changed;
  // moving between pages, the plan, export and verification still work.
  portalAfterRender() {
    if (!this.main) return;
    this.container.querySelector('header')?.setAttribute('part', 'header');
    this.planPanel?.setAttribute('part', 'plan');
    for (const el of this.main.querySelectorAll('.question')) el.setAttribute('part', 'question');
    this.main.querySelector('#packet-checklist')?.setAttribute('part', 'checklist');
    if (!this.hasAttribute('readonly')) return;
    for (const el of this.main.querySelectorAll('input, select, textarea')) if (el.id !== 'packet-verify') el.disabled = true;
  },

  applyValue(doc) {
    const answers = {};
    for (const q of this.pack.questions.questions) {
      const v = getAt(doc, q.sets);
      if (v !== undefined && v !== null) answers[q.id] = v;
    }
    const known = new Set(Object.keys(answers));
    const r = this.engine.plan(doc);
    const errors = [];
    const elsewhere = [];
    if (!r.ok) {
      for (const e of r.errors) {
        const q = questionForPath(e.path, this.pack);
        if (q && known.has(q.id)) { if (!errors.some((x) => x.question === q.id)) errors.push({ question: q.id, message: e.message, code: e.code }); }
        else if (!q) elsewhere.push(e);
      }
    }
    this.draftName = this.freshName();
    this.answers = answers;
    this.packet = null;
    this.confirmed = false;
    const groups = this.groups();
    const first = errors.length ? groups.findIndex((g) => g.questions.some((q) => q.id === errors[0].question)) : -1;
    this.page = Math.max(0, first);
    this.save();
    this.updatePlan();
    this.errors = first >= 0 ? errors.filter((e) => groups[first].questions.some((q) => q.id === e.question)) : [];
    this.renderPage();
    for (const e of elsewhere) this.portalError('invalid-value', `${e.path || '/'}：${e.message}`, e);
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
      this.portalError('packet-failed', asError(e));
      return null;
    }
  },
};

const publicMembers = {
  value: {
    get() {
      if (!this.pack) return this.portalPendingValue ?? { schema: 'referral-case/1' };
      return this.engine ? caseOf(this.answers, this.pack, this.engine) : partialCaseOf(this.answers, this.pack);
    },
    set(doc) {
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
        this.portalError('invalid-value', 'value 应为 referral-case/1 对象，未作任何更改。');
        return;
      }
      const copy = JSON.parse(JSON.stringify(doc));
      this.portalPendingValue = copy;
      this.portalStarted().then(() => {
        if (this.portalPendingValue !== copy) return;  // a later value won
        this.portalPendingValue = null;
        this.applyValue(copy);
      }, () => {});
    },
  },
  plan: { get() { return this.result?.ok ? this.result.plan : null; } },
};

const publicMethods = {
  // The ZIP the export button makes, as a Blob; null while the packet is incomplete or the plan sends nothing.
  packetBlob() { return this.portalPacketBlob(); },

  // The verification report of a packet ZIP: {ok, packet?, problems: [..], checks: [{name, ok, message}]}.
  async verify(blob) {
    await this.portalStarted();
    const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob instanceof ArrayBuffer ? blob : await blob.arrayBuffer());
    // The portal's own bytes are copied to the reader; bytes read here from a Blob are moved.
    return verifyPacketZip(bytes, this.engine, this.reader, { owned: !(blob instanceof Uint8Array || blob instanceof ArrayBuffer) });
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
      this.portalError('storage-refused', `未能清除草稿：${asError(e)}`);
    }
    const store = this.attachments ?? new AttachmentStore(undefined, namespace);
    try { await store.destroy(); } catch (e) { this.portalError('storage-refused', `未能清除附件：${asError(e)}`); }
    this.storageControlsRefresh?.();
    if (this.portalState) {
      this.attachments = new AttachmentStore(undefined, namespace);
      this.reset();
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
// and ::part() pass after every page is drawn.
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
