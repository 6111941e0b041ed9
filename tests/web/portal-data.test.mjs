// The portal's data API (#27, web/EMBEDDING.md), driven only through the element's attributes,
// properties, methods and events, in the example portal page under the strict CSP:
//   1  value applies to the current draft, an equal value is a no-op (el.value = el.value, a Vue 3 host
//      that writes the value back on every plan event), members the engine accepts are never dropped
//      (a matter without a catalogue item plans as the native CLI plans it; note, decided, received, id,
//      events come back as given), a member the engine refuses fires `error` with its JSON Pointer
//   2  data / mergeData(): 本单位设置 from the office attribute and from data.office, a jQuery-style host
//      prefills contacts, parties and its reference and finds them in the exported packet.json
//   3  drafts: list, current, open, new, referral-draft-change; which draft a start opens (a reload with
//      storage-key in the markup, a re-mount, a storage-key switched at run time), two elements on one key
//   7  catalogue and calendars pinned by the portal (their imports hidden), hide=""
//   9  no globals: no <script> added to the host page, no window.ReferralModule (WebAssembly and JavaScript engines)
//  10  engine-unavailable says what fits (files missing on a current browser: not "360极速模式"); verify('x')
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { dist, fillDeptFindsFoodStall, launch, root } from './support.mjs';
import { CASE, api, attachFiles, errorsOf, eventsOf, eventually, host, planOf, setValue, storedDrafts, valueOf } from './portal-support.mjs';
import { serve } from '../../scripts/serve.mjs';

const native = `${root}/build/native/bin/referral`;
let browser;
let server;
let base;
let tmp;
before(async () => {
  browser = await launch();
  ({ server, url: base } = await serve(dist));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'portal-data-test-'));
});
after(async () => { await browser?.close(); server?.close(); rmSync(tmp, { recursive: true, force: true }); });

const zh = () => browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
const draftCount = async (page, key) => Object.keys((await storedDrafts(page, key))?.drafts ?? {}).length;

// The native CLI's answer for a matter: {plan} or {error: {code, path}} (exit 2).
function cliPlan(doc) {
  const file = path.join(tmp, `case-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(doc));
  try {
    return { plan: JSON.parse(execFileSync(native, ['plan', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) };
  } catch (e) {
    const out = JSON.parse(e.stdout || e.stderr);
    return { error: out.error };
  }
}

// The element's plan for `doc`, and the native CLI's: the same plan, or both refuse it at the same pointer.
async function samePlanAsCli(page, doc, what) {
  const cli = cliPlan(doc);
  if (cli.plan) {
    await eventually(async () => (await planOf(page)) !== null, `${what}: the plan`);
    assert.deepEqual(await planOf(page), cli.plan, `${what}: the element's plan is the CLI's`);
  } else {
    await eventually(async () => (await errorsOf(page)).some((e) => e.path === cli.error.path), `${what}: an error at ${cli.error.path}, as the CLI's`);
    assert.equal(await planOf(page), null);
  }
}

