// element.js — <referral-assistant>: the wizard as a custom element with a shadow root.
//
// [SECTION] Rendering helpers
// [SECTION] The element: start-up, drafts, pages, validation, the live plan panel
//
// Events (bubbling, composed): `referral-plan-change` {detail: {ok, plan, errors}} after every
// change; `referral-draft-saved` {detail: {name, saved}} after every save; the packet step's
// `referral-packet-change` and `referral-packet-exported` (packet-page.js).
// Dates are never computed here: every due date and weekday comes from the engine.
import { UNSUPPORTED_MESSAGE, loadEngine } from './engine.js';
import { DraftStore, NAME_MAX, checkDraftName } from './drafts.js';
import { caseOf, groupsWithQuestions, missingIn, nowLocalChina, questionForPath, withChinaOffset } from './model.js';
import { renderPicker } from './picker.js';
import { clauseText, download, dueText, h, plainText } from './dom.js';
import { dateDoubt, isoOf, readDate, shownDate } from './dates.js';
import { packetMethods } from './packet-page.js';
import { OfficeProfileStore, officeProfile } from './components/office-profile/office-profile.js';
import { receivePacket, receivedCaseAnswers } from './components/receive-packet/receive-packet.js';
import { verifyPacketZip } from './packet.js';
import { sha256Hex } from './attachments.js';
import { installPortalApi } from './components/portal-api.js';
import { lockGate } from './components/storage-lock/storage-lock.js';

//-----------------------------------------------------------------------------
// [SECTION] Rendering helpers
//-----------------------------------------------------------------------------
function chinaStamp(d = new Date()) {
  return nowLocalChina(d.getTime()).replace('T', ' ');
}

