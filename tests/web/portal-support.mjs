// What the portal tests share (portal.test.mjs, portal-data.test.mjs, …): the example portal page under
// the strict CSP with its element given attributes as a server-rendered page would, a record of every
// event the element sends, the matter an official fills in by hand, and the packet page filled in.
import assert from 'node:assert/strict';

// The matter support.mjs's fillDeptFindsFoodStall answers by hand, as a portal's case system would hand it over.
export const CASE = { schema: 'referral-case/1', finder: 'dept', town: 'huilong', date: '2026-09-29T10:30:00+08:00', source: 'patrol',
  item: 'market-food-stall-unregistered', verification: 'violation' };

export async function eventually(fn, what, tries = 100) {
  for (let i = 0; i < tries; i += 1) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

// Before any page script: window.__events records every event dispatched on a <referral-assistant> (or
// from inside its shadow root) with its type, whether it bubbles past the element (bubbles and
// composed) and its detail as JSON (a Blob as "[Blob n bytes]"). window.__errors: the `error` details.
export function recordEvents() {
  window.__events = [];
  window.__errors = [];
  const dispatch = EventTarget.prototype.dispatchEvent;
  const json = (v) => JSON.stringify(v, (k, x) => (x instanceof Blob ? `[Blob ${x.size} bytes]` : x));
  EventTarget.prototype.dispatchEvent = function dispatchRecorded(event) {
    const host = this instanceof Node ? (this.getRootNode?.().host ?? this) : null;
    if (host && host.localName === 'referral-assistant' && event instanceof CustomEvent) {
      window.__events.push({ type: event.type, bubbles: event.bubbles && (event.composed || this === host), detail: json(event.detail) });
      if (event.type === 'error' && this === host) window.__errors.push(event.detail);
    }
    return dispatch.call(this, event);
  };
}

// A page of `context` showing `url` (by default the example portal), its element given `attrs` as the
// parser meets it. Resolves once the first question is shown.
export async function host(context, base, attrs = {}, url = `${base}embed/`) {
  const page = await context.newPage();
  const problems = [];
  // The browser's own request for /favicon.ico (the example portal has none) is not the element's.
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(recordEvents);
  await page.addInitScript((a) => {
    new MutationObserver((records, observer) => {
      const el = document.querySelector('referral-assistant');
      if (!el) return;
      observer.disconnect();
      for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    }).observe(document, { childList: true, subtree: true });
  }, attrs);
  await page.goto(url);
  await page.locator('#next').waitFor({ timeout: 30000 });
  return { page, problems };
}

export const api = (page, fn, arg) => page.evaluate(fn, arg);
export const valueOf = (page) => api(page, () => document.querySelector('referral-assistant').value);
export const planOf = (page) => api(page, () => document.querySelector('referral-assistant').plan);
export const storedDrafts = (page, key) => api(page, (k) => JSON.parse(localStorage.getItem(k) || 'null'), key);
export const setValue = (page, doc) => api(page, (d) => { document.querySelector('referral-assistant').value = d; }, doc);
export const errorsOf = (page) => api(page, () => window.__errors);
export const eventsOf = (page, type) => api(page, (t) => window.__events.filter((e) => !t || e.type === t), type);

export const files = {
  inspection_record: { name: '现场检查记录.pdf', buffer: Buffer.from('%PDF-1.4 现场检查记录（测试）\n') },
  site_photos: { name: '现场照片.jpg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]) },
  evidence: { name: '询问笔录.pdf', buffer: Buffer.from('%PDF-1.4 询问笔录（测试）\n') },
};

export async function attachFiles(page) {
  for (const kind of Object.keys(files)) {
    await page.locator(`#attach-${kind}`).setInputFiles({ ...files[kind], mimeType: 'application/octet-stream' });
    await page.locator(`.attachment-kind[data-kind="${kind}"] .file-name`).waitFor();
  }
}

// Fills the packet page of the market → 汇龙镇 transfer until the engine reports it complete.
export async function fillPacket(page) {
  await page.locator('#p-parties-0-name').fill('启东市汇龙镇某某食品摊');
  await page.locator('#p-parties-0-credit_code').fill('91350100M000100Y43');
  await page.locator('#p-document_number').fill('启市监移〔2026〕9号');
  await page.locator('#p-sent_on').fill('2026-09-30');
  await page.locator('#p-summary-party').fill('启东市汇龙镇某某食品摊');
  await page.locator('#p-summary-place').fill('汇龙镇人民中路 88 号');
  await page.locator('#p-summary-measures').fill('已责令停止经营，制作现场检查记录并拍照。');
  await page.locator('#p-contact-person').fill('李某');
  await page.locator('#p-contact-phone').fill('0513-83312345');
  await page.locator('#p-approval-leader').fill('王某');
  await page.locator('#p-approval-date').fill('2026-09-30');
  await attachFiles(page);
  await eventually(async () => /材料齐全/.test(await page.locator('#packet-summary').innerText()), 'a complete packet');
}
