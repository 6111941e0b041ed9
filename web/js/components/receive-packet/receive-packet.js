// receive-packet — 收到移送材料: the receiving office verifies the ZIP it was sent and, when every file
// checks out, starts its own case from it without answering the sender's questions again: the case
// is the sender's (town, item, when found, what was verified) as a transfer received (`transfer_in`),
// received now or at the time entered; its plan then owes the 受理情况告知书 within 5 working days.
//
// Inputs: receivePacket({verify(bytes, signal) → verification, maxBytes, onStart(verification, receivedIso, report),
//   now() → local time, t: the page's strings}) → a <section>. The verification's own lines (engine,
//   packet.js) are Chinese. The file is read by the page's reader (web/js/read/reader.js, in its
//   worker): its size checked against `maxBytes` before it is read into memory, its ZIP directory
//   before anything is inflated; the official can stop the read (取消读取).
import { h } from '../../dom.js';
import { isoOf, readDate } from '../../dates.js';
import { freshPacket } from '../../packet.js';
import { ReadCancelled } from '../../read/reader.js';
import { fileRead } from '../../read/reading.js';

// The receiver's answers from a verified packet (referral-packet/1) and the time it was received.
// Null when the receiver is not a town government or a department (the only ones who open cases here).
export function receivedCaseAnswers(packet, receivedIso) {
  const [kind] = String(packet?.receiver?.id ?? '').split(':');
  if (kind !== 'town' && kind !== 'dept') return null;
  const c = packet.case ?? {};
  const answers = { finder: kind, source: 'transfer_in', received: receivedIso };
  for (const k of ['town', 'date', 'item', 'verification']) if (c[k] !== undefined) answers[k] = c[k];
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
  }
  return draft;
}

export function receivePacket({ verify, maxBytes, onStart, now, t }) {
  const report = h('div', { class: 'verify-report', id: 'receive-report', role: 'status' });
  const when = h('input', { type: 'text', id: 'receive-when', class: 'input input-date', inputmode: 'numeric', autocomplete: 'off',
    placeholder: '2026-09-29 10:30', 'aria-describedby': 'receive-when-hint' });
  const input = h('input', { type: 'file', id: 'receive-zip', accept: '.zip,application/zip', class: 'visually-hidden',
    onchange: async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      const typed = readDate(when.value, { withTime: true, lang: t.lang });
      if (typed.ok === false) { report.replaceChildren(h('p', { class: 'error-message' }, t('receiveWhenWrong', typed.message))); when.focus(); return; }
      const receivedIso = typed.ok ? isoOf(typed) : `${now()}:00+08:00`;
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
      report.replaceChildren(h('p', { class: 'check-summary check-done' }, t('receivePassed', file.name, v.checks.length)));
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