test('#27.1 value: an equal value is a no-op (three times the same matter, el.value = el.value: one draft, no save); what the engine accepts comes back, and plans as the CLI does', async () => {
  const context = await zh();
  const { page, problems } = await host(context, base, { 'storage-key': 'value', office: 'dept:market' });
  const key = 'referral-assistant@value/drafts/v1';
  for (let i = 0; i < 3; i += 1) await setValue(page, CASE);
  await eventually(async () => (await planOf(page)) !== null, 'the plan');
  await page.waitForTimeout(300);
  assert.equal(await draftCount(page, key), 1, 'the same matter three times is one draft');
  const saves = (await eventsOf(page, 'referral-draft-saved')).length;
  const plans = (await eventsOf(page, 'referral-plan-change')).length;
  await api(page, () => { const el = document.querySelector('referral-assistant'); el.value = el.value; });
  await page.waitForTimeout(300);
  assert.equal((await eventsOf(page, 'referral-draft-saved')).length, saves, 'el.value = el.value saves nothing');
  assert.equal((await eventsOf(page, 'referral-plan-change')).length, plans, 'el.value = el.value plans nothing');
  assert.equal(await draftCount(page, key), 1);

  // A matter without a catalogue item, as `referral plan` takes it: dept, category and devolved come back,
  // with the note, the decision day and the time received, and the plan is the CLI's.
  const noItem = { schema: 'referral-case/1', finder: 'town', town: 'haifu', dept: 'market', category: 'unlicensed', devolved: false,
    date: '2026-09-29T10:30:00+08:00', source: 'transfer_in', received: '2026-09-30T09:00:00+08:00', verification: 'violation',
    decided: '2026-10-20', note: '门户案件 SJ-2026-0913' };
  await setValue(page, noItem);
  await eventually(async () => (await valueOf(page)).dept === 'market', 'the matter without an item');
  assert.deepEqual(await valueOf(page), noItem);
  await samePlanAsCli(page, noItem, 'a matter without a catalogue item');
  // On the pages it is "not in the catalogue", with its department, category and devolved answered.
  assert.equal(await draftCount(page, key), 1, 'a new value goes to the current draft');
  assert.deepEqual(await errorsOf(page), []);

  // id and events pass through untouched; the engine judges them (the same as the CLI).
  const withEvents = { ...CASE, id: 'SJ-2026-0913', events: [{ action: 'transfer', actor: 'dept:market', to: 'town:huilong', date: '2026-09-30', note: '当面送达' }] };
  await setValue(page, withEvents);
  await eventually(async () => (await valueOf(page)).id === 'SJ-2026-0913', 'the matter with its id');
  assert.deepEqual(await valueOf(page), withEvents);
  const stored = Object.values((await storedDrafts(page, key)).drafts);
  assert.deepEqual(stored.map((d) => d.case), [{ id: withEvents.id, events: withEvents.events }], 'kept in the draft as given');
  await samePlanAsCli(page, withEvents, 'a matter with id and events');

  // A member the engine refuses: `error` with its pointer, the draft keeps the value (nothing dropped, no new draft).
  const errorsBefore = (await errorsOf(page)).length;
  await setValue(page, { ...CASE, colour: '红' });
  await eventually(async () => (await errorsOf(page)).length > errorsBefore, 'the error event');
  const refused = (await errorsOf(page)).slice(errorsBefore);
  assert.deepEqual(refused.map((e) => [e.code, e.path]), [['invalid-value', '/colour']]);
  assert.equal((await valueOf(page)).colour, '红');
  assert.equal(await planOf(page), null);
  assert.equal(await draftCount(page, key), 1);
  // Another schema: refused as a whole, nothing changed.
  await setValue(page, { ...CASE, schema: 'referral-case/2' });
  await eventually(async () => (await errorsOf(page)).some((e) => e.path === '/schema'), 'the schema refused');
  assert.equal((await valueOf(page)).colour, '红');
  // The portal mends it: the plan is back.
  await setValue(page, CASE);
  await eventually(async () => (await planOf(page)) !== null, 'the plan once mended');
  assert.deepEqual(await valueOf(page), CASE);
  // null (a framework's empty binding) changes nothing and is no error.
  const errorsNow = (await errorsOf(page)).length;
  await setValue(page, null);
  await page.waitForTimeout(200);
  assert.deepEqual(await valueOf(page), CASE);
  assert.equal((await errorsOf(page)).length, errorsNow);
  assert.deepEqual(problems, []);
  await context.close();
});

