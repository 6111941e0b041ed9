// packet-step — the wizard's last step: the transfer packet (移送材料). The page asks for what the
// documents need, keeps every keystroke and every attached file in the packet draft (reported by
// onChange, saved by the element), shows the engine's completeness report as a checklist that turns
// green item by item, previews each document for printing, exports one ZIP (only when complete) and
// verifies a ZIP read back.
//
// Usage: new PacketStep({...inputs}).render() → the page's node (inputs below). The element sends
// the events: `referral-packet-change` (through assemble) and `referral-packet-exported` (onExported).
// Completeness items are matched by the engine's structured ids (pointer, attachment kind), never by
// their message text.
import { clauseText, download, dueText, h, zh } from '../../dom.js';
import { nowLocalChina } from '../../model.js';
import { dateDoubt, isoOf, readDate, shownDate } from '../../dates.js';
import { docxFromHtml } from '../docx/docx.js';
import { getAt, packetFields, packetSections, packetZip, setAt, switchTransfer, transfersOf, verifyPacketZip } from '../../packet.js';
import { numberProblem } from '../office-profile/numbering.js';

// Text of the engine or the pack (Chinese, as the law is), marked as such inside an English page.
const idOf = (pointer) => `p${pointer.replace(/\//g, '-')}`;
const today = () => nowLocalChina().slice(0, 10);
const kb = (n, t) => (n < 1024 ? t('bytes', n) : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);

export class PacketStep {
  // Inputs (all explicit; nothing else of the element is read):
  //   root              the shadow root (fields are found by id, focus is moved)
  //   plan              the plan (referral-plan/1) whose transfers the packet is for
  //   packet            the packet draft (the element's, saved with the answers); edited in place here,
  //                     each change reported by onChange()
  //   pack, engine      the pack description; the engine (verify)
  //   reader            the page's file reader (web/js/read/reader.js), which reads the ZIP to verify
  //   attachments       the AttachmentStore of this storage namespace
  //   draftName         for file names when there is no 文号 yet
  //   documentCssHref   a same-origin copy of the documents' stylesheet for previews under a CSP, or null
  //   t                 the page's strings (strings.js)
  //   assemble(packet)  → the engine's packet() result (the element sends referral-packet-change)
  //   onChange()        the packet draft changed: save it
  //   onSay(text, isError)  a line for the status area
  //   onBack()          上一步
  //   onRerender()      redraw the whole page (another transfer chosen)
  //   onExported({file, zip, result})  a ZIP was downloaded (the element sends referral-packet-exported)
  //   office            the office profile's store (本单位设置), or null: the 文号 exported is recorded in it
  //                     (numbering.js), and one typed that was issued before or out of order is warned of
  //   events            the ledger's event store (ledger-model.js), or null: an export is recorded as the act
  //                     done, {action, actor: sender, to: receiver, date: sent_on}, on the matter (draftName)
  //   isAttachmentUsed(sha256)  whether any stored draft still lists the file (its bytes are then kept)
  constructor(inputs) {
    Object.assign(this, inputs);
  }

  itemsAt(pointer) {
    const items = this.packetResult?.ok ? this.packetResult.packet.completeness.items : [];
    return items.filter((i) => i.pointer === pointer || i.pointer.startsWith(`${pointer}/`));
  }

  changed() {
    this.onChange();
    this.packetResult = this.assemble(this.packet);
    this.refreshPacketStatus();
  }

