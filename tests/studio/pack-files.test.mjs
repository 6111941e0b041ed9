// dist/studio.html in headless chromium: a rule pack given as files through the page's
// "load pack files" input (the same path as a drop). (1) the bundled pack's own files → that pack,
// no load errors, every behaviour case (compiled in from tests/cases) re-run and passing; (2) the
// same with rules.json broken → at least one load error, the studio falls back to the bundled pack,
// keeps drawing frames and runs no case (with the reason); (3) a pack that loads but lost a rule →
// the cases run against it and some fail; (4) the page served by scripts/serve.mjs under its own
// CSP: no violation, the cases pass.
// Run: node --test tests/studio/pack-files.test.mjs   (needs dist/studio.html from scripts/build wasm)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../web/support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.json') ? [e.name] : []);
const caseCount = walk(`${root}/tests/cases`).length;
// Every embedded behaviour case ran against the pack shown and passed.
const assertCasesPass = (s) => assert.deepEqual(s.cases,
  { source: 'embedded', run: caseCount, passed: caseCount, failed: 0, errors: 0, not_run: '' });
const page = `file://${root}/dist/studio.html`;
const packDir = `${root}/forms/qidong-2020-38`;
const packFiles = () => readdirSync(packDir).sort().map((name) => ({
  name, mimeType: 'text/plain', buffer: readFileSync(path.join(packDir, name)),
}));

let browser;
before(async () => { browser = await launch({ webgl: true }); });
after(async () => { await browser?.close(); });

