// First contentful paint of HTML files, loaded in turn in Debian's Chromium (playwright-core), so that
// builds of the single file can be told apart by a few milliseconds on a loaded machine.
// Run: node bench/web/first-paint.mjs [--loads=15] FILE...   (CHROMIUM=/path overrides the browser)
//
// Each load is a fresh browser context, network refused; requestAnimationFrame is disabled before any
// page script, so the wizard never starts and only the page as parsed is painted. The files are
// loaded in turn (A B C A B C …) so that the machine's load falls on each alike. Printed per file, as
// medians over the loads (ms since navigation start): first-contentful-paint, responseEnd,
// domInteractive. Figures in docs/BENCHMARKS.md ("Eighth session").
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const loads = Number((args.find((a) => a.startsWith('--loads=')) || '--loads=15').slice(8));
const files = args.filter((a) => !a.startsWith('--')).map((f) => path.resolve(f));
if (!files.length || !(loads > 0)) {
  console.error('usage: node bench/web/first-paint.mjs [--loads=N] FILE...');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'] });
const results = new Map(files.map((f) => [f, []]));
for (let i = 0; i < loads; i += 1) {
  for (const file of files) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/*', (r) => (/^(file|data|blob):/.test(r.request().url()) ? r.continue() : r.abort()));
    await page.addInitScript(() => { window.requestAnimationFrame = () => 0; });
    await page.goto('about:blank');
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    await page.waitForTimeout(150);
    results.get(file).push(await page.evaluate(() => {
      const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      const nav = performance.getEntriesByType('navigation')[0];
      return [paint ? paint.startTime : NaN, nav.responseEnd, nav.domInteractive];
    }));
    await context.close();
  }
}
await browser.close();
const median = (a) => { const b = [...a].sort((x, y) => x - y); return b[b.length >> 1]; };
for (const [file, rows] of results) {
  const [fcp, response, interactive] = [0, 1, 2].map((k) => median(rows.map((r) => r[k])).toFixed(1));
  console.log(`${path.basename(file)}: first-contentful-paint ${fcp} ms, responseEnd ${response} ms, domInteractive ${interactive} ms (median of ${rows.length})`);
}