  //---------------------------------------------------------------------
  // The page
  //---------------------------------------------------------------------
  // The page, drawn once; the checklist and the documents list follow every change.
  render() {
    const transfers = transfersOf(this.plan);
    const transfer = transfers.find((t) => t.key === this.packet.transfer) ?? transfers[0];
    this.packetResult = this.assemble(this.packet);
    const s = transfer.step;
    const choose = transfers.length > 1
      ? h('div', { class: 'question' },
        h('label', { for: 'packet-transfer', class: 'label' }, this.t('packetWhich')),
        h('select', { id: 'packet-transfer', class: 'input', onchange: (e) => {
          // Each letter keeps its own 文号 and 发送日期 (packet.js switchTransfer).
          switchTransfer(this.packet, transfers.find((x) => x.key === e.target.value), today(), this.office?.get() ?? null);
          this.onChange(); this.onRerender(); this.root.getElementById('packet-transfer')?.focus();
        } },
          transfers.map((x) => h('option', { value: x.key, selected: x.key === transfer.key, lang: 'zh-CN' }, `${x.step.action_label}：${x.step.actor_name} → ${x.step.to_name}`))))
      : '';
    const sections = packetSections(this.pack.vocabulary).filter((sec) => sec.id !== 'details' || this.detailDocuments().length).map((sec) => {
      let body;
      if (sec.id === 'parties') body = this.partiesSection();
      else if (sec.id === 'details') body = this.detailsSection();
      else if (sec.id === 'attachments') body = this.attachmentsSection();
      else body = packetFields(this.pack.vocabulary).filter((f) => f.section === sec.id).map((f) => this.packetField(f));
      return h('fieldset', { class: 'packet-section', id: `section-${sec.id}` }, h('legend', { class: 'section-title' }, this.t.lang === 'en' ? sec.en : sec.title), body);
    });
    this.checklist = h('div', { class: 'checklist', id: 'packet-checklist', 'aria-labelledby': 'checklist-title' });
    this.packetActions = h('div', { class: 'packet-actions' });
    this.verifyReport = h('div', { class: 'verify-report', id: 'verify-report', role: 'status' });
    const verifyInput = h('input', { type: 'file', id: 'packet-verify', accept: '.zip,application/zip', class: 'visually-hidden',
      onchange: (e) => this.verifyZip(e.target) });
    const page = h('div', { class: 'packet' },
      h('h1', { tabindex: '-1' }, this.t('packetTitle')),
      h('p', { class: 'lead' }, zh(`${s.actor_name} → ${s.to_name}：${s.action_label}`), this.t('leadDue'), zh(dueText(s.due)), this.t('leadBasis'), zh(clauseText(s.clause)), this.t('leadEnd')),
      this.calendarCaveat() ? h('p', { class: 'warning-message calendar-caveat', id: 'packet-calendar', lang: 'zh-CN' }, this.calendarCaveat()) : '',
      h('p', { class: 'hint' }, this.t('packetLocal')),
      choose, this.checklist, sections, this.packetActions,
      h('section', { class: 'verify', 'aria-labelledby': 'verify-title' },
        h('h2', { id: 'verify-title' }, this.t('verifyTitle')),
        h('p', { class: 'hint' }, this.t('verifyHint')),
        verifyInput, h('label', { for: 'packet-verify', class: 'button secondary' }, this.t('verifyChoose')), this.verifyReport),
      h('div', { class: 'nav' }, h('button', { type: 'button', class: 'button secondary', id: 'back', onclick: () => this.onBack() }, this.t('back'))));
    queueMicrotask(() => this.refreshPacketStatus());
    return page;
  }

  packetField(f) {
    const id = idOf(f.pointer);
    const value = getAt(this.packet.fields, f.pointer) ?? '';
    const en = this.t.lang === 'en' && f.en;
    const label = en ? f.en.label : f.label;
    const hint = en ? f.en.hint : f.hint;
    const hintId = hint ? `${id}-hint` : null;
    const common = { id, class: 'input', 'aria-describedby': hintId ?? undefined, autocomplete: 'off' };
    const set = (v) => { setAt(this.packet.fields, f.pointer, v); this.changed(); };
    let input;
    if (f.type === 'textarea') input = h('textarea', { ...common, rows: '3', oninput: (e) => set(e.target.value) }, value);
    else if (f.type === 'datetime' || f.type === 'date') {
      // Typed as text and kept as typed; a date that does not exist is named at the field.
      const withTime = f.type === 'datetime';
      const valueOf = (text) => { const r = readDate(text, { withTime }); return r.empty ? '' : (isoOf(r) ?? text); };
      input = h('input', { ...common, type: 'text', class: 'input input-date', inputmode: 'numeric', spellcheck: 'false',
        placeholder: this.t('example', withTime ? '2026-09-29 10:30' : '2026-09-29'), value: shownDate(value), oninput: (e) => set(valueOf(e.target.value)) });
    } else input = h('input', { ...common, type: f.type === 'tel' ? 'tel' : 'text', value, oninput: (e) => set(e.target.value) });
    return h('div', { class: 'question', 'data-pointer': f.pointer },
      h('label', { for: id, class: 'label' }, label),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : '',
      h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
      f.pointer === '/sent_on' || f.pointer === '/document_number' ? h('p', { class: 'warning-message', id: `${id}-warning`, hidden: true, lang: 'zh-CN' }) : '',
      input);
  }

