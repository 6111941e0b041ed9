// The element's public API as a portal uses it (web/EMBEDDING.md), in the example portal page under the
// strict CSP: storage-key isolation and clearStorage(), office, value and plan, packetBlob() and
// verify(), the `error` event, 下载离线版. The element is driven through its attributes, properties,
// methods and events; where an official would click, the test clicks, as an official would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { dist, fillDeptFindsFoodStall, gotoWithDefinitionHeld, launch, openPage, root } from './support.mjs';
import { CASE, eventually, fillPacket, files, host as portalHost, api, valueOf, planOf, storedDrafts as drafts, setValue } from './portal-support.mjs';
import { serve } from '../../scripts/serve.mjs';

const native = `${root}/build/native/bin/referral`;
let browser;
let server;
let base;
let tmp;
before(async () => {
  browser = await launch();
  ({ server, url: base } = await serve(dist));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
});
after(async () => { await browser?.close(); server?.close(); rmSync(tmp, { recursive: true, force: true }); });

// The example portal, its element given `attrs` (portal-support.mjs); `error` details in window.__errors.
const host = (context, attrs = {}) => portalHost(context, base, attrs);

test('storage-key: two officials see none of each other\'s drafts, a switch at run time, clearStorage() empties exactly one', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const alice = await host(context, { 'storage-key': 'alice', office: 'town:haifu' });
  const bob = await host(context, { 'storage-key': 'bob', office: 'dept:market' });
  const plain = await host(context, {});
  // office sets the finder and the town or department answers.
  assert.deepEqual(await valueOf(alice.page), { schema: 'referral-case/1', finder: 'town', town: 'haifu' });
  assert.deepEqual((await valueOf(bob.page)).finder, 'dept');
  // Alice answers by hand, Bob's portal prefills a matter, the element without a key is used by hand too.
  await alice.page.locator('#next').click();
  await alice.page.locator('input[name="q-source"][value="supervision"]').check();
  await setValue(bob.page, CASE);
  await eventually(async () => (await planOf(bob.page)) !== null, "Bob's plan");
  await plain.page.locator('label[for="q-finder"]').click();
  await plain.page.locator('#q-town').selectOption('nanyang');

  const keys = await api(plain.page, () => Object.keys(localStorage).sort());
  assert.deepEqual(keys, ['referral-assistant/drafts/v1', 'referral-assistant@alice/drafts/v1', 'referral-assistant@bob/drafts/v1']);
  const answersIn = async (key) => Object.values((await drafts(plain.page, key)).drafts).map((d) => d.answers);
  const aliceAnswers = await answersIn('referral-assistant@alice/drafts/v1');
  const bobAnswers = await answersIn('referral-assistant@bob/drafts/v1');
  const plainAnswers = await answersIn('referral-assistant/drafts/v1');
  assert.deepEqual(aliceAnswers.map((a) => [a.town, a.source]), [['haifu', 'supervision']]);
  assert.deepEqual(bobAnswers.map((a) => [a.town, a.item]), [['huilong', 'market-food-stall-unregistered']]);
  assert.deepEqual(plainAnswers.map((a) => a.town), ['nanyang']);

  // After a reload each element offers its own official's draft and nobody else's.
  await alice.page.reload();
  await alice.page.locator('#resume-yes').click();
  await eventually(async () => (await valueOf(alice.page)).source === 'supervision', "Alice's draft reopened");
  assert.equal((await valueOf(alice.page)).town, 'haifu');
  await bob.page.reload();
  await bob.page.locator('#resume-yes').click();
  await eventually(async () => (await valueOf(bob.page)).item === CASE.item, "Bob's draft reopened");

  // Another official logs in on the same page: office and storage-key change together.
  await api(alice.page, () => { const el = document.querySelector('referral-assistant'); el.setAttribute('storage-key', 'carol'); el.setAttribute('office', 'town:nanyang'); });
  await eventually(async () => (await valueOf(alice.page)).town === 'nanyang', "Carol's blank case");
  assert.deepEqual(await valueOf(alice.page), { schema: 'referral-case/1', finder: 'town', town: 'nanyang' });
  assert.deepEqual(await answersIn('referral-assistant@alice/drafts/v1'), aliceAnswers);  // untouched by the switch
  // Back to Alice: as at every start, her office's blank case and the offer to resume her last draft.
  await api(alice.page, () => { const el = document.querySelector('referral-assistant'); el.setAttribute('storage-key', 'alice'); el.setAttribute('office', 'town:haifu'); });
  await eventually(async () => (await valueOf(alice.page)).town === 'haifu', "Alice's office after switching back");
  await alice.page.locator('#resume-yes').click();
  await eventually(async () => (await valueOf(alice.page)).source === 'supervision', "Alice's draft after switching back");

  // Alice logs out: her drafts go, Bob's and the default store's stay exactly as they were.
  const before = await api(plain.page, () => ({ bob: localStorage.getItem('referral-assistant@bob/drafts/v1'), plain: localStorage.getItem('referral-assistant/drafts/v1') }));
  await api(alice.page, () => document.querySelector('referral-assistant').clearStorage());
  const afterClear = await api(plain.page, () => ({ keys: Object.keys(localStorage).sort(), bob: localStorage.getItem('referral-assistant@bob/drafts/v1'), plain: localStorage.getItem('referral-assistant/drafts/v1') }));
  assert.deepEqual(afterClear.keys, ['referral-assistant/drafts/v1', 'referral-assistant@bob/drafts/v1']);
  assert.equal(afterClear.bob, before.bob);
  assert.equal(afterClear.plain, before.plain);
  // The element starts a blank case for the office, and the reload offers nothing to resume.
  assert.deepEqual(await valueOf(alice.page), { schema: 'referral-case/1', finder: 'town', town: 'haifu' });
  await alice.page.reload();
  await alice.page.locator('#next').waitFor();
  assert.equal(await alice.page.locator('#resume-yes').count(), 0);
  for (const p of [alice, bob, plain]) assert.deepEqual(p.problems, []);
  for (const p of [alice, bob, plain]) assert.deepEqual(await api(p.page, () => window.__errors), []);
  await context.close();
});

