// Load time of the web studio (dist/studio.html from file://) in headless Debian chromium via
// playwright-core: navigation start → the first frame the page reports through window.studioStatus()
// (frames ≥ 1), median of 5 fresh loads (a fresh browser context each). Software WebGL 2 (SwiftShader).
// Run: node bench/web/studio-timing.mjs [PAGE]   (default dist/studio.html; needs dist/studio.html from scripts/build wasm; CHROMIUM=/path overrides)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { statSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const page = path.resolve(process.argv[2] ?? `${root}/dist/studio.html`);
const LOADS = 5;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const times = [];
for (let i = 0; i < LOADS; ++i) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const p = await context.newPage();
  // Polls the hook every animation frame from before any page script; records ms since navigation start.
  await p.addInitScript(() => {
    const tick = () => {
      const s = window.studioStatus && window.studioStatus();
      if (s && s.frames >= 1) { window.__firstFrameMs = performance.now(); return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await p.goto(`file://${page}`);
  const ms = await p.waitForFunction(() => window.__firstFrameMs, null, { timeout: 120000 }).then((h) => h.jsonValue());
  times.push(ms);
  await context.close();
}
await browser.close();
const mb = (statSync(page).size / 1e6).toFixed(1);
console.log(`studio.html (${mb} MB, file://): navigation → first frame, median of ${LOADS}: ${median(times).toFixed(0)} ms ` +
  `(runs ${times.map((t) => t.toFixed(0)).join(', ')} ms; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)})`);
