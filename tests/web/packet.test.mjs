// The transfer packet in headless chromium: from a plan to a complete packet, files attached
// (hashed by WebCrypto, kept in IndexedDB), exported as one ZIP, checked against the native CLI,
// kept across a reload, read back and verified — and a tampered ZIP refused item by item.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { dist, fillDeptFindsFoodStall, launch, openPage, root } from './support.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
const native = `${root}/build/native/bin/referral`;
let browser;
let tmp;
before(async () => { browser = await launch(); tmp = mkdtempSync(path.join(os.tmpdir(), 'packet-test-')); });
after(async () => { await browser?.close(); rmSync(tmp, { recursive: true, force: true }); });

const shadowFocus = (page) => page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.activeElement?.id);
async function eventually(fn, what) {
  for (let i = 0; i < 60; i += 1) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Goes from a blank wizard to the packet page of the market → 汇龙镇 transfer.
async function toPacketPage(page) {
  await page.locator('#next').waitFor({ timeout: 20000 });
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
}

const files = {
  inspection_record: { name: '现场检查记录.pdf', buffer: Buffer.from('%PDF-1.4 现场检查记录（测试）\n') },
  site_photos: { name: '现场照片.jpg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]) },
  evidence: { name: '询问笔录.pdf', buffer: Buffer.from('%PDF-1.4 询问笔录（测试）\n') },
};

test('a packet is filled, attached, exported, identical to the native CLI, kept across reload, and verified', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl, { blockNetwork: true });
  await toPacketPage(page);
  assert.match(await page.locator('.lead').innerText(), /启东市市场监督管理局 → 汇龙镇人民政府：移送案件，期限 5个工作日内（自发现（或收到）之日起算），最迟2026年10月12日（星期一）/);
  // One packet per step that sends something: the transfer first, the later copies offered beside it.
  const choices = await page.locator('#packet-transfer option').allInnerTexts();
  assert.deepEqual(choices, ['移送案件：启东市市场监督管理局 → 汇龙镇人民政府', '书面告知受理情况：汇龙镇人民政府 → 启东市市场监督管理局',
    '书面抄告备案：汇龙镇人民政府 → 启东市市场监督管理局', '抄告行政许可（审批）情况：启东市市场监督管理局 → 汇龙镇人民政府']);
  // Pre-filled from the case and the plan.
  assert.equal(await page.locator('#p-contact-unit').inputValue(), '启东市市场监督管理局');
  assert.equal(await page.locator('#p-summary-time').inputValue(), '2026-09-29 10:30');
  assert.match(await page.locator('#p-summary-facts').inputValue(), /食品摊贩/);
  assert.equal(await page.locator('#packet-export').isDisabled(), true);
  const before = await page.locator('#packet-summary').innerText();
  assert.match(before, /还有 \d+ 项未完成/);

  // A wrong check digit is shown at its field; correcting it clears the message.
  await page.locator('#p-parties-0-name').fill('启东市汇龙镇某某食品摊');
  await page.locator('#p-parties-0-credit_code').fill('91350100M000100Y40');
  await eventually(async () => (await page.locator('[data-pointer="/parties/0/credit_code"] .error-message').isVisible()), 'check-digit message');
  assert.match(await page.locator('[data-pointer="/parties/0/credit_code"] .error-message').innerText(), /校验/);
  await page.locator('#p-parties-0-credit_code').fill('91350100M000100Y43');
  assert.equal(await page.locator('[data-pointer="/parties/0/credit_code"] .error-message').isVisible(), false);

  await page.locator('#p-document_number').fill('启市监移〔2026〕7号');
  await page.locator('#p-sent_on').fill('2026-09-30');
  await page.locator('#p-summary-party').fill('启东市汇龙镇某某食品摊');
  await page.locator('#p-summary-place').fill('汇龙镇人民中路 88 号');
  await page.locator('#p-summary-measures').fill('已责令停止经营，制作现场检查记录并拍照。');
  await page.locator('#p-contact-person').fill('李某');
  await page.locator('#p-contact-phone').fill('0513-833');  // too short for a fixed line
  await eventually(async () => (await page.locator('[data-pointer="/contact/phone"] .error-message').isVisible()), 'phone message');
  await page.locator('#p-contact-phone').fill('0513-83312345');
  await page.locator('#p-approval-leader').fill('王某');
  await page.locator('#p-approval-date').fill('2026-09-30');

  // Attach a file for each required kind; the checklist turns green item by item.
  const kinds = await page.locator('.attachment-kind[data-kind]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.deepEqual([...kinds].sort(), [...Object.keys(files), 'other_materials'].sort());  // 其他材料: every packet takes them
  for (const kind of Object.keys(files)) {
    await page.locator(`#attach-${kind}`).setInputFiles({ ...files[kind], mimeType: 'application/octet-stream' });
    await page.locator(`.attachment-kind[data-kind="${kind}"] .file-name`).waitFor();
  }
  await eventually(async () => /材料齐全/.test(await page.locator('#packet-summary').innerText()), 'a complete packet');
  assert.equal(await page.locator('.check-items .check-bad').count(), 0);
  // Each file's digest is WebCrypto's, the same as node's.
  const listed = await page.locator('.attachment-kind[data-kind="site_photos"] code').getAttribute('title');
  assert.equal(listed, createHash('sha256').update(files.site_photos.buffer).digest('hex'));

  // Export: one ZIP holding the documents, packet.json and the attachments.
  assert.equal(await page.locator('#packet-export').isDisabled(), false);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#packet-export').click()]);
  const zipPath = path.join(tmp, 'packet.zip');
  await download.saveAs(zipPath);
  assert.match(download.suggestedFilename(), /^移送材料-启市监移〔2026〕7号\.zip$/);
  const zip = unzipSync(readFileSync(zipPath));
  // Only the transfer's documents: the 行政审批事项抄告单 the same pair owes later (copy_approval) is a packet of its own.
  assert.deepEqual(Object.keys(zip).sort(), ['01-涉嫌违法案件移送函.html', '02-移送材料清单.html', 'attachments/01-现场检查记录.pdf',
    'attachments/02-现场照片.jpg', 'attachments/03-询问笔录.pdf', 'packet.json'].sort());
  const packetText = new TextDecoder().decode(zip['packet.json']);
  const packet = JSON.parse(packetText);
  assert.equal(packet.action, 'transfer');
  assert.equal(packet.completeness.complete, true);
  assert.deepEqual(Buffer.from(zip['attachments/02-现场照片.jpg']), files.site_photos.buffer);

  // The native CLI, given the same input and the extracted attachment files, writes the same bytes.
  const attachDir = path.join(tmp, 'attachments');
  mkdirSync(attachDir);
  for (const m of packet.attachments) writeFileSync(path.join(attachDir, m.file_name), files[m.kind].buffer);
  const input = { schema: 'referral-packet-input/1', case: packet.case, sender: packet.sender.id, receiver: packet.receiver.id, action: packet.action,
    document_number: packet.document_number, sent_on: packet.sent_on, summary: packet.summary, parties: packet.parties,
    contact: packet.contact, approval: packet.approval, attachments: packet.attachments.map((m) => ({ kind: m.kind, file_name: m.file_name })) };
  writeFileSync(path.join(tmp, 'input.json'), JSON.stringify(input));
  const outDir = path.join(tmp, 'native');
  execFileSync(native, ['packet', path.join(tmp, 'input.json'), '--out', outDir, '--today', packet.as_of, '--attachments', attachDir]);
  for (const name of Object.keys(zip)) assert.deepEqual(readFileSync(path.join(outDir, name)), Buffer.from(zip[name]), `${name} differs from the native CLI's`);
  assert.equal(readdirSync(outDir).length + readdirSync(path.join(outDir, 'attachments')).length - 1, Object.keys(zip).length);

  // A reload keeps every field and every attached file (bytes in IndexedDB).
  await page.reload();
  await page.locator('#resume-yes').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  assert.equal(await page.locator('#p-document_number').inputValue(), '启市监移〔2026〕7号');
  assert.equal(await page.locator('.file-name').count(), 3);
  await eventually(async () => /材料齐全/.test(await page.locator('#packet-summary').innerText()), 'complete after reload');
  assert.equal(await page.locator('.file-missing:visible').count(), 0);

  // Reading the exported ZIP back verifies every file.
  await page.locator('#packet-verify').setInputFiles(zipPath);
  await eventually(async () => /核验通过：6 个文件全部一致/.test(await page.locator('#verify-report').innerText()), 'verification');

  // A changed attachment and an edited letter are each caught; nothing else is blamed.
  const tampered = { ...zip, 'attachments/02-现场照片.jpg': new Uint8Array([...files.site_photos.buffer, 0]),
    '01-涉嫌违法案件移送函.html': new TextEncoder().encode(new TextDecoder().decode(zip['01-涉嫌违法案件移送函.html']).replace('汇龙镇人民政府', '南阳镇人民政府')) };
  await page.locator('#packet-verify').setInputFiles({ name: 'tampered.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(tampered)) });
  await eventually(async () => /核验未通过/.test(await page.locator('#verify-report').innerText()), 'refusal');
  const bad = (await page.locator('#verify-report .check-bad').allInnerTexts()).map((t) => t.replace(/^[✓✗]\s*/, ''));
  assert.equal(bad.length, 2, bad.join('\n'));
  assert.ok(bad.some((t) => t.startsWith('attachments/02-现场照片.jpg') && /SHA-256 或大小与清单不符/.test(t)), bad.join('\n'));
  assert.ok(bad.some((t) => t.startsWith('01-涉嫌违法案件移送函.html') && /文书已被改动/.test(t)), bad.join('\n'));
  // An edited packet.json breaks its digest.
  const edited = { ...zip, 'packet.json': new TextEncoder().encode(packetText.replace('李某', '赵某')) };
  await page.locator('#packet-verify').setInputFiles({ name: 'edited.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(edited)) });
  await eventually(async () => /材料包清单：内容与记录的 SHA-256 摘要不符/.test(await page.locator('#verify-report').innerText()), 'digest mismatch');
  // Not a ZIP at all.
  await page.locator('#packet-verify').setInputFiles({ name: 'x.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
  await eventually(async () => /不是材料包/.test(await page.locator('#verify-report').innerText()), 'not a zip');
  assert.deepEqual(problems, []);
  await context.close();
});

test('typed markup is shown as text in the printed documents and never runs', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await toPacketPage(page);
  const payload = '"><img src=x onerror="window.opener.__xss=1;document.title=\'XSS\'"><script>window.opener.__xss=2</script>';
  await page.locator('#p-summary-facts').fill(payload);
  await page.locator('#p-parties-0-name').fill(payload);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#preview-transfer_letter').click()]);
  await popup.waitForLoadState();
  assert.notEqual(await popup.title(), 'XSS');
  assert.equal(await popup.locator('img, script').count(), 0);
  assert.ok((await popup.locator('body').innerText()).includes('<script>window.opener.__xss=2</script>'));
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await context.close();
});

test('axe finds no serious or critical violations on the packet page, incomplete, with a field error, and verified', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await toPacketPage(page);
  await page.addScriptTag({ content: readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  const run = () => page.evaluate(async () => (await globalThis.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' ; ')}`));
  assert.deepEqual(await run(), []);
  await page.locator('#p-contact-phone').fill('12');
  await page.locator('[data-pointer="/contact/phone"] .error-message').waitFor();
  await page.locator('#attach-evidence').setInputFiles({ ...files.evidence, mimeType: 'application/pdf' });
  await page.locator('.attachment-kind[data-kind="evidence"] .file-name').waitFor();
  await page.locator('#packet-verify').setInputFiles({ name: 'x.zip', mimeType: 'application/zip', buffer: Buffer.from('nope') });
  await page.locator('#verify-report .check-summary').waitFor();
  assert.deepEqual(await run(), []);
  await context.close();
});

test('keyboard only: fields, a file chosen from the keyboard, and the checklist links', async () => {
  const { page, context } = await openPage(browser, singleUrl);
  await toPacketPage(page);
  // The checklist links to the field still missing.
  await page.locator('#packet-checklist a', { hasText: '发文字号' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await shadowFocus(page), 'p-document_number');
  await page.keyboard.type('启市监移〔2026〕8号');
  await page.keyboard.press('Tab');
  assert.equal(await shadowFocus(page), 'p-sent_on');
  // The attach button is a label for a focusable file input: Space on it opens the file chooser.
  await page.locator('#attach-site_photos').focus();
  assert.equal(await shadowFocus(page), 'attach-site_photos');
  // Under a loaded machine a key press can land before the input is ready for it: try it a few times.
  let chooser = null;
  for (let attempt = 0; attempt < 3 && !chooser; attempt += 1)
    [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null), page.keyboard.press('Space')]);
  assert.ok(chooser, 'Space on the focused file input opens the file chooser');
  await chooser.setFiles({ ...files.site_photos, mimeType: 'image/jpeg' });
  await page.locator('.attachment-kind[data-kind="site_photos"] .file-name').waitFor();
  assert.equal(await shadowFocus(page), 'attach-site_photos');  // focus stays where the user was
  assert.match(await page.locator('#packet-checklist .check-ok', { hasText: '现场照片' }).innerText(), /已完成：\s*附件：现场照片（1 个文件）/);
  await context.close();
});

test('the embedded element under the strict CSP: packet page, an attachment, referral-packet-change events and a styled preview, no violations', async () => {
  const { serve } = await import('../../scripts/serve.mjs');
  const { server, url } = await serve(dist);
  try {
    const { page, problems, context } = await openPage(browser, null);
    const events = [];
    await page.exposeFunction('__packetEvent', (d) => events.push(d));
    await page.addInitScript(() => document.addEventListener('referral-packet-change', (e) => globalThis.__packetEvent(e.detail)));
    await page.goto(`${url}embed/`);
    await toPacketPage(page);
    await page.locator('#attach-inspection_record').setInputFiles({ ...files.inspection_record, mimeType: 'application/pdf' });
    await page.locator('.attachment-kind[data-kind="inspection_record"] .file-name').waitFor();
    await eventually(async () => events.length > 0, 'referral-packet-change events');
    assert.equal(events.at(-1).complete, false);
    assert.ok(events.at(-1).items.some((i) => i.pointer === '/document_number'));
    // A preview inherits the portal's CSP: it is styled by the same-origin copy of the stylesheet,
    // with no inline style to refuse.
    const popupProblems = [];
    context.on('page', (p) => p.on('console', (m) => { if (m.type() === 'error') popupProblems.push(m.text()); }));
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#preview-transfer_letter').click()]);
    await popup.waitForLoadState();
    assert.equal(await popup.title(), '涉嫌违法案件移送函');
    assert.equal(await popup.evaluate(() => document.querySelector('link[rel=stylesheet]')?.sheet?.cssRules.length > 0), true);
    assert.equal(await popup.locator('style').count(), 0);
    assert.deepEqual(popupProblems, []);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    server.close();
  }
});

test("another step's packet asks for its document's own text (来函文号 of the 受理情况告知书), checks it and prints it", async () => {
  const { page, problems, context } = await openPage(browser, singleUrl);
  await toPacketPage(page);
  await page.locator('#packet-transfer').selectOption({ label: '书面告知受理情况：汇龙镇人民政府 → 启东市市场监督管理局' });
  await page.locator('.lead', { hasText: '汇龙镇人民政府 → 启东市市场监督管理局：书面告知受理情况' }).waitFor();
  const field = page.locator('#p-details-acceptance_notice-incoming_number');
  assert.match(await page.locator('[data-pointer="/details/acceptance_notice/incoming_number"] .hint').innerText(), /移送函的发文字号.*依据 二（四）1/);
  const item = page.locator('#packet-checklist li', { hasText: '受理情况告知书：来函文号' });
  assert.equal(await item.getAttribute('class'), 'check-bad');
  await field.fill('启市监移〔2026〕7号');
  await eventually(async () => (await item.getAttribute('class')) === 'check-ok', 'the 来函文号 item turning green');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#preview-acceptance_notice').click()]);
  await popup.waitForLoadState();
  assert.match(await popup.locator('body').innerText(), /你单位《涉嫌违法案件移送函》（启市监移〔2026〕7号）及所附材料，我单位已于/);
  assert.match(await popup.locator('body').innerText(), /该案属我单位管辖，我单位决定予以受理。/);
  assert.deepEqual(problems, []);
  await context.close();
});