test('value: a prefilled matter gives the same plan as answering by hand; what the engine refuses is shown at its field', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const byHand = await host(context, { 'storage-key': 'hand' });
  const events = [];
  await byHand.page.exposeFunction('__planEvent', (d) => events.push(d));
  await api(byHand.page, () => document.addEventListener('referral-plan-change', (e) => globalThis.__planEvent({ ok: e.detail.ok, handler: e.detail.plan?.handler?.name ?? null })));
  assert.equal(await planOf(byHand.page), null);
  await fillDeptFindsFoodStall(byHand.page);
  await byHand.page.locator('#confirm').click();
  const handPlan = await planOf(byHand.page);
  assert.equal(handPlan.handler.name, '汇龙镇人民政府');
  assert.deepEqual(await valueOf(byHand.page), CASE);
  assert.ok(events.some((e) => e.ok && e.handler === '汇龙镇人民政府'));

  const prefilled = await host(context, { 'storage-key': 'prefill' });
  await setValue(prefilled.page, CASE);
  await eventually(async () => (await planOf(prefilled.page)) !== null, 'the prefilled plan');
  assert.deepEqual(await planOf(prefilled.page), handPlan);
  assert.deepEqual(await valueOf(prefilled.page), CASE);
  // The prefill is on the current draft, the answers are on the pages.
  assert.equal(await prefilled.page.locator('#q-town').inputValue(), 'huilong');

  // A value the engine refuses: the message at the field, nothing planned, an `error` naming the member.
  await setValue(prefilled.page, { ...CASE, date: '2026-09-29T10:30:00+08:00', source: 'transfer_in', received: '2026-09-28T09:00:00+08:00' });
  await prefilled.page.locator('[data-question="received"] .error-message').waitFor();
  assert.match(await prefilled.page.locator('[data-question="received"] .error-message').innerText(), /接收时间早于发现时间/);
  assert.equal(await planOf(prefilled.page), null);
  assert.deepEqual((await api(prefilled.page, () => window.__errors)).map((e) => [e.code, e.path]), [['invalid-value', '/received']]);
  // Not an object, an office the pack does not know: an `error` event each, nothing changed.
  const before = await valueOf(prefilled.page);
  await setValue(prefilled.page, 42);
  await api(prefilled.page, () => document.querySelector('referral-assistant').setAttribute('office', 'town:atlantis'));
  await eventually(async () => (await api(prefilled.page, () => window.__errors)).length === 3, 'two more error events');
  assert.deepEqual((await api(prefilled.page, () => window.__errors)).slice(1).map((e) => e.code), ['invalid-value', 'invalid-office']);
  assert.deepEqual(await valueOf(prefilled.page), before);

  // readonly: the answers can be read, not changed.
  await api(prefilled.page, () => document.querySelector('referral-assistant').setAttribute('readonly', ''));
  assert.equal(await prefilled.page.locator('#q-date').isDisabled(), true);
  // reset(): a blank case; the stored drafts stay.
  await api(prefilled.page, () => { const el = document.querySelector('referral-assistant'); el.removeAttribute('readonly'); el.reset(); });
  assert.deepEqual(await valueOf(prefilled.page), { schema: 'referral-case/1' });
  // One draft: both values went to the draft on the page; reset() starts a blank one, stored once answered.
  assert.equal(Object.keys((await drafts(prefilled.page, 'referral-assistant@prefill/drafts/v1')).drafts).length, 1);
  assert.deepEqual(byHand.problems, []);
  assert.deepEqual(prefilled.problems, []);
  await context.close();
});

