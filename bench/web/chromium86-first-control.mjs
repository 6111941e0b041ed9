// Time to the first visible form control of an HTML file on Chromium 86 (chrome-aws-lambda@5.3.1's,
// the core of 360安全浏览器 13; tests/web/chromium86.mjs starts it), measured as ../shared/bench/probe.js
// measures it on current Chromium: a watcher installed before any page script looks, every animation
// frame, for a visible control (through open shadow roots), then waits for the next task.
// Run: node bench/web/chromium86-first-control.mjs FILE [--loads=7]   (figures in docs/BENCHMARKS.md)
//      node bench/web/chromium86-first-control.mjs --embed=DIST [--loads=7]
// FILE is opened from file:// (the single file: WebAssembly). --embed serves DIST (a dist/ folder) as
// scripts/serve.mjs does, under the example portal's strict CSP, and opens DIST/embed/: Chromium 86
// does not know 'wasm-unsafe-eval', so there the element runs the JavaScript engine (wasm2js).
// Also the first plan shown: the element's first `referral-plan-change` (-1: none within 20 s).
import path from 'node:path';
import { launch86 } from '../../tests/web/chromium86.mjs';
import { serve } from '../../scripts/serve.mjs';

const args = process.argv.slice(2);
const embed = args.find((a) => a.startsWith('--embed='))?.slice(8);
const file = embed ? `${path.resolve(embed)}/embed/` : args.find((a) => !a.startsWith('--'));
const loads = Number((args.find((a) => a.startsWith('--loads=')) || '--loads=7').slice(8));
if (!file || !(loads > 0)) {
  console.error('usage: node bench/web/chromium86-first-control.mjs FILE|--embed=DIST [--loads=N]');
  process.exit(2);
}
const served = embed ? await serve(path.resolve(embed)) : null;
const address = served ? `${served.url}embed/` : `file://${path.resolve(file)}`;
const label = embed ? `${path.basename(path.resolve(embed))}/embed/ (served, strict CSP)` : path.basename(file);
const browser = await launch86();
const times = [];
const plans = [];  // the first plan shown (#28): the element's first referral-plan-change, as bench/web/timing.mjs takes it
const kinds = new Set();  // the engine each load ran: 'wasm' or 'js' (web/js/engine.js)
for (let i = 0; i < loads; i += 1) {
  const context = await browser.createIncognitoBrowserContext();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(() => {
    const deep = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches('input,select,textarea,button,[role=radio],[role=button]')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.height > 0) return true;
        }
        if (el.shadowRoot && deep(el.shadowRoot)) return true;
      }
      return false;
    };
    window.__firstPlan = new Promise((resolve) => {
      document.addEventListener('referral-plan-change', () => resolve(performance.now()), { capture: true, once: true });
      setTimeout(() => resolve(-1), 20000);
    });
    window.__firstControl = new Promise((resolve) => {
      const tick = () => {
        if (document.documentElement && deep(document)) setTimeout(() => resolve(performance.now()), 0);
        else if (performance.now() > 15000) resolve(-1);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  });
  await page.goto(address, { waitUntil: 'load' });
  times.push(Math.round(await page.evaluate(() => window.__firstControl)));
  plans.push(Math.round(await page.evaluate(() => window.__firstPlan)));
  kinds.add(await page.evaluate(() => document.querySelector('referral-assistant')?.engine?.kind ?? 'none'));
  await context.close();
}
await browser.close();
served?.server.close();
const sorted = [...times].sort((a, b) => a - b);
console.log(`${label} on Chromium 86: first control ${times.join(', ')} ms; median ${sorted[sorted.length >> 1]} ms`);
const plansSorted = [...plans].sort((a, b) => a - b);
console.log(`${label} on Chromium 86: first plan (referral-plan-change) ${plans.join(', ')} ms; median ${plansSorted[plansSorted.length >> 1]} ms; engine ${[...kinds].join(', ')}`);
