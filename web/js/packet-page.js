// packet-page.js — the wizard's last step: the transfer packet (移送材料). Methods mixed into
// <referral-assistant> (element.js). The page asks for what the documents need, keeps every
// keystroke and every attached file in the draft, shows the engine's completeness report as a
// checklist that turns green item by item, previews each document for printing, exports one ZIP
// (only when complete) and verifies a ZIP read back.
//
// Events (bubbling, composed): `referral-packet-change` {detail: {complete, items, sha256}} after
// every change; `referral-packet-exported` {detail: {file, sha256, blob}} (blob: the ZIP's bytes).
import { clauseText, download, dueText, h } from './dom.js';
import { nowLocalChina, withChinaOffset, withoutOffset } from './model.js';
import { dateDoubt, isoOf, readDate, shownDate } from './dates.js';
import { proposedNumber } from './components/office-profile/office-profile.js';
import { docxFromHtml } from './components/docx/docx.js';
import { AttachmentStore, sha256Hex } from './attachments.js';
import { PACKET_FIELDS, PACKET_SECTIONS, freshPacket, getAt, packetInput, packetZip, setAt, transfersOf, verifyPacketZip } from './packet.js';

const idOf = (pointer) => `p${pointer.replace(/\//g, '-')}`;
const today = () => nowLocalChina().slice(0, 10);
const kb = (n) => (n < 1024 ? `${n} 字节` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);