test('value set before the element is defined (its script loaded late) is taken, not lost', async () => {
  for (const url of [`${base}embed/`, `file://${dist}/referral-assistant.html`]) {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text()); });
    await gotoWithDefinitionHeld(page, url);
    await setValue(page, CASE);  // on the element not yet upgraded: an own property
    assert.equal(await api(page, () => Object.prototype.hasOwnProperty.call(document.querySelector('referral-assistant'), 'value')), true);
    await api(page, () => window.__defineNow());
    await eventually(async () => (await planOf(page)) !== null, `the plan of the early value (${url})`);
    assert.equal((await planOf(page)).handler.name, '汇龙镇人民政府');
    assert.deepEqual(await valueOf(page), CASE);
    assert.equal(await api(page, () => Object.prototype.hasOwnProperty.call(document.querySelector('referral-assistant'), 'value')), false);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('packetBlob(): null while incomplete, then the exported ZIP, which verify() accepts and the native CLI re-renders byte for byte', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const { page, problems } = await host(context, { 'storage-key': 'clerk' });
  const blobBytes = () => api(page, async () => {
    const blob = await document.querySelector('referral-assistant').packetBlob();
    return blob ? { type: blob.type, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) } : null;
  });
  assert.equal(await blobBytes(), null);  // nothing answered
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  assert.equal(await blobBytes(), null);  // a plan, but the packet is not filled in
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  await fillPacket(page);

  const got = await blobBytes();
  assert.equal(got.type, 'application/zip');
  const zipBytes = Buffer.from(got.bytes);
  const report = await api(page, async (bytes) => document.querySelector('referral-assistant').verify(new Blob([new Uint8Array(bytes)])), got.bytes);
  assert.equal(report.ok, true, JSON.stringify(report.problems.concat(report.checks.filter((c) => !c.ok).map((c) => c.name))));
  assert.equal(report.checks.length, 6);
  // A changed byte is refused.
  const bad = [...got.bytes]; bad[bad.length - 30] ^= 1;
  assert.equal((await api(page, (bytes) => document.querySelector('referral-assistant').verify(new Uint8Array(bytes)), bad)).ok, false);

  // The export button sends referral-packet-exported with the same bytes as packetBlob() and the download.
  await api(page, () => document.addEventListener('referral-packet-exported', async (e) => {
    window.__exported = { file: e.detail.file, sha256: e.detail.sha256, bytes: Array.from(new Uint8Array(await e.detail.blob.arrayBuffer())) };
  }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#packet-export').click()]);
  const zipPath = path.join(tmp, 'exported.zip');
  await download.saveAs(zipPath);
  await eventually(() => api(page, () => !!window.__exported), 'referral-packet-exported');
  const exported = await api(page, () => window.__exported);
  assert.equal(exported.file, download.suggestedFilename());
  assert.deepEqual(Buffer.from(exported.bytes), zipBytes);
  assert.deepEqual(readFileSync(zipPath), zipBytes);

  // The native CLI, given the packet's input and the attachment files, writes the same bytes.
  const zip = unzipSync(zipBytes);
  const packet = JSON.parse(new TextDecoder().decode(zip['packet.json']));
  assert.equal(packet.sha256, exported.sha256);
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

  // The attachments live in this storage-key's own IndexedDB database; clearStorage() deletes it.
  const dbs = () => api(page, async () => (await indexedDB.databases()).map((d) => d.name).sort());
  assert.deepEqual(await dbs(), ['referral-assistant@clerk']);
  await api(page, () => document.querySelector('referral-assistant').clearStorage());
  assert.deepEqual(await dbs(), []);
  assert.deepEqual(await api(page, () => Object.keys(localStorage)), []);
  assert.deepEqual(problems, []);
  assert.deepEqual(await api(page, () => window.__errors), []);
  await context.close();
});

