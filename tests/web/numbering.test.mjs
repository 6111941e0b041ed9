// The office's 文号 as one sequence that only moves forward (#26), without a browser: numbering.js (the
// office profile's record of what was issued) and packet.js (each letter of a matter keeps its own
// 文号 and 发送日期). The same in the page, clicked as an official would: tests/web/tasks.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberProblem, proposedNumber, withIssued } from '../../web/js/components/office-profile/numbering.js';
import { cleanProfile } from '../../web/js/components/office-profile/office-profile.js';
import { freshPacket, switchTransfer } from '../../web/js/packet.js';

const office = { authority: 'dept:urban', prefix: '启城管移', next_number: 27, next_year: 2026 };

test('a number once exported is never offered again, and saving the settings again cannot take the sequence back', () => {
  assert.equal(proposedNumber(office, 2026), '启城管移〔2026〕27号');
  const after = withIssued(office, '启城管移〔2026〕27号', { date: '2026-12-02', draft: 'A', transfer: 'dept:urban>town:haifu>transfer', title: '涉嫌违法案件移送函' });
  assert.equal(proposedNumber(after, 2026), '启城管移〔2026〕28号');
  // The settings form opened before the export still shows 27: saved again with a new phone number.
  const resaved = cleanProfile({ ...after, next_number: 27, contact_phone: '0513-83300001' });
  assert.equal(proposedNumber(resaved, 2026), '启城管移〔2026〕28号');
  // A new year starts its own sequence; the old year's numbers stay used.
  assert.equal(proposedNumber(resaved, 2027), '启城管移〔2027〕1号');
});

test('a reused or out-of-order number is warned of; the same letter exported again is not', () => {
  let p = withIssued(office, '启城管移〔2026〕27号', { date: '2026-12-02', draft: 'A', transfer: 'k1', title: '延期移送告知函' });
  p = withIssued(p, '启城管移〔2026〕28号', { date: '2026-12-09', draft: 'A', transfer: 'k2', title: '涉嫌违法案件移送函' });
  const reused = numberProblem(p, '启城管移〔2026〕27号', { draft: 'B', transfer: 'k1' });
  assert.equal(reused.kind, 'reused');
  assert.match(reused.message, /已于 2026-12-02 用于《延期移送告知函》/);
  assert.match(reused.message, /启城管移〔2026〕29号/);
  assert.equal(numberProblem(p, '启城管移〔2026〕27号', { draft: 'A', transfer: 'k1' }), null, 'the same letter again');
  const order = numberProblem(p, '启城管移〔2026〕12号', { draft: 'C', transfer: 'k1' });
  assert.equal(order.kind, 'order');
  assert.match(order.message, /小于本单位 2026 年已发出的最大序号 28/);
  assert.equal(numberProblem(p, '启城管移〔2026〕29号', { draft: 'C', transfer: 'k1' }), null);
});

test('a 移送函 made after a 延期移送告知函 gets its own 文号 and 发送日期; going back shows the notice\'s', () => {
  const notice = { key: 'dept:ecology>town:yinyang>notify', step: { actor: 'dept:ecology', to: 'town:yinyang', action: 'notify', actor_name: '启东市生态环境局' } };
  const transfer = { key: 'dept:ecology>town:yinyang>transfer', step: { actor: 'dept:ecology', to: 'town:yinyang', action: 'transfer', actor_name: '启东市生态环境局' } };
  const pack = { authorities: [], catalogue: { items: [] } };
  let profile = { authority: 'dept:ecology', prefix: '启环移', next_number: 9, next_year: 2027 };
  const draft = freshPacket(notice, { town: 'yinyang' }, pack, '2027-02-03', profile);
  assert.equal(draft.fields.document_number, '启环移〔2027〕9号');
  profile = withIssued(profile, '启环移〔2027〕9号', { date: '2027-02-03', draft: 'D', transfer: notice.key });
  switchTransfer(draft, transfer, '2027-02-18', profile);
  assert.equal(draft.fields.document_number, '启环移〔2027〕10号');
  assert.equal(draft.fields.sent_on, '2027-02-18');
  switchTransfer(draft, notice, '2027-02-18', profile);
  assert.equal(draft.fields.document_number, '启环移〔2027〕9号');
  assert.equal(draft.fields.sent_on, '2027-02-03');
});
