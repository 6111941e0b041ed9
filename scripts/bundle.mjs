// Builds the two browser deliverables from web/ and the WebAssembly module in build/wasm/bin:
//   dist/referral-assistant.html   one self-contained file (engine, JS, CSS inlined; works from file://)
//   dist/embed/                    <referral-assistant> element + same-origin .wasm + the JavaScript
//                                  engine (wasm2js, the fallback without WebAssembly) + example portal page
// The JavaScript is built for Chromium 86 (the core of 360安全浏览器 13 on Windows 7/XP) and up.
//
// `--pack DIR` (a pack folder, or a .referral-pack): only the single file, for that pack, as
//   dist/referral-assistant-<pack id>.html — it starts under that pack (carried as its pack file,
//   written by the native `referral pack-file`, the one writer of the format; build/native first),
//   its start-up data asked of the engine under it; the default files are left as they are.
import { build, transformSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLimits } from './lib/limits.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pack = 'qidong-2020-38';  // the pack compiled into the engine (CMake's REFERRAL_PACK default)
const wasmDir = `${root}/build/wasm/bin`;
const dist = `${root}/dist`;
const BUDGET = { raw: 1.5 * 1024 * 1024, gzip: 600 * 1024 };
// The engine every first visit compiles (issue #10's ceiling, raised for #26's documents: the wording of
// each kind in the pack's template and the renderer's data-driven view; raised again for #23–#25: the
// matter in time, the pack's vocabulary — a third of the module is the built-in pack itself, in its
// data section — and the bounded readers; docs/BENCHMARKS.md, "WebAssembly size").
const WASM_CEILING = 760000;
// The oldest browsers the wizard supports (README.md); es-check and eslint-plugin-compat check the same floor.
const TARGET = ['chrome86', 'firefox78', 'safari13'];

// What the wizard shows before its engine has loaded, asked of that very engine now: the pack's
// description and the questions of an empty case. Bundled as the module `referral:startup`.
const require = createRequire(import.meta.url);
const engineNow = await require(`${wasmDir}/referral-engine-single.js`)();
const packAt = process.argv.indexOf('--pack');
if (packAt >= 0 && !process.argv[packAt + 1]) throw new Error('bundle: --pack takes a pack folder or a .referral-pack file');
// The pack file of --pack, checked in full by the CLI that writes it and again by the engine that uses it.
const packFile = packAt >= 0 ? execFileSync(`${root}/build/native/bin/referral`, ['pack-file', path.resolve(process.argv[packAt + 1])],
  { encoding: 'utf8', maxBuffer: 64 << 20 }) : null;
if (packFile) {
  const used = JSON.parse(engineNow.usePack(packFile));
  if (!used.ok) throw new Error(`bundle: the engine refused the pack: ${JSON.stringify(used.errors)}`);
}
const described = JSON.parse(engineNow.describePack());
const relevant = JSON.parse(engineNow.relevantQuestions(JSON.stringify({ schema: 'referral-case/1' })));
if (!described.ok || !relevant.ok) throw new Error('bundle: the engine could not describe its pack');
const startupText = JSON.stringify({ pack: described, relevant: relevant.relevant, ...(packFile ? { packFile } : {}) });
// The single file's name: the default one, or one per pack (--pack), beside it.
const singleName = packFile ? `referral-assistant-${described.pack.id}.html` : 'referral-assistant.html';
// The input limits of src/core/limits.h (their one owner), as the module `referral:limits` for the
// page's readers (web/js/read/): read from the header at each bundle (scripts/lib/limits.mjs).
const limitsText = JSON.stringify(readLimits());
const startupModule = {
  name: 'referral-startup',
  setup(b) {
    b.onResolve({ filter: /^referral:(startup|limits)$/ }, (args) => ({ path: args.path.slice('referral:'.length), namespace: 'referral' }));
    // JSON.parse of a string literal is faster to load than the same data as an object literal.
    b.onLoad({ filter: /^startup$/, namespace: 'referral' }, () => ({ contents: `export default JSON.parse(${JSON.stringify(startupText)});`, loader: 'js' }));
    b.onLoad({ filter: /^limits$/, namespace: 'referral' }, () => ({ contents: `export default ${limitsText};`, loader: 'js' }));
  },
};

