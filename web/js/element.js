// element.js — <referral-assistant>: the wizard as a custom element with a shadow root.
//
// [SECTION] Rendering helpers
// [SECTION] The element: start-up, drafts, language, pages, validation, the packet step, the plan
//
// The element composes components with explicit inputs (components/): the drafts bar, the question
// page, the plan panel, the packet step, the office profile and 收到移送材料. It owns the state (answers,
// page, the packet draft, the chosen language) and the events; the components get what they show as
// arguments and report by callbacks.
//
// Events (bubbling, composed; their details carry ids and codes: components/portal-api.js says what each
// holds): `referral-plan-change` after every change; `referral-draft-saved` after every save;
// `referral-draft-change` when another draft is shown; the packet step's `referral-packet-change` and
// `referral-packet-exported` (sent here for components/packet-step).
// Dates are never computed here: every due date and weekday comes from the engine.
import { EngineUnavailable, loadEngine } from './engine.js';
import { DraftStore, NAME_MAX, checkDraftName, newDraftId, storagePrefix } from './drafts.js';
import { adoptCarried, caseOf, groupsWithQuestions, missingIn, nowLocalChina, questionForPath, withCarried, withChinaOffset } from './model.js';
import { download, h, zh } from './dom.js';
import { readDate } from './dates.js';
import { PacketStep } from './components/packet-step/packet-step.js';
import { officeProfile } from './components/office-profile/office-profile.js';
import { receivePacket, receivedCaseAnswers, receivedPacketDraft } from './components/receive-packet/receive-packet.js';
import { freshPacket, packetInput, transfersOf, verifyPacketZip } from './packet.js';
import { AttachmentStore } from './attachments.js';
import { installPortalApi } from './components/portal-api.js';
import { planTitle, renderPlanPanel } from './components/plan-panel/plan-panel.js';
import { makeStrings } from './strings.js';
import { draftsBar } from './components/drafts-bar/drafts-bar.js';
import { questionPage } from './components/question-page/question-page.js';
import { ledgerSection } from './components/ledger/ledger.js';
import { ledgerEventsFor } from './components/ledger/ledger-model.js';
import { catalogueLine, catalogueRowText, laysOfficeData, officeData, officeDataSections, userCalendarNote } from './components/office-data.js';
import { PackStore } from './components/pack-import/pack-import.js';
import { CatalogueStore } from './components/catalogue-import/catalogue-import.js';
import { makeReader } from './read/reader.js';
import { lockGate } from './components/storage-lock/storage-lock.js';

//-----------------------------------------------------------------------------
// [SECTION] Rendering helpers
//-----------------------------------------------------------------------------
// Whether two packs as describePack names them ({id, version}) are the same.
const samePack = (a, b) => !!a && !!b && a.id === b.id && a.version === b.version;

function chinaStamp(d = new Date()) {
  return nowLocalChina(d.getTime()).replace('T', ' ');
}

