// Packs without a rebuild in the page (#24): another county's pack file imported from disk in 适用的
// 协作办法, checked in full (a damaged file or bad JSON refused with the file and the place named, the
// pack in force unchanged), kept and put in force again on reload, named in the header with its 文号
// and version, and planning that county's matter as its behaviour case expects; a draft made under it
// opened under the built-in pack only with a warning naming both; and the single file built for that
// pack (`scripts/bundle --pack forms/template-county`) starting under it from file://. The office's own
// catalogue, made for the built-in pack, refuses a pack it does not fit, with what to do.
// The pack file is written by the CLI (`referral pack-file`) into build/tmp, never committed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dist, engineStarted, launch, openPage, root } from './support.mjs';

const singleUrl = `file://${dist}/referral-assistant.html`;
const countyUrl = `file://${dist}/referral-assistant-template-county.html`;
const tmp = `${root}/build/tmp/pack-import-test`;
const files = {};
let browser;
// The template county's behaviour case: a town finds a matter outside the catalogue on Thursday
// 2026-03-05; the county's agriculture bureau handles it, the transfer due Tuesday 2026-03-10.
const CASE = JSON.parse(readFileSync(`${root}/forms/template-county/tests/cases/二一1/town-transfers-within-3-working-days-across-a-weekend.json`, 'utf8'));
const county = JSON.parse(readFileSync(`${root}/forms/template-county/pack.json`, 'utf8'));
const builtIn = JSON.parse(readFileSync(`${root}/forms/qidong-2020-38/pack.json`, 'utf8'));
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.json') ? [`${dir}/${e.name}`] : []);
const authorityName = (id) => JSON.parse(readFileSync(`${root}/forms/template-county/authorities.json`, 'utf8')).authorities.find((a) => a.id === id).name;