test('an engine that cannot start sends an `error` event the portal can log, saying what fits (files not served: a deployment fault)', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.route('**/referral-engine*', (route) => route.abort());
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('error', (e) => { if (e.target.localName === 'referral-assistant') window.__errors.push(e.detail); }, true);
  });
  await page.goto(`${base}embed/`);
  await eventually(() => page.evaluate(() => window.__errors.length > 0), 'the error event');
  const errors = await page.evaluate(() => window.__errors);
  assert.equal(errors[0].code, 'engine-unavailable');
  assert.equal(errors[0].reason, 'not-loaded');
  assert.match(errors[0].message, /计算引擎未能加载/);
  await context.close();
});

test('下载离线版: the embed offers the single file of the same build, which plans from file:// with the network blocked', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const { page } = await host(context, {});
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#offline-download').click()]);
  assert.equal(download.suggestedFilename(), 'referral-assistant.html');
  const file = path.join(tmp, 'offline', 'referral-assistant.html');
  mkdirSync(path.dirname(file), { recursive: true });
  await download.saveAs(file);
  assert.deepEqual(readFileSync(file), readFileSync(`${dist}/referral-assistant.html`));
  await context.close();

  const offline = await openPage(browser, `file://${file}`, { blockNetwork: true });
  await offline.page.locator('#next').waitFor({ timeout: 30000 });
  await fillDeptFindsFoodStall(offline.page);
  await offline.page.locator('#confirm').click();
  assert.equal(await offline.page.locator('#plan-handler').innerText(), '汇龙镇人民政府');
  assert.deepEqual(offline.requests, []);
  assert.deepEqual(offline.problems, []);
  await offline.context.close();
});

