// receive-packet — 收到移送材料: the receiving office verifies the ZIP it was sent and, when every file
// checks out, starts its own case from it without answering the sender's questions again: the case
// is the sender's (town, item, when found, what was verified) as a transfer received (`transfer_in`),
// received now or at the time entered; its plan then owes the 受理情况告知书 within 5 working days.
// Before it is opened: a 收到时间 not yet come, or before the packet was sent, is refused; a packet
// addressed to another office than this one (本单位设置) is said so, and opened only when the official
// confirms. The case records the transfer as referral-case/1 has it (`source: transfer_in`, `finder` the
// receiving side); the documents name the side that found it (the other side of the matter).
//
// Inputs: receivePacket({verify(bytes, signal) → verification, maxBytes, onStart(verification, receivedIso, report),
//   now() → local time, office() → this office's profile (本单位设置) or null, authorityName(id) → name,
//   t: the page's strings}) → a <section>. The verification's own lines (engine, packet.js) are Chinese.
//   The file is read by the page's reader (web/js/read/reader.js, in its worker): its size checked
//   against `maxBytes` before it is read into memory, its ZIP directory before anything is inflated;
//   the official can stop the read (取消读取).
import { h } from '../../dom.js';
import { isoOf, readDate } from '../../dates.js';
import { freshPacket } from '../../packet.js';
import { ReadCancelled } from '../../read/reader.js';
import { fileRead } from '../../read/reading.js';

// The receiver's answers from a verified packet (referral-packet/1) and the time it was received.
// Null when the receiver is not a town government or a department (the only ones who open cases here).
// `vocabulary` (describe): the pack's `received_case` (the values that make a case one received by a
// transfer, e.g. its source) and its enum facts, whose other values the matter keeps as received (those taken from the item follow the item).
export function receivedCaseAnswers(packet, receivedIso, vocabulary = {}) {
  const [kind] = String(packet?.receiver?.id ?? '').split(':');
  if (kind !== 'town' && kind !== 'dept') return null;
  const c = packet.case ?? {};
  const own = vocabulary.received_case ?? {};
  const answers = { finder: kind, ...own, received: receivedIso };
  const kept = ['town', 'date', 'item', ...(vocabulary.enums ?? []).filter((e) => !e.from_item && !(e.id in own)).map((e) => e.id)];
  for (const k of kept) if (c[k] !== undefined) answers[k] = c[k];
  return answers;
}

// The receiver's packet draft for its first transfer back to the sender (the 受理情况告知书), made
// at once from the packet received: its facts and parties as received, typed by nobody; the rest as
// any fresh packet (this office's profile, today). Kept in the draft like anything typed, so a
// reload keeps it. `transfers`: transfersOf(plan) of the receiver's case; null when it sends nothing.
export function receivedPacketDraft(packet, transfers, caseDoc, pack, today, office = null) {
  if (!transfers.length) return null;
  const back = transfers.find((t) => t.step.to === packet.sender?.id) ?? transfers[0];
  const draft = freshPacket(back, caseDoc, pack, today, office);
  if (back.step.to === packet.sender?.id) {
    draft.fields.summary = { ...draft.fields.summary, ...packet.summary };
    if (packet.parties?.length) draft.fields.parties = JSON.parse(JSON.stringify(packet.parties));
    // What the pack fills from the letter received (documents.json `from`: the 文号 the 告知书 answers …).
    for (const id of back.step.documents ?? []) {
      for (const d of pack.documents.find((k) => k.id === id)?.details ?? []) {
        if (d.from && typeof packet[d.from] === 'string') ((draft.fields.details ??= {})[id] ??= {})[d.id] = packet[d.from];
      }
    }
  }
  return draft;
}

export function receivePacket({ verify, maxBytes, onStart, now, office = () => null, authorityName = (id) => id, t }) {
  const report = h('div', { class: 'verify-report', id: 'receive-report', role: 'status' });
  const when = h('input', { type: 'text', id: 'receive-when', class: 'input input-date', inputmode: 'numeric', autocomplete: 'off',
    placeholder: t('example', '2026-09-29 10:30'), 'aria-describedby': 'receive-when-hint' });
  const input = h('input', { type: 'file', id: 'receive-zip', accept: '.zip,application/zip', class: 'visually-hidden',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      const typed = readDate(when.value, { withTime: true, lang: t.lang });
      const refuse = (message) => { report.replaceChildren(h('p', { class: 'error-message', role: 'alert' }, message)); when.focus(); };
      if (typed.ok === false) { refuse(t('receiveWhenWrong', typed.message)); return; }
      const receivedIso = typed.ok ? isoOf(typed) : `${now()}:00+08:00`;
      // A receipt cannot lie in the future (China time, to the minute).
      if (typed.ok && receivedIso.slice(0, 16) > now().slice(0, 16)) { refuse(t('receiveWhenFuture', receivedIso.slice(0, 16).replace('T', ' '))); return; }
      const read = fileRead(file, t);
      const tooLarge = read.tooLarge(maxBytes);
      if (tooLarge) { report.replaceChildren(h('p', { class: 'check-summary verify-failed' }, t('receiveFailed', file.name)), h('p', { class: 'check-bad' }, tooLarge)); return; }
      report.replaceChildren(h('p', {}, read.line));
      let v;
      try {
        v = await verify(new Uint8Array(await file.arrayBuffer()), read.signal);
      } catch (err) {
        if (!(err instanceof ReadCancelled)) throw err;
        report.replaceChildren(h('p', {}, read.cancelled()));
        return;
      }
      if (!v.ok) {
        report.replaceChildren(h('p', { class: 'check-summary verify-failed' }, t('receiveFailed', file.name)),
          h('ul', {}, [...v.problems, ...v.checks.filter((c) => !c.ok).map((c) => `${c.name}：${c.message}`)].map((p) => h('li', { class: 'check-bad' }, p))));
        return;
      }
      // Nor before the letter was sent.
      const sent = v.packet?.sent_on ?? '';
      if (sent && receivedIso.slice(0, 10) < sent) { refuse(t('receiveWhenBeforeSent', receivedIso.slice(0, 10), sent)); return; }
      const passed = h('p', { class: 'check-summary check-done' }, t('receivePassed', file.name, v.checks.length));
      // Addressed to another office: said before anything is opened; opened only on the official's word.
      const mine = office()?.authority;
      const to = v.packet?.receiver?.id;
      if (mine && to && to !== mine) {
        const go = h('button', { type: 'button', class: 'button secondary', id: 'receive-anyway', onclick: () => { go.disabled = true; onStart(v, receivedIso, report); } },
          t('receiveAnyway'));
        report.replaceChildren(passed, h('p', { class: 'warning-message', role: 'alert', id: 'receive-not-ours' }, t('receiveNotOurs', authorityName(to), authorityName(mine))),
          h('div', { class: 'nav' }, go));
        return;
      }
      report.replaceChildren(passed);
      onStart(v, receivedIso, report);
    } });
  return h('section', { class: 'receive', 'aria-labelledby': 'receive-title' },
    h('h2', { id: 'receive-title' }, t('receiveTitle')),
    h('p', { class: 'hint' }, t('receiveHint')),
    h('div', { class: 'question' },
      h('label', { for: 'receive-when', class: 'label-small' }, t('receiveWhen')),
      h('p', { class: 'hint', id: 'receive-when-hint' }, t('receiveWhenHint')), when),
    input, h('label', { for: 'receive-zip', class: 'button secondary' }, t('receiveChoose')), report);
}