// The element lays itself out by its own width: app.css's `@container referral (max-width: 800px)` …
// rules. A browser without container queries (Chromium < 105, 360安全浏览器 13's Chromium 86) drops
// them, so each is also written for a class on .app that names its condition (.app.cq-max-width-800px
// .layout …), which components/portal-api.js sets from a ResizeObserver; the conditions are listed in
// --referral-container-queries for it to read. Rules are written once, in app.css.
const postcss = (await import('postcss')).default;
function withContainerFallback(css) {
  const tree = postcss.parse(css);
  const conditions = [];
  const fallback = [];
  tree.walkAtRules('container', (at) => {
    const m = /^referral\s*\(\s*(max|min)-width\s*:\s*(\d+(?:\.\d+)?)px\s*\)$/.exec(at.params.trim());
    if (!m) throw new Error(`bundle: @container ${at.params}: only "referral (max-width|min-width: Npx)" has a fallback`);
    const cls = `cq-${m[1]}-width-${m[2]}px`;
    conditions.push(cls.slice(3));
    at.each((rule) => {
      if (rule.type !== 'rule') throw new Error(`bundle: @container ${at.params} may hold only rules`);
      const copy = rule.clone();
      copy.selectors = rule.selectors.map((sel) => (/^\.app\b/.test(sel) ? sel.replace(/^\.app/, `.app.${cls}`) : `.app.${cls} ${sel}`));
      fallback.push(copy);
    });
  });
  if (!conditions.length) return css;
  tree.append(...fallback, postcss.rule({ selector: '.app' }).append({ prop: '--referral-container-queries', value: conditions.join(' ') }));
  return tree.toString();
}

// The stylesheets minified by esbuild for the same browsers: in the single file the element's sheet is
// read and parsed before the first paint (a quarter of its characters were comments and indentation).
const minifyCss = (file) => transformSync(withContainerFallback(readFileSync(file, 'utf8')), { loader: 'css', minify: true, target: TARGET, legalComments: 'none' }).code;
const minifiedCss = {
  name: 'referral-css',
  setup(b) { b.onLoad({ filter: /\.css$/ }, (args) => ({ contents: minifyCss(args.path), loader: 'text' })); },
};

const bundle = async (entry, extra = {}) => (await build({
  entryPoints: [`${root}/web/js/${entry}`], bundle: true, format: 'esm', minify: true, write: false,
  target: TARGET, legalComments: 'none',
  // forms/catalogue-template.csv, offered by 事项目录 as a download (one template, the one the docs name).
  loader: { '.csv': 'text' },
  plugins: [startupModule, minifiedCss], ...extra,
})).outputFiles[0].text;

// The element's shadow root as drawn from the start-up data, before its engine was even asked for.
async function renderFirstPage(file) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      document.addEventListener('referral-ready', (e) => {
        const root = e.target.shadowRoot;
        root.getElementById('draft-select')?.replaceChildren();
        for (const b of root.querySelectorAll('button[type="submit"]')) b.setAttribute('type', 'button');
        // ::part() names are for a portal's stylesheet; the single file has none (fewer bytes before the first paint).
        for (const el of root.querySelectorAll('[part]')) el.removeAttribute('part');
        window.__firstPage = root.innerHTML;
      }, true);
      // Block the engine from starting, so nothing but the start-up data is used.
      Object.defineProperty(window, 'requestAnimationFrame', { value: () => 0 });
    });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => typeof window.__firstPage === 'string', null, { timeout: 30000, polling: 100 });
    const html = await page.evaluate(() => window.__firstPage);
    if (!html.includes('id="next"')) throw new Error('bundle: the first page rendered without its controls');
    if (/<\/(template|script)/i.test(html)) throw new Error('bundle: the first page cannot be carried in a <template>');
    return html;
  } finally {
    await browser.close();
  }
}

