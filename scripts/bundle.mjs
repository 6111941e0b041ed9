// Builds the two browser deliverables from web/ and the WebAssembly module in build/wasm/bin:
//   dist/referral-assistant.html   one self-contained file (engine, JS, CSS inlined; works from file://)
//   dist/embed/                    <referral-assistant> element + same-origin .wasm + example portal page
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pack = 'qidong-2020-38';  // the pack compiled into the engine (CMake's REFERRAL_PACK default)
const wasmDir = `${root}/build/wasm/bin`;
const dist = `${root}/dist`;
const BUDGET = { raw: 1.5 * 1024 * 1024, gzip: 600 * 1024 };

// What the wizard shows before its engine has loaded, asked of that very engine now: the pack's
// description and the questions of an empty case. Bundled as the module `referral:startup`.
const require = createRequire(import.meta.url);
const engineNow = await require(`${wasmDir}/referral-engine-single.js`)();
const described = JSON.parse(engineNow.describePack());
const relevant = JSON.parse(engineNow.relevantQuestions(JSON.stringify({ schema: 'referral-case/1' })));
if (!described.ok || !relevant.ok) throw new Error('bundle: the engine could not describe its pack');
const startupText = JSON.stringify({ pack: described, relevant: relevant.relevant });
const startupModule = {
  name: 'referral-startup',
  setup(b) {
    b.onResolve({ filter: /^referral:startup$/ }, () => ({ path: 'startup', namespace: 'referral' }));
    // JSON.parse of a string literal is faster to load than the same data as an object literal.
    b.onLoad({ filter: /.*/, namespace: 'referral' }, () => ({ contents: `export default JSON.parse(${JSON.stringify(startupText)});`, loader: 'js' }));
  },
};

const bundle = async (entry, extra = {}) => (await build({
  entryPoints: [`${root}/web/js/${entry}`], bundle: true, format: 'esm', minify: true, write: false,
  target: ['chrome100', 'firefox100', 'safari15'], loader: { '.css': 'text' }, legalComments: 'none',
  plugins: [startupModule], ...extra,
})).outputFiles[0].text;

// Inline <script> text must not close its element early.
const inlineSafe = (js) => js.replace(/<\/script/gi, '<\\/script');

// Replace only this script's outputs: dist/ also holds other builds (dist/studio.html).
rmSync(`${dist}/embed`, { recursive: true, force: true });
rmSync(`${dist}/referral-assistant.html`, { force: true });
mkdirSync(`${dist}/embed`, { recursive: true });

// --- the single file -------------------------------------------------------------------------------
const page = readFileSync(`${root}/web/index.html`, 'utf8');
const engine = readFileSync(`${wasmDir}/referral-engine-single.js`, 'utf8');
const app = await bundle('single.js');
const single = page
  .replace('<!-- referral:head -->', '')
  .replace('<!-- referral:scripts -->', () => `<script>${inlineSafe(engine)}</script>\n<script type="module">${inlineSafe(app)}</script>`);
writeFileSync(`${dist}/referral-assistant.html`, single);
const raw = Buffer.byteLength(single);
const gz = gzipSync(single, { level: 9 }).length;
console.log(`dist/referral-assistant.html: ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzip`);
if (raw > BUDGET.raw || gz > BUDGET.gzip) {
  console.error(`bundle: over budget (≤ ${BUDGET.raw / 1024} KB raw, ≤ ${BUDGET.gzip / 1024} KB gzip)`);
  process.exit(1);
}

// --- the embed build ---------------------------------------------------------------------------------
writeFileSync(`${dist}/embed/referral-assistant.js`, await bundle('embed.js'));
copyFileSync(`${root}/web/css/app.css`, `${dist}/embed/referral-assistant.css`);
copyFileSync(`${wasmDir}/referral-engine.js`, `${dist}/embed/referral-engine.js`);
copyFileSync(`${wasmDir}/referral-engine.wasm`, `${dist}/embed/referral-engine.wasm`);
for (const f of ['index.html', 'portal.css', 'portal.js']) copyFileSync(`${root}/web/embed/${f}`, `${dist}/embed/${f}`);
// The printed documents' stylesheet as a same-origin file: under the portal's CSP (style-src 'self')
// a document previewed from the element cannot use the <style> block its template carries.
const template = readFileSync(`${root}/forms/${pack}/document.html.mustache`, 'utf8');
const documentCss = template.match(/<style[^>]*>([\s\S]*?)<\/style>/);
if (!documentCss || documentCss[1].includes('{{')) throw new Error('bundle: the document template needs one <style> block without tags');
writeFileSync(`${dist}/embed/referral-document.css`, documentCss[1].trimStart());
console.log('dist/embed/: referral-assistant.js, referral-engine.{js,wasm}, referral-document.css, index.html (example portal)');