export const packetMethods = {
  // Whether the plan has anything to send: the packet step exists only then.
  packetAvailable() {
    return !!(this.result?.ok && transfersOf(this.result.plan).length);
  },

  // The packet draft for the current plan; made (pre-filled) on first use, re-pointed when the plan
  // no longer has the transfer it was made for (what was typed is kept).
  currentPacket() {
    const transfers = transfersOf(this.result.plan);
    const chosen = this.packet && transfers.find((t) => t.key === this.packet.transfer);
    if (!this.packet) {
      this.packet = freshPacket(transfers[0], this.caseDoc(), this.pack, today(), this.officeStore?.get());
      // A case started from a received packet: its facts and parties, as received, typed by nobody.
      const pk = this.received;
      if (pk && transfers[0].step.to === pk.sender?.id) {
        this.packet.fields.summary = { ...this.packet.fields.summary, ...pk.summary };
        if (pk.parties?.length) this.packet.fields.parties = structuredClone(pk.parties);
      }
    }
    else if (!chosen) this.packet.transfer = transfers[0].key;
    return { transfers, transfer: transfers.find((t) => t.key === this.packet.transfer) };
  },

  // Asks the engine for the packet: completeness, documents, file list.
  assemblePacket() {
    const t0 = performance.now();
    const step = transfersOf(this.result.plan).find((t) => t.key === this.packet.transfer)?.step;
    this.packetResult = this.engine.packet(packetInput(this.caseDoc(), this.packet, step?.documents ?? null), today());
    this.packetMs = performance.now() - t0;
    const r = this.packetResult;
    this.dispatchEvent(new CustomEvent('referral-packet-change', { bubbles: true, composed: true,
      detail: r.ok ? { complete: r.packet.completeness.complete, items: r.packet.completeness.items, sha256: r.packet.sha256 }
        : { complete: false, items: [], errors: r.errors } }));
    return r;
  },

  itemsAt(pointer) {
    const items = this.packetResult?.ok ? this.packetResult.packet.completeness.items : [];
    return items.filter((i) => i.pointer === pointer || i.pointer.startsWith(`${pointer}/`));
  },

  packetChanged() {
    this.save();
    this.assemblePacket();
    this.refreshPacketStatus();
  },

  //---------------------------------------------------------------------
  // The page
  //---------------------------------------------------------------------
  packetPage() {
    this.attachments ??= new AttachmentStore();
    const { transfers, transfer } = this.currentPacket();
    this.assemblePacket();
    const s = transfer.step;
    const choose = transfers.length > 1
      ? h('div', { class: 'question' },
        h('label', { for: 'packet-transfer', class: 'label' }, '为哪一次移送准备材料'),
        h('select', { id: 'packet-transfer', class: 'input', onchange: (e) => { this.packet.transfer = e.target.value; this.save(); this.renderPage(); this.root.getElementById('packet-transfer')?.focus(); } },
          transfers.map((t) => h('option', { value: t.key, selected: t.key === transfer.key }, `${t.step.action_label}：${t.step.actor_name} → ${t.step.to_name}`))))
      : '';
    const sections = PACKET_SECTIONS.filter((sec) => sec.id !== 'details' || this.detailDocuments().length).map((sec) => {
      let body;
      if (sec.id === 'parties') body = this.partiesSection();
      else if (sec.id === 'details') body = this.detailsSection();
      else if (sec.id === 'attachments') body = this.attachmentsSection();
      else body = PACKET_FIELDS.filter((f) => f.section === sec.id).map((f) => this.packetField(f));
      return h('fieldset', { class: 'packet-section', id: `section-${sec.id}` }, h('legend', { class: 'section-title' }, sec.title), body);
    });
    this.checklist = h('div', { class: 'checklist', id: 'packet-checklist', 'aria-labelledby': 'checklist-title' });
    this.packetActions = h('div', { class: 'packet-actions' });
    this.verifyReport = h('div', { class: 'verify-report', id: 'verify-report', role: 'status' });
    const verifyInput = h('input', { type: 'file', id: 'packet-verify', accept: '.zip,application/zip', class: 'visually-hidden',
      onchange: (e) => this.verifyZip(e.target) });
    const page = h('div', { class: 'packet' },
      h('h1', { tabindex: '-1' }, '移送材料', h('span', { class: 'en', lang: 'en' }, 'Transfer packet')),
      h('p', { class: 'lead' }, `${s.actor_name} → ${s.to_name}：${s.action_label}，期限 ${dueText(s.due)}。依据 ${clauseText(s.clause)}。`),
      h('p', { class: 'hint' }, '所填内容和所附文件只保存在本浏览器中，不会上传。材料齐全后才能导出。'),
      choose, this.checklist, sections, this.packetActions,
      h('section', { class: 'verify', 'aria-labelledby': 'verify-title' },
        h('h2', { id: 'verify-title' }, '核验收到的材料包'),
        h('p', { class: 'hint' }, '选择一个由本工具导出的材料包（ZIP）：逐一核对材料包清单、每份文书和每个附件是否与导出时一致。'),
        verifyInput, h('label', { for: 'packet-verify', class: 'button secondary' }, '选择材料包（ZIP）…'), this.verifyReport),
      h('div', { class: 'nav' }, h('button', { type: 'button', class: 'button secondary', id: 'back', onclick: () => this.back() }, '上一步')));
    queueMicrotask(() => this.refreshPacketStatus());
    return page;
  },

  packetField(f) {
    const id = idOf(f.pointer);
    const value = getAt(this.packet.fields, f.pointer) ?? '';
    const hintId = f.hint ? `${id}-hint` : null;
    const common = { id, class: 'input', 'aria-describedby': hintId ?? undefined, autocomplete: 'off' };
    const set = (v) => { setAt(this.packet.fields, f.pointer, v); this.packetChanged(); };
    let input;
    if (f.type === 'textarea') input = h('textarea', { ...common, rows: '3', oninput: (e) => set(e.target.value) }, value);
    else if (f.type === 'datetime' || f.type === 'date') {
      // Typed as text and kept as typed; a date that does not exist is named at the field.
      const withTime = f.type === 'datetime';
      const valueOf = (text) => { const r = readDate(text, { withTime }); return r.empty ? '' : (isoOf(r) ?? text); };
      input = h('input', { ...common, type: 'text', class: 'input input-date', inputmode: 'numeric', spellcheck: 'false',
        placeholder: withTime ? '2026-09-29 10:30' : '2026-09-29', value: shownDate(value), oninput: (e) => set(valueOf(e.target.value)) });
    } else input = h('input', { ...common, type: f.type === 'tel' ? 'tel' : 'text', value, oninput: (e) => set(e.target.value) });
    return h('div', { class: 'question', 'data-pointer': f.pointer },
      h('label', { for: id, class: 'label' }, f.label),
      f.hint ? h('p', { class: 'hint', id: hintId }, f.hint) : '',
      h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
      f.pointer === '/sent_on' ? h('p', { class: 'warning-message', id: `${id}-warning`, hidden: true }) : '',
      input);
  },

  // The documents of this packet that carry text of their own (受理情况, 需协助事项 …), with the pack's hints.
  detailDocuments() {
    const docs = this.packetResult?.ok ? this.packetResult.packet.documents : [];
    return docs.filter((d) => d.details?.length).map((d) => {
      const declared = this.pack.documents.find((k) => k.id === d.id)?.details ?? [];
      return { id: d.id, label: d.label, details: d.details.map((x) => ({ ...x, ...declared.find((k) => k.id === x.id) })) };
    });
  },

  detailsSection() {
    return this.detailDocuments().map((d) => h('div', { class: 'document-details' },
      h('p', { class: 'party-title' }, d.label),
      d.details.map((x) => this.packetField({ pointer: `/details/${d.id}/${x.id}`, label: x.label,
        hint: `${x.hint ? `${x.hint}。` : ''}依据 ${clauseText(x.clause)}`, type: 'textarea' }))));
  },

  partiesSection() {
    const parties = this.packet.fields.parties ??= [];
    const rows = parties.map((p, n) => {
      const base = `/parties/${n}`;
      const codeKey = p.kind === 'person' ? 'id_number' : 'credit_code';
      const codeLabel = p.kind === 'person' ? '公民身份号码（18 位）' : '统一社会信用代码（18 位）';
      const nameId = idOf(`${base}/name`);
      const codeId = idOf(`${base}/${codeKey}`);
      const kindName = `party-kind-${n}`;
      const setKind = (kind) => { parties[n] = { kind, name: p.name ?? '', [kind === 'person' ? 'id_number' : 'credit_code']: '', ...(p.identity_pending !== undefined ? { identity_pending: p.identity_pending } : {}) }; this.packetChanged(); this.rerenderSection('parties', idOf(`${base}/kind`) + (kind === 'person' ? '-person' : '')); };
      return h('div', { class: 'party', 'data-pointer': base },
        h('p', { class: 'party-title' }, `当事人 ${n + 1}`),
        h('div', { class: 'radios-inline', role: 'radiogroup', 'aria-label': `当事人 ${n + 1} 的类型` },
          h('div', { class: 'radio' }, h('input', { type: 'radio', name: kindName, id: idOf(`${base}/kind`), checked: p.kind !== 'person', onchange: () => setKind('organisation') }),
            h('label', { for: idOf(`${base}/kind`) }, '单位')),
          h('div', { class: 'radio' }, h('input', { type: 'radio', name: kindName, id: `${idOf(`${base}/kind`)}-person`, checked: p.kind === 'person', onchange: () => setKind('person') }),
            h('label', { for: `${idOf(`${base}/kind`)}-person` }, '个人'))),
        h('div', { class: 'question', 'data-pointer': `${base}/name` },
          h('label', { for: nameId, class: 'label-small' }, p.kind === 'person' ? '姓名' : '单位名称'),
          h('p', { class: 'error-message', id: `${nameId}-error`, hidden: true }),
          h('input', { id: nameId, class: 'input', type: 'text', value: p.name ?? '', autocomplete: 'off', oninput: (e) => { p.name = e.target.value; this.partyNamedOnce(); this.packetChanged(); } })),
        h('div', { class: 'question', 'data-pointer': `${base}/${codeKey}` },
          h('label', { for: codeId, class: 'label-small' }, codeLabel),
          h('p', { class: 'error-message', id: `${codeId}-error`, hidden: true }),
          h('input', { id: codeId, class: 'input code', type: 'text', value: p[codeKey] ?? '', autocomplete: 'off', spellcheck: 'false', maxlength: '18',
            oninput: (e) => { p[codeKey] = e.target.value.trim().toUpperCase(); this.packetChanged(); } })),
        // 身份待核实 (a 12345 complaint …): the reason stands in for the identifier until it is known.
        h('div', { class: 'checkbox' },
          h('input', { type: 'checkbox', id: idOf(`${base}/pending`), checked: p.identity_pending !== undefined,
            onchange: (e) => {
              if (e.target.checked) p.identity_pending = p.identity_pending ?? ''; else delete p.identity_pending;
              this.packetChanged();
              this.rerenderSection('parties', e.target.checked ? idOf(`${base}/identity_pending`) : idOf(`${base}/pending`));
            } }),
          h('label', { for: idOf(`${base}/pending`) }, '身份待核实（如 12345 投诉，当事人身份尚未查明）')),
        p.identity_pending !== undefined ? h('div', { class: 'question', 'data-pointer': `${base}/identity_pending` },
          h('label', { for: idOf(`${base}/identity_pending`), class: 'label-small' }, '待核实的原因'),
          h('p', { class: 'error-message', id: `${idOf(`${base}/identity_pending`)}-error`, hidden: true }),
          h('input', { id: idOf(`${base}/identity_pending`), class: 'input', type: 'text', value: p.identity_pending, autocomplete: 'off',
            oninput: (e) => { p.identity_pending = e.target.value; this.packetChanged(); } })) : '',
        parties.length > 1 ? h('button', { type: 'button', class: 'button secondary', onclick: () => { parties.splice(n, 1); this.packetChanged(); this.rerenderSection('parties', 'party-add'); } },
          `删除当事人 ${n + 1}`) : '');
    });
    return [rows, h('button', { type: 'button', class: 'button secondary', id: 'party-add', onclick: () => {
      parties.push({ kind: 'organisation', name: '', credit_code: '' });
      this.packetChanged();
      this.rerenderSection('parties', idOf(`/parties/${parties.length - 1}/name`));
    } }, '添加当事人')];
  },

  // The party is named once: the 当事人 of the facts follows the names typed in the party section,
  // until it is edited by hand.
  partyNamedOnce() {
    const f = this.packet.fields;
    const names = (f.parties ?? []).map((x) => (x.name ?? '').trim()).filter(Boolean).join('、');
    const current = f.summary.party ?? '';
    if (current && current !== f.summary.party_auto) return;
    f.summary.party = names;
    f.summary.party_auto = names;
    const el = this.root.getElementById(idOf('/summary/party'));
    if (el) el.value = names;
  },

  // The attachment kinds the documents require or accept, once each, with the clause.
  attachmentKinds() {
    const kinds = new Map();
    for (const d of this.packetResult?.ok ? this.packetResult.packet.documents : [])
      for (const a of d.attachments) if (!kinds.has(a.kind)) kinds.set(a.kind, a);
    return [...kinds.values()];
  },

  attachmentsSection() {
    const kinds = this.attachmentKinds();
    const known = new Set(kinds.map((k) => k.kind));
    const fileRow = (a) => h('li', { class: 'file' },
      h('span', { class: 'file-name' }, a.file_name), ` · ${kb(a.size)} · SHA-256 `, h('code', { title: a.sha256 }, `${a.sha256.slice(0, 12)}…`),
      h('span', { class: 'file-missing', 'data-sha256': a.sha256, hidden: true }, '（本浏览器中没有此文件，请删除后重新添加）'),
      h('button', { type: 'button', class: 'link-button', onclick: () => this.removeAttachment(a) }, '删除', h('span', { class: 'visually-hidden' }, ` ${a.file_name}`)));
    const groups = kinds.map((k) => {
      const id = `attach-${k.kind}`;
      const files = this.packet.attachments.filter((a) => a.kind === k.kind);
      return h('div', { class: 'attachment-kind', 'data-kind': k.kind },
        h('p', { class: 'label-small' }, h('strong', {}, k.label), k.required ? '（必附）' : '（如有）',
          h('span', { class: 'small' }, ` · 依据 ${clauseText(k.clause)}${k.basis ? `，${k.basis}` : ''}`)),
        files.length ? h('ul', { class: 'files' }, files.map(fileRow)) : '',
        h('input', { type: 'file', id, multiple: true, class: 'visually-hidden', onchange: (e) => this.addAttachments(k.kind, e.target) }),
        h('label', { for: id, class: 'button secondary' }, `添加文件：${k.label}`));
    });
    const others = this.packet.attachments.filter((a) => !known.has(a.kind));
    if (others.length) groups.push(h('div', { class: 'attachment-kind' }, h('p', { class: 'label-small' }, h('strong', {}, '本次移送不需要的附件')), h('ul', { class: 'files' }, others.map(fileRow))));
    queueMicrotask(() => this.markMissingFiles());
    return groups;
  },

  async markMissingFiles() {
    for (const el of this.root.querySelectorAll('.file-missing')) {
      let has = false;
      try { has = await this.attachments.has(el.dataset.sha256); } catch { has = false; }
      el.hidden = has;
    }
  },

  rerenderSection(id, focusId) {
    const sec = this.root.getElementById(`section-${id}`);
    if (!sec) return;
    const legend = sec.querySelector('legend');
    // The sections return nested arrays of nodes: flattened fully, or an array would be appended as its text.
    sec.replaceChildren(legend, ...[id === 'parties' ? this.partiesSection() : this.attachmentsSection()].flat(Infinity));
    this.refreshPacketStatus();
    if (focusId) this.root.getElementById(focusId)?.focus();
  },

  async addAttachments(kind, input) {
    const files = [...input.files];
    input.value = '';
    for (const file of files) {
      try {
        const d = await this.attachments.add(file);
        if (this.packet.attachments.some((a) => a.kind === kind && a.sha256 === d.sha256)) { this.say(`“${file.name}”已添加过。`); continue; }
        this.packet.attachments.push({ kind, ...d });
        this.say(`已添加“${file.name}”（${kb(d.size)}，SHA-256 ${d.sha256.slice(0, 12)}…）。`);
      } catch (e) {
        // Storage refused (IndexedDB full, disabled or locked): the files already added are kept.
        this.say(`无法添加“${file.name}”：附件未能保存到本浏览器（${e?.message || e?.name || '存储不可用'}）。已添加的附件不受影响。`, true);
        this.portalError('storage-refused', `附件未能保存：${e?.message || e?.name || '存储不可用'}`);
      }
    }
    this.packetChanged();
    this.rerenderSection('attachments', `attach-${kind}`);
  },

  async removeAttachment(a) {
    this.packet.attachments = this.packet.attachments.filter((x) => x !== a);
    this.packetChanged();
    // The bytes stay while any draft still lists the same file.
    const used = this.drafts.list().some((d) => d.packet?.attachments?.some((x) => x.sha256 === a.sha256));
    if (!used) { try { await this.attachments.remove(a.sha256); } catch { /* kept; harmless */ } }
    this.say(`已删除附件“${a.file_name}”。`);
    this.rerenderSection('attachments', `attach-${a.kind}`);
  },

  //---------------------------------------------------------------------
  // Completeness: the checklist, the fields' messages, the export button
  //---------------------------------------------------------------------
  refreshPacketStatus() {
    if (!this.checklist?.isConnected) return;
    const r = this.packetResult;
    if (!r.ok) {
      this.checklist.replaceChildren(h('h2', { id: 'checklist-title' }, '完整性检查'),
        h('ul', { class: 'check-items' }, r.errors.map((e) => h('li', { class: 'check-bad' }, e.message))));
      this.packetActions.replaceChildren();
      return;
    }
    const p = r.packet;
    const items = p.completeness.items;
    const shown = new Set();
    const line = (ok, text, pointer, detail) => h('li', { class: ok ? 'check-ok' : 'check-bad' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, ok ? '✓' : '✗'), h('span', { class: 'visually-hidden' }, ok ? '已完成：' : '未完成：'),
      pointer ? h('a', { href: `#${idOf(pointer)}`, onclick: (e) => { e.preventDefault(); this.focusPacketField(pointer); } }, text) : text,
      detail ? h('span', { class: 'check-detail' }, ` — ${detail}`) : '');
    const rows = [];
    // The fields this packet's documents carry; another field is listed only once it is filled, and
    // a ✓ is never given to a blank field.
    const wanted = new Set(p.documents.flatMap((d) => Object.keys(d.fields ?? {})));
    for (const f of PACKET_FIELDS) {
      const bad = this.itemsAt(f.pointer);
      bad.forEach((i) => shown.add(i));
      const filled = String(getAt(this.packet.fields, f.pointer) ?? '').trim() !== '';
      if (!wanted.has(f.pointer.slice(1).replace(/\//g, '.')) && !filled && !bad.length) continue;
      const local = this.dateMessage(f);
      rows.push(line(!bad.length && !local && filled, f.label, f.pointer, local ?? bad.map((i) => i.message).join('；')));
    }
    for (const d of this.detailDocuments()) {
      for (const x of d.details) {
        const pointer = `/details/${d.id}/${x.id}`;
        const bad = this.itemsAt(pointer);
        bad.forEach((i) => shown.add(i));
        if (x.required !== false || x.value) rows.push(line(!bad.length, `${d.label}：${x.label}`, pointer, bad.map((i) => i.message).join('；')));
      }
    }
    const partyBad = this.itemsAt('/parties');
    partyBad.forEach((i) => shown.add(i));
    rows.push(line(!partyBad.length, '当事人身份', partyBad[0]?.pointer.match(/^\/parties\/\d+\/\w+/)?.[0] ?? '/parties/0/name', partyBad.map((i) => i.message).join('；')));
    for (const k of this.attachmentKinds()) {
      const bad = items.filter((i) => i.kind === k.kind);
      bad.forEach((i) => shown.add(i));
      const provided = this.packet.attachments.filter((a) => a.kind === k.kind).length;
      if (!k.required && !provided && !bad.length) continue;
      rows.push(line(!bad.length, `附件：${k.label}${provided ? `（${provided} 个文件）` : ''}`, null, bad.map((i) => i.message).join('；')));
    }
    for (const i of items) if (!shown.has(i)) rows.push(line(false, i.message, null, i.clause ? `依据 ${clauseText(i.clause)}` : ''));
    // Lateness: not a missing item (the letter may still go out), but said plainly, and recorded in the packet.
    const warnings = (p.completeness.warnings ?? []).map((w) => h('li', { class: 'check-warn', 'data-status': w.status },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, '!'), h('span', { class: 'visually-hidden' }, '提醒：'),
      h('a', { href: `#${idOf(w.pointer)}`, onclick: (e) => { e.preventDefault(); this.focusPacketField(w.pointer); } }, w.message),
      w.clause ? h('span', { class: 'check-detail' }, `（依据 ${clauseText(w.clause)}）`) : ''));
    const left = rows.filter((r) => r.classList.contains('check-bad')).length;
    this.checklist.replaceChildren(
      h('h2', { id: 'checklist-title' }, '完整性检查'),
      h('p', { class: left ? 'check-summary' : 'check-summary check-done', id: 'packet-summary' },
        left ? `还有 ${left} 项未完成。` : `材料齐全：${p.documents.length} 份文书，${p.attachments.length} 个附件。`),
      warnings.length ? h('ul', { class: 'check-items check-warnings', id: 'packet-warnings' }, warnings) : '',
      h('ul', { class: 'check-items' }, rows));
    const sentWarning = this.root.getElementById('p-sent_on-warning');
    if (sentWarning) {
      const late = (p.completeness.warnings ?? []).filter((w) => w.pointer === '/sent_on');
      sentWarning.hidden = !late.length;
      sentWarning.textContent = late.map((w) => w.message).join('；');
    }

    // Messages at the fields: only what is wrong in what was typed; blanks are listed above.
    for (const el of this.root.querySelectorAll('[data-pointer] > .error-message')) {
      const pointer = el.parentElement.dataset.pointer;
      const local = this.dateMessage(PACKET_FIELDS.find((f) => f.pointer === pointer));
      const bad = local ? [{ message: local }] : this.itemsAt(pointer).filter((i) => i.status === 'invalid' && i.pointer === pointer);
      const input = el.parentElement.querySelector('input, textarea');
      el.hidden = !bad.length;
      el.textContent = bad.map((i) => i.message).join('；');
      el.parentElement.classList.toggle('has-error', !!bad.length);
      if (input) {
        if (bad.length) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
        const describedBy = [`${input.id}-hint`, bad.length ? el.id : ''].filter((x) => x && this.root.getElementById(x));
        if (describedBy.length) input.setAttribute('aria-describedby', describedBy.join(' ')); else input.removeAttribute('aria-describedby');
      }
    }

    const complete = p.completeness.complete;
    this.packetActions.replaceChildren(
      h('h2', {}, '文书'),
      h('ul', { class: 'documents' }, p.documents.map((d, n) => h('li', {},
        h('strong', {}, d.label), d.completeness.complete ? '' : h('span', { class: 'small' }, '（未完成，预览中标出缺项）'), ' ',
        h('button', { type: 'button', class: 'link-button', id: `preview-${d.id}`, onclick: () => this.previewDocument(n) }, '预览并打印', h('span', { class: 'visually-hidden' }, ` ${d.label}`)),
        h('button', { type: 'button', class: 'link-button', id: `docx-${d.id}`, onclick: () => this.downloadDocx(n) }, '下载 Word 文档（可编辑）', h('span', { class: 'visually-hidden' }, ` ${d.label}`))))),
      h('div', { class: 'nav' },
        h('button', { type: 'button', class: 'button', id: 'packet-export', disabled: !complete, 'aria-describedby': 'packet-export-why',
          onclick: () => this.exportPacket() }, '导出移送材料包（ZIP）')),
      h('p', { class: 'hint', id: 'packet-export-why' }, complete
        ? '材料包内含全部文书（可打印）、材料包清单和附件；清单记录每个附件及整个材料包的 SHA-256 校验值，收件方可据此核验。'
        : '材料齐全后才能导出：请先完成上面“完整性检查”中的各项。'));
  },

  // A date field as typed: what is wrong with it in its own words ("2026年2月没有30日"), or a question
  // when it is possible but unlikely (before 2000, not yet come); null when it reads well or is blank.
  dateMessage(f) {
    if (!f || (f.type !== 'date' && f.type !== 'datetime')) return null;
    const r = readDate(getAt(this.packet.fields, f.pointer), { withTime: f.type === 'datetime' });
    if (r.ok === false) return r.message;
    return r.ok ? dateDoubt(r, nowLocalChina()) : null;
  },

  focusPacketField(pointer) {
    const el = this.root.getElementById(idOf(pointer));
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  },

  previewDocument(n) {
    const r = this.packetResult;
    const f = r.files.filter((x) => x.attachment === undefined && x.name.endsWith('.html'))[n];
    // A preview inherits the page's CSP: where inline styles are forbidden, link the same-origin copy
    // in place of the <style> block, and let the document's own policy (no scripts) allow that one file.
    const href = this.documentCssHref;
    const html = href
      ? f.text.replace("style-src 'unsafe-inline'", `style-src ${href}`).replace(/<style[^>]*>[\s\S]*?<\/style>/, `<link rel="stylesheet" href="${href}">`)
      : f.text;
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const w = window.open(url, '_blank');
    if (!w) download(this.root, f.text, f.name, 'text/html');
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  },

  // The document as an editable Word file, for the office's OA system (numbering, seal).
  downloadDocx(n) {
    const r = this.packetResult;
    const d = r.packet.documents[n];
    const f = r.files.filter((x) => x.attachment === undefined && x.name.endsWith('.html'))[n];
    const name = `${d.title}-${(r.packet.document_number || this.draftName).replace(/[\\/:*?"<>|\s]+/g, '-')}.docx`;
    download(this.root, docxFromHtml(f.text), name, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    this.say(`已下载“${name}”。`);
  },

  async exportPacket() {
    const r = this.packetResult;
    if (!r?.ok || !r.packet.completeness.complete) return;
    const manifest = r.packet.attachments;
    try {
      const zip = await packetZip(r.files, manifest, (i) => this.attachments.bytes(manifest[i].sha256));
      const base = (r.packet.document_number || this.draftName).replace(/[\\/:*?"<>|\s]+/g, '-');
      const file = `移送材料-${base}.zip`;
      download(this.root, zip, file, 'application/zip');
      // The office's next 文号: used once this one has gone out.
      const office = this.officeStore?.get();
      if (office?.prefix && r.packet.document_number === proposedNumber(office, r.packet.document_number.match(/〔(\d{4})〕/)?.[1])) {
        this.officeStore.save({ ...office, next_number: (office.next_number ?? 1) + 1 });
      }
      this.say(`已导出“${file}”（${kb(zip.length)}，材料包 SHA-256 ${r.packet.sha256.slice(0, 12)}…）。`);
      this.dispatchEvent(new CustomEvent('referral-packet-exported', { bubbles: true, composed: true, detail: { file, sha256: r.packet.sha256, blob: new Blob([zip], { type: 'application/zip' }) } }));
    } catch (e) {
      this.say(`无法导出：${e.message}`, true);
      this.portalError('packet-failed', `无法导出：${e?.message || e?.name}`);
    }
  },

  async verifyZip(input) {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    const v = await verifyPacketZip(new Uint8Array(await file.arrayBuffer()), this.engine, sha256Hex);
    const title = v.ok ? `“${file.name}”核验通过：${v.checks.length} 个文件全部一致。` : `“${file.name}”核验未通过。`;
    this.verifyReport.replaceChildren(
      h('p', { class: v.ok ? 'check-summary check-done' : 'check-summary verify-failed' }, title),
      v.packet ? h('p', {}, `${v.packet.sender?.name ?? ''} → ${v.packet.receiver?.name ?? ''}，${v.packet.document_number ?? ''}，材料${v.packet.completeness?.complete ? '齐全' : '不齐全'}。`) : '',
      v.problems.length ? h('ul', {}, v.problems.map((p) => h('li', { class: 'check-bad' }, p))) : '',
      v.checks.length ? h('ul', { class: 'check-items' }, v.checks.map((c) => h('li', { class: c.ok ? 'check-ok' : 'check-bad' },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, c.ok ? '✓' : '✗'), `${c.name}：${c.message}`))) : '');
    this.say(title, !v.ok);
  },
};