test('axe finds no serious or critical violations in the example portal with its theme: question page, plan, packet checklist', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true });  // to add axe itself
  const { page, problems } = await host(context, { 'storage-key': 'axe', office: 'dept:market' });
  // The theme is applied: the parts are styled by the portal's stylesheet.
  const style = (selector, property) => page.evaluate(([sel, prop]) =>
    getComputedStyle(document.querySelector('referral-assistant').shadowRoot.querySelector(sel))[prop], [selector, property]);
  assert.equal(await style('[part~="header"]', 'borderBottomColor'), 'rgb(11, 79, 138)');  // ::part(header)
  assert.equal(await style('#next', 'backgroundColor'), 'rgb(11, 79, 138)');               // --referral-button-background
  assert.equal(await style('.app', 'fontSize'), '17px');                                    // --referral-font-size
  assert.match(await style('.app', 'fontFamily'), /^"Microsoft YaHei"/);                    // --referral-font-family
  await page.addScriptTag({ content: readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  const run = () => page.evaluate(async () => (await globalThis.axe.run(document)).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' ; ')}`));
  assert.deepEqual(await run(), []);
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  await page.locator('#plan-handler').waitFor();
  assert.deepEqual(await run(), []);
  await page.locator('#packet-start').click();
  await page.locator('#packet-checklist').waitFor();
  assert.deepEqual(await run(), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Vue 3 example portal under the strict CSP: two officials, a matter from its list prefilled, the packet filed on export, logout', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${base}embed/examples/vue/`);
  await page.locator('#login-lisi').click();
  await page.locator('#next').waitFor({ timeout: 30000 });
  await eventually(async () => (await valueOf(page)).finder === 'dept', "李四's office as the finder");
  // A matter of the portal's own list, handed over: the same plan as answering it by hand.
  await page.locator('#prefill-SJ-2026-0913').click();
  await eventually(async () => (await planOf(page)) !== null, 'the plan');
  assert.deepEqual(await valueOf(page), CASE);
  assert.match(await page.locator('#plan-status').innerText(), /由汇龙镇人民政府处理/);
  const handPlan = await (async () => {
    const plain = await host(context, { 'storage-key': 'vue-hand' });
    await fillDeptFindsFoodStall(plain.page);
    await plain.page.locator('#confirm').click();
    const p = await planOf(plain.page);
    await plain.page.close();
    return p;
  })();
  assert.deepEqual(await planOf(page), handPlan);
  // Through the pages to the packet, filled, exported: the portal verifies and files it.
  while (await page.locator('#confirm').count() === 0) await page.locator('#next').click();
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  await fillPacket(page);
  await Promise.all([page.waitForEvent('download'), page.locator('#packet-export').click()]);
  await page.locator('#filed li').waitFor();
  assert.match(await page.locator('#filed li').innerText(), /^移送材料-启市监移〔2026〕9号\.zip（\d+ 字节，核验通过）$/);

  // 张三 logs in on the same page: his own blank case for his town, none of 李四's answers.
  await page.locator('#login-zhangsan').click();
  await eventually(async () => (await valueOf(page)).finder === 'town', "张三's office");
  assert.deepEqual(await valueOf(page), { schema: 'referral-case/1', finder: 'town', town: 'huilong' });
  // 李四 again: his office's blank case, and his matter one click away (resume).
  await page.locator('#login-lisi').click();
  await eventually(async () => (await valueOf(page)).finder === 'dept', "李四's office");
  await page.locator('#resume-yes').click();
  await eventually(async () => (await valueOf(page)).item === CASE.item, "李四's draft");
  // Logout clears 李四's drafts and attachments and nothing else.
  await api(page, () => localStorage.setItem('unrelated-portal-key', 'kept'));
  await page.locator('#logout').click();
  await page.locator('#logout').waitFor({ state: 'detached' });
  assert.deepEqual(await api(page, () => Object.keys(localStorage).sort()), ['unrelated-portal-key', 'referral-assistant@vue-hand/drafts/v1'].sort());
  assert.ok(!(await api(page, async () => (await indexedDB.databases()).map((d) => d.name))).includes('referral-assistant@official-lisi'));
  assert.equal(await page.locator('#element-errors').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