test('#27.1 a matter with an id has a draft of its own: another id starts another draft, the first id again opens its draft', async () => {
  const context = await zh();
  const { page } = await host(context, base, { 'storage-key': 'ids' });
  const key = 'referral-assistant@ids/drafts/v1';
  const a = { ...CASE, id: 'A-1' };
  const b = { ...CASE, town: 'haifu', id: 'B-2' };
  await setValue(page, a);
  await eventually(async () => (await draftCount(page, key)) === 1, 'the first matter saved');
  const first = await api(page, () => document.querySelector('referral-assistant').drafts.current);
  await setValue(page, b);
  await eventually(async () => (await draftCount(page, key)) === 2, 'the second matter in a draft of its own');
  assert.notEqual(await api(page, () => document.querySelector('referral-assistant').drafts.current), first);
  await setValue(page, a);
  await eventually(async () => (await api(page, () => document.querySelector('referral-assistant').drafts.current)) === first, 'the first draft opened again');
  assert.equal(await draftCount(page, key), 2);
  assert.equal((await valueOf(page)).town, 'huilong');
  await context.close();
});

test('#27.1 a Vue 3 host binding :value and writing the value back on every plan event makes one draft, not one per render', async () => {
  const context = await zh();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(() => {
    window.__plans = 0;
    document.addEventListener('referral-plan-change', () => { window.__plans += 1; });
  });
  await page.goto(`${base}embed/examples/vue/`);
  await page.locator('#login-lisi').click();
  await page.locator('#next').waitFor({ timeout: 30000 });
  await page.locator('#prefill-SJ-2026-0913').click();
  await eventually(async () => (await planOf(page)) !== null, 'the plan');
  await page.waitForTimeout(1500);  // a loop would have made tens of drafts by now
  const drafts = await storedDrafts(page, 'referral-assistant@official-lisi/drafts/v1');
  assert.equal(Object.keys(drafts.drafts).length, 1);
  assert.ok(await api(page, () => window.__plans) < 6, `plan events: ${await api(page, () => window.__plans)}`);
  // The official answers one more question: kept, the binding does not undo it.
  while (await page.locator('input[name="q-verification"]').count() === 0) await page.locator('#next').click();
  await page.locator('input[name="q-verification"][value="management_issue"]').check();
  await page.waitForTimeout(500);
  assert.equal((await valueOf(page)).verification, 'management_issue');
  assert.equal(Object.keys((await storedDrafts(page, 'referral-assistant@official-lisi/drafts/v1')).drafts).length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('#27.2 data: the office attribute and data.office fill 本单位设置; a jQuery-style host prefills contacts, parties and its reference, and finds them in packet.json', async () => {
  const context = await zh();
  const { page, problems } = await host(context, base, { 'storage-key': 'jq', office: 'dept:market' });
  // As a jQuery page would on $(document).ready: properties set imperatively, the data before the matter.
  const portalData = {
    office: { prefix: '启市监移', next_number: 9, contact_unit: '执法监督科', contact_person: '李某', contact_phone: '0513-83312345', leader: '王某' },
    reference: 'SJ-2026-0913',
    parties: [{ kind: 'person', name: '张小明', id_number: '11010519491231002X' }],
    summary: { party: '张小明', place: '汇龙镇人民中路 88 号', measures: '已责令停止经营。' },
  };
  await api(page, (d) => {
    const el = document.querySelector('referral-assistant');
    el.data = d;
  }, portalData);
  await setValue(page, CASE);
  await eventually(async () => (await planOf(page)) !== null, 'the plan');
  // 本单位设置 shows the portal's office: its 单位 from the office attribute (not to be changed there), the rest from data.office.
  assert.equal(await page.locator('#office-authority').inputValue(), 'dept:market');
  assert.equal(await page.locator('#office-authority').isDisabled(), true);
  assert.equal(await page.locator('#office-contact_person').inputValue(), '李某');
  assert.equal(await page.locator('#office-prefix').inputValue(), '启市监移');
  assert.deepEqual((await api(page, () => document.querySelector('referral-assistant').data)).office,
    { authority: 'dept:market', ...portalData.office });
  // mergeData: one member more, the rest kept.
  await api(page, () => document.querySelector('referral-assistant').mergeData({ approval: { leader: '王某' }, summary: { facts: '当事人未办理登记从事食品摊贩经营。' } }));
  await eventually(async () => (await api(page, () => document.querySelector('referral-assistant').data)).summary?.facts, 'merged data');
  const data = await api(page, () => document.querySelector('referral-assistant').data);
  assert.equal(data.summary.place, portalData.summary.place);
  assert.equal(data.parties[0].name, '张小明');
  // Refused data: `error` with its pointer, nothing changed.
  await api(page, () => { document.querySelector('referral-assistant').data = { parties: [{ kind: 'alien', name: 'x' }], colour: 1 }; });
  await eventually(async () => (await errorsOf(page)).length >= 2, 'the refusals');
  assert.deepEqual((await errorsOf(page)).map((e) => [e.code, e.path]).sort(), [['invalid-data', '/colour'], ['invalid-data', '/parties/0/kind']]);
  assert.equal((await api(page, () => document.querySelector('referral-assistant').data)).parties[0].name, '张小明');
  // An equal data is a no-op.
  const saves = (await eventsOf(page, 'referral-draft-saved')).length;
  await api(page, () => { const el = document.querySelector('referral-assistant'); el.data = el.data; });
  await page.waitForTimeout(300);
  assert.equal((await eventsOf(page, 'referral-draft-saved')).length, saves);

  // The official goes on to the packet: what the portal knew is there, the 文号 from 本单位设置.
  while (await page.locator('#confirm').count() === 0) await page.locator('#next').click();
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  assert.equal(await page.locator('#p-parties-0-name').inputValue(), '张小明');
  assert.equal(await page.locator('#p-parties-0-id_number').inputValue(), '11010519491231002X');
  assert.equal(await page.locator('#p-contact-person').inputValue(), '李某');
  assert.equal(await page.locator('#p-approval-leader').inputValue(), '王某');
  assert.match(await page.locator('#p-document_number').inputValue(), /^启市监移〔\d{4}〕9号$/);
  assert.match(await page.locator('#packet-reference').innerText(), /SJ-2026-0913/);
  // What the official types on the packet step is what `data` gives back.
  await page.locator('#p-contact-phone').fill('13812345678');
  await eventually(async () => (await api(page, () => document.querySelector('referral-assistant').data)).contact?.phone === '13812345678', 'data after typing');
  await page.locator('#p-contact-phone').fill('0513-83312345');
  await page.locator('#p-document_number').fill('启市监移〔2026〕9号');
  await page.locator('#p-sent_on').fill('2026-09-30');
  await page.locator('#p-approval-date').fill('2026-09-30');
  await attachFiles(page);
  await eventually(async () => /材料齐全/.test(await page.locator('#packet-summary').innerText()), 'a complete packet');
  const bytes = await api(page, async () => Array.from(new Uint8Array(await (await document.querySelector('referral-assistant').packetBlob()).arrayBuffer())));
  const packet = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(bytes))['packet.json']));
  assert.equal(packet.reference, 'SJ-2026-0913');
  assert.deepEqual(packet.parties, portalData.parties);
  assert.deepEqual(packet.contact, { unit: '执法监督科', person: '李某', phone: '0513-83312345' });
  assert.equal(packet.approval.leader, '王某');
  assert.equal(packet.summary.place, portalData.summary.place);
  assert.equal(packet.summary.facts, '当事人未办理登记从事食品摊贩经营。');
  const report = await api(page, (b) => document.querySelector('referral-assistant').verify(new Uint8Array(b)), bytes);
  assert.equal(report.ok, true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('#27.3 drafts: list, current, open and new, with referral-draft-change; a start, a re-mount and a storage-key switch each open a blank case and offer the last draft', async () => {
  const context = await zh();
  const { page, problems } = await host(context, base, { 'storage-key': 'api', office: 'dept:market' });
  const drafts = () => api(page, () => { const d = document.querySelector('referral-assistant').drafts; return { list: d.list(), current: d.current }; });
  const start = await drafts();
  assert.deepEqual(start.list, []);
  assert.match(start.current, /^[0-9a-f]{16}$/);
  await setValue(page, CASE);
  await eventually(async () => (await drafts()).list.length === 1, 'the draft stored');
  const first = (await drafts()).list[0];
  assert.equal(first.id, start.current);
  assert.equal(first.matter, null);
  const second = await api(page, (c) => document.querySelector('referral-assistant').drafts.new({ ...c, town: 'haifu', id: 'M-2' }), CASE);
  assert.notEqual(second, first.id);
  await eventually(async () => (await drafts()).list.length === 2, 'the second draft stored');
  assert.deepEqual((await drafts()).list.map((d) => d.matter).sort(), [null, 'M-2'].sort());
  assert.equal(await api(page, (id) => document.querySelector('referral-assistant').drafts.open(id), first.id), true);
  assert.equal((await valueOf(page)).town, 'huilong');
  assert.equal(await api(page, () => document.querySelector('referral-assistant').drafts.open('no-such-draft')), false);
  // Each draft shown was announced by id (its name only with event-detail="full").
  const changes = (await eventsOf(page, 'referral-draft-change')).map((e) => JSON.parse(e.detail));
  assert.deepEqual(changes.map((c) => c.draft), [start.current, second, first.id]);
  assert.ok(changes.every((c) => !('name' in c)));

  // Which draft a start opens: always the office's blank case, with the offer to resume the last draft
  // — (1) a reload with storage-key in the markup,
  await page.reload();
  await page.locator('#next').waitFor();
  const afterReload = await drafts();
  assert.equal(afterReload.list.length, 2);
  assert.ok(!afterReload.list.some((d) => d.id === afterReload.current), 'a new, blank draft is shown');
  assert.deepEqual(await valueOf(page), { schema: 'referral-case/1', finder: 'dept' });
  assert.equal(await page.locator('#resume-yes').isVisible(), true);
  // (2) a framework re-mounting the element (a new element, the same key),
  await api(page, () => {
    const old = document.querySelector('referral-assistant');
    const fresh = document.createElement('referral-assistant');
    fresh.setAttribute('storage-key', 'api');
    fresh.setAttribute('office', 'dept:market');
    old.replaceWith(fresh);
  });
  await page.locator('#next').waitFor();
  await eventually(async () => (await drafts()).list.length === 2, 'the re-mounted element reads the drafts');
  const remounted = await drafts();
  assert.ok(!remounted.list.some((d) => d.id === remounted.current));
  assert.equal(await page.locator('#resume-yes').isVisible(), true);
  await page.locator('#resume-yes').click();
  await eventually(async () => (await valueOf(page)).town !== undefined, 'the last draft resumed');
  // (3) the same element moved in the page keeps its draft,
  const kept = (await drafts()).current;
  await api(page, () => { const el = document.querySelector('referral-assistant'); document.body.append(el); });
  assert.equal((await drafts()).current, kept);
  // (4) another storage-key at run time: that official's blank case and the offer of their last draft.
  await api(page, () => document.querySelector('referral-assistant').setAttribute('storage-key', 'other'));
  await eventually(async () => (await drafts()).list.length === 0, "the other key's (empty) drafts");
  await api(page, () => document.querySelector('referral-assistant').setAttribute('storage-key', 'api'));
  await eventually(async () => (await drafts()).list.length === 2, 'back to the first key');
  const back = await drafts();
  assert.ok(!back.list.some((d) => d.id === back.current), 'a blank case, not the last draft');
  assert.equal(await page.locator('#resume-yes').isVisible(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('#27.3 two elements on one storage-key: each keeps its own draft, neither save loses the other\'s', async () => {
  const context = await zh();
  const { page } = await host(context, base, { 'storage-key': 'shared' });
  await api(page, () => {
    const second = document.createElement('referral-assistant');
    second.id = 'second';
    second.setAttribute('storage-key', 'shared');
    document.body.append(second);
  });
  await page.waitForFunction(() => document.getElementById('second').drafts.current, null, { timeout: 30000 });
  await api(page, (c) => { document.querySelector('referral-assistant').value = c; }, CASE);
  await api(page, (c) => { document.getElementById('second').value = c; }, { ...CASE, town: 'haifu' });
  const key = 'referral-assistant@shared/drafts/v1';
  await eventually(async () => (await draftCount(page, key)) === 2, 'both drafts stored');
  const towns = Object.values((await storedDrafts(page, key)).drafts).map((d) => d.answers.town).sort();
  assert.deepEqual(towns, ['haifu', 'huilong']);
  assert.equal((await valueOf(page)).town, 'huilong');
  assert.equal((await api(page, () => document.getElementById('second').value)).town, 'haifu');
  await context.close();
});

test('#27.7 catalogue and calendars pinned by the portal: the plan follows them, their imports are hidden; hide="" hides sections; a bad one is refused', async () => {
  const context = await zh();
  const { page, problems } = await host(context, base, { 'storage-key': 'pins' });
  await setValue(page, CASE);
  await eventually(async () => (await planOf(page)) !== null, 'the plan');
  assert.equal((await planOf(page)).handler.name, '汇龙镇人民政府');
  assert.equal(await page.locator('#catalogue-import').isVisible(), true);
  const transferDue = async () => (await planOf(page)).steps.find((s) => s.action === 'transfer')?.due.date;
  const dueBefore = await transferDue();
  // The portal's catalogue: the food stall item is not devolved, and says so in its title.
  const catalogue = JSON.parse(readFileSync(`${root}/forms/qidong-2020-38/catalogue.json`, 'utf8'));
  catalogue.title = '门户下发的赋权事项目录';
  catalogue.sample = false;
  const item = catalogue.items.find((i) => i.id === CASE.item);
  item.devolved = false;
  delete item.devolved_from;
  await api(page, (c) => { document.querySelector('referral-assistant').catalogue = c; }, catalogue);
  await eventually(async () => (await planOf(page))?.handler?.name !== '汇龙镇人民政府', 'the plan under the pinned catalogue');
  assert.equal((await planOf(page)).handler.name, '启东市市场监督管理局');
  assert.match(await page.locator('#catalogue-header').innerText(), /门户下发的赋权事项目录/);
  assert.equal(await page.locator('#catalogue-import').isVisible(), false);
  // The portal's calendar: 2026-10-09 made a holiday, the deadline moves.
  const calendar = JSON.parse(readFileSync(`${root}/forms/calendars/2026.json`, 'utf8'));
  calendar.holidays.push({ name: '门户假日', dates: ['2026-10-09'] });
  await api(page, (c) => { document.querySelector('referral-assistant').catalogue = null; document.querySelector('referral-assistant').calendars = [c]; }, calendar);
  await eventually(async () => (await planOf(page))?.handler?.name === '汇龙镇人民政府', 'the catalogue unpinned');
  await eventually(async () => (await transferDue()) !== dueBefore, 'the deadline under the pinned calendar');
  assert.ok((await transferDue()) > dueBefore);
  assert.equal(await page.locator('#calendar-import').isVisible(), false);
  assert.equal(await page.locator('#catalogue-import').isVisible(), true);
  // A calendar the engine refuses: `error`, the pinned one stays.
  await api(page, () => { document.querySelector('referral-assistant').calendars = [{ schema: 'referral-calendar/1', year: 'x' }]; });
  await eventually(async () => (await errorsOf(page)).some((e) => e.code === 'invalid-calendar'), 'the refusal');
  assert.ok((await transferDue()) > dueBefore);
  // hide: the portal keeps 本单位设置, 台账 and 清除本机数据 from view.
  await api(page, () => document.querySelector('referral-assistant').setAttribute('hide', 'office ledger storage'));
  for (const id of ['#office-profile', '#ledger', '#storage-clear']) assert.equal(await page.locator(id).isVisible(), false, id);
  await api(page, () => document.querySelector('referral-assistant').removeAttribute('hide'));
  assert.equal(await page.locator('#office-profile').isVisible(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

// What the element added to the page: scripts in the document, and own properties of window that a
// snapshot taken before any page script did not have.
async function globalsAdded(page) {
  return api(page, () => ({
    scripts: [...document.querySelectorAll('script')].map((s) => s.src || 'inline').filter((s) => !/referral-assistant\.js$|portal\.js$/.test(s)),
    globals: Object.getOwnPropertyNames(window).filter((k) => !window.__before.includes(k) && !k.startsWith('__')),
    module: typeof window.ReferralModule, moduleJs: typeof window.ReferralModuleJs,
  }));
}

test('#27.9 no globals: the element adds no <script> to the host page and defines no window.ReferralModule, with WebAssembly and without (JavaScript engine)', async () => {
  for (const wasm of [true, false]) {
    const context = await zh();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.addInitScript((keep) => {
      if (!keep) delete window.WebAssembly;
      window.__before = Object.getOwnPropertyNames(window);
    }, wasm);
    await page.goto(`${base}embed/`);
    await page.locator('#next').waitFor({ timeout: 30000 });
    await fillDeptFindsFoodStall(page);
    await page.locator('#confirm').click();
    assert.equal(await page.locator('#plan-handler').innerText(), '汇龙镇人民政府');
    assert.equal(await api(page, () => document.querySelector('referral-assistant').engine.kind), wasm ? 'wasm' : 'js');
    assert.deepEqual(await globalsAdded(page), { scripts: [], globals: [], module: 'undefined', moduleJs: 'undefined' });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('#27.10 engine files missing on a current browser: a deployment fault, said so (not "360极速模式"), `error` with reason; verify() of what is no packet returns a report', async () => {
  const broken = path.join(tmp, 'broken');
  mkdirSync(path.join(broken, 'embed'), { recursive: true });
  for (const e of readdirSync(`${dist}/embed`, { withFileTypes: true }))
    if (e.isFile() && !e.name.startsWith('referral-engine')) copyFileSync(`${dist}/embed/${e.name}`, path.join(broken, 'embed', e.name));
  const missing = await serve(broken);
  try {
    const context = await zh();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__errors = [];
      document.addEventListener('referral-error', (e) => window.__errors.push(e.detail));
    });
    await page.goto(`${missing.url}embed/`);
    await page.locator('#engine-unavailable').waitFor({ timeout: 30000 });
    const shown = await page.locator('#engine-unavailable').innerText();
    assert.doesNotMatch(shown, /360|极速模式|本文件/);
    assert.match(shown, /未能加载.*不是浏览器的问题.*刷新页面.*管理员/);
    const errors = await api(page, () => window.__errors);
    assert.deepEqual(errors.map((e) => [e.code, e.reason]), [['engine-unavailable', 'not-loaded']]);
    assert.equal(errors[0].message, shown);
    // verify() never throws: a report says why it could not check.
    for (const arg of ['text', 'blob', 'null']) {
      const report = await api(page, (a) => document.querySelector('referral-assistant')
        .verify({ text: 'x', blob: new Blob(['not a zip']), null: null }[a]), arg).catch((e) => ({ threw: String(e) }));
      assert.equal(report.ok, false, arg);
      assert.equal(report.problems.length, 1, arg);
    }
    await context.close();
  } finally {
    missing.server.close();
  }
  // With the engine running, a ZIP that is no packet is a report too.
  const context = await zh();
  const { page } = await host(context, base, {});
  const report = await api(page, () => document.querySelector('referral-assistant').verify('x'));
  assert.deepEqual(report, { ok: false, problems: ['verify() 应得到材料包 ZIP（Blob、ArrayBuffer 或 Uint8Array）。'], checks: [] });
  const notZip = await api(page, () => document.querySelector('referral-assistant').verify(new Blob(['PK not really'])));
  assert.equal(notZip.ok, false);
  assert.match(notZip.problems[0], /不是材料包/);
  await context.close();
});
