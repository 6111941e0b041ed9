// #27.5: events that reach the portal's page carry ids and codes, never what was typed (a party's name,
// a 公民身份号码, a draft's name, a message repeating input), unless the host opts in with
// event-detail="full". A sentinel string is typed into every text field of the element, and handed over
// by the portal in its value and data; no event that bubbles (nor `error`) may then carry it. Every
// event type seen is one web/referral-assistant.d.ts declares.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dist, launch, root } from './support.mjs';
import { CASE, api, eventsOf, eventually, host, planOf, setValue } from './portal-support.mjs';
import { serve } from '../../scripts/serve.mjs';

const SENTINEL = '哨兵Zq7';
let browser;
let server;
let base;
before(async () => { browser = await launch(); ({ server, url: base } = await serve(dist)); });
after(async () => { await browser?.close(); server?.close(); });

// Types the sentinel into every visible, enabled text field of the element (its header sections and
// the page shown), each with a number of its own so that a field's echo can be told apart.
let typed = 0;
async function typeEverywhere(page) {
  const fields = page.locator('referral-assistant').locator('input[type=text], input:not([type]), input[type=tel], input[type=search], textarea');
  const n = await fields.count();
  let done = 0;
  for (let i = 0; i < n; i += 1) {
    const field = fields.nth(i);
    if (!(await field.isVisible()) || !(await field.isEnabled())) continue;
    typed += 1;
    await field.fill(`${SENTINEL}${typed}`);
    done += 1;
  }
  return done;
}

const declaredEvents = () => {
  const dts = readFileSync(`${root}/web/referral-assistant.d.ts`, 'utf8');
  const map = dts.match(/interface DocumentEventMap \{([\s\S]*?)\}/)[1];
  return [...map.matchAll(/'([a-z-]+)':/g)].map((m) => m[1]);
};

test('#27.5 a sentinel typed into every field and handed over in value and data: no event that bubbles, and no `error`, carries it; with event-detail="full" they may', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
  const { page, problems } = await host(context, base, { 'storage-key': 'privacy', office: 'dept:market' });
  // The portal's own free text and what it knows of the parties.
  await api(page, (s) => {
    const el = document.querySelector('referral-assistant');
    el.data = { parties: [{ kind: 'person', name: `${s}甲`, id_number: `${s}号` }], summary: { party: `${s}甲`, facts: `${s}事实` } };
  }, SENTINEL);
  await setValue(page, { ...CASE, note: `${SENTINEL}备注`, events: [{ action: 'transfer', actor: 'dept:market', date: '2026-09-30', note: `${SENTINEL}送达` }] });
  // A value the engine refuses, its message repeating what was given.
  await setValue(page, { ...CASE, date: `${SENTINEL}日期` });
  await eventually(async () => (await eventsOf(page, 'referral-error')).length > 0, 'the refusal');
  await setValue(page, CASE);
  await eventually(async () => (await planOf(page)) !== null, 'the plan');

  // The header's sections: 本单位设置 (saved), 事项目录, 节假日设置, 台账.
  for (const id of ['office-profile', 'catalogue-import', 'calendar-import', 'ledger']) await page.locator(`#${id} > summary`).click();
  assert.ok(await typeEverywhere(page) >= 8);
  await page.locator('#office-save').click();
  // The draft's name.
  await page.locator('#draft-rename').click();
  await page.locator('#draft-name').fill(`${SENTINEL}王小明无证摊贩`);
  await page.locator('#draft-rename-save').click();
  // Through the pages to the packet: every field typed into on the way (the time found, the item's search
  // box), each set right again before going on.
  for (let guard = 0; guard < 12 && await page.locator('#confirm').count() === 0; guard += 1) {
    await typeEverywhere(page);
    if (await page.locator('#q-date').count()) await page.locator('#q-date').fill('2026-09-29T10:30');
    if (await page.locator('#q-item-filter').count()) await page.locator('#q-item-filter').fill('');
    await page.locator('#next').click();
  }
  await page.locator('#confirm').click();
  await page.locator('#packet-start').click();
  await page.locator('h1', { hasText: '移送材料' }).waitFor();
  await page.locator('#party-add').click();
  assert.ok(await typeEverywhere(page) >= 10);
  await eventually(async () => (await eventsOf(page, 'referral-packet-change')).some((e) => /invalid/.test(e.detail)), 'a packet change naming a wrong member');
  await api(page, () => document.querySelector('referral-assistant').packetBlob());

  // What reaches the portal: events that bubble out of the element, and `error` on the element itself
  // (the ledger's own event stays inside the shadow root).
  const events = (await eventsOf(page)).filter((e) => e.bubbles || e.type === 'error');
  const leaking = events.filter((e) => e.detail.includes(SENTINEL));
  assert.deepEqual(leaking.map((e) => `${e.type}: ${e.detail.slice(0, 200)}`), []);
  const bubbling = new Set(events.filter((e) => e.bubbles).map((e) => e.type));
  for (const type of ['referral-ready', 'referral-plan-change', 'referral-draft-saved', 'referral-draft-change', 'referral-packet-change', 'referral-error'])
    assert.ok(bubbling.has(type), `${type} was sent`);
  const declared = declaredEvents();
  assert.deepEqual([...bubbling].filter((t) => !declared.includes(t)), [], 'every bubbling event is declared in the .d.ts');
  assert.ok(!events.some((e) => e.type === 'error' && e.bubbles), '`error` stays on the element');

  // The host opts in: the same events now carry the names and messages.
  const seen = (await eventsOf(page)).length;
  await api(page, () => document.querySelector('referral-assistant').setAttribute('event-detail', 'full'));
  await page.locator('#p-parties-0-id_number').fill(`${SENTINEL}全`);
  await eventually(async () => (await eventsOf(page)).slice(seen).some((e) => e.bubbles && e.detail.includes(SENTINEL)), 'the opted-in detail');
  const full = (await eventsOf(page)).slice(seen).filter((e) => e.detail.includes(SENTINEL)).map((e) => e.type);
  assert.ok(full.includes('referral-draft-saved') && full.includes('referral-packet-change'), full.join());
  assert.equal(await api(page, () => document.querySelector('referral-assistant').eventDetail), 'full');
  assert.deepEqual(problems, []);
  await context.close();
});
