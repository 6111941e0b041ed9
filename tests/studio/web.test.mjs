// dist/studio.html from file:// in headless Chromium (software WebGL 2) and in Chromium 86 (the core
// of 360安全浏览器 13; chrome-aws-lambda@5.3.1, tests/web/chromium86.mjs): waits for the first frames
// through the page's test hook window.studioStatus() and checks the pack id, the matrix size, that
// frame 3 is not blank and that every behaviour case of tests/cases (compiled into the page) ran and
// passed, with no page error. On Debian's Chromium it also takes a screenshot
// (build/studio-shots/web.png). The module is compiled asynchronously, as Chromium 86 requires of
// one this size; the hook answers null until the studio runs.
// Run: node --test tests/studio/web.test.mjs   (needs dist/studio.html from scripts/build wasm)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch86, open86 } from '../web/chromium86.mjs';
import { launch } from '../web/support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.json') ? [e.name] : []);
const caseCount = walk(`${root}/tests/cases`).length;
const url = `file://${root}/dist/studio.html`;
const ready = () => { const s = window.studioStatus && window.studioStatus(); return !!s && s.frames >= 4; };

function assertStudio(s) {
  assert.equal(s.pack, 'qidong-2020-38');
  assert.ok(s.cells >= 1000, `matrix of ${s.cells} cells`);
  assert.ok(s.colours >= 50, `frame 3 has ${s.colours} colours`);
  assert.deepEqual(s.cases, { source: 'embedded', run: caseCount, passed: caseCount, failed: 0, errors: 0, not_run: '' });
}

test("Debian's Chromium: the studio draws, every embedded behaviour case passes; screenshot", async () => {
  const browser = await launch({ webgl: true });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(ready, null, { timeout: 90000, polling: 100 });
    const s = await page.evaluate(() => window.studioStatus());
    assertStudio(s);
    mkdirSync(`${root}/build/studio-shots`, { recursive: true });
    const shot = `${root}/build/studio-shots/web.png`;
    await page.screenshot({ path: shot });
    assert.ok(statSync(shot).size > 20000, 'screenshot nearly empty');
    assert.deepEqual(problems, []);
    console.log(`studio (Debian's Chromium): ${s.pack}, ${s.cells} cells, ${s.colours} colours, ${s.cases.passed}/${s.cases.run} behaviour cases pass; ${path.relative(root, shot)}`);
  } finally {
    await browser.close();
  }
});

test('Chromium 86: the studio starts from file://, draws, every embedded behaviour case passes', async () => {
  const browser = await launch86();
  try {
    const { page, problems } = await open86(browser);
    await page.goto(url);
    await page.waitForFunction(ready, { timeout: 120000, polling: 250 });
    const s = await page.evaluate(() => window.studioStatus());
    assertStudio(s);
    assert.deepEqual(problems, []);
    console.log(`studio (Chromium 86): ${s.cells} cells, ${s.colours} colours, ${s.cases.passed}/${s.cases.run} behaviour cases pass`);
  } finally {
    await browser.close();
  }
});