//-----------------------------------------------------------------------------
// [SECTION] The element
//-----------------------------------------------------------------------------
// `startup` ({pack: describePack(), relevant: [question ids for an empty case]}) is made by the
// engine itself at build time (scripts/bundle.mjs): with it the first question is drawn at once and
// the engine, whose first call loads and checks the rule pack, is started behind it.
// `documentCssHref`: a same-origin copy of the printed documents' stylesheet, for previews under a
// CSP that forbids their inline <style> (the embed build).
// `offlineHref`: the single-file build beside the embed files, offered as 下载离线版 (components/portal-api.js).
export function defineReferralAssistant({ css, cssHref, engineBase, startup = null, documentCssHref = null, offlineHref = null }) {
  if (customElements.get('referral-assistant')) return;

  class ReferralAssistant extends HTMLElement {
    constructor() {
      super();
      // The single file carries its first page rendered at build time as a declarative shadow root
      // (scripts/bundle.mjs), shown before any script runs; start() adopts it and what was typed in it.
      // Browsers without declarative shadow DOM (Chromium < 111) ignore it and draw the page here.
      this.root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const own = [];
      if (css) own.push(h('style', {}, css));
      if (cssHref) own.push(h('link', { rel: 'stylesheet', href: cssHref }));
      this.container = h('div', { class: 'app' }, h('p', { class: 'loading', role: 'status' }, '正在加载规则引擎…'));
      own.push(this.container);
      if (this.root.childNodes.length) this.prerenderedOwn = own;
      else this.root.append(...own);
      this.answers = {};
      this.page = 0;
      this.errors = [];
      this.result = null;
      this.packet = null;  // the transfer packet's draft (packet-page.js), saved with the answers
    }

    // Start-up: with `startup`, the first page is drawn before the engine is even compiled, and the
    // engine's first call (which loads the pack) waits for that page to be painted. Until then
    // answers are taken and saved; the plan and any change in which questions apply follow as soon
    // as the engine is ready. `referral-ready` is sent when the first question can be answered.
    async connectedCallback() {
      if (this.engineLoaded) return;
      this.engineLoaded = loadEngine(engineBase);
      this.engineLoaded.catch(() => {});
      await lockGate(this);  // a passphrase-locked storage: the lock screen first (storage-lock.js)
      if (startup && !this.start(startup.pack, startup.relevant)) return;
      try {
        this.engine = await this.engineLoaded;
      } catch {
        this.portalError('engine-unavailable', UNSUPPORTED_MESSAGE);
        // Neither the WebAssembly nor the JavaScript engine could start (engine.js): say so in words an
        // official can act on, never the engine's own text. The first pages (from the start-up data)
        // still take answers, which are saved as typed and can be exported with 导出.
        const message = h('p', { class: 'error-message', role: 'alert', id: 'engine-unavailable' }, UNSUPPORTED_MESSAGE);
        if (startup) {
          this.planPanel.replaceChildren(h('h2', { id: 'plan-title', tabindex: '-1' }, '移送计划'), message,
            h('p', { class: 'hint' }, '已填写的回答仍保存在本浏览器中，可用上方的“导出”保存为文件，换用上述浏览器后“导入”继续填写。'));
          return;
        }
        this.container.replaceChildren(message);
        return;
      }
      if (!startup) {
        if (!this.start(this.engine.describePack(), null)) return;
      } else {
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      }
      this.engineReady();
    }

    // Draws the frame and the first page from the pack description. False if the pack has no questions.
    start(pack, initialRelevant) {
      this.pack = pack;
      if (!this.pack.ok || !this.pack.questions) {
        this.container.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, '本工具缺少问卷，无法使用。'));
        return false;
      }
      // Until the engine answers, the questions that apply are those of an empty case (built by the engine).
      this.initialRelevant = initialRelevant ? { relevantQuestions: () => ({ ok: true, relevant: initialRelevant }) } : null;
      this.questionIds = this.pack.questions.questions.map((q) => q.id);
      this.deptNames = {};
      for (const a of this.pack.authorities) if (a.kind === 'dept') this.deptNames[a.id.slice(5)] = a.name;
      this.drafts = new DraftStore(this.pack.pack, undefined, this.storageNamespace());
      this.officeStore = new OfficeProfileStore(undefined, this.storageNamespace());
      const pending = this.drafts.current();
      this.draftName = this.freshName();
      const typed = this.adoptPrerendered();
      this.build();
      this.prefillFromOffice();
      if (pending && Object.keys(pending.answers || {}).length) this.offerResume(pending);
      this.renderPage();
      if (typed) this.applyTyped(typed);
      this.portalStart();
      if (!this.engine) this.planPanel.replaceChildren(h('h2', { id: 'plan-title', tabindex: '-1' }, '移送计划'), h('p', { class: 'hint loading' }, '正在加载规则引擎…'));
      this.dispatchEvent(new CustomEvent('referral-ready', { bubbles: true, composed: true, detail: { engine: !!this.engine } }));
      return true;
    }

    // Takes over the first page rendered at build time: notes what was answered in it and which field
    // had focus, then replaces it with the element's own nodes. Null when there was none.
    adoptPrerendered() {
      if (!this.prerenderedOwn) return null;
      const values = [];
      for (const el of this.root.querySelectorAll('[data-question] input, [data-question] select')) {
        const question = el.closest('[data-question]').dataset.question;
        if (el.type === 'radio' || el.type === 'checkbox') { if (el.checked) values.push({ question, type: el.type, value: el.value }); }
        else if (el.value !== '') values.push({ question, type: el.type, value: el.value });
      }
      const focused = this.root.activeElement?.id ?? null;
      this.root.replaceChildren(...this.prerenderedOwn);
      this.prerenderedOwn = null;
      return { values, focused };
    }

    applyTyped({ values, focused }) {
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
      this.draftSelect = h('select', { id: 'draft-select', onchange: () => this.openDraft(this.draftSelect.value) });
      this.importInput = h('input', { type: 'file', id: 'draft-import', accept: '.json,application/json', class: 'visually-hidden',
        onchange: () => this.importDraft() });
      const header = h('header', { class: 'header' },
        h('p', { class: 'title' }, '移送助手', h('span', { class: 'subtitle' }, ` · ${p.number} · ${p.version} 版`)),
        h('div', { class: 'drafts' },
          h('label', { for: 'draft-select' }, '草稿'), this.draftSelect,
          h('button', { type: 'button', class: 'button secondary', onclick: () => this.newDraft() }, '新建'),
          h('button', { type: 'button', class: 'button secondary', id: 'draft-export', onclick: () => this.exportDraft() }, '导出'),
          h('label', { for: 'draft-import', class: 'button secondary' }, '导入'), this.importInput,
          h('button', { type: 'button', class: 'button secondary', id: 'draft-rename', 'aria-haspopup': 'dialog',
            onclick: () => this.askRename() }, '重命名'),
          h('button', { type: 'button', class: 'button secondary', id: 'draft-delete', 'aria-haspopup': 'dialog',
            onclick: () => this.askDelete() }, '删除')),
        this.status);
      // One modal dialog for renaming and for confirming a delete; Esc or 取消 closes it unchanged.
      this.dialog = h('dialog', { class: 'dialog', id: 'draft-dialog', 'aria-labelledby': 'draft-dialog-title',
        onclose: () => { const back = this.dialogReturn; this.dialogReturn = null; back?.focus(); } });
      this.main = h('main', { class: 'wizard' });
      // The panel is redrawn on every change; screen readers hear one short line instead of all of it.
      this.planPanel = h('aside', { class: 'plan', 'aria-labelledby': 'plan-title' });
      this.planAnnounce = h('p', { class: 'visually-hidden', role: 'status', id: 'plan-announce' });
      const office = officeProfile({ doc: document, authorities: this.pack.authorities.filter((a) => a.kind === 'town' || a.kind === 'dept'), store: this.officeStore,
        onChange: () => { if (this.prefillFromOffice()) this.renderPage(); },
        onExport: (text) => { download(this.root, text, '本单位设置.json', 'application/json'); this.say('已导出本单位设置。'); } });
      const notice = this.pack.catalogue.sample ? h('p', { class: 'notice' }, this.pack.catalogue.notice) : null;
      this.container.replaceChildren(header, notice, office, this.resumeBox, h('div', { class: 'layout' }, this.main, this.planPanel), this.planAnnounce, this.dialog);
      this.refreshDraftList();
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
      const names = this.drafts.list().map((d) => d.name);
      if (!names.includes(this.draftName)) names.unshift(this.draftName);
      this.draftSelect.replaceChildren(...names.map((n) => h('option', { value: n, selected: n === this.draftName }, n)));
    }

    offerResume(draft) {
      this.resumeBox.hidden = false;
      this.resumeBox.replaceChildren(
        h('p', {}, `您有未完成的草稿“${draft.name}”（保存于 ${chinaStamp(new Date(draft.saved))}）。`),
        h('button', { type: 'button', class: 'button', id: 'resume-yes', onclick: () => { this.resumeBox.hidden = true; this.openDraft(draft.name); } }, '继续填写'),
        h('button', { type: 'button', class: 'button secondary', id: 'resume-no', onclick: () => { this.resumeBox.hidden = true; this.main.querySelector('input,select,button')?.focus(); } }, '重新开始'));
    }

    async openDraft(name) {
      if (!this.engine) await this.engineLoaded;
      const d = this.drafts.get(name);
      if (!d) return;
      this.draftName = name;
      this.answers = { ...d.answers };
      this.packet = d.packet ? JSON.parse(JSON.stringify(d.packet)) : null;
      this.drafts.setCurrent(name);
      this.refreshDraftList();
      const groups = this.groups();
      this.result = this.engine.plan(this.caseDoc());
      this.page = Math.min(Number.isInteger(d.page) ? d.page : 0, groups.length + (this.packetAvailable() ? 1 : 0));
      this.errors = [];
      this.renderPage();
      this.updatePlan();
      this.say(`已打开草稿“${name}”。`);
    }

    // A dated name no stored draft uses.
    freshName() {
      const base = `草稿 ${chinaStamp()}`;
      let name = base;
      for (let n = 2; this.drafts.get(name); n += 1) name = `${base} (${n})`;
      return name;
    }

    newDraft() {
      this.draftName = this.freshName();
      this.answers = {};
      this.prefillFromOffice();
      this.packet = null;
      this.page = 0;
      this.errors = [];
      this.refreshDraftList();
      this.renderPage();
      this.updatePlan();
      this.say(`已新建“${this.draftName}”。`);
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
        const r = checkDraftName(input.value, (n) => n !== this.draftName && !!this.drafts.get(n));
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
        h('label', { for: 'draft-name', class: 'label' }, '草稿名称'),
        h('p', { class: 'hint', id: 'draft-name-hint' }, `不能为空，最多 ${NAME_MAX} 个字符。`),
        error, input,
        h('div', { class: 'nav' },
          h('button', { type: 'submit', class: 'button', id: 'draft-rename-save' }, '保存名称'),
          h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', onclick: () => this.dialog.close() }, '取消')));
      this.openDialog(`重命名草稿“${this.draftName}”`, from, form);
      input.select();
    }

    // Renames the current draft, keeping every answer (unsaved ones are saved under the new name).
    renameDraft(name) {
      const old = this.draftName;
      if (name === old) return;
      if (this.drafts.get(old)) {
        this.save();
        if (!this.drafts.rename(old, name)) { this.say('无法保存新名称（浏览器存储不可用）。', true); return; }
        this.draftName = name;
      } else {
        this.draftName = name;
        this.save();
      }
      this.drafts.setCurrent(name);
      this.refreshDraftList();
      this.say(`已将“${old}”重命名为“${name}”。`);
    }

    askDelete() {
      const from = this.root.getElementById('draft-delete');
      const name = this.draftName;
      this.openDialog(`删除草稿“${name}”？`, from,
        h('p', {}, '草稿中的全部回答将从本浏览器中删除，无法恢复。如需保留，请先“导出”。'),
        h('div', { class: 'nav' },
          h('button', { type: 'button', class: 'button warning', id: 'draft-delete-confirm', onclick: () => {
            this.dialogReturn = null;
            this.dialog.close();
            this.deleteDraft(name);
          } }, '确认删除'),
          h('button', { type: 'button', class: 'button secondary', id: 'draft-dialog-cancel', autofocus: true,
            onclick: () => this.dialog.close() }, '取消')));
    }

    // Deletes a draft; the most recent other draft is opened, or a fresh empty one if none is left.
    async deleteDraft(name) {
      if (!this.drafts.remove(name)) { this.say(`无法删除“${name}”（浏览器存储不可用）。`, true); return; }
      const next = this.drafts.list()[0];
      if (next) await this.openDraft(next.name);
      else this.newDraft();
      this.say(`已删除“${name}”。${next ? `现在打开的是“${next.name}”。` : '已新建空白草稿。'}`);
      this.draftSelect.focus();
    }

    exportDraft() {
      this.save();
      const text = this.drafts.exportText(this.draftName, this.answers, this.page, this.packet);
      download(this.root, text, `${this.draftName.replace(/[\\/:*?"<>| ]+/g, '-')}.referral-draft.json`, 'application/json');
      this.say(`已导出“${this.draftName}”。`);
    }

    async importDraft() {
      const file = this.importInput.files[0];
      this.importInput.value = '';
      if (!file) return;
      const r = this.drafts.parseImport(await file.text(), this.questionIds);
      if (!r.ok) { this.say(r.message, true); return; }
      let name = r.draft.name;
      for (let n = 2; this.drafts.get(name); n += 1) name = `${r.draft.name}（导入 ${n}）`;
      if (!this.drafts.save(name, r.draft.answers, 0, r.draft.packet ?? null)) { this.showUnsavedImport(name, r.draft); return; }
      await this.openDraft(name);
      this.say(`已导入草稿“${name}”。${r.versionNote}`);
    }

    // Storage refused the imported draft (full or disabled): nothing stored is touched, the imported
    // answers are shown so that they can be worked on and exported, and the page says they are not saved.
    async showUnsavedImport(name, draft) {
      if (!this.engine) await this.engineLoaded;
      Object.assign(this, { draftName: name, answers: { ...draft.answers }, packet: draft.packet ? JSON.parse(JSON.stringify(draft.packet)) : null, page: 0, errors: [] });
      this.refreshDraftList();
      this.renderPage();
      this.updatePlan();
      this.say(`草稿“${name}”未能保存：浏览器存储已满或被禁用。导入的回答已显示在页面上，但没有保存在本浏览器中，关闭页面前请点“导出”保存为文件。本浏览器中原有的草稿未受影响。`, true);
      this.portalError('storage-refused', '导入的草稿未能保存：浏览器存储已满或被禁用。');
    }

    say(text, isError = false) {
      this.status.textContent = text;
      this.status.classList.toggle('status-error', isError);
    }

    save() {
      const d = this.drafts.save(this.draftName, this.answers, this.page, this.packet);
      this.refreshDraftList();
      // Storage full or disabled: say so at once, while what was typed is still on the page.
      if (!d) {
        this.say('草稿未能保存：浏览器存储已满或被禁用。请立即点“导出”把草稿保存为文件。', true);
        this.portalError('storage-refused', '草稿未能保存：浏览器存储已满或被禁用。');
      }
      else if (this.status.classList.contains('status-error') && this.status.textContent.startsWith('草稿未能保存')) this.say('草稿已保存。');
      if (d) this.dispatchEvent(new CustomEvent('referral-draft-saved', { bubbles: true, composed: true, detail: { name: d.name, saved: d.saved } }));
    }

    groups() { return groupsWithQuestions(this.answers, this.pack, this.engine ?? this.initialRelevant); }

    caseDoc() { return caseOf(this.answers, this.pack, this.engine); }

    // One answer changed: save at once, re-plan, and redraw the page if other questions now apply.
    setAnswer(id, value) {
      const before = this.groups().map((g) => g.questions.map((q) => q.id).join()).join('|');
      if (value === undefined) delete this.answers[id]; else this.answers[id] = value;
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
      const progress = h('p', { class: 'progress' }, `第 ${this.page + 1} 步，共 ${total} 步`);
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
        h('h2', { id: 'error-summary-title' }, '请更正以下问题'),
        h('ul', {}, this.errors.map((e) => h('li', {}, h('a', { href: `#q-${e.question}`, onclick: (ev) => { ev.preventDefault(); this.goTo(e.question); } }, e.message)))));
    }

    errorFor(id) { return this.errors.find((e) => e.question === id); }

    questionPage(group) {
      const form = h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); this.next(); } });
      form.append(h('h1', { tabindex: '-1' }, group.title.zh, h('span', { class: 'en', lang: 'en' }, group.title.en)));
      for (const q of group.questions) form.append(this.question(q));
      form.append(h('div', { class: 'nav' },
        this.page > 0 ? h('button', { type: 'button', class: 'button secondary', id: 'back', onclick: () => this.back() }, '上一步') : '',
        h('button', { type: 'submit', class: 'button', id: 'next' }, '下一步')));
      if (this.page > 0) return form;
      return h('div', {}, form, receivePacket({ now: () => nowLocalChina(),
        verify: async (bytes) => verifyPacketZip(bytes, this.engine ?? await this.engineLoaded, sha256Hex),
        onStart: (v, receivedIso, report) => this.startReceivedCase(v.packet, receivedIso, report) }));
    }

    // A verified packet received: this office's own case from it, straight to the plan, the packet
    // of the acknowledgement pre-filled from what was received.
    startReceivedCase(pk, receivedIso, report) {
      const answers = receivedCaseAnswers(pk, receivedIso);
      if (!answers) { report.append(h('p', { class: 'error-message' }, `接收机关“${pk.receiver?.name ?? ''}”不是镇人民政府或市级业务主管部门，无法据此建立案件。`)); return; }
      this.newDraft();
      this.draftName = `收到 ${pk.document_number || pk.sender?.name || ''}`.trim();
      for (let n = 2; this.drafts.get(this.draftName); n += 1) this.draftName = `收到 ${pk.document_number} (${n})`;
      this.answers = answers;
      this.received = pk;
      this.updatePlan();
      this.page = this.groups().length;
      this.save();
      this.refreshDraftList();
      this.confirm();
      this.say(`已按收到的材料（${pk.sender?.name ?? ''} ${pk.document_number ?? ''}）建立本单位的案件。`);
    }

    question(q) {
      const id = `q-${q.id}`;
      const err = this.errorFor(q.id);
      const errId = `${id}-error`;
      const helpId = `${id}-help`;
      const describedBy = [q.help ? helpId : '', err ? errId : ''].filter(Boolean).join(' ') || undefined;
      const help = q.help ? h('p', { class: 'hint', id: helpId }, q.help.zh) : '';
      const errEl = err ? h('p', { class: 'error-message', id: errId }, h('span', { class: 'visually-hidden' }, '错误：'), err.message) : '';
      const label = (forId) => h(forId ? 'label' : 'legend', { for: forId, class: 'label' }, q.label.zh, h('span', { class: 'en', lang: 'en' }, q.label.en));
      const v = this.answers[q.id];
      const box = (...c) => h('div', { class: `question${err ? ' has-error' : ''}`, 'data-question': q.id }, ...c);

      if (q.type === 'choice' || (q.type === 'boolean' && q.required)) {
        const options = q.type === 'boolean'
          ? [{ value: true, label: { zh: '是', en: 'Yes' } }, { value: false, label: { zh: '否', en: 'No' } }]
          : q.options;
        return box(h('fieldset', { 'aria-describedby': describedBy }, label(null), help, errEl,
          options.map((o, n) => {
            const oid = n === 0 ? id : `${id}-${String(o.value)}`;
            return h('div', { class: 'radio' },
              h('input', { type: 'radio', name: id, id: oid, value: String(o.value), checked: v === o.value, onchange: () => this.setAnswer(q.id, o.value) }),
              h('label', { for: oid }, o.label.zh, h('span', { class: 'en', lang: 'en' }, o.label.en)));
          })));
      }
      if (q.type === 'boolean') {
        return box(h('div', { class: 'checkbox' },
          h('input', { type: 'checkbox', id, checked: v === true, 'aria-describedby': describedBy, onchange: (e) => this.setAnswer(q.id, e.target.checked ? true : undefined) }),
          h('label', { for: id }, q.label.zh, h('span', { class: 'en', lang: 'en' }, q.label.en))), help, errEl);
      }
      if (q.type === 'date-time') {
        // Defaults to now; kept with the draft at the next change, so merely looking is not a draft.
        // Typed as text: what was typed stays as typed, a date that does not exist is named at the field.
        if (q.required && v === undefined) { this.answers[q.id] = withChinaOffset(nowLocalChina()); this.updatePlan(); }
        const doubtId = `${id}-doubt`;
        const doubt = h('p', { class: 'warning-message', id: doubtId, hidden: true });
        const showDoubt = (text) => {
          const reading = readDate(text, { withTime: true });
          const message = reading.ok === false ? reading.message : dateDoubt(reading, nowLocalChina());
          doubt.hidden = !message || !!err;
          doubt.textContent = message ?? '';
        };
        const valueOf = (text) => { const r = readDate(text, { withTime: true }); return r.empty ? '' : (isoOf(r) ?? text); };
        const input = h('input', { type: 'text', id, class: 'input input-date', value: shownDate(this.answers[q.id]), inputmode: 'numeric',
          autocomplete: 'off', spellcheck: 'false', placeholder: '2026-09-29 10:30', 'aria-describedby': [describedBy, doubtId].filter(Boolean).join(' '),
          oninput: (e) => { this.answers[q.id] = valueOf(e.target.value); this.save(); showDoubt(e.target.value); },
          onchange: (e) => this.setAnswer(q.id, valueOf(e.target.value)) });
        showDoubt(input.value);
        return box(label(id), help, errEl, doubt, h('div', { class: 'datetime' }, input, h('span', { class: 'suffix' }, '北京时间')));
      }
      if (q.type === 'town' || q.type === 'dept') {
        const list = this.pack.authorities.filter((a) => a.kind === q.type);
        const select = h('select', { id, class: 'input', 'aria-describedby': describedBy, onchange: (e) => this.setAnswer(q.id, e.target.value || undefined) },
          h('option', { value: '' }, '请选择'),
          list.map((a) => { const short = a.id.slice(a.id.indexOf(':') + 1); return h('option', { value: short, selected: v === short }, a.name); }));
        return box(label(id), help, errEl, select);
      }
      if (q.type === 'item-picker') {
        const fs = h('fieldset', { 'aria-describedby': describedBy }, label(null), help, errEl);
        renderPicker(fs, { items: this.pack.catalogue.items, deptNames: this.deptNames, value: v, idBase: id, describedBy,
          onPick: (itemId) => this.setAnswer(q.id, itemId) });
        return box(fs);
      }
      return box(h('p', {}, `不支持的问题类型 ${q.type}`));
    }

    // Required answers of this page, plus the engine's objections to fields on this page.
    pageErrors(group) {
      const errors = missingIn(group, this.answers).map((q) => ({ question: q.id, message: `请回答“${q.label.zh}”` }));
      // A date as typed that is not a date: said in its own words, before the engine is asked.
      for (const q of group.questions) {
        if (q.type !== 'date-time' || errors.some((e) => e.question === q.id)) continue;
        const r = readDate(this.answers[q.id], { withTime: true });
        if (r.ok === false) errors.push({ question: q.id, message: `“${q.label.zh}”：${r.message}` });
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
      if (v === undefined || v === null) return '未填写';
      if (q.type === 'choice') return q.options.find((o) => o.value === v)?.label.zh ?? String(v);
      if (q.type === 'boolean') return v ? '是' : '否';
      if (q.type === 'date-time') return v.replace('T', ' ').replace(/:00\+08:00$/, '（北京时间）');
      if (q.type === 'town' || q.type === 'dept') return this.pack.authorities.find((a) => a.id === `${q.type}:${v}`)?.name ?? v;
      if (q.type === 'item-picker') return v === '' ? '目录中没有此事项' : this.pack.catalogue.items.find((i) => i.id === v)?.name ?? v;
      return String(v);
    }

    checkPage(groups) {
      const rows = [];
      groups.forEach((g, n) => {
        for (const q of g.questions) {
          if (q.type === 'boolean' && !q.required && this.answers[q.id] !== true) continue;
          rows.push(h('div', { class: 'summary-row' },
            h('dt', {}, q.label.zh),
            h('dd', {}, this.answerText(q)),
            h('dd', { class: 'change' }, h('a', { href: `#q-${q.id}`, onclick: (e) => { e.preventDefault(); this.errors = []; this.page = n; this.renderPage(); this.goTo(q.id); } },
              '更改', h('span', { class: 'visually-hidden' }, ` ${q.label.zh}`)))));
        }
      });
      const flagsOn = groups.find((g) => g.id === 'circumstances');
      if (flagsOn && !flagsOn.questions.some((q) => this.answers[q.id] === true)) {
        const n = groups.indexOf(flagsOn);
        rows.push(h('div', { class: 'summary-row' }, h('dt', {}, flagsOn.title.zh), h('dd', {}, '无'),
          h('dd', { class: 'change' }, h('a', { href: '#', onclick: (e) => { e.preventDefault(); this.page = n; this.renderPage(true); } }, '更改', h('span', { class: 'visually-hidden' }, ` ${flagsOn.title.zh}`)))));
      }
      return h('div', { class: 'check' },
        h('h1', { tabindex: '-1' }, '核对您的回答', h('span', { class: 'en', lang: 'en' }, 'Check your answers')),
        h('dl', { class: 'summary-list' }, rows),
        h('div', { class: 'nav' },
          h('button', { type: 'button', class: 'button secondary', id: 'back', onclick: () => this.back() }, '上一步'),
          h('button', { type: 'button', class: 'button', id: 'confirm', onclick: () => this.confirm() }, '生成移送计划'),
          this.packetAvailable() && this.confirmed
            ? h('button', { type: 'button', class: 'button', id: 'packet-start', onclick: () => { this.page = groups.length + 1; this.save(); this.renderPage(true); } }, '下一步：准备移送材料')
            : ''));
    }

    confirm() {
      this.updatePlan();
      const groups = this.groups();
      const missing = groups.flatMap((g) => missingIn(g, this.answers)).map((q) => ({ question: q.id, message: `请回答“${q.label.zh}”` }));
      this.errors = missing.length ? missing : this.engineErrors();
      if (this.result && !this.result.ok && !this.errors.length)
        this.errors = this.result.errors.map((e) => ({ question: null, message: e.message }));
      this.confirmed = !this.errors.length;
      this.renderPage();
      if (!this.errors.length) {
        this.planPanel.querySelector('h2')?.focus();
        this.say(this.packetAvailable() ? '移送计划已生成，见“移送计划”。下一步可准备移送材料。' : '移送计划已生成，见“移送计划”。本案无需向其他机关移送材料。');
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
      this.dispatchEvent(new CustomEvent('referral-plan-change', { bubbles: true, composed: true,
        detail: { ok: this.result.ok, plan: this.result.ok ? this.result.plan : null, errors: this.result.ok ? [] : this.result.errors, case: doc } }));
    }

    factLabel(fact, value) {
      const q = this.pack.questions.questions.find((x) => x.id === fact);
      const raw = value.replace(/^'|'$/g, '');
      let shown = raw;
      if (q?.options) shown = q.options.find((o) => String(o.value) === raw)?.label.zh ?? raw;
      else if (raw === 'true') shown = '是';
      else if (raw === 'false') shown = '否';
      return `${q ? q.label.zh : fact}：${shown}`;
    }

    renderPlan() {
      const title = h('h2', { id: 'plan-title', tabindex: '-1' }, '移送计划');
      const r = this.result;
      if (!r.ok) {
        const left = r.errors.length;
        this.planPanel.replaceChildren(title, h('p', { class: 'hint' }, `回答问题后，这里会即时显示由谁处理、向谁移送、依据哪一条款、何时到期。（尚有 ${left} 项待补充）`));
        return;
      }
      const p = r.plan;
      const line = p.handler ? `移送计划已更新：由${p.handler.name}处理，共 ${p.steps.length} 个步骤。` : '移送计划已更新：未能确定处理机关。';
      if (this.planAnnounce.textContent !== line) this.planAnnounce.textContent = line;
      const handler = p.handler
        ? h('div', { class: 'handler' },
          h('p', {}, '处理（处罚）机关：', h('strong', { id: 'plan-handler' }, p.handler.name)),
          h('details', {}, h('summary', {}, `为什么？依据 ${clauseText(p.handler.clause)}`),
            h('ul', {}, p.handler.because.filter((b) => !b.derived).map((b) => h('li', {}, this.factLabel(b.fact, b.value)))),
            h('blockquote', {}, p.handler.quote)))
        : h('p', { class: 'warning' }, '未能确定处理机关，请人工判断。');
      const steps = h('ol', { class: 'steps' }, p.steps.map((s) => h('li', { class: 'step', 'data-action': s.action },
        h('p', { class: 'step-head' }, h('span', { class: 'actor' }, s.actor_name), s.to_name ? ` → ${s.to_name}` : '', '：', h('strong', {}, s.action_label)),
        h('p', { class: `due due-${s.due.rule}` }, '期限：', dueText(s.due), s.due.calendar_covered === false ? '（超出节假日数据范围，须核对）' : ''),
        h('details', {}, h('summary', {}, `依据 ${clauseText(s.clause)}`), h('blockquote', {}, s.quote), h('p', {}, plainText(s.explanation))))));
      const warnings = p.warnings.length
        ? h('div', { class: 'warnings' }, h('h3', {}, '提示'), h('ul', {}, p.warnings.map((w) => h('li', {}, w.clause ? `（${clauseText(w.clause)}）` : '', plainText(w.message))))) : '';
      const ambiguities = p.ambiguities.length
        ? h('div', { class: 'ambiguities' }, h('h3', {}, '条文歧义'), p.ambiguities.map((a) => h('details', {}, h('summary', {}, `${clauseText(a.clause)}`), h('blockquote', {}, a.quote), h('p', {}, plainText(a.reading))))) : '';
      this.planPanel.replaceChildren(title, handler, h('h3', {}, '步骤'), steps, warnings, ambiguities,
        h('p', { class: 'small' }, `${p.pack.number} · ${p.pack.version} 版`));
    }
  }

  Object.assign(ReferralAssistant.prototype, packetMethods);
  ReferralAssistant.prototype.documentCssHref = documentCssHref;
  ReferralAssistant.prototype.offlineHref = offlineHref;
  installPortalApi(ReferralAssistant);
  customElements.define('referral-assistant', ReferralAssistant);
}
