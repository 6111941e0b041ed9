// Personal data at rest on a shared office PC (issue #14) and storage failures that are never silent
// (#13's `error` event), in the single file from file://:
//   - 设置密码锁: drafts and attachment bytes sealed (no party name, ID number or file content readable
//     in localStorage or IndexedDB), reload → lock screen, a wrong passphrase opens nothing and changes
//     nothing, the right one brings the draft and its attachment back; 忘记密码 clears after a warning;
//   - 清除本机数据: a confirmation naming what goes, then exactly this store's data is gone (another
//     storage-key's drafts and database and other sites' keys stay);
//   - storage full: an imported draft is said to be unsaved and stays on screen, nothing stored is lost,
//     `error` fires; IndexedDB refusing an attachment: said at the control, `error` fires.
//   - the same lock on Chromium 86 (360安全浏览器 13's core).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dist, fillDeptFindsFoodStall, fillFoodStallMatter, launch, openPage } from './support.mjs';
import { launch86, open86 } from './chromium86.mjs';
import { serve } from '../../scripts/serve.mjs';

const require = createRequire(import.meta.url);
const singleUrl = `file://${dist}/referral-assistant.html`;
const PARTY = '启东市汇龙镇隐私测试食品摊';
const ID_NUMBER = '11010519491231002X';
const FILE_MARK = 'EVIDENCE-CONTENT-7d3f';
const PASS = 'correct horse 汇龙';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function eventually(fn, what, tries = 150) {
  for (let i = 0; i < tries; i += 1) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Everything this origin keeps: every localStorage item, and every record of every IndexedDB database
// (bytes decoded as UTF-8), as one text to search.
const rawStorage = (page) => page.evaluate(async () => {
  const out = [];
  for (let i = 0; i < localStorage.length; i += 1) { const k = localStorage.key(i); out.push(`${k}=${localStorage.getItem(k)}`); }
  const dec = new TextDecoder();
  const text = (v) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? dec.decode(v) : v && typeof v === 'object'
    ? Object.entries(v).map(([k, x]) => `${k}:${text(x)}`).join(',') : String(v));
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((res, rej) => { const r = indexedDB.open(name); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    for (const store of db.objectStoreNames) {
      const values = await new Promise((res) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => res(r.result); });
      for (const v of values) out.push(`${name}/${store}: ${text(v)}`);
    }
    db.close();
  }
  return out.join('\n');
});

const status = (page) => page.locator('.status').innerText();