// An engine build as an ES module whose default export is Emscripten's factory (web/js/engine.js
// imports it): Emscripten's MODULARIZE output declares `var <name> = …` and ends by handing it to
// CommonJS, AMD or `exports`. As a module, the declaration stays in the module's own scope and the tail
// is replaced by the export: loading the engine adds no <script> to a host page, defines no global
// and never calls a host page's AMD `define`.
function engineModule(file, name) {
  const text = readFileSync(file, 'utf8');
  const tail = text.lastIndexOf(`if (typeof exports === 'object' && typeof module === 'object')`);
  if (!text.startsWith(`\nvar ${name} = `) && !text.startsWith(`var ${name} = `) || tail < 0)
    throw new Error(`bundle: ${path.basename(file)} is not the MODULARIZE output this build expects (var ${name} = …; module.exports …)`);
  return `${text.slice(0, tail)}export default ${name};\n`;
}
const engineWasmJs = engineModule(`${wasmDir}/referral-engine.js`, 'ReferralModule');
const engineJsJs = engineModule(`${wasmDir}/referral-engine-js.js`, 'ReferralModuleJs');

// Inline <script> text must not close its element early.
const inlineSafe = (js) => js.replace(/<\/script/gi, '<\\/script');

// The single file is written in ASCII alone: every other character as a reference (&#x…; in text and
// attribute values, a six-digit \…… escape in CSS; esbuild already writes its scripts so). Chromium
// decodes and scans a page of ASCII on its 8-bit path, and the half megabyte of base64 after the
// first page was otherwise decoded and tokenised as UTF-16 before the first paint, because the
// page's Chinese came first (docs/BENCHMARKS.md, "Eighth session"). The document is the same once
// parsed; its meta charset stays utf-8, of which ASCII is a part.
const nonAscii = /[^\x00-\x7f]/gu;
const asciiOnly = (html) => html.replace(
  /(<style\b[^>]*>)([\s\S]*?)(<\/style>)|<script\b[^>]*>[\s\S]*?<\/script>|[^\x00-\x7f]/gu,
  (match, open, css, close) => {
    if (open) return open + css.replace(nonAscii, (c) => `\\${c.codePointAt(0).toString(16).padStart(6, '0')}`) + close;
    if (match.startsWith('<')) {
      if (match.search(nonAscii) >= 0) throw new Error(`bundle: a script of the single file is not ASCII: ${match.slice(0, 80)}`);
      return match;
    }
    // The parser reads &#x80; … &#x9f; as windows-1252's characters (€ …), not as the C1 controls.
    const code = match.codePointAt(0);
    if (code <= 0x9f) throw new Error(`bundle: the control character U+00${code.toString(16)} cannot be written as a reference`);
    return `&#x${code.toString(16)};`;
  });

// Replace only this script's outputs: dist/ also holds other builds (dist/studio.html).
if (!packFile) rmSync(`${dist}/embed`, { recursive: true, force: true });
rmSync(`${dist}/${singleName}`, { force: true });
mkdirSync(`${dist}/embed`, { recursive: true });