before(async () => {
  mkdirSync(tmp, { recursive: true });
  const text = execFileSync(`${root}/build/native/bin/referral`, ['pack-file', `${root}/forms/template-county`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  files.good = `${tmp}/示例县.referral-pack`;
  writeFileSync(files.good, text);
  // One character of a file's content changed, its digest left as it was.
  const doc = JSON.parse(text);
  doc.files['rules.json'] = doc.files['rules.json'].replace('3个工作日', '4个工作日');
  files.damaged = `${tmp}/damaged.referral-pack`;
  writeFileSync(files.damaged, JSON.stringify(doc));
  files.badJson = `${tmp}/bad-json.referral-pack`;
  writeFileSync(files.badJson, text.slice(0, 200));
  browser = await launch();
});
after(async () => { await browser?.close(); });

const shadowText = (page, selector) => page.evaluate((s) => document.querySelector('referral-assistant').shadowRoot.querySelector(s)?.innerText ?? '', selector);
async function eventually(fn, what) {
  for (let i = 0; i < 150; i += 1) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// The case's matter answered page by page, as an official would, then the plan read off the page:
// handler and due date.
async function plansTheCountyCase(page, where) {
  const { input } = CASE;
  await page.locator(`input[name="q-finder"][value="${input.finder}"]`).check();
  await page.locator('#q-town').selectOption(input.town);
  await page.locator('#next').click();
  await page.locator('#q-date').fill(input.date.slice(0, 16));
  await page.locator(`input[name="q-source"][value="${input.source}"]`).check();
  await page.locator('#next').click();
  await page.locator('#q-item-filter').fill('农药');
  await page.locator(`input[name="q-item"][value="${input.item}"]`).check();
  await page.locator('#next').click();
  await page.locator('#next').click();  // no special circumstances
  const handler = authorityName(CASE.expected.handler);
  await eventually(async () => (await shadowText(page, '#plan-handler')) === handler, `${where}: the handler ${handler}`);
  const steps = await shadowText(page, '.steps');
  assert.match(steps, new RegExp(`${authorityName(CASE.expected.steps[0].actor)} → ${handler}`), where);
  assert.match(steps, /最迟2026年3月10日（星期二）/, `${where}: the transfer's due date: ${steps}`);
  assert.match(await shadowText(page, '.plan'), new RegExp(`${county.number} · ${county.version} 版`), `${where}: the plan names its pack`);
}

test('single file: a pack file imported from disk is checked, refused when damaged (file and place named), used, kept, and removable', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl);
  await engineStarted(page);
  await page.locator('#next').waitFor();
  assert.match(await shadowText(page, '#pack-header'), new RegExp(builtIn.number));
  await page.locator('#pack-import > summary').click();
  assert.match(await shadowText(page, '#pack-in-use'), new RegExp(`${builtIn.number}.*（内置）`));

  // A file changed after it was made: its digest fails; nothing changes.
  await page.locator('#pack-file').setInputFiles(files.damaged);
  await page.locator('#pack-errors').waitFor();
  const damaged = await shadowText(page, '#pack-errors');
  assert.match(damaged, /“damaged\.referral-pack”有 1 处问题，未采用/);
  assert.match(damaged, /damaged\.referral-pack\s+\/sha256\s+规则包文件的内容与其 SHA-256 摘要不符/);
  assert.match(await shadowText(page, '#pack-header'), new RegExp(builtIn.number));
  // Not JSON at all: refused with where the text breaks off.
  await page.locator('#pack-file').setInputFiles(files.badJson);
  await eventually(async () => /bad-json\.referral-pack/.test(await shadowText(page, '#pack-errors')), 'the bad JSON refused');
  assert.match(await shadowText(page, '#pack-errors'), /未采用/);
  assert.match(await shadowText(page, '#pack-header'), new RegExp(builtIn.number));
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').engine.describePack().pack.id), builtIn.id);

  // The county's file: in force, named in the header with its 文号 and version, and it plans.
  await page.locator('#pack-file').setInputFiles(files.good);
  await eventually(async () => (await shadowText(page, '#pack-header')).includes(county.number), 'the header to name the imported pack');
  assert.match(await shadowText(page, '#pack-header'), new RegExp(`${county.number} · ${county.version} 版（导入的办法）`));
  assert.match(await shadowText(page, '.status'), /已采用“示例县\.referral-pack”/);
  assert.match(await shadowText(page, '#pack-in-use'), /（导入）/);
  await plansTheCountyCase(page, 'imported');
  const plan = await page.evaluate(() => document.querySelector('referral-assistant').plan);
  assert.deepEqual([plan.pack.id, plan.pack.version], [county.id, county.version]);

  // Kept: a reload starts under it again.
  await page.reload();
  await engineStarted(page);
  await eventually(async () => (await shadowText(page, '#pack-header')).includes(county.number), 'the kept pack after a reload');

  // The draft made under the county, opened under the built-in pack: opened, with a warning naming both.
  const draftName = await page.evaluate(() => document.querySelector('referral-assistant').drafts.list()[0].name);
  await page.locator('#pack-import > summary').click();
  await page.locator('#pack-restore').click();
  await eventually(async () => (await shadowText(page, '#pack-header')).includes(builtIn.number), 'the built-in pack again');
  assert.match(await shadowText(page, '.status'), /已恢复适用内置办法/);
  await page.locator('#draft-select').selectOption(draftName);
  await eventually(async () => /注意：此草稿按/.test(await shadowText(page, '.status')), 'the warning of a draft under another pack');
  const warning = await shadowText(page, '.status');
  assert.match(warning, new RegExp(`按《[^》]+》（${county.number}，${county.version} 版）填写，现适用《[^》]+》（${builtIn.number}，${builtIn.version} 版）`));
  assert.equal(await page.evaluate(() => document.querySelector('referral-assistant').shadowRoot.querySelector('.status').classList.contains('status-warning')), true);
  const kept = await page.evaluate((n) => document.querySelector('referral-assistant').drafts.list().find((d) => d.name === n), draftName);
  assert.ok(kept, 'the draft is kept');
  // The 台账 under the built-in pack does not audit that draft with this pack's words: it says why it is not listed.
  await page.locator('#ledger > summary').click();
  await eventually(async () => /另有 1 件草稿是按其他协作办法填写的/.test(await shadowText(page, '#ledger-source')), 'the ledger to say the draft is another pack\'s');
  assert.doesNotMatch(await shadowText(page, '#ledger'), /无法审计/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('single file: the office\'s own catalogue, made for the built-in pack, refuses a pack it does not fit, and says what to do', async () => {
  const { page, problems, context } = await openPage(browser, singleUrl);
  await engineStarted(page);
  await page.locator('#catalogue-import > summary').click();
  await page.locator('#catalogue-file').setInputFiles(`${root}/tests/catalogue-cases/office-list.csv`);
  await page.locator('#catalogue-accept').click();
  await eventually(async () => /office-list\.csv/.test(await shadowText(page, '#catalogue-header')), 'the catalogue in force');
  await page.locator('#pack-import > summary').click();
  await page.locator('#pack-file').setInputFiles(files.good);
  await page.locator('#pack-errors').waitFor();
  const errors = await shadowText(page, '#pack-errors');
  assert.match(errors, /catalogue\.json\s+\/items\/0\/dept\s+未知部门/);
  assert.match(errors, /请先在“事项目录”中点“恢复内置示例目录”/);
  assert.match(await shadowText(page, '#pack-header'), new RegExp(builtIn.number));
  assert.deepEqual(problems, []);
  await context.close();
});

test('single file built for the county (scripts/bundle --pack forms/template-county): starts under it from file://, plans its case', async () => {
  assert.ok(existsSync(`${dist}/referral-assistant-template-county.html`), 'scripts/bundle --pack forms/template-county first');
  const { page, problems, context } = await openPage(browser, countyUrl, { blockNetwork: true });
  // The first page, drawn from the start-up data before the engine: already the county's.
  await page.locator('#next').waitFor();
  assert.match(await shadowText(page, '#pack-header'), new RegExp(`${county.number} · ${county.version} 版`));
  await engineStarted(page);
  await plansTheCountyCase(page, 'bundled for the county');
  await page.locator('#pack-import > summary').click();
  assert.match(await shadowText(page, '#pack-in-use'), /（内置）/);
  // Every behaviour case of the county, planned by the page's own engine, is the native plan of
  // `referral --pack FILE` (which passes them: ctest, pack_cases_test), and every golden packet of
  // the county is assembled by it byte for byte.
  const caseFiles = walk(`${root}/forms/template-county/tests/cases`);
  assert.ok(caseFiles.length >= 12, `${caseFiles.length} cases`);
  const inputs = caseFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')).input);
  const plans = await page.evaluate((all) => all.map((c) => document.querySelector('referral-assistant').engine.plan(c)), inputs);
  for (const [i, file] of caseFiles.entries()) {
    const native = JSON.parse(execFileSync(`${root}/build/native/bin/referral`, ['--pack', files.good, 'plan', '-'],
      { input: JSON.stringify(inputs[i]), encoding: 'utf8' }));
    assert.equal(plans[i].ok, true, file);
    assert.deepEqual(plans[i].plan, native, file);
  }
  const goldens = `${root}/forms/template-county/tests/golden/packet`;
  const names = readdirSync(goldens);
  assert.ok(names.length >= 2);
  for (const name of names) {
    const input = JSON.parse(readFileSync(`${root}/forms/template-county/tests/examples/packet-${name}.json`, 'utf8'));
    const r = await page.evaluate((i) => document.querySelector('referral-assistant').engine.packet(i, '2026-06-01'), input);
    assert.equal(r.ok, true, name);
    const texts = r.files.filter((f) => f.attachment === undefined);
    assert.deepEqual(texts.map((f) => f.name).sort(), readdirSync(`${goldens}/${name}`).sort(), name);
    for (const f of texts) assert.equal(f.text, readFileSync(`${goldens}/${name}/${f.name}`, 'utf8'), `${name}/${f.name}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