// A case up to the packet page, a named party with an ID number and one attachment.
async function caseWithPartyAndFile(page) {
  await page.locator('#next').waitFor({ timeout: 20000 });
  await fillDeptFindsFoodStall(page);
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  await page.locator('#p-parties-0-name').fill(PARTY);
  await page.locator('#packet-add-party, button:has-text("添加当事人")').first().click();
  await page.locator('label[for="p-parties-1-kind-person"]').click();
  await page.locator('#p-parties-1-name').fill('张隐私');
  await page.locator('#p-parties-1-id_number').fill(ID_NUMBER);
  await page.locator('#attach-evidence').setInputFiles({ name: '询问笔录.pdf', mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${FILE_MARK}\n`) });
  await page.locator('.attachment-kind[data-kind="evidence"] .file-name').waitFor();
}

async function setPassphrase(page, pass = PASS) {
  await page.locator('#lock-set').click();
  await page.locator('#lock-new').fill(pass);
  await page.locator('#lock-again').fill(pass);
  await page.locator('#lock-save').click();
  await eventually(async () => /已设置密码锁/.test(await status(page)), 'the lock set');
}

test('passphrase lock: nothing readable at rest, locked after reload, a wrong passphrase opens and changes nothing, the right one brings the draft back', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl, { blockNetwork: true });
  await caseWithPartyAndFile(page);
  let raw = await rawStorage(page);
  assert.ok(raw.includes(PARTY) && raw.includes(ID_NUMBER) && raw.includes(FILE_MARK), 'before the lock the data is stored in the clear (the search below finds it)');

  // Too short, then two that differ: said at the field, nothing set.
  await page.locator('#lock-set').click();
  await page.locator('#lock-new').fill('short');
  await page.locator('#lock-again').fill('short');
  await page.locator('#lock-save').click();
  assert.match(await page.locator('#lock-new-error').innerText(), /至少 8 个字符/);
  await page.locator('#lock-new').fill(PASS);
  await page.locator('#lock-again').fill(`${PASS}!`);
  await page.locator('#lock-save').click();
  assert.match(await page.locator('#lock-new-error').innerText(), /不一致/);
  await page.locator('#lock-again').fill(PASS);
  await page.locator('#lock-save').click();
  await eventually(async () => /已设置密码锁/.test(await status(page)), 'the lock set');
  assert.match(await status(page), /1 个附件已加密/);

  // Typing after the lock is on is stored sealed too.
  await page.locator('#p-parties-1-name').fill('张隐私改');
  await eventually(async () => !(await rawStorage(page)).includes('张隐私改') && (await rawStorage(page)).includes('"sealed"'), 'sealed writes');
  raw = await rawStorage(page);
  for (const secret of [PARTY, ID_NUMBER, FILE_MARK, '张隐私', '询问笔录']) assert.ok(!raw.includes(secret), `no "${secret}" at rest`);
  assert.match(raw, /referral-assistant\/lock\/v1=\{"schema":"referral-lock\/1","kdf":"PBKDF2-SHA-256","iterations":600000/);

  // Reload: the lock screen, no wizard, nothing decrypted.
  await page.reload();
  await page.locator('#lock-screen').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#next').count(), 0);
  const before = await rawStorage(page);
  await page.locator('#lock-passphrase').fill('wrong passphrase');
  await page.locator('#lock-unlock').click();
  await page.locator('#lock-error').waitFor();
  assert.match(await page.locator('#lock-error').innerText(), /密码不正确，未打开任何数据/);
  assert.equal(await page.locator('#next').count(), 0);
  assert.equal(await rawStorage(page), before, 'a wrong passphrase changes nothing stored');

  // The right one: the draft is offered, opens on the packet page with the party and the file.
  await page.locator('#lock-passphrase').fill(PASS);
  await page.locator('#lock-unlock').click();
  await page.locator('#resume-yes').click({ timeout: 20000 });
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  assert.equal(await page.locator('#p-parties-0-name').inputValue(), PARTY);
  assert.equal(await page.locator('#p-parties-1-id_number').inputValue(), ID_NUMBER);
  assert.equal(await page.locator('#p-parties-1-name').inputValue(), '张隐私改');
  await eventually(async () => page.locator('.attachment-kind[data-kind="evidence"] .file-missing').isHidden(), 'the file is there');
  // Its bytes open with the session's key, exactly as attached.
  const sha = await page.locator('.attachment-kind[data-kind="evidence"] .file-missing').getAttribute('data-sha256');
  const bytes = await page.evaluate(async (s) => new TextDecoder().decode(await document.querySelector('referral-assistant').attachments.bytes(s)), sha);
  assert.equal(bytes, `%PDF-1.4 ${FILE_MARK}\n`);
  assert.ok(!(await rawStorage(page)).includes(PARTY), 'unlocking stores nothing in the clear');
  assert.equal(await page.locator('#lock-set').innerText(), '已设密码锁');
  assert.deepEqual(problems, []);
  await context.close();
});

test('忘记密码: a warning that says what goes, then this store is cleared and the wizard starts blank', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl, { blockNetwork: true });
  await page.locator('#next').waitFor({ timeout: 20000 });
  await page.locator('label[for="q-finder-dept"]').click();
  await setPassphrase(page);
  await page.reload();
  await page.locator('#lock-forgot').click();
  await page.locator('#lock-clear-cancel').waitFor();  // the box is filled once the files are counted
  assert.match(await page.locator('#lock-forgot-box').innerText(), /无法恢复[\s\S]*全部草稿、0 个附件和密码锁/);
  await page.locator('#lock-clear-cancel').click();
  assert.equal(await page.locator('#lock-forgot-box').isHidden(), true);
  await page.locator('#lock-forgot').click();
  await page.locator('#lock-clear-confirm').click();
  await page.locator('#next').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#lock-screen').count(), 0);
  assert.equal(await page.locator('#lock-set').innerText(), '设置密码锁');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('referral-assistant')).length), 0);
  await page.reload();
  await page.locator('#next').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#lock-screen').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('清除本机数据: a confirmation with the count, then exactly this store\'s drafts, attachments, profile and lock are gone', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl, { blockNetwork: true });
  // Another official's data (storage-key "bob") and another tool's key on the same origin.
  await page.evaluate(async () => {
    localStorage.setItem('referral-assistant@bob/drafts/v1', '{"drafts":{"b":{"name":"b"}},"current":"b"}');
    localStorage.setItem('referral-assistant@bob/office/v1', '{"prefix":"启环移"}');
    localStorage.setItem('another-tool', 'kept');
    await new Promise((res) => { const r = indexedDB.open('referral-assistant@bob', 1); r.onupgradeneeded = () => r.result.createObjectStore('attachments'); r.onsuccess = () => { r.result.close(); res(); }; });
  });
  await caseWithPartyAndFile(page);
  await page.evaluate(() => localStorage.setItem('referral-assistant:office', '{"authority":"dept:market","prefix":"启市监移"}'));

  // Cancel keeps everything.
  await page.locator('#storage-clear').click();
  assert.match(await page.locator('#storage-clear-what').innerText(), /1 份草稿、1 个附件和本单位设置，无法恢复/);
  await page.locator('#draft-dialog-cancel').click();
  assert.ok((await rawStorage(page)).includes(PARTY));

  await page.locator('#storage-clear').click();
  await page.locator('#storage-clear-confirm').click();
  await eventually(async () => /已清除本机数据/.test(await status(page)), 'cleared');
  const left = await page.evaluate(async () => ({
    keys: Object.keys(localStorage).sort(),
    dbs: (await indexedDB.databases()).map((d) => d.name).sort(),
  }));
  assert.deepEqual(left.keys.filter((k) => !k.startsWith('referral-assistant@bob/')), ['another-tool']);
  assert.deepEqual(left.keys.filter((k) => k.startsWith('referral-assistant@bob/')), ['referral-assistant@bob/drafts/v1', 'referral-assistant@bob/office/v1']);
  assert.ok(left.dbs.includes('referral-assistant@bob'));
  assert.ok(!(await rawStorage(page)).includes(FILE_MARK));
  assert.equal(await page.locator('#next').count(), 1, 'a blank case');
  assert.deepEqual(problems, []);
  await context.close();
});

test('storage full: an imported draft is said to be unsaved and stays on screen, stored drafts are kept, `error` fires; IndexedDB refusing an attachment is said at the control', async () => {
  const { page, context } = await openPage(browser, null, { blockNetwork: true });
  // Storage that refuses on demand: localStorage.setItem throws QuotaExceededError, indexedDB.open throws.
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (window.localStorageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, k, v);
    };
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...a) {
      if (window.indexedDbRefuses) throw new DOMException('IndexedDB refused (test)', 'UnknownError');
      return open.apply(this, a);
    };
  });
  await page.goto(singleUrl);
  await page.locator('#next').waitFor({ timeout: 20000 });
  await page.evaluate(() => { window.errors = []; document.querySelector('referral-assistant').addEventListener('error', (e) => window.errors.push(e.detail)); });
  await page.locator('label[for="q-finder-dept"]').click();
  await page.locator('#q-town').selectOption('huilong');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#draft-export').click()]);
  const exported = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  const stored = await page.evaluate(() => localStorage.getItem('referral-assistant/drafts/v1'));
  assert.ok(stored.includes('huilong'));

  await page.evaluate(() => { window.localStorageFull = true; });
  const imported = { ...exported, name: '张某导入', answers: { ...exported.answers, town: 'nanyang' } };
  await page.locator('#draft-import').setInputFiles({ name: 'd.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
  await eventually(async () => /未能保存/.test(await status(page)), 'the import said unsaved');
  const said = await status(page);
  assert.match(said, /草稿“张某导入”未能保存：浏览器存储已满或被禁用。导入的回答已显示在页面上/);
  assert.doesNotMatch(said, /已导入/);
  assert.equal(await page.locator('#q-town').inputValue(), 'nanyang', 'the imported answers are on screen');
  assert.equal(await page.locator('#draft-select').inputValue(), '张某导入');
  assert.equal(await page.evaluate(() => localStorage.getItem('referral-assistant/drafts/v1')), stored, 'nothing stored is lost or changed');
  assert.deepEqual(await page.evaluate(() => window.errors.map((e) => e.code)), ['storage-refused']);
  assert.doesNotMatch(JSON.stringify(await page.evaluate(() => window.errors)), /张某导入/, 'no draft name (possibly a party) in the event');

  // Storage back: the packet page, one file stored; then IndexedDB refuses the next one.
  await page.evaluate(() => { window.localStorageFull = false; window.errors = []; });
  await page.locator('#next').click();
  await fillFoodStallMatter(page);
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('#attach-evidence').setInputFiles({ name: 'a.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 a\n') });
  await page.locator('.attachment-kind[data-kind="evidence"] .file-name').waitFor();
  // A fresh store (as after a reload) so that IndexedDB is opened again, now refusing.
  await page.evaluate(() => { const el = document.querySelector('referral-assistant'); el.attachments.db.close(); el.attachments.db = null; window.indexedDbRefuses = true; });
  await page.locator('#attach-evidence').setInputFiles({ name: 'b.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 b\n') });
  await eventually(async () => /无法添加“b.pdf”/.test(await status(page)), 'the refusal said');
  assert.match(await status(page), /附件未能保存到本浏览器（IndexedDB refused \(test\)）。已添加的附件不受影响/);
  assert.deepEqual(await page.locator('.attachment-kind[data-kind="evidence"] .file-name').allInnerTexts(), ['a.pdf']);
  const errors = await page.evaluate(() => window.errors);
  assert.deepEqual(errors.map((e) => e.code), ['storage-refused']);
  assert.doesNotMatch(errors[0].message, /b\.pdf/, 'no file name in the event');
  await context.close();
});

test('axe finds no serious or critical violations: the lock dialog with an error, the lock screen with a wrong passphrase and 忘记密码, the clear-data dialog', async () => {
  const { page, context } = await openPage(browser, singleUrl, { blockNetwork: true });
  await page.locator('#next').waitFor({ timeout: 20000 });
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const run = async () => {
    await page.addScriptTag({ content: axe });
    return page.evaluate(async () => (await globalThis.axe.run(document)).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' ; ')}`));
  };
  await page.locator('#lock-set').click();
  await page.locator('#lock-save').click();
  await page.locator('#lock-new-error').waitFor();
  assert.deepEqual(await run(), []);
  await page.locator('#lock-new').fill(PASS);
  await page.locator('#lock-again').fill(PASS);
  await page.locator('#lock-save').click();
  await eventually(async () => /已设置密码锁/.test(await status(page)), 'the lock set');
  await page.locator('#storage-clear').click();
  await page.locator('#storage-clear-confirm').waitFor();
  assert.deepEqual(await run(), []);
  await page.keyboard.press('Escape');
  await page.reload();
  await page.locator('#lock-passphrase').fill('wrong passphrase');
  await page.locator('#lock-unlock').click();
  await page.locator('#lock-error').waitFor();
  await page.locator('#lock-forgot').click();
  await page.locator('#lock-clear-confirm').waitFor();
  assert.deepEqual(await run(), []);
  await context.close();
});