//-----------------------------------------------------------------------------
// [SECTION] The element
//-----------------------------------------------------------------------------
// `startup` ({pack: describePack(), relevant: [question ids for an empty case], packFile?}) is made by
// the engine itself at build time (scripts/bundle.mjs): with it the first question is drawn at once and
// the engine, whose first call loads and checks the rule pack, is started behind it. `packFile`: the
// text of the `.referral-pack` a single file was built for (`scripts/bundle --pack DIR`), the pack
// that file starts under in place of the engine's built-in one.
// `documentCssHref`: a same-origin copy of the printed documents' stylesheet, for previews under a
// CSP that forbids their inline <style> (the embed build).
// `offlineHref`: the single-file build beside the embed files, offered as 下载离线版 (components/portal-api.js).
// `single`: the single-file build (its engine inlined; the page speaks of "本文件").
export function defineReferralAssistant({ css, cssHref, engineBase, startup = null, documentCssHref = null, offlineHref = null, single = false }) {
  if (customElements.get('referral-assistant')) return;

  class ReferralAssistant extends HTMLElement {
    constructor() {
      super();
      // The single file carries its first page rendered at build time as a declarative shadow root
      // (scripts/bundle.mjs), shown before any script runs; start() adopts it and what was typed in it.
      // Browsers without declarative shadow DOM (Chromium < 111) parse it as an inert <template>, which
      // boot.js attaches before the element is defined; the embed has none, and draws the page here.
      this.root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const own = [];
      if (css) own.push(h('style', {}, css));
      if (cssHref) own.push(h('link', { rel: 'stylesheet', href: cssHref }));
      this.t = makeStrings(this.chosenLang?.() ?? 'zh');  // the page's own words (strings.js) in the chosen language
      this.container = h('div', { class: 'app', lang: this.t.lang === 'en' ? 'en' : 'zh-CN' }, h('p', { class: 'loading', role: 'status' }, this.t('loading')));
      own.push(this.container);
      if (this.root.childNodes.length) this.prerenderedOwn = own;
      else this.root.append(...own);
      this.answers = {};
      this.pickers = new Map();  // what is typed in each catalogue picker's search box, by question: kept when the page is redrawn
      this.page = 0;
      this.errors = [];
      this.result = null;
      this.packet = null;  // the transfer packet's draft (components/packet-step), saved with the answers
      this.draftId = null;  // the current draft's own id (drafts.js newDraftId), never its name
      this.carried = {};  // the matter's members no question holds, as the portal handed them over (value)
      this.portalData = null;  // what the portal handed over for the packet (data), saved with the draft
      this.portalUpgradeProperties();  // a value the portal set before the element was defined
    }

    // Start-up: with `startup`, the first page is drawn before the engine is even compiled, and the
    // engine's first call (which loads the pack) waits for that page to be painted. Until then
    // answers are taken and saved; the plan and any change in which questions apply follow as soon
    // as the engine is ready. `referral-ready` is sent when the first question can be answered.
    // Files the official chooses (.xlsx, packet ZIPs) are read by this (read/reader.js), in a worker
    // started when the first one is chosen.
    get reader() { return (this.fileReader ??= makeReader(engineBase)); }

    async connectedCallback() {
      if (this.engineLoaded) return;
      this.engineLoaded = loadEngine(engineBase, { single });
      this.engineLoaded.catch(() => {});
      try {
        await lockGate(this);  // a passphrase-locked storage: the lock screen first (storage-lock.js)
        if (startup && !this.start(startup.pack, startup.relevant)) return;
      } catch (e) {
        if (this.storageDenied(e)) return;
        throw e;
      }
      // The first page drawn from the start-up data is painted before the engine's first call, which
      // loads the pack: awaited below, at once if the engine took longer than a frame to start.
      const firstPagePainted = startup && new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      try {
        this.engine = await this.engineLoaded;
        this.packRefused = this.applyPack();
        this.configureEngine({ atStart: true });
      } catch (e) {
        // Neither the WebAssembly nor the JavaScript engine could start (engine.js): say so in words an
        // official can act on, fitting why (an old browser, or files a deployment does not serve), never
        // the engine's own text. The first pages (from the start-up data) still take answers, which are
        // saved as typed and can be exported with 导出.
        const unavailable = e instanceof EngineUnavailable ? e : new EngineUnavailable([String(e)], 'unsupported', single);
        this.portalError('engine-unavailable', unavailable.message, { reason: unavailable.reason });
        const message = h('p', { class: 'error-message', role: 'alert', id: 'engine-unavailable' }, unavailable.message);
        if (startup) {
          this.planPanel.replaceChildren(planTitle(this.t), message,
            h('p', { class: 'hint' }, this.t(unavailable.reason === 'unsupported' ? 'engineKept' : 'engineKeptFault')));
          return;
        }
        this.container.replaceChildren(message);
        return;
      }
      if (!startup) {
        try {
          if (!this.start(this.engine.describePack(), null)) return;
        } catch (e) {
          if (this.storageDenied(e)) return;
          throw e;
        }
      } else {
        await firstPagePainted;
        // A pack this office imported: the page drawn again under it. Otherwise the pack in force is the
        // one the start-up data describes (scripts/bundle asked this engine), and the first call to the
        // engine is the first plan's.
        if (this.packImported) {
          const p = this.engine.describePack();
          if (p.ok && !samePack(p.pack, this.pack.pack)) this.adoptPack(p, { resume: true });
        }
      }
      this.engineReady();
      if (this.packRefused) this.sayPackRefused(this.packRefused);
    }

    //---------------------------------------------------------------------
    // The pack in force (components/pack-import): the built-in one (or the one this single file was
    // built for), else the one this office imported, kept per storage key. The office's catalogue and
    // years (configure) lay over whichever is in force: the engine composes them (wasm/bindings.cpp).
    //---------------------------------------------------------------------
    packStore() { return new PackStore(undefined, this.storageNamespace()); }

    // The pack that is in force when none is imported: the engine's own, or this file's (startup.packFile).
    useDefaultPack() {
      return startup?.packFile ? this.engine.usePack(startup.packFile) : this.engine.useBuiltInPack();
    }

    // At start: the stored pack file put in force again. Null when all went well, else the engine's
    // refusal of the stored file (a newer engine that no longer takes it, a damaged store): the
    // default pack then serves and the page says so (sayPackRefused).
    applyPack() {
      const stored = this.packStore().get();
      if (stored) {
        const r = this.engine.usePack(stored.text);
        this.packImported = r.ok;
        if (r.ok) return null;
        this.useDefaultPack();
        return { file: stored.file, reply: r };
      }
      if (startup?.packFile) this.useDefaultPack();
      return null;
    }

    sayPackRefused({ reply }) {
      const p = this.engine.describePack();
      this.say([this.t('packStoredRefused', this.t('packName', p.pack)), ...(reply.errors ?? [reply.error]).slice(0, 3).map((e) => ` ${e.file ?? ''} ${e.path ?? ''} ${e.message}`)].join(''), 'warning');
    }

    // What the pack section (components/pack-import) is given.
    packChoices() {
      return {
        use: (text) => (this.engine ? this.engine.usePack(text) : { ok: false, error: { message: this.t('engineNotLoaded') } }),
        restore: () => (this.engine ? this.useDefaultPack() : { ok: false, error: { message: this.t('engineNotLoaded') } }),
        current: () => ({ pack: this.pack.pack, imported: !!this.packStore().get() }),
        store: this.packStore(),
        officeCatalogue: () => !!(this.pinnedOfficeData()?.catalogue ?? new CatalogueStore(undefined, this.storageNamespace()).get()),
        limit: this.reader.limits?.kPackArchiveBytes,
        onChange: (message) => {
          this.adoptPack(this.engine.describePack());
          this.root.getElementById('pack-import')?.setAttribute('open', '');
          this.say(message);
        },
      };
    }

    // Another pack is in force: the frame drawn again from its description, and a new draft begun
    // under it (the one on the page stays stored, under the pack it was made with). `resume`: at start,
    // the last draft is offered again (opened, it says if it was made under another pack).
    adoptPack(pack, { resume = false } = {}) {
      this.pack = pack;
      this.questionIds = pack.questions.questions.map((q) => q.id);
      this.deptNames = {};
      for (const a of pack.authorities) if (a.kind === 'dept') this.deptNames[a.id.slice(5)] = a.name;
      this.draftStore = new DraftStore(pack.pack, undefined, this.storageNamespace());
      this.draftStore.useCatalogue(pack.catalogue);
      Object.assign(this, { draftName: this.freshName(), draftId: newDraftId(), answers: {}, carried: {}, portalData: null, packet: null, page: 0, errors: [], result: null });
      this.pickers.clear();
      this.resumeBox.hidden = true;
      this.rebuildFrame();
      this.prefillFromOffice();
      const pending = resume ? this.draftStore.current() : null;
      if (pending && Object.keys(pending.answers || {}).length) this.offerResume(pending);
      this.updatePlan();
      this.portalEmit('referral-draft-change', { draft: this.draftId, stored: false }, { name: this.draftName });
    }

    // A browser that denies this page its storage throws on the first read (SecurityError): a page of
    // another site framing the element while third-party storage is blocked. Said so, in place of a page
    // that would never come. False for any other error.
    storageDenied(e) {
      if (!e || e.name !== 'SecurityError') return false;
      this.container.replaceChildren(h('p', { class: 'error-message', role: 'alert', id: 'storage-denied' }, this.t('storageDenied')));
      this.portalError('storage-refused', '浏览器不允许移送助手在此使用存储（它被另一网站的页面嵌入，而浏览器阻止了第三方存储），无法保存草稿。', { reason: 'denied' });
      return true;
    }

    // Draws the frame and the first page from the pack description. False if the pack has no questions.
    start(pack, initialRelevant) {
      this.t = makeStrings(this.chosenLang());
      this.pack = pack;
      if (!this.pack.ok || !this.pack.questions) {
        this.container.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, this.t('noQuestions')));
        return false;
      }
      // Until the engine answers, the questions that apply are those of an empty case (built by the engine).
      this.initialRelevant = initialRelevant ? { relevantQuestions: () => ({ ok: true, relevant: initialRelevant }) } : null;
      this.questionIds = this.pack.questions.questions.map((q) => q.id);
      this.deptNames = {};
      for (const a of this.pack.authorities) if (a.kind === 'dept') this.deptNames[a.id.slice(5)] = a.name;
      this.draftStore = new DraftStore(this.pack.pack, undefined, this.storageNamespace());
      this.draftStore.useCatalogue(this.pack.catalogue);
      this.officeStore = this.portalOfficeStore(this.storageNamespace());
      const pending = this.draftStore.current();
      this.draftName = this.freshName();
      this.draftId = newDraftId();
      const typed = this.adoptPrerendered();
      this.build();
      this.prefillFromOffice();
      if (pending && Object.keys(pending.answers || {}).length) this.offerResume(pending);
      this.renderPage();
      this.portalStart();
      this.portalParts();
      this.portalObserveWidth();
      // After portalStart, which adds the header's 设置密码锁 and 清除本机数据: a press of either in the
      // pre-rendered page is pressed again like any other.
      if (typed) this.applyTyped(typed);
      if (!this.engine) this.planPanel.replaceChildren(planTitle(this.t), h('p', { class: 'hint loading' }, this.t('loading')));
      this.portalEmit('referral-ready', { engine: !!this.engine });
      return true;
    }

    // Takes over the first page rendered at build time: notes what was answered and typed in it (the
    // questions, 本单位设置), which field had focus and which button was pressed, then replaces it with
    // the element's own nodes. Null when there was none.
    adoptPrerendered() {
      if (!this.prerenderedOwn) return null;
      const values = [];
      for (const el of this.root.querySelectorAll('[data-question] input, [data-question] select')) {
        const question = el.closest('[data-question]').dataset.question;
        if (el.type === 'radio' || el.type === 'checkbox') { if (el.checked) values.push({ question, type: el.type, value: el.value }); }
        else if (el.value !== '') values.push({ question, type: el.type, value: el.value });
      }
      // What was typed into 本单位设置, by field (saved only by its own button, as ever).
      const office = [...this.root.querySelectorAll('#office-profile input[id], #office-profile select[id]')]
        .filter((el) => el.type !== 'file' && el.value !== '').map((el) => ({ id: el.id, value: el.value }));
      const focused = this.root.activeElement?.id ?? null;
      const pressed = this.dataset.pressed ?? null;  // a button pressed in it (boot.js)
      delete this.dataset.pressed;
      this.root.replaceChildren(...this.prerenderedOwn);
      this.prerenderedOwn = null;
      return { values, office, focused, pressed };
    }

    applyTyped({ values, office = [], focused, pressed }) {
      for (const { id, value } of office) {
        const field = this.root.getElementById(id);
        if (field && field.value === '') field.value = value;  // a stored profile's own value stays
      }
      for (const { question, type, value } of values) {
        const q = this.pack.questions.questions.find((x) => x.id === question);
        if (!q) continue;
        if (type === 'checkbox') this.setAnswer(q.id, true);
        else if (type === 'radio' && q.type === 'boolean') this.setAnswer(q.id, value === 'true');
        else if (type === 'radio') { const o = q.options?.find((x) => String(x.value) === value); if (o) this.setAnswer(q.id, o.value); }
        else if (q.type === 'town' || q.type === 'dept') this.setAnswer(q.id, value);
      }
      if (values.length) this.renderPage();
      if (focused) this.root.getElementById(focused)?.focus();
      if (pressed) this.root.getElementById(pressed)?.click();
    }

    // The engine has loaded: plan, and redraw the page if what was answered meanwhile changes which questions apply.
    engineReady() {
      const shown = this.main.querySelectorAll('[data-question]').length;
      const before = [...this.main.querySelectorAll('[data-question]')].map((e) => e.dataset.question).join();
      this.initialRelevant = null;
      this.updatePlan();
      const group = this.groups()[this.page];  // undefined on the check and packet pages
      const after = group ? group.questions.map((q) => q.id).join() : null;
      if (shown && after !== null && after !== before) {
        const focused = this.root.activeElement?.id;
        this.renderPage();
        if (focused) this.root.getElementById(focused)?.focus();
      }
      this.portalEngineReady();
    }

    // The frame: header with drafts, resume banner, wizard column and plan panel.
    build() {
      const p = this.pack.pack;
      this.status = h('p', { class: 'status', role: 'status' });
      this.resumeBox = h('div', { class: 'resume', hidden: true });
      this.draftsBar = draftsBar({ t: this.t, onOpen: (name) => this.openDraft(name), onNew: () => this.newDraft(), onExport: () => this.exportDraft(),
        onImport: (file) => this.importDraft(file), onRename: () => this.askRename(), onDelete: () => this.askDelete() });
      this.draftSelect = this.draftsBar.select;
      const t = this.t;
      this.container.lang = t.lang === 'en' ? 'en' : 'zh-CN';
      // 中文 / English: the page's own words and the pack's labels; plans and documents stay Chinese.
      const langButton = (lang, text) => h('button', { type: 'button', class: 'link-button', id: `lang-${lang}`, lang: lang === 'en' ? 'en' : 'zh-CN',
        'aria-pressed': String(t.lang === lang), onclick: () => this.switchLang(lang) }, text);
      const header = h('header', { class: 'header' },
        h('p', { class: 'title' }, t('appTitle'), h('span', { class: 'subtitle', id: 'pack-header' }, ' · ', zh(p.number), ` · ${t('version', p.version)}`,
          this.packStore().get() ? t('packImportedMark') : '')),
        h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('langSwitch'), 'data-lang-switch': '' },
          langButton('zh', '中文'), ' / ', langButton('en', 'English')),
        t.lang === 'en' ? h('p', { class: 'hint engine-note', id: 'engine-note' }, t('engineNote')) : '',
        this.draftsBar.element,
        this.catalogueInUse = h('p', { class: 'hint', id: 'catalogue-header' }, catalogueLine(this.pack.catalogue, t)),
        this.status);
      // One modal dialog for renaming and for confirming a delete; Esc or 取消 closes it unchanged.
      this.dialog = h('dialog', { class: 'dialog', id: 'draft-dialog', 'aria-labelledby': 'draft-dialog-title',
        onclose: () => { const back = this.dialogReturn; this.dialogReturn = null; back?.focus(); } });
      this.main = h('main', { class: 'wizard' });
      // The panel is redrawn on every change; screen readers hear one short line instead of all of it.
      this.planPanel = h('aside', { class: 'plan', 'aria-labelledby': 'plan-title' });
      this.planAnnounce = h('p', { class: 'visually-hidden', role: 'status', id: 'plan-announce' });
      const office = this.officeSection();
      const notice = this.sampleNotice = h('p', { class: 'notice', lang: 'zh-CN', hidden: !this.pack.catalogue.sample }, this.pack.catalogue.notice);
      this.officeData = officeDataSections(this, { reader: this.reader });
      // The catalogue import (office-data.js) and the ledger speak the page's language; the names,
      // steps and engine messages in them, and the files the ledger exports, stay Chinese.
      const ledger = ledgerSection({ root: this.root, pack: this.pack, drafts: this.draftStore, office: () => this.officeStore.get(), base: engineBase, reader: this.reader,
        engine: async () => this.engine ?? this.engineLoaded, caseOf: (answers, e) => caseOf(answers, this.pack, e), onOpen: (name) => this.openDraft(name),
        today: () => nowLocalChina().slice(0, 10), t });
      this.container.replaceChildren(header, notice, office, this.officeData.sections, ledger, this.resumeBox, h('div', { class: 'layout' }, this.main, this.planPanel), this.planAnnounce, this.dialog);
      this.refreshDraftList();
    }

    // 本单位设置 (components/office-profile), from this storage-key's profile.
    officeSection() {
      return officeProfile({ doc: document, t: this.t, year: () => Number(nowLocalChina().slice(0, 4)), authorities: this.pack.authorities.filter((a) => a.kind === 'town' || a.kind === 'dept'), store: this.officeStore,
        onChange: () => { if (this.prefillFromOffice()) this.renderPage(); },
        onExport: (text) => { download(this.root, text, '本单位设置.json', 'application/json'); this.say(this.t('officeExported')); } });
    }

    // The profile changed from outside the form (the portal's data, its office attribute): the form
    // shows it, open or closed as it was.
    refreshOfficeProfile() {
      const old = this.root.getElementById('office-profile');
      if (!old) return;
      const fresh = this.officeSection();
      fresh.open = old.open;
      old.replaceWith(fresh);
      this.portalPinOffice();
    }

    // The engine takes the catalogue and holiday years in force: the portal's pinned copies, else this
    // office's own (components/office-data.js). Returns the engine's reply.
    // Lays the office's catalogue and years over the pack in force and shows the catalogue in force.
    // `atStart`: the engine has just started under the pack the start-up data describes (scripts/bundle
    // asked this very engine). With nothing of the office's laid over it, the catalogue shown is
    // already the engine's, and asking describePack for it would make the engine's first call load
    // the pack to describe it again before the first plan (#28): the first call is the first plan's.
    configureEngine({ atStart = false } = {}) {
      const data = officeData(this.storageNamespace(), this.pinnedOfficeData());
      const r = this.engine.configure(data);
      const asDescribed = atStart && startup && !this.packImported && !laysOfficeData(data);
      if (r.ok && this.pack && !asDescribed) this.showCatalogue(this.engine.describePack().catalogue);
      return r;
    }

    // The page's language: the element's `lang` attribute (a portal's choice), else the official's
    // last choice on the 中文 / English switch (kept in this browser), else Chinese.
    chosenLang() {
      const attr = (this.getAttribute('lang') || '').toLowerCase();
      if (attr.startsWith('en')) return 'en';
      if (attr.startsWith('zh')) return 'zh';
      try { return globalThis.localStorage?.getItem(this.langKey()) === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
    }

    langKey() {
      const ns = this.storageNamespace?.() ?? '';
      return ns ? `${storagePrefix(ns)}lang` : 'referral-assistant/lang';
    }

    // The switch: kept for the next visit; a portal's lang attribute follows the choice.
    switchLang(lang) {
      try { globalThis.localStorage.setItem(this.langKey(), lang); } catch { /* the choice holds for this visit */ }
      if (this.hasAttribute('lang')) this.setAttribute('lang', lang === 'en' ? 'en' : 'zh-CN');
      this.applyLang();
      this.root.getElementById(`lang-${lang}`)?.focus();
    }

    // Redraws the frame and the page in the chosen language (answers, page and errors kept).
    applyLang() {
      const lang = this.chosenLang();
      if (lang === this.t.lang || !this.pack) { this.t = makeStrings(lang); return; }
      this.rebuildFrame();
    }

    // Draws the frame again, in the chosen language and from the stores of the current storage-key.
    rebuildFrame() {
      this.t = makeStrings(this.chosenLang());
      const resume = this.resumeBox && !this.resumeBox.hidden ? this.draftStore.current() : null;
      this.build();
      this.portalHeader(this.container.querySelector('header'));
      this.portalHide();
      if (resume) this.offerResume(resume);
      this.renderPage();
      if (this.result && this.engine) this.renderPlan();
      else this.planPanel.replaceChildren(planTitle(this.t), h('p', { class: 'hint loading' }, this.t('loading')));
    }

    // The office's catalogue or holiday years changed (components/office-data.js): name the catalogue,
    // redraw the page (the item picker lists its items) and plan again.
    onOfficeData() {
      this.showCatalogue(this.pack.catalogue);
      this.renderPage();
      this.updatePlan();
    }

    showCatalogue(catalogue) {
      this.pack.catalogue = catalogue;
      this.draftStore.useCatalogue(catalogue);
      this.catalogueInUse.replaceChildren(...catalogueLine(catalogue, this.t));
      this.sampleNotice.hidden = !catalogue.sample;
      this.officeData.refresh();
    }

    // A case not yet begun starts as this office's: who found it (a town government or a department)
    // and, for a town, which town. True when something was filled in.
    prefillFromOffice() {
      const p = this.officeStore?.get();
      if (!p?.authority || Object.keys(this.answers).length) return false;
      const [kind, id] = p.authority.split(':');
      if (kind !== 'town' && kind !== 'dept') return false;
      this.answers.finder = kind;
      if (kind === 'town') this.answers.town = id;
      this.updatePlan();
      return true;
    }

    refreshDraftList() {
      const names = this.draftStore.list().map((d) => d.name);
      if (!names.includes(this.draftName)) names.unshift(this.draftName);
      this.draftsBar.show(names, this.draftName);
    }

    offerResume(draft) {
      this.resumeBox.hidden = false;
      this.resumeBox.replaceChildren(
        h('p', {}, this.t('resumeOffer', draft.name, chinaStamp(new Date(draft.saved)))),
        h('button', { type: 'button', class: 'button', id: 'resume-yes', onclick: () => { this.resumeBox.hidden = true; this.openDraft(draft.name); } }, this.t('resumeYes')),
        h('button', { type: 'button', class: 'button secondary', id: 'resume-no', onclick: () => { this.resumeBox.hidden = true; this.main.querySelector('input,select,button')?.focus(); } }, this.t('resumeNo')));
    }

    async openDraft(name) {
      if (!this.engine) await this.engineLoaded;
      const d = this.draftStore.get(name);
      if (!d) return;
      this.draftName = name;
      this.draftId = d.id;
      this.answers = { ...d.answers };
      this.carried = d.case ? JSON.parse(JSON.stringify(d.case)) : {};
      this.portalData = d.data ? JSON.parse(JSON.stringify(d.data)) : null;
      this.pickers.clear();
      this.packet = d.packet ? JSON.parse(JSON.stringify(d.packet)) : null;
      this.draftStore.setCurrent(name);
      this.refreshDraftList();
      const groups = this.groups();
      this.result = this.engine.plan(this.caseDoc());
      this.page = Math.min(Number.isInteger(d.page) ? d.page : 0, groups.length + (this.packetAvailable() ? 1 : 0));
      this.errors = [];
      this.renderPage();
      this.updatePlan();
      this.portalEmit('referral-draft-change', { draft: this.draftId, stored: true }, { name });
      // Said before the next save records the pack and catalogue in force in the draft.
      const other = this.draftStore.otherPack(d);
      const note = [other ? this.t('draftOtherPack', this.t('packName', other.was), this.t('packName', other.is)) : '',
        this.draftStore.catalogueNote(d, this.t.lang)].filter(Boolean).join(this.t.lang === 'en' ? ' ' : '');
      this.say([this.t('draftOpened', name), note].filter(Boolean).join(this.t.lang === 'en' ? ' ' : ''), note ? 'warning' : false);
    }

    // A dated name no stored draft uses.
    freshName() {
      const base = this.t('draftBase', chinaStamp());
      let name = base;
      for (let n = 2; this.draftStore.get(name); n += 1) name = `${base} (${n})`;
      return name;
    }

    newDraft() {
      this.draftName = this.freshName();
      this.draftId = newDraftId();
      this.answers = {};
      this.carried = {};
      this.portalData = null;
      this.pickers.clear();
      this.prefillFromOffice();
      this.packet = null;
      this.page = 0;
      this.errors = [];
      this.refreshDraftList();
      this.renderPage();
      this.updatePlan();
      this.portalEmit('referral-draft-change', { draft: this.draftId, stored: false }, { name: this.draftName });
      this.say(this.t('draftCreated', this.draftName));
    }

    // Fills the dialog and opens it modally; focus goes to its [autofocus] element (or the first field) and,
    // when it closes, back to `from`. While it is open the rest of the page is inert, so it is never reopened.
    openDialog(title, from, ...body) {
      this.dialogReturn = from;
      this.dialog.replaceChildren(h('h2', { id: 'draft-dialog-title' }, title), ...body);
      this.dialog.showModal();
      (this.dialog.querySelector('[autofocus]') ?? this.dialog.querySelector('input,button'))?.focus();
    }

    askRename() {
      const from = this.root.getElementById('draft-rename');
      const input = h('input', { type: 'text', class: 'input', id: 'draft-name', value: this.draftName, autocomplete: 'off',
        'aria-describedby': 'draft-name-hint', autofocus: true });
      const error = h('p', { class: 'error-message', id: 'draft-name-error', hidden: true });
      const form = h('form', { method: 'dialog', novalidate: true, onsubmit: (e) => {
        e.preventDefault();
        const r = checkDraftName(input.value, (n) => n !== this.draftName && !!this.draftStore.get(n), this.t.lang);
        if (!r.ok) {
          error.textContent = r.message;
          error.hidden = false;
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', 'draft-name-error draft-name-hint');
          input.focus();
          return;
        }
        this.renameDraft(r.name);
        this.dialog.close();
      } },
        h('label', { for: 'draft-name', class: 'label' }, this.t('draftName')),
        h('p', { class: 'hint', id: 'draft-name-hint' }, this.t('draftNameHint', NAME_MAX)),
        error, input,
        h('div', { class: 'nav' },
          h('button', { type: 'submit', class: 'button', id: 'draft-rename-save' }, this.t('draftNameSave')),
          h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', onclick: () => this.dialog.close() }, this.t('cancel'))));
      this.openDialog(this.t('renameTitle', this.draftName), from, form);
      input.select();
    }

    // Renames the current draft, keeping every answer (unsaved ones are saved under the new name).
    renameDraft(name) {
      const old = this.draftName;
      if (name === old) return;
      if (this.draftStore.get(old)) {
        this.save();
        if (!this.draftStore.rename(old, name)) { this.say(this.t('renameRefused'), true); return; }
        this.draftName = name;
      } else {
        this.draftName = name;
        this.save();
      }
      this.draftStore.setCurrent(name);
      this.refreshDraftList();
      this.say(this.t('renamed', old, name));
    }

    askDelete() {
      const from = this.root.getElementById('draft-delete');
      const name = this.draftName;
      this.openDialog(this.t('deleteTitle', name), from,
        h('p', {}, this.t('deleteWarning')),
        h('div', { class: 'nav' },
          h('button', { type: 'button', class: 'button warning', id: 'draft-delete-confirm', onclick: () => {
            this.dialogReturn = null;
            this.dialog.close();
            this.deleteDraft(name);
          } }, this.t('deleteConfirm')),
          h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', autofocus: true,
            onclick: () => this.dialog.close() }, this.t('cancel'))));
    }

    // Deletes a draft; the most recent other draft is opened, or a fresh empty one if none is left.
    async deleteDraft(name) {
      if (!this.draftStore.remove(name)) { this.say(this.t('deleteRefused', name), true); return; }
      const next = this.draftStore.list()[0];
      if (next) await this.openDraft(next.name);
      else this.newDraft();
      this.say(this.t('deleted', name, next?.name));
      this.draftSelect.focus();
    }

    exportDraft() {
      this.save();
      const text = this.draftStore.exportText(this.draftName, this.answers, this.page, this.packet, this.draftExtra());
      download(this.root, text, `${this.draftName.replace(/[\\/:*?"<>| ]+/g, '-')}.referral-draft.json`, 'application/json');
      this.say(this.t('draftExported', this.draftName));
    }

    async importDraft(file) {
      const r = this.draftStore.parseImport(await file.text(), this.questionIds, this.t.lang);
      if (!r.ok) { this.say(r.message, true); return; }
      let name = r.draft.name;
      for (let n = 2; this.draftStore.get(name); n += 1) name = this.t('importedName', r.draft.name, n);
      const extra = { id: r.draft.id, carried: r.draft.case ?? null, data: r.draft.data ?? null };
      if (!this.draftStore.save(name, r.draft.answers, 0, r.draft.packet ?? null, extra)) { this.showUnsavedImport(name, r.draft); return; }
      await this.openDraft(name);
      this.say(this.t('draftImported', name, r.versionNote), r.versionNote ? 'warning' : false);
    }

    // Storage refused the imported draft (full or disabled): nothing stored is touched, the imported
    // answers are shown so that they can be worked on and exported, and the page says they are not saved.
    async showUnsavedImport(name, draft) {
      if (!this.engine) await this.engineLoaded;
      Object.assign(this, { draftName: name, draftId: draft.id, answers: { ...draft.answers }, carried: draft.case ?? {}, portalData: draft.data ?? null,
        packet: draft.packet ? JSON.parse(JSON.stringify(draft.packet)) : null, page: 0, errors: [] });
      this.refreshDraftList();
      this.renderPage();
      this.updatePlan();
      this.say(`草稿“${name}”未能保存：浏览器存储已满或被禁用。导入的回答已显示在页面上，但没有保存在本浏览器中，关闭页面前请点“导出”保存为文件。本浏览器中原有的草稿未受影响。`, true);
      this.portalError('storage-refused', '导入的草稿未能保存：浏览器存储已满或被禁用。');
    }

    // The status line: `true` or 'error' for a failure, 'warning' for what was done with a caution to
    // heed (a draft made under another catalogue or pack version), else done.
    say(text, level = false) {
      this.status.textContent = text;
      this.status.classList.toggle('status-error', level === true || level === 'error');
      this.status.classList.toggle('status-warning', level === 'warning');
    }

    // What a draft holds besides its answers, page and packet (drafts.js).
    draftExtra() { return { id: this.draftId, carried: this.carried, data: this.portalData }; }

    save() {
      // Another element (or tab) on the same storage-key stored a draft of this name meanwhile (both
      // named theirs after the same minute): this one takes a name of its own rather than overwrite it.
      const same = this.draftStore.get(this.draftName);
      if (same && same.id !== this.draftId) this.draftName = this.freshName();
      const d = this.draftStore.save(this.draftName, this.answers, this.page, this.packet, this.draftExtra());
      this.refreshDraftList();
      // Storage full or disabled: say so at once, while what was typed is still on the page.
      if (!d) {
        this.say(this.t('saveRefused'), true);
        this.portalError('storage-refused', '草稿未能保存：浏览器存储已满或被禁用。');
      }
      else if (this.status.classList.contains('status-error') && this.status.textContent === this.t('saveRefused')) this.say(this.t('saved'));
      if (d) this.portalEmit('referral-draft-saved', { draft: d.id, saved: d.saved }, { name: d.name });
    }

    groups() { return groupsWithQuestions(this.answers, this.pack, this.engine ?? this.initialRelevant); }

    // The matter as the engine reads it: the answers that apply, over the members the portal handed
    // over that no question holds (components/portal-api.js, value).
    caseDoc() { return withCarried(this.caseDocOf(this.answers), this.carried); }

    caseDocOf(answers) { return caseOf(answers, this.pack, this.engine); }

    // One answer changed: save at once, re-plan, and redraw the page if other questions now apply.
    setAnswer(id, value) {
      const before = this.groups().map((g) => g.questions.map((q) => q.id).join()).join('|');
      if (value === undefined) delete this.answers[id]; else this.answers[id] = value;
      if (this.engine) adoptCarried(this.answers, this.carried, this.pack, this.engine);
      this.save();
      this.updatePlan();
      const after = this.groups().map((g) => g.questions.map((q) => q.id).join()).join('|');
      if (before !== after) {
        const focused = this.root.activeElement?.id;
        this.renderPage();
        if (focused) this.root.getElementById(focused)?.focus();
      }
    }

    //---------------------------------------------------------------------
    // Pages
    //---------------------------------------------------------------------
    renderPage(focusTop = false) {
      const groups = this.groups();
      const packetStep = this.packetAvailable() ? 1 : 0;
      if (this.page > groups.length + packetStep) this.page = groups.length + packetStep;
      const total = groups.length + 1 + packetStep;
      const progress = h('p', { class: 'progress' }, this.t('progress', this.page + 1, total));
      const bar = h('progress', { max: String(total), value: String(this.page + 1), 'aria-hidden': 'true' });
      const summary = this.errorSummary();
      let body;
      if (this.page < groups.length) body = this.questionPage(groups[this.page]);
      else if (this.page === groups.length) body = this.checkPage(groups);
      else body = this.packetPage();
      this.main.replaceChildren(progress, bar, summary ?? '', body);
      if (summary) summary.focus();
      else if (focusTop) this.main.querySelector('h1')?.focus();
    }

    errorSummary() {
      if (!this.errors.length) return null;
      return h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'error-summary-title' },
        h('h2', { id: 'error-summary-title' }, this.t('errorSummary')),
        h('ul', {}, this.errors.map((e) => h('li', {}, h('a', { href: `#q-${e.question}`, onclick: (ev) => { ev.preventDefault(); this.goTo(e.question); } }, e.code ? zh(e.message) : e.message)))));
    }

    errorFor(id) { return this.errors.find((e) => e.question === id); }

    questionPage(group) {
      // A required date defaults to now; kept with the draft at the next change, so merely looking is not a draft.
      for (const q of group.questions) {
        if (q.type === 'date-time' && q.required && this.answers[q.id] === undefined) { this.answers[q.id] = withChinaOffset(nowLocalChina()); this.updatePlan(); }
      }
      const form = questionPage({ group, answers: this.answers, errors: this.errors, first: this.page === 0, t: this.t, pack: this.pack, deptNames: this.deptNames,
        pickers: this.pickers,
        onAnswer: (id, value) => this.setAnswer(id, value), onType: (id, value) => { this.answers[id] = value; this.save(); },
        onNext: () => this.next(), onBack: () => this.back() });
      if (this.page > 0) return form;
      return h('div', {}, form, receivePacket({ now: () => nowLocalChina(), t: this.t, office: () => this.officeStore?.get() ?? null,
        authorityName: (id) => this.pack.authorities.find((a) => a.id === id)?.name ?? id, maxBytes: this.reader.limits.kPacketZipBytes,
        verify: async (bytes, signal) => verifyPacketZip(bytes, this.engine ?? await this.engineLoaded, this.reader, { signal, owned: true }),
        onStart: (v, receivedIso, report) => this.startReceivedCase(v.packet, receivedIso, report) }));
    }

    // A verified packet received: this office's own case from it, straight to the plan, the packet
    // of the acknowledgement pre-filled from what was received.
    startReceivedCase(pk, receivedIso, report) {
      const answers = receivedCaseAnswers(pk, receivedIso, this.pack?.vocabulary);
      if (!answers) { report.append(h('p', { class: 'error-message' }, this.t('receiverNotOpening', pk.receiver?.name ?? ''))); return; }
      this.newDraft();
      this.draftName = this.t('receivedDraft', pk.document_number || pk.sender?.name || '').trim();
      for (let n = 2; this.draftStore.get(this.draftName); n += 1) this.draftName = `${this.t('receivedDraft', pk.document_number)} (${n})`;
      this.answers = answers;
      this.updatePlan();
      // What came from the packet is kept in the draft (its one owner), so a reload keeps it: the
      // acknowledgement's packet is made now, pre-filled from what was received, and saved with the answers.
      if (this.packetAvailable()) this.packet = receivedPacketDraft(pk, transfersOf(this.result.plan), this.caseDoc(), this.pack, nowLocalChina().slice(0, 10), this.officeStore?.get());
      this.page = this.groups().length;
      this.save();
      this.refreshDraftList();
      this.confirm();
      this.say(this.t('receivedStarted', pk.sender?.name ?? '', pk.document_number ?? ''));
    }

    // Required answers of this page, plus the engine's objections to fields on this page.
    pageErrors(group) {
      const errors = missingIn(group, this.answers).map((q) => ({ question: q.id, message: this.t('answerMissing', this.t.label(q.label)) }));
      // A date as typed that is not a date: said in its own words, before the engine is asked.
      for (const q of group.questions) {
        if (q.type !== 'date-time' || errors.some((e) => e.question === q.id)) continue;
        const r = readDate(this.answers[q.id], { withTime: true, lang: this.t.lang });
        if (r.ok === false) errors.push({ question: q.id, message: this.t('dateWrong', this.t.label(q.label), r.message) });
      }
      const ids = new Set(group.questions.map((q) => q.id));
      for (const e of this.engineErrors()) if (ids.has(e.question) && !errors.some((x) => x.question === e.question)) errors.push(e);
      return errors;
    }

    engineErrors() {
      if (!this.result || this.result.ok) return [];
      return this.result.errors.map((e) => ({ question: questionForPath(e.path, this.pack)?.id ?? null, message: e.message, code: e.code }))
        .filter((e) => e.question);
    }

    next() {
      const groups = this.groups();
      const group = groups[this.page];
      this.errors = this.pageErrors(group);
      if (this.errors.length) { this.renderPage(); return; }
      this.page += 1;
      this.save();
      this.renderPage(true);
    }

    back() {
      this.errors = [];
      this.page = Math.max(0, this.page - 1);
      this.save();
      this.renderPage(true);
    }

    // Opens the page holding question `id` and focuses it.
    goTo(id) {
      const groups = this.groups();
      const n = groups.findIndex((g) => g.questions.some((q) => q.id === id));
      if (n < 0) return;
      if (n !== this.page) { this.page = n; this.errors = this.errors.filter((e) => groups[n].questions.some((q) => q.id === e.question)); this.renderPage(); }
      const el = this.root.getElementById(`q-${id}`) || this.root.querySelector(`[data-question="${id}"] input, [data-question="${id}"] select`);
      el?.focus();
      el?.scrollIntoView?.({ block: 'center' });
    }

    answerText(q) {
      const v = this.answers[q.id];
      if (v === undefined || v === null) return this.t('notAnswered');
      if (q.type === 'choice') return this.t.label(q.options.find((o) => o.value === v)?.label) ?? String(v);
      if (q.type === 'boolean') return v ? this.t('yes') : this.t('no');
      if (q.type === 'date-time') return v.replace('T', ' ').replace(/:00\+08:00$/, ` (${this.t('beijingTime')})`);
      if (q.type === 'town' || q.type === 'dept') return this.pack.authorities.find((a) => a.id === `${q.type}:${v}`)?.name ?? v;
      if (q.type === 'item-picker') return v === '' ? this.t('notInCatalogue') : this.pack.catalogue.items.find((i) => i.id === v)?.name ?? v;
      return String(v);
    }

    checkPage(groups) {
      const rows = [];
      groups.forEach((g, n) => {
        for (const q of g.questions) {
          if (q.type === 'boolean' && !q.required && this.answers[q.id] !== true) continue;
          rows.push(h('div', { class: 'summary-row' },
            h('dt', {}, this.t.label(q.label)),
            // Authority and catalogue names are the pack's, in Chinese.
            h('dd', ['town', 'dept', 'item-picker'].includes(q.type) && this.answers[q.id] ? { lang: 'zh-CN' } : {}, this.answerText(q)),
            h('dd', { class: 'change' }, h('a', { href: `#q-${q.id}`, onclick: (e) => { e.preventDefault(); this.errors = []; this.page = n; this.renderPage(); this.goTo(q.id); } },
              this.t('change'), h('span', { class: 'visually-hidden' }, ` ${this.t.label(q.label)}`)))));
        }
      });
      const flagsOn = groups.find((g) => g.id === 'circumstances');
      if (flagsOn && !flagsOn.questions.some((q) => this.answers[q.id] === true)) {
        const n = groups.indexOf(flagsOn);
        rows.push(h('div', { class: 'summary-row' }, h('dt', {}, this.t.label(flagsOn.title)), h('dd', {}, this.t('none')),
          h('dd', { class: 'change' }, h('a', { href: '#', onclick: (e) => { e.preventDefault(); this.page = n; this.renderPage(true); } }, this.t('change'), h('span', { class: 'visually-hidden' }, ` ${this.t.label(flagsOn.title)}`)))));
      }
      return h('div', { class: 'check' },
        h('h1', { tabindex: '-1' }, this.t('checkTitle')),
        h('dl', { class: 'summary-list' }, rows),
        h('div', { class: 'nav' },
          h('button', { type: 'button', class: 'button secondary', id: 'back', onclick: () => this.back() }, this.t('back')),
          // Once the plan is made, the next step is the one green button; making it again is secondary.
          h('button', { type: 'button', class: this.packetAvailable() && this.confirmed ? 'button secondary' : 'button', id: 'confirm', onclick: () => this.confirm() }, this.t('confirm')),
          this.packetAvailable() && this.confirmed
            ? h('button', { type: 'button', class: 'button', id: 'packet-start', onclick: () => { this.page = groups.length + 1; this.save(); this.renderPage(true); } }, this.t('packetStart'))
            : ''));
    }

    confirm() {
      this.updatePlan();
      const groups = this.groups();
      const missing = groups.flatMap((g) => missingIn(g, this.answers)).map((q) => ({ question: q.id, message: this.t('answerMissing', this.t.label(q.label)) }));
      this.errors = missing.length ? missing : this.engineErrors();
      if (this.result && !this.result.ok && !this.errors.length)
        this.errors = this.result.errors.map((e) => ({ question: null, message: e.message }));
      this.confirmed = !this.errors.length;
      this.renderPage();
      if (!this.errors.length) {
        this.planPanel.querySelector('h2')?.focus();
        this.say(this.packetAvailable() ? this.t('planReady') : this.t('planReadyNoPacket'));
      }
    }

    //---------------------------------------------------------------------
    // The live plan panel
    //---------------------------------------------------------------------
    updatePlan() {
      if (!this.engine) return;  // start-up: engineReady() plans once the engine is there
      const doc = this.caseDoc();
      this.result = this.engine.plan(doc);
      this.renderPlan();
      this.portalPlanChange(this.result, doc);
    }

    //---------------------------------------------------------------------
    // The packet step (components/packet-step): the element owns the draft and sends the events
    //---------------------------------------------------------------------
    // Whether the plan has anything to send: the packet step exists only then.
    packetAvailable() {
      return !!(this.result?.ok && transfersOf(this.result.plan).length);
    }

    // The packet draft for the current plan; made (pre-filled) on first use, re-pointed when the plan
    // no longer has the transfer it was made for (what was typed is kept).
    currentPacket() {
      const transfers = transfersOf(this.result.plan);
      const chosen = this.packet && transfers.find((t) => t.key === this.packet.transfer);
      if (!this.packet) this.packet = this.portalDataIntoPacket(freshPacket(transfers[0], this.caseDoc(), this.pack, nowLocalChina().slice(0, 10), this.officeStore?.get()));
      else if (!chosen) this.packet.transfer = transfers[0].key;
      return { transfers, transfer: transfers.find((t) => t.key === this.packet.transfer) };
    }

    // Asks the engine for the packet (completeness, documents, file list) and tells the page's host.
    assemblePacket() {
      const step = transfersOf(this.result.plan).find((t) => t.key === this.packet.transfer)?.step;
      const input = packetInput(this.caseDoc(), this.packet, step?.documents ?? null);
      // The portal's own reference for the matter travels into packet.json as it is (data.reference).
      if (typeof this.portalData?.reference === 'string' && this.portalData.reference) input.reference = this.portalData.reference;
      const r = this.engine.packet(input, nowLocalChina().slice(0, 10));
      this.portalPacketChange(r);
      return r;
    }

    packetPage() {
      this.attachments ??= new AttachmentStore();
      this.currentPacket();
      this.packetStep = new PacketStep({ root: this.root, plan: this.result.plan, packet: this.packet, pack: this.pack, engine: this.engine, reader: this.reader,
        attachments: this.attachments, draftName: this.draftName, documentCssHref: this.documentCssHref, t: this.t,
        office: this.officeStore, events: ledgerEventsFor(this.draftStore),
        assemble: () => this.assemblePacket(),
        onChange: () => this.save(),
        onSay: (text, isError) => this.say(text, isError),
        // The component's messages may name a file: kept for a host that opted in (event-detail="full").
        onPortalError: (code, message) => this.portalError(code, code === 'packet-failed' ? '材料包未能导出：有附件的文件无法读取。' : '附件未能保存：浏览器存储已满或被禁用。', {}, { cause: message }),
        onBack: () => this.back(),
        onRerender: () => this.renderPage(),
        onExported: ({ file, zip, result: r }) => {
          this.portalEmit('referral-packet-exported', { file, sha256: r.packet.sha256, blob: new Blob([zip], { type: 'application/zip' }) });
        },
        isAttachmentUsed: (sha256) => this.draftStore.list().some((d) => d.packet?.attachments?.some((x) => x.sha256 === sha256)) });
      const page = this.packetStep.render();
      const reference = this.portalData?.reference;
      if (typeof reference === 'string' && reference) page.querySelector('h1')?.after(h('p', { class: 'hint', id: 'packet-reference' }, this.t('packetReference', reference)));
      return page;
    }

    renderPlan() {
      renderPlanPanel({ panel: this.planPanel, announce: this.planAnnounce, result: this.result, questions: this.pack.questions.questions, t: this.t,
        catalogueRow: catalogueRowText, calendarNote: (plan) => userCalendarNote(plan, this.storageNamespace(), this.t) });
    }
  }

  ReferralAssistant.prototype.documentCssHref = documentCssHref;
  ReferralAssistant.prototype.offlineHref = offlineHref;
  installPortalApi(ReferralAssistant);
  customElements.define('referral-assistant', ReferralAssistant);
}