  // The documents of this packet that carry text of their own (受理情况, 需协助事项 …), with the pack's hints.
  detailDocuments() {
    const docs = this.packetResult?.ok ? this.packetResult.packet.documents : [];
    return docs.filter((d) => d.details?.length).map((d) => {
      const declared = this.pack.documents.find((k) => k.id === d.id)?.details ?? [];
      return { id: d.id, label: d.label, details: d.details.map((x) => ({ ...x, ...declared.find((k) => k.id === x.id) })) };
    });
  }

  detailsSection() {
    // The documents' own fields: labels and hints are the pack's, in Chinese.
    return this.detailDocuments().map((d) => h('div', { class: 'document-details', lang: 'zh-CN' },
      h('p', { class: 'party-title' }, d.label),
      d.details.map((x) => this.packetField({ pointer: `/details/${d.id}/${x.id}`, label: x.label,
        hint: `${x.hint ? `${x.hint}。` : ''}依据 ${clauseText(x.clause)}`, type: 'textarea' }))));
  }

  partiesSection() {
    const parties = this.packet.fields.parties ??= [];
    const rows = parties.map((p, n) => {
      const base = `/parties/${n}`;
      const codeKey = p.kind === 'person' ? 'id_number' : 'credit_code';
      const codeLabel = p.kind === 'person' ? this.t('partyCodePerson') : this.t('partyCodeOrg');
      const nameId = idOf(`${base}/name`);
      const codeId = idOf(`${base}/${codeKey}`);
      const kindName = `party-kind-${n}`;
      const setKind = (kind) => { parties[n] = { kind, name: p.name ?? '', [kind === 'person' ? 'id_number' : 'credit_code']: '', ...(p.identity_pending !== undefined ? { identity_pending: p.identity_pending } : {}) }; this.changed(); this.rerenderSection('parties', idOf(`${base}/kind`) + (kind === 'person' ? '-person' : '')); };
      return h('div', { class: 'party', 'data-pointer': base },
        h('p', { class: 'party-title' }, this.t('partyN', n + 1)),
        h('div', { class: 'radios-inline', role: 'radiogroup', 'aria-label': this.t('partyKindOf', n + 1) },
          h('div', { class: 'radio' }, h('input', { type: 'radio', name: kindName, id: idOf(`${base}/kind`), checked: p.kind !== 'person', onchange: () => setKind('organisation') }),
            h('label', { for: idOf(`${base}/kind`) }, this.t('partyOrg'))),
          h('div', { class: 'radio' }, h('input', { type: 'radio', name: kindName, id: `${idOf(`${base}/kind`)}-person`, checked: p.kind === 'person', onchange: () => setKind('person') }),
            h('label', { for: `${idOf(`${base}/kind`)}-person` }, this.t('partyPerson')))),
        h('div', { class: 'question', 'data-pointer': `${base}/name` },
          h('label', { for: nameId, class: 'label-small' }, p.kind === 'person' ? this.t('partyNamePerson') : this.t('partyNameOrg')),
          h('p', { class: 'error-message', id: `${nameId}-error`, hidden: true }),
          h('input', { id: nameId, class: 'input', type: 'text', value: p.name ?? '', autocomplete: 'off', oninput: (e) => { p.name = e.target.value; this.partyNamedOnce(); this.changed(); } })),
        h('div', { class: 'question', 'data-pointer': `${base}/${codeKey}` },
          h('label', { for: codeId, class: 'label-small' }, codeLabel),
          h('p', { class: 'error-message', id: `${codeId}-error`, hidden: true }),
          h('input', { id: codeId, class: 'input code', type: 'text', value: p[codeKey] ?? '', autocomplete: 'off', spellcheck: 'false', maxlength: '18',
            oninput: (e) => { p[codeKey] = e.target.value.trim().toUpperCase(); this.changed(); } })),
        // 身份待核实 (a 12345 complaint …): the reason stands in for the identifier until it is known.
        h('div', { class: 'checkbox' },
          h('input', { type: 'checkbox', id: idOf(`${base}/pending`), checked: p.identity_pending !== undefined,
            onchange: (e) => {
              if (e.target.checked) p.identity_pending = p.identity_pending ?? ''; else delete p.identity_pending;
              this.changed();
              this.rerenderSection('parties', e.target.checked ? idOf(`${base}/identity_pending`) : idOf(`${base}/pending`));
            } }),
          h('label', { for: idOf(`${base}/pending`) }, this.t('partyPending'))),
        p.identity_pending !== undefined ? h('div', { class: 'question', 'data-pointer': `${base}/identity_pending` },
          h('label', { for: idOf(`${base}/identity_pending`), class: 'label-small' }, this.t('partyPendingWhy')),
          h('p', { class: 'error-message', id: `${idOf(`${base}/identity_pending`)}-error`, hidden: true }),
          h('input', { id: idOf(`${base}/identity_pending`), class: 'input', type: 'text', value: p.identity_pending, autocomplete: 'off',
            oninput: (e) => { p.identity_pending = e.target.value; this.changed(); } })) : '',
        parties.length > 1 ? h('button', { type: 'button', class: 'button secondary', onclick: () => { parties.splice(n, 1); this.changed(); this.rerenderSection('parties', 'party-add'); } },
          this.t('partyRemove', n + 1)) : '');
    });
    return [rows, h('button', { type: 'button', class: 'button secondary', id: 'party-add', onclick: () => {
      parties.push({ kind: 'organisation', name: '', credit_code: '' });
      this.changed();
      this.rerenderSection('parties', idOf(`/parties/${parties.length - 1}/name`));
    } }, this.t('partyAdd'))];
  }

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
  }

  // The attachment kinds the documents require or accept, once each, with the clause.
  attachmentKinds() {
    const kinds = new Map();
    for (const d of this.packetResult?.ok ? this.packetResult.packet.documents : [])
      for (const a of d.attachments) if (!kinds.has(a.kind)) kinds.set(a.kind, a);
    return [...kinds.values()];
  }

  attachmentsSection() {
    const kinds = this.attachmentKinds();
    const known = new Set(kinds.map((k) => k.kind));
    const fileRow = (a) => h('li', { class: 'file' },
      h('span', { class: 'file-name' }, a.file_name), ` · ${kb(a.size, this.t)} · SHA-256 `, h('code', { title: a.sha256 }, `${a.sha256.slice(0, 12)}…`),
      h('span', { class: 'file-missing', 'data-sha256': a.sha256, hidden: true }, this.t('fileMissing')),
      h('button', { type: 'button', class: 'link-button', onclick: () => this.removeAttachment(a) }, this.t('remove'), h('span', { class: 'visually-hidden' }, ` ${a.file_name}`)));
    const groups = kinds.map((k) => {
      const id = `attach-${k.kind}`;
      const files = this.packet.attachments.filter((a) => a.kind === k.kind);
      return h('div', { class: 'attachment-kind', 'data-kind': k.kind },
        h('p', { class: 'label-small' }, h('strong', { lang: 'zh-CN' }, k.label), k.required ? this.t('required') : this.t('ifAny'),
          h('span', { class: 'small' }, ' · ', this.t('basis', ''), zh(`${clauseText(k.clause)}${k.basis ? `，${k.basis}` : ''}`))),
        files.length ? h('ul', { class: 'files' }, files.map(fileRow)) : '',
        h('input', { type: 'file', id, multiple: true, class: 'visually-hidden', onchange: (e) => this.addAttachments(k.kind, e.target) }),
        h('label', { for: id, class: 'button secondary' }, this.t('addFile'), zh(k.label)));
    });
    const others = this.packet.attachments.filter((a) => !known.has(a.kind));
    if (others.length) groups.push(h('div', { class: 'attachment-kind' }, h('p', { class: 'label-small' }, h('strong', {}, this.t('attachmentsUnneeded'))), h('ul', { class: 'files' }, others.map(fileRow))));
    queueMicrotask(() => this.markMissingFiles());
    return groups;
  }

  async markMissingFiles() {
    for (const el of this.root.querySelectorAll('.file-missing')) {
      let has = false;
      try { has = await this.attachments.has(el.dataset.sha256); } catch { has = false; }
      el.hidden = has;
    }
  }

  rerenderSection(id, focusId) {
    const sec = this.root.getElementById(`section-${id}`);
    if (!sec) return;
    const legend = sec.querySelector('legend');
    // The sections return nested arrays of nodes: flattened fully, or an array would be appended as its text.
    sec.replaceChildren(legend, ...[id === 'parties' ? this.partiesSection() : this.attachmentsSection()].flat(Infinity));
    this.refreshPacketStatus();
    if (focusId) this.root.getElementById(focusId)?.focus();
  }

  async addAttachments(kind, input) {
    const files = [...input.files];
    input.value = '';
    for (const file of files) {
      try {
        const d = await this.attachments.add(file);
        if (this.packet.attachments.some((a) => a.kind === kind && a.sha256 === d.sha256)) { this.onSay(this.t('fileAddedBefore', file.name)); continue; }
        this.packet.attachments.push({ kind, ...d });
        this.onSay(this.t('fileAdded', file.name, kb(d.size, this.t), d.sha256.slice(0, 12)));
      } catch (e) {
        // Storage refused (IndexedDB full, disabled or locked): the files already added are kept.
        this.onSay(this.t('attachmentNotStored', file.name, e?.message || e?.name || ''), true);
        this.onPortalError?.('storage-refused', `附件未能保存：${e?.message || e?.name || '存储不可用'}`);
      }
    }
    this.changed();
    this.rerenderSection('attachments', `attach-${kind}`);
  }

  async removeAttachment(a) {
    this.packet.attachments = this.packet.attachments.filter((x) => x !== a);
    this.changed();
    // The bytes stay while any draft still lists the same file.
    const used = this.isAttachmentUsed(a.sha256);
    if (!used) { try { await this.attachments.remove(a.sha256); } catch { /* kept; harmless */ } }
    this.onSay(this.t('fileRemoved', a.file_name));
    this.rerenderSection('attachments', `attach-${a.kind}`);
  }

  //---------------------------------------------------------------------
  // Completeness: the checklist, the fields' messages, the export button
  //---------------------------------------------------------------------
  refreshPacketStatus() {
    if (!this.checklist?.isConnected) return;
    const r = this.packetResult;
    if (!r.ok) {
      this.checklist.replaceChildren(h('h2', { id: 'checklist-title' }, this.t('checklistTitle')),
        h('ul', { class: 'check-items', lang: 'zh-CN' }, r.errors.map((e) => h('li', { class: 'check-bad' }, e.message))));
      this.packetActions.replaceChildren();
      return;
    }
    const p = r.packet;
    const items = p.completeness.items;
    const shown = new Set();
    const line = (ok, text, pointer, detail) => h('li', { class: ok ? 'check-ok' : 'check-bad' },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, ok ? '✓' : '✗'), h('span', { class: 'visually-hidden' }, ok ? this.t('done') : this.t('notDone')),
      pointer ? h('a', { href: `#${idOf(pointer)}`, onclick: (e) => { e.preventDefault(); this.focusPacketField(pointer); } }, text) : text,
      detail ? h('span', { class: 'check-detail' }, ' — ', zh(detail)) : '');
    const rows = [];
    // The fields this packet's documents carry; another field is listed only once it is filled, and
    // a ✓ is never given to a blank field.
    const wanted = new Set(p.documents.flatMap((d) => Object.keys(d.fields ?? {})));
    for (const f of packetFields(this.pack.vocabulary)) {
      const bad = this.itemsAt(f.pointer);
      bad.forEach((i) => shown.add(i));
      const filled = String(getAt(this.packet.fields, f.pointer) ?? '').trim() !== '';
      if (!wanted.has(f.pointer.slice(1).replace(/\//g, '.')) && !filled && !bad.length) continue;
      const local = this.dateMessage(f);
      rows.push(line(!bad.length && !local && filled, this.t.lang === 'en' && f.en ? f.en.label : f.label, f.pointer, local ?? bad.map((i) => i.message).join('；')));
    }
    for (const d of this.detailDocuments()) {
      for (const x of d.details) {
        const pointer = `/details/${d.id}/${x.id}`;
        const bad = this.itemsAt(pointer);
        bad.forEach((i) => shown.add(i));
        if (x.required !== false || x.value) rows.push(line(!bad.length, zh(`${d.label}：${x.label}`), pointer, bad.map((i) => i.message).join('；')));
      }
    }
    const partyBad = this.itemsAt('/parties');
    partyBad.forEach((i) => shown.add(i));
    rows.push(line(!partyBad.length, this.t('partyIdentity'), partyBad[0]?.pointer.match(/^\/parties\/\d+\/\w+/)?.[0] ?? '/parties/0/name', partyBad.map((i) => i.message).join('；')));
    for (const k of this.attachmentKinds()) {
      const bad = items.filter((i) => i.kind === k.kind);
      bad.forEach((i) => shown.add(i));
      const provided = this.packet.attachments.filter((a) => a.kind === k.kind).length;
      if (!k.required && !provided && !bad.length) continue;
      rows.push(line(!bad.length, [this.t('attachmentItem'), zh(k.label), provided ? this.t('fileCount', provided) : ''], null, bad.map((i) => i.message).join('；')));
    }
    for (const i of items) if (!shown.has(i)) rows.push(line(false, zh(i.message), null, i.clause ? `依据 ${clauseText(i.clause)}` : ''));
    // Lateness: not a missing item (the letter may still go out), but said plainly, and recorded in the packet;
    // with the caveat of a deadline counted through a year whose holidays the tool has not loaded. A 文号
    // issued before, or before the highest issued this year, is warned of too (the office's own record).
    const caveat = this.calendarCaveat();
    const shownWarnings = [...(p.completeness.warnings ?? []).map((w) => ({ ...w, message: w.pointer === '/sent_on' && caveat ? `${w.message}。${caveat}` : w.message })),
      ...this.numberWarnings()];
    const warnings = shownWarnings.map((w) => h('li', { class: 'check-warn', 'data-status': w.status },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, '!'), h('span', { class: 'visually-hidden' }, this.t('reminder')),
      h('a', { href: `#${idOf(w.pointer)}`, lang: 'zh-CN', onclick: (e) => { e.preventDefault(); this.focusPacketField(w.pointer); } }, w.message),
      w.clause ? h('span', { class: 'check-detail', lang: 'zh-CN' }, `（依据 ${clauseText(w.clause)}）`) : ''));
    const left = rows.filter((r) => r.classList.contains('check-bad')).length;
    this.checklist.replaceChildren(
      h('h2', { id: 'checklist-title' }, this.t('checklistTitle')),
      h('p', { class: left ? 'check-summary' : 'check-summary check-done', id: 'packet-summary' },
        left ? this.t('itemsLeft', left) : this.t('packetComplete', p.documents.length, p.attachments.length)),
      warnings.length ? h('ul', { class: 'check-items check-warnings', id: 'packet-warnings' }, warnings) : '',
      h('ul', { class: 'check-items' }, rows));
    for (const pointer of ['/sent_on', '/document_number']) {
      const at = this.root.getElementById(`${idOf(pointer)}-warning`);
      if (!at) continue;
      const said = shownWarnings.filter((w) => w.pointer === pointer);
      at.hidden = !said.length;
      at.textContent = said.map((w) => w.message).join('；');
    }

    // Messages at the fields: only what is wrong in what was typed; blanks are listed above.
    for (const el of this.root.querySelectorAll('[data-pointer] > .error-message')) {
      const pointer = el.parentElement.dataset.pointer;
      const local = this.dateMessage(packetFields(this.pack.vocabulary).find((f) => f.pointer === pointer));
      const bad = local ? [{ message: local }] : this.itemsAt(pointer).filter((i) => i.status === 'invalid' && i.pointer === pointer);
      const input = el.parentElement.querySelector('input, textarea');
      el.hidden = !bad.length;
      el.textContent = bad.map((i) => i.message).join('；');
      if (local) el.removeAttribute('lang'); else el.lang = 'zh-CN';  // the engine's words are Chinese
      el.parentElement.classList.toggle('has-error', !!bad.length);
      if (input) {
        if (bad.length) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
        const describedBy = [`${input.id}-hint`, bad.length ? el.id : ''].filter((x) => x && this.root.getElementById(x));
        if (describedBy.length) input.setAttribute('aria-describedby', describedBy.join(' ')); else input.removeAttribute('aria-describedby');
      }
    }

    const complete = p.completeness.complete;
    this.packetActions.replaceChildren(
      h('h2', {}, this.t('documents')),
      h('ul', { class: 'documents' }, p.documents.map((d, n) => h('li', {},
        h('strong', { lang: 'zh-CN' }, d.label), d.completeness.complete ? '' : h('span', { class: 'small' }, this.t('documentIncomplete')), ' ',
        h('button', { type: 'button', class: 'link-button', id: `preview-${d.id}`, onclick: () => this.previewDocument(n) }, this.t('preview'), h('span', { class: 'visually-hidden', lang: 'zh-CN' }, ` ${d.label}`)),
        h('button', { type: 'button', class: 'link-button', id: `docx-${d.id}`, onclick: () => this.downloadDocx(n) }, this.t('docx'), h('span', { class: 'visually-hidden', lang: 'zh-CN' }, ` ${d.label}`))))),
      h('div', { class: 'nav' },
        h('button', { type: 'button', class: 'button', id: 'packet-export', disabled: !complete, 'aria-describedby': 'packet-export-why',
          onclick: () => this.exportPacket() }, this.t('exportZip'))),
      h('p', { class: 'hint', id: 'packet-export-why' }, complete
        ? this.t('exportReady')
        : this.t('exportNotReady')));
  }

  // The plan's caveat when a deadline of this packet's step runs through a year whose holiday arrangement
  // the tool has not loaded (the engine's calendar_not_covered warning), or null.
  calendarCaveat() {
    const step = transfersOf(this.plan).find((x) => x.key === this.packet.transfer)?.step;
    if (!step || step.due?.calendar_covered !== false) return null;
    return (this.plan.warnings ?? []).find((w) => w.code === 'calendar_not_covered')?.message ?? null;
  }

  // The 文号 typed, against the office's record of those issued (numbering.js): [{pointer, status, message}].
  numberWarnings() {
    const profile = this.office?.get();
    if (!profile) return [];
    const problem = numberProblem(profile, this.packet.fields.document_number, { draft: this.draftName, transfer: this.packet.transfer });
    return problem ? [{ pointer: '/document_number', status: problem.kind, message: problem.message }] : [];
  }

  // A date field as typed: what is wrong with it in its own words ("2026年2月没有30日"), or a question
  // when it is possible but unlikely (before 2000, not yet come); null when it reads well or is blank.
  dateMessage(f) {
    if (!f || (f.type !== 'date' && f.type !== 'datetime')) return null;
    const r = readDate(getAt(this.packet.fields, f.pointer), { withTime: f.type === 'datetime', lang: this.t.lang });
    if (r.ok === false) return r.message;
    return r.ok ? dateDoubt(r, nowLocalChina(), this.t.lang) : null;
  }

  focusPacketField(pointer) {
    const el = this.root.getElementById(idOf(pointer));
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  }

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
  }

  // The document as an editable Word file, for the office's OA system (numbering, seal).
  downloadDocx(n) {
    const r = this.packetResult;
    const d = r.packet.documents[n];
    const f = r.files.filter((x) => x.attachment === undefined && x.name.endsWith('.html'))[n];
    const name = `${d.title}-${(r.packet.document_number || this.draftName).replace(/[\\/:*?"<>|\s]+/g, '-')}.docx`;
    download(this.root, docxFromHtml(f.text), name, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    this.onSay(this.t('docxSaved', name));
  }

  async exportPacket() {
    const r = this.packetResult;
    if (!r?.ok || !r.packet.completeness.complete) return;
    const manifest = r.packet.attachments;
    try {
      const zip = await packetZip(r.files, manifest, (i) => this.attachments.bytes(manifest[i].sha256));
      const base = (r.packet.document_number || this.draftName).replace(/[\\/:*?"<>|\s]+/g, '-');
      const file = `移送材料-${base}.zip`;
      download(this.root, zip, file, 'application/zip');
      this.recordExport(r.packet);
      this.onSay(this.t('zipSaved', file, kb(zip.length, this.t), r.packet.sha256.slice(0, 12)));
      this.onExported({ file, zip, result: r });
    } catch (e) {
      this.onSay(this.t('zipRefused', e.message), true);
      this.onPortalError?.('packet-failed', `无法导出：${e?.message || e?.name}`);
    }
  }

  // An exported packet is a letter sent: its 文号 is the office's from now on (never offered again), the
  // draft keeps what went out (the ledger's 编号), and the matter records the act as an event of the
  // agreed shape {action, actor: sender, to: receiver, date: sent_on}, so the 台账 follows it.
  recordExport(packet) {
    const [, , action] = this.packet.transfer.split('>');
    const titles = packet.documents.map((d) => d.title).join('、');
    this.packet.exported ??= {};
    this.packet.exported[this.packet.transfer] = { document_number: packet.document_number, sent_on: packet.sent_on, title: titles };
    this.onChange();
    if (this.office && packet.document_number)
      this.office.issue(packet.document_number, { date: packet.sent_on, draft: this.draftName, transfer: this.packet.transfer, title: titles });
    if (this.events && action) {
      const note = `导出材料包 ${packet.document_number}`.trim();
      const mine = (e) => e.action === action && e.actor === packet.sender.id && e.to === packet.receiver.id && String(e.note ?? '').startsWith('导出材料包');
      const events = this.events.get(this.draftName).filter((e) => !mine(e));
      this.events.set(this.draftName, [...events, { action, actor: packet.sender.id, to: packet.receiver.id, date: packet.sent_on, note }]);
    }
  }

  async verifyZip(input) {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    const v = await verifyPacketZip(new Uint8Array(await file.arrayBuffer()), this.engine, this.reader, { owned: true });
    const title = v.ok ? this.t('verifyPassed', file.name, v.checks.length) : this.t('verifyFailed', file.name);
    this.verifyReport.replaceChildren(
      h('p', { class: v.ok ? 'check-summary check-done' : 'check-summary verify-failed' }, title),
      v.packet ? h('p', { lang: 'zh-CN' }, `${v.packet.sender?.name ?? ''} → ${v.packet.receiver?.name ?? ''}，${v.packet.document_number ?? ''}，材料${v.packet.completeness?.complete ? '齐全' : '不齐全'}。`) : '',
      v.problems.length ? h('ul', {}, v.problems.map((p) => h('li', { class: 'check-bad' }, p))) : '',
      v.checks.length ? h('ul', { class: 'check-items' }, v.checks.map((c) => h('li', { class: c.ok ? 'check-ok' : 'check-bad' },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, c.ok ? '✓' : '✗'), `${c.name}：${c.message}`))) : '');
    this.onSay(title, !v.ok);
  }
}