test('the embed under the strict CSP: a portal switching storage-key to a locked official gets the lock screen first; each key keeps its own lock', async () => {
  const { server, url } = await serve(dist);
  try {
    const { page, problems, context } = await openPage(browser, null);
    // The portal's server writes storage-key (here: the page's #fragment) as the parser meets the element.
    await page.addInitScript(() => new MutationObserver((r, o) => {
      const el = document.querySelector('referral-assistant');
      if (el) { o.disconnect(); el.setAttribute('storage-key', location.hash.slice(1)); }
    }).observe(document, { childList: true, subtree: true }));
    await page.goto(`${url}embed/#alice`);
    await page.locator('#next').waitFor({ timeout: 30000 });
    await page.locator('label[for="q-finder-dept"]').click();
    await page.locator('#q-town').selectOption('huilong');
    await setPassphrase(page);
    await eventually(async () => /^\{"sealed"/.test(await page.evaluate(() => localStorage.getItem('referral-assistant@alice/drafts/v1'))), 'alice sealed');

    // Bob's page (a new page load: no key in memory): no lock, his drafts in the clear.
    await page.goto(`${url}embed/#bob`);
    await page.reload();
    await page.locator('#next').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('#lock-set').innerText(), '设置密码锁');
    await page.locator('label[for="q-finder"]').click();
    await eventually(async () => /"finder":"town"/.test(await page.evaluate(() => localStorage.getItem('referral-assistant@bob/drafts/v1'))), 'bob in the clear');

    // Alice logs in on the same page: the lock screen, Bob's page hidden behind it, nothing of hers shown.
    await page.evaluate(() => document.querySelector('referral-assistant').setAttribute('storage-key', 'alice'));
    await page.locator('#lock-screen').waitFor();
    assert.equal(await page.locator('main.wizard').isVisible(), false);
    await page.locator('#lock-passphrase').fill('not alice');
    await page.locator('#lock-unlock').click();
    await page.locator('#lock-error').waitFor();
    await page.locator('#lock-passphrase').fill(PASS);
    await page.locator('#lock-unlock').click();
    // As at every start (web/EMBEDDING.md, "Which draft opens"): her blank case and the offer of her last draft.
    await page.locator('#resume-yes').click();
    await eventually(async () => (await page.locator('#q-town').count()) === 1 && (await page.locator('#q-town').inputValue()) === 'huilong', "alice's draft");
    assert.equal(await page.locator('#lock-screen').count(), 0);
    assert.equal(await page.locator('#lock-set').innerText(), '已设密码锁');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    server.close();
  }
});