async function openStudio(url = page) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const p = await context.newPage();
  const problems = [];
  p.on('pageerror', (e) => problems.push(String(e)));
  p.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.push(m.text()); });
  await p.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`)));
  await p.goto(url);
  await p.waitForFunction(() => { const s = window.studioStatus(); return s && s.frames >= 4; }, null, { timeout: 60000 });
  return { p, problems };
}

// Sets files on the input, waits until the studio reports the switch, returns the status.
async function load(p, files) {
  const before = await p.evaluate(() => window.studioStatus());
  await p.setInputFiles('#pack-files', files);
  await p.waitForFunction((n) => window.studioStatus().pack_loads === n + 1, before.pack_loads, { timeout: 30000 });
  // The page keeps drawing after the switch.
  const after = await p.evaluate(() => window.studioStatus().frames);
  await p.waitForFunction((n) => window.studioStatus().frames >= n + 5, after, { timeout: 30000 });
  return p.evaluate(() => window.studioStatus());
}

test('the bundled pack as dropped files: that pack, no load errors', async () => {
  const { p, problems } = await openStudio();
  const first = await p.evaluate(() => window.studioStatus());
  assert.equal(first.source, 'bundled');
  assert.ok(caseCount >= 50, `tests/cases has ${caseCount} cases`);
  assertCasesPass(first);
  const s = await load(p, packFiles());
  assert.equal(s.source, 'files');
  assert.equal(s.pack, 'qidong-2020-38');
  assert.equal(s.load_errors, 0);
  assert.equal(s.fell_back, false);
  assert.ok(s.cells >= 1000, `matrix has ${s.cells} cells`);
  assertCasesPass(s);  // re-run against the pack given as files
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('broken rules.json: load errors shown, bundled pack kept, frames still drawn', async () => {
  const { p, problems } = await openStudio();
  const files = packFiles().map((f) => (f.name === 'rules.json' ? { ...f, buffer: Buffer.from('{"rules": [ oops') } : f));
  const s = await load(p, files);
  assert.ok(s.load_errors >= 1, `load_errors ${s.load_errors}`);
  assert.equal(s.fell_back, true);
  assert.equal(s.pack, 'qidong-2020-38');  // the bundled pack, for the other panels
  // The cases say nothing about a pack that did not load: none run, and the panel says why.
  assert.equal(s.cases.run, 0);
  assert.match(s.cases.not_run, /did not load: cases not run/);
  assert.deepEqual(problems, []);
  // A good pack again after the broken one.
  const again = await load(p, packFiles());
  assert.equal(again.load_errors, 0);
  assert.equal(again.fell_back, false);
  assertCasesPass(again);
  await p.context().close();
});

test('a dropped pack that loads but lost a rule: the cases run against it and those that notice fail', async () => {
  const { p, problems } = await openStudio();
  const lost = 'licensed-town-finds';
  const files = packFiles().map((f) => {
    if (f.name === 'sentences.json') {  // the ledger must not name the lost rule, or the pack fails to load
      const ledger = JSON.parse(f.buffer.toString('utf8'));
      for (const e of ledger.sentences) if (e.rules) e.rules = e.rules.filter((id) => id !== lost);
      return { ...f, buffer: Buffer.from(JSON.stringify(ledger)) };
    }
    if (f.name !== 'rules.json') return f;
    const rules = JSON.parse(f.buffer.toString('utf8'));
    rules.rules = rules.rules.filter((r) => r.id !== lost);
    return { ...f, buffer: Buffer.from(JSON.stringify(rules)) };
  });
  const s = await load(p, files);
  assert.equal(s.load_errors, 0);
  assert.equal(s.fell_back, false);
  assert.equal(s.cases.run, caseCount);
  assert.ok(s.cases.failed >= 1, `no case noticed the missing rule: ${JSON.stringify(s.cases)}`);
  assert.equal(s.cases.passed + s.cases.failed, caseCount);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('the template county opened from its files, exported as one .referral-pack (a download), opened again from that file; a damaged file refused', async () => {
  const { p, problems } = await openStudio();
  const dir = `${root}/forms/template-county`;
  const files = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort()
    .map((name) => ({ name, mimeType: 'text/plain', buffer: readFileSync(path.join(dir, name)) }));
  const s = await load(p, files);
  assert.equal(s.pack, 'template-county');
  assert.equal(s.load_errors, 0);
  // 导出规则包文件: the page downloads <id>-<version>.referral-pack, the file `referral pack-file` writes.
  const [download] = await Promise.all([p.waitForEvent('download'), p.evaluate(() => window.studioExportPack())]);
  assert.match(download.suggestedFilename(), /^template-county-[0-9.]+\.referral-pack$/);
  const text = readFileSync(await download.path(), 'utf8');
  const packFile = JSON.parse(text);
  assert.equal(packFile.schema, 'referral-pack-file/1');
  assert.deepEqual(Object.keys(packFile.files).sort(), files.map((f) => f.name).filter((n) => n.endsWith('.json') || n.endsWith('.md') || n.endsWith('.mustache')).sort());
  const again = await load(p, [{ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(text) }]);
  assert.equal(again.pack, 'template-county');
  assert.equal(again.load_errors, 0);
  assert.equal(again.fell_back, false);
  // One character of rules.json changed: the digest no longer matches; refused, the bundled pack shown.
  packFile.files['rules.json'] = packFile.files['rules.json'].replace('3', '4');
  const damaged = await load(p, [{ name: 'damaged.referral-pack', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(packFile)) }]);
  assert.ok(damaged.load_errors >= 1);
  assert.equal(damaged.fell_back, true);
  assert.equal(damaged.pack, 'qidong-2020-38');
  assert.equal(await p.evaluate(() => window.studioExportPack()), null, 'a pack that did not load is not exported');
  assert.deepEqual(problems, []);
});

test('served by scripts/serve.mjs at /studio.html under its own CSP: runs, no violation, cases pass', async () => {
  const { serve, STUDIO_PAGE } = await import('../../scripts/serve.mjs');
  const { server, url } = await serve(`${root}/dist`);
  try {
    const res = await fetch(`${url}${STUDIO_PAGE}`);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /^default-src 'none'; script-src ('sha256-[A-Za-z0-9+/=]+' )+'wasm-unsafe-eval'; style-src 'sha256-/);
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|\*/);
    // It may read only data: URIs (its own inlined wasm, for asynchronous compilation): no network.
    assert.match(csp, /; connect-src data:; /);
    // The wizard's paths keep the portal's strict CSP.
    assert.equal((await fetch(`${url}embed/`)).headers.get('content-security-policy'),
      (await import('../../scripts/serve.mjs')).CSP);
    const { p, problems } = await openStudio(`${url}${STUDIO_PAGE}`);
    const s = await p.evaluate(() => window.studioStatus());
    assert.equal(s.pack, 'qidong-2020-38');
    assert.ok(s.colours >= 50, `frame 3 has ${s.colours} colours`);
    assertCasesPass(s);
    assert.deepEqual(problems, []);
    await p.context().close();
  } finally {
    server.close();
  }
});