// --- the single file -------------------------------------------------------------------------------
// One script runs at load: boot.js (a few KB). Everything else rides as the text of non-executed
// <script type="text/plain"> blocks: the wizard (started by boot.js once the pre-rendered first page
// is painted), and, stored deflated in base64 (a third of the bytes to parse), the engine's loader
// and .wasm (run by engine.js from a blob: URL after that), SheetJS (run when a workbook is first
// read or written). The JavaScript engine (wasm2js) is not carried: a browser that opens the file
// from disk has WebAssembly (Chromium 86 included; only a portal's CSP refuses it there, and the
// embed carries the JavaScript engine), and with it the file would be about 300 KB gzip larger.
// makeSingle(true) is kept for a build that wants it within the budget.
const page = readFileSync(`${root}/web/index.html`, 'utf8');
const packedText = (text) => deflateRawSync(Buffer.from(text), { level: 9 }).toString('base64');
// The engine's loader and .wasm in zlib (deflate), which DecompressionStream inflates on Chromium 80+:
// engine.js streams the .wasm through it into WebAssembly.compileStreaming, on Chromium 86 too (which
// has no raw deflate, and inflated it in JavaScript on the page's thread before compiling it).
const zlibPacked = (bytes) => deflateSync(bytes, { level: 9 }).toString('base64');
const loaderPacked = zlibPacked(Buffer.from(engineWasmJs));
const wasmBytes = readFileSync(`${wasmDir}/referral-engine.wasm`).length;
if (wasmBytes > WASM_CEILING) {
  console.error(`bundle: referral-engine.wasm is ${wasmBytes} B, over its ceiling of ${WASM_CEILING} B (docs/BENCHMARKS.md)`);
  process.exit(1);
}
const wasmPacked = zlibPacked(readFileSync(`${wasmDir}/referral-engine.wasm`));
const engineJsPacked = packedText(engineJsJs);
const app = await bundle('single.js');
// The wizard rides as a non-executed block too, deflated (zlib, which DecompressionStream inflates on
// Chromium 80+) and in base64; boot.js, the one script run at load, inflates and starts it once the
// pre-rendered first page has been painted (boot.js says why). inflate.js (fflate) is carried plain
// for the browsers without DecompressionStream, and run only there.
const appPacked = deflateSync(Buffer.from(app), { level: 9 }).toString('base64');
const inflateJs = await bundle('inflate.js', { format: 'iife' });
// The reader's Web Worker (web/js/read/worker.js: the .xlsx and packet ZIP readers, issue #25), a
// classic script: referral-reader.js beside the embed; in the single file a non-executed deflated
// block, started from a blob: URL with SheetJS in front of it (web/js/read/reader.js).
const readerJs = await bundle('read/worker.js', { format: 'iife' });
const readerPacked = deflateRawSync(Buffer.from(readerJs), { level: 9 }).toString('base64');
const boot = await bundle('boot.js');
// SheetJS (@e965/xlsx, web/js/xlsx.js; the ledger's workbooks and the catalogue import's .xlsx): over 100 KB gzip, so it is a
// script of its own, run only when a workbook is written or read — referral-xlsx.js beside the embed,
// and in the single file a non-executed deflated block like the engine's.
// Its "mini" build (XLSX read and write, no legacy formats or code pages): 86 KB gzip instead of 160.
const xlsxJs = readFileSync(require.resolve('@e965/xlsx/dist/xlsx.mini.min.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
const xlsxPacked = deflateRawSync(Buffer.from(xlsxJs), { level: 9 }).toString('base64');
console.log(`referral-xlsx.js (SheetJS): ${(Buffer.byteLength(xlsxJs) / 1024).toFixed(0)} KB raw, ${(gzipSync(xlsxJs, { level: 9 }).length / 1024).toFixed(0)} KB gzip`);
const makeSingle = (withJs, firstPage = '') => page
  .replace('<!-- referral:head -->', '')
  .replace('<referral-assistant></referral-assistant>', () => `<referral-assistant>${firstPage}</referral-assistant>`)
  .replace('<!-- referral:scripts -->', () => `<script type="module">${inlineSafe(boot)}</script>\n` +
    `<script type="text/plain" id="referral-app" data-encoding="deflate;base64">${appPacked}</script>\n` +
    `<script type="text/plain" id="referral-inflate">${inlineSafe(inflateJs)}</script>\n` +
    `<script type="text/plain" id="referral-engine" data-encoding="deflate;base64">${loaderPacked}</script>\n` +
    `<script type="text/plain" id="referral-engine-wasm" data-encoding="deflate;base64">${wasmPacked}</script>\n` +
    `<script type="text/plain" id="referral-xlsx" data-encoding="deflate-raw;base64">${xlsxPacked}</script>\n` +
    `<script type="text/plain" id="referral-reader" data-encoding="deflate-raw;base64">${readerPacked}</script>` +
    (withJs ? `\n<script type="text/plain" id="referral-engine-js" data-encoding="deflate-raw;base64">${engineJsPacked}</script>` : ''));
const sizes = (html) => ({ raw: Buffer.byteLength(html), gz: gzipSync(html, { level: 9 }).length });
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
let single = makeSingle(false);
let { raw, gz } = sizes(single);
// The first question page, rendered at build time by the wizard's own code from the start-up data (in
// Debian's Chromium, the engine never started), goes into the file as a declarative shadow root, so
// that it shows before any script has run; the element adopts it (element.js). The draft list is left
// empty (its name holds the build's time); a button pressed in it before the element has started
// (下一步) is pressed again once it has (boot.js).
writeFileSync(`${dist}/${singleName}`, single);
const firstPage = await renderFirstPage(`${dist}/${singleName}`);
single = asciiOnly(makeSingle(single.includes('id="referral-engine-js"'), `<template shadowrootmode="open">${firstPage}</template>`));
({ raw, gz } = sizes(single));
writeFileSync(`${dist}/${singleName}`, single);
console.log(`dist/${singleName}: ${kb(raw)} raw, ${kb(gz)} gzip (first page pre-rendered: ${kb(Buffer.byteLength(firstPage))})`);
if (raw > BUDGET.raw || gz > BUDGET.gzip) {
  console.error(`bundle: over budget (≤ ${BUDGET.raw / 1024} KB raw, ≤ ${BUDGET.gzip / 1024} KB gzip)`);
  process.exit(1);
}
if (packFile) process.exit(0);  // --pack: the single file alone

// --- the embed build ---------------------------------------------------------------------------------
writeFileSync(`${dist}/embed/referral-assistant.js`, await bundle('embed.js'));
// The element's stylesheet: app.css, then the custom properties a host page may set (theme.css).
writeFileSync(`${dist}/embed/referral-assistant.css`, `${minifyCss(`${root}/web/css/app.css`)}${minifyCss(`${root}/web/css/theme.css`)}`);
writeFileSync(`${dist}/embed/referral-engine.js`, engineWasmJs);
copyFileSync(`${wasmDir}/referral-engine.wasm`, `${dist}/embed/referral-engine.wasm`);
writeFileSync(`${dist}/embed/referral-engine-js.js`, engineJsJs);
writeFileSync(`${dist}/embed/referral-xlsx.js`, xlsxJs);
for (const f of ['index.html', 'portal.css', 'portal.js', 'referral-frame.html', 'referral-frame.css']) copyFileSync(`${root}/web/embed/${f}`, `${dist}/embed/${f}`);
// The iframe bridge (web/js/frame.js) beside the page it serves, and the example portal that frames it.
writeFileSync(`${dist}/embed/referral-frame.js`, await bundle('frame.js'));
mkdirSync(`${dist}/embed/examples/iframe`, { recursive: true });
for (const f of ['index.html', 'host.css', 'host.js']) copyFileSync(`${root}/web/embed/examples/iframe/${f}`, `${dist}/embed/examples/iframe/${f}`);
writeFileSync(`${dist}/embed/referral-reader.js`, readerJs);
// For portals: the element's TypeScript types, and 下载离线版 — the single file of this very build,
// served beside the embed files (the element links to it).
copyFileSync(`${root}/web/referral-assistant.d.ts`, `${dist}/embed/referral-assistant.d.ts`);
copyFileSync(`${dist}/referral-assistant.html`, `${dist}/embed/referral-assistant.html`);
// The printed documents' stylesheet as a same-origin file: under the portal's CSP (style-src 'self')
// a document previewed from the element cannot use the <style> block its template carries.
const template = readFileSync(`${root}/forms/${pack}/document.html.mustache`, 'utf8');
const documentCss = template.match(/<style[^>]*>([\s\S]*?)<\/style>/);
if (!documentCss || documentCss[1].includes('{{')) throw new Error('bundle: the document template needs one <style> block without tags');
writeFileSync(`${dist}/embed/referral-document.css`, documentCss[1].trimStart());
// The Vue 3 example portal, built with Vite into dist/embed/examples/vue/ (web/embed/examples/vue/).
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: `${root}/web/embed/examples/vue/vite.config.mjs` });
if (/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/i.test(readFileSync(`${dist}/embed/examples/vue/index.html`, 'utf8')))
  throw new Error('bundle: the Vue example must carry no inline script or style (the portal CSP)');
console.log('dist/embed/: referral-assistant.js, referral-engine.{js,wasm}, referral-engine-js.js, referral-xlsx.js, referral-reader.js, referral-document.css, referral-frame.{html,js,css} (the iframe bridge), index.html (example portal), examples/vue/ (Vue 3 example portal), examples/iframe/ (a portal framing the tool), referral-assistant.d.ts, referral-assistant.html (下载离线版)');