test('Chromium 86: the passphrase lock works (WebCrypto PBKDF2 and AES-GCM from file://)', async () => {
  const old = await launch86();
  try {
    const { page, problems, context } = await open86(old);
    await page.goto(singleUrl);
    const inRoot = (js, ...args) => page.evaluate(`(() => { const root = document.querySelector('referral-assistant').shadowRoot; ${js} })()`, ...args);
    const until = (js) => page.waitForFunction(`(() => { const root = document.querySelector('referral-assistant')?.shadowRoot; return !!root && (${js}); })()`, { timeout: 30000, polling: 100 });
    const set = (sel, v) => inRoot(`const el = root.querySelector('${sel}'); el.value = ${JSON.stringify(v)}; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));`);
    await until("root.querySelector('#next')");
    await inRoot("root.querySelector('#q-finder-dept').click();");
    await set('#q-town', 'huilong');
    await inRoot("root.querySelector('#lock-set').click();");
    // Pressed in the pre-rendered page (boot.js attaches it on Chromium 86), the button opens its dialog
    // once the element has started.
    await until("root.querySelector('#lock-new')");
    await set('#lock-new', PASS);
    await set('#lock-again', PASS);
    await inRoot("root.querySelector('#lock-save').click();");
    await until("/已设置密码锁/.test(root.querySelector('.status').textContent)");
    const raw = await page.evaluate(() => localStorage.getItem('referral-assistant/drafts/v1'));
    assert.match(raw, /^\{"sealed":"referral-lock\/1"/);
    assert.ok(!raw.includes('huilong'));
    await page.reload();
    await until("root.querySelector('#lock-screen')");
    await set('#lock-passphrase', 'not it at all');
    await inRoot("root.querySelector('#lock-unlock').click();");
    await until("!root.querySelector('#lock-error').hidden");
    await set('#lock-passphrase', PASS);
    await inRoot("root.querySelector('#lock-unlock').click();");
    await until("root.querySelector('#resume-yes')");
    await inRoot("root.querySelector('#resume-yes').click();");
    await until("root.querySelector('#q-town') && root.querySelector('#q-town').value === 'huilong'");
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await old.close();
  }
});
