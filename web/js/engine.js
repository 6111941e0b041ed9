// engine.js — the one file that touches the engine module (wasm/referral.d.ts).
// Two builds of the same C++ engine: WebAssembly (referral-engine.js + .wasm, or inlined in the single
// file), and the fallback translated to plain JavaScript by wasm2js (referral-engine-js.js), used only
// when this browser cannot compile WebAssembly: it has none, or a Content-Security-Policy refuses it
// (a browser older than Chromium 97 does not know 'wasm-unsafe-eval' and so refuses every module
// under a CSP without 'unsafe-eval'). The choice is made at run time and shown nowhere; only when
// neither can start does loadEngine reject, with an EngineUnavailable whose message is for people.
import { inflateSync, unzlibSync } from 'fflate';

// What the page says when no engine can start, by why (never Emscripten's own text). `reason`:
// 'unsupported' — both builds loaded but neither could run in this browser (an old or crippled one);
// 'not-loaded'  — a build's file could not be loaded (a deployment or network fault: the files are not
//                 served beside the element, or something in between refused them), on any browser;
// 'damaged'     — the single file's own copy of the engine could not be read (the file is damaged).
// `single`: said in the single file ("本文件"), else in a portal's page ("本页").
export const ENGINE_MESSAGES = {
  unsupported: (single) => `此浏览器无法运行移送助手：请使用 360 安全浏览器的极速模式、Edge 或 Chrome 86 以上版本打开${single ? '本文件' : '本页'}。`,
  'not-loaded': () => '移送助手的计算引擎未能加载（其文件缺失或被拦截），这不是浏览器的问题。请刷新页面；如仍不行，请联系本系统的管理员。',
  damaged: () => '本文件已损坏，移送助手的计算引擎无法读取。请重新下载本文件后再打开。',
};

export class EngineUnavailable extends Error {
  constructor(causes, reason = 'unsupported', single = false) {
    super(ENGINE_MESSAGES[reason](single));
    this.name = 'EngineUnavailable';
    this.reason = reason;
    this.causes = causes;  // what each build reported, for developers (console, tests)
  }
}

// A failure to fetch or import a build's file (as opposed to one that loaded and then failed to run).
class NotLoaded extends Error {}

// Each build of the engine is an ES module whose default export is Emscripten's factory
// (scripts/bundle.mjs turns the MODULARIZE output into one): imported, it defines nothing on the page —
// no <script> is added to the host's document and no global is made.
async function importFactory(url) {
  let mod;
  try {
    mod = await import(/* @vite-ignore */ url);
  } catch (e) {
    throw new NotLoaded(`cannot load ${url}: ${e && e.message ? e.message : e}`);
  }
  if (typeof mod.default !== 'function') throw new Error(`${url} is not an engine module`);
  return mod.default;
}

function injectScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
}

// Whether this page may compile WebAssembly: the smallest valid module (8 bytes), compiled at once.
// Under a CSP that refuses it this throws "Wasm code generation disallowed by embedder", and a browser
// older than Chromium 97 (which does not know 'wasm-unsafe-eval') also files a CSP violation report
// ("script-src", blocked "eval") with the portal's report-uri: asked once per page, so that one page
// view sends at most one such report whatever the number of elements (web/EMBEDDING.md).
let wasmCompiles = null;
export function canCompileWasm() {
  if (wasmCompiles !== null) return wasmCompiles;
  try {
    wasmCompiles = typeof WebAssembly === 'object' && typeof WebAssembly.Module === 'function' &&
      new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])) instanceof WebAssembly.Module;
  } catch {
    wasmCompiles = false;
  }
  return wasmCompiles;
}

// The single file carries its engines as the text of non-executed <script type="text/plain"
// id="referral-engine…"> blocks (scripts/bundle.mjs), so that parsing them never delays the first
// page: they are imported from a blob: URL once the first page has been painted. Large ones are stored
// deflated and in base64 (data-encoding="deflate;base64", zlib, or "deflate-raw;base64"): a third of
// the bytes to parse.
const BLOCK_FORMATS = { 'deflate;base64': 'deflate', 'deflate-raw;base64': 'deflate-raw' };  // as DecompressionStream names them
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const base64Bytes = (text) => {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
};
export function inlinedBytes(data) {
  const text = data.textContent.trim();
  const format = BLOCK_FORMATS[data.dataset.encoding];
  if (!format) return new TextEncoder().encode(text);
  return format === 'deflate' ? unzlibSync(base64Bytes(text)) : inflateSync(base64Bytes(text));
}

// The single file's WebAssembly module, inflated by the browser as it is compiled: a stream through
// DecompressionStream (zlib, as the module is stored: Chromium 80+, so Chromium 86 too) into
// WebAssembly.compileStreaming, both off the main thread, begun while the loader is still being
// imported. null where the browser cannot: the bytes are then inflated here (fflate) and compiled by
// the loader.
function compileInlined(data) {
  const format = BLOCK_FORMATS[data.dataset.encoding];
  if (!format || typeof DecompressionStream !== 'function' ||
      typeof WebAssembly.compileStreaming !== 'function' || typeof Response !== 'function') return null;
  let inflating;
  try {
    inflating = new DecompressionStream(format);
  } catch {
    return null;  // a format this browser does not know
  }
  const body = new Blob([base64Bytes(data.textContent.trim())]).stream().pipeThrough(inflating);
  return WebAssembly.compileStreaming(new Response(body, { headers: { 'Content-Type': 'application/wasm' } }));
}
// The embed's WebAssembly module, compiled as it is fetched; null where the browser cannot stream. A
// failure (a server that sends the wrong Content-Type, a missing file) leaves the loader to fetch it
// itself, as it always did, and to report what it finds.
function compileFetched(url) {
  if (typeof WebAssembly.compileStreaming !== 'function' || typeof fetch !== 'function') return null;
  return WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }));
}

async function runInlined(id) {
  const data = document.getElementById(id);
  if (!data) return false;
  await afterPaint();
  const url = URL.createObjectURL(new Blob([inlinedBytes(data)], { type: 'text/javascript' }));
  try {
    await injectScript(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  return true;
}

// A helper script that defines `globalName` (the .xlsx reader): inlined in the single file as a block
// like the engines, else fetched from beside this bundle. Loaded only when first needed.
export async function loadHelper(globalName, file, baseUrl) {
  if (typeof globalThis[globalName] !== 'object' && !(await runInlined(file.replace(/\.js$/, '')))) {
    await injectScript(new URL(file, baseUrl).href);
  }
  return globalThis[globalName];
}

// The factory of one build: the single file's inlined module (imported from a blob: URL), else the
// module beside this bundle. The single file looks nowhere else: what it does not carry (the
// JavaScript engine) is not beside it either. `painted`: the caller has already waited for the first
// page to be painted.
async function factoryOf(file, baseUrl, single, painted) {
  const data = document.getElementById(file.replace(/\.js$/, ''));
  if (!data && single) throw new NotLoaded(`${file} is not carried by this file`);
  if (!data) return importFactory(new URL(file, baseUrl).href);
  if (!painted) await afterPaint();
  const url = URL.createObjectURL(new Blob([inlinedBytes(data)], { type: 'text/javascript' }));
  try {
    return await importFactory(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

// Starts one build. Emscripten's own output (abort texts) goes to the console as warnings, never to
// the page.
async function start(file, baseUrl, log, single) {
  // The single file's .wasm, inlined beside the loader: compiled while the loader is imported, once
  // the first page has been painted (its threads would compete with that page on a 2-core machine).
  // Beside the embed's bundle, the .wasm is fetched and compiled as it arrives (off the page's thread)
  // while the loader is imported, not after it (the loader's own fetch would begin only once it runs).
  const wasm = file === 'referral-engine.js' ? document.getElementById('referral-engine-wasm') : null;
  if (wasm) await afterPaint();
  const compiling = wasm ? compileInlined(wasm)
    : file === 'referral-engine.js' && !single ? compileFetched(new URL('referral-engine.wasm', baseUrl).href) : null;
  compiling?.catch(() => {});  // awaited below; a failure there falls back to the bytes
  const factory = await factoryOf(file, baseUrl, single, !!wasm);  // the .wasm's start waited for the paint
  let compiled = null;
  if (compiling) {
    try {
      compiled = await compiling;
    } catch (e) {
      log.push(`streaming compile: ${e && e.message ? e.message : e}`);
    }
  }
  const options = {
    locateFile: (p) => new URL(p, baseUrl).href,
    print: () => {},
    printErr: (text) => log.push(String(text)),
  };
  if (!compiled) return factory(wasm ? { ...options, wasmBinary: inlinedBytes(wasm) } : options);
  // Emscripten's hook for a module compiled elsewhere; a failure to instantiate rejects the start.
  return new Promise((resolve, reject) => {
    factory({
      ...options,
      instantiateWasm: (imports, receive) => {
        WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}

// Resolves to {kind, plan, relevantQuestions, describePack, workdays, packet, verifyPacket, auditLedger,
// importCatalogue, calendarFromNotice, configure, usePack, useBuiltInPack}: objects
// in, parsed envelopes out; `kind` is 'wasm' or 'js'. Rejects with EngineUnavailable, whose `reason`
// says why (ENGINE_MESSAGES). `single`: the single file (its engine inlined), where a JavaScript engine
// that is not beside the file is not a fault: the file does not carry it.
export async function loadEngine(baseUrl, { preferJs = false, single = false } = {}) {
  const causes = [];
  const notLoaded = [];
  let m = null;
  let kind = 'wasm';
  const wasmPossible = !preferJs && canCompileWasm();
  const attempt = async (name, file) => {
    try {
      return await start(file, baseUrl, causes, single);
    } catch (e) {
      if (e instanceof NotLoaded) notLoaded.push(name);
      causes.push(`${name}: ${e && e.message ? e.message : e}`);
      return null;
    }
  };
  if (wasmPossible) m = await attempt('wasm', 'referral-engine.js');
  else causes.push('wasm: this page cannot compile WebAssembly');
  if (!m) {
    kind = 'js';
    m = await attempt('js', 'referral-engine-js.js');
  }
  if (!m) {
    console.warn('移送助手: no engine could start.', causes.join(' | '));
    let reason = 'unsupported';
    if (single) { if (wasmPossible) reason = 'damaged'; }
    else if (notLoaded.length) reason = 'not-loaded';
    throw new EngineUnavailable(causes, reason, single);
  }
  return {
    kind,
    plan: (caseDoc) => JSON.parse(m.plan(JSON.stringify(caseDoc))),
    relevantQuestions: (partialCase) => JSON.parse(m.relevantQuestions(JSON.stringify(partialCase))),
    describePack: () => JSON.parse(m.describePack()),
    workdays: (start, n) => JSON.parse(m.workdays(start, n)),
    packet: (input, today) => JSON.parse(m.packet(JSON.stringify(input), today)),
    verifyPacket: (packetJsonText) => JSON.parse(m.verifyPacket(packetJsonText)),
    auditLedger: (jsonl, today) => JSON.parse(m.auditLedger(jsonl, today)),
    importCatalogue: (input) => JSON.parse(m.importCatalogue(JSON.stringify(input))),
    calendarFromNotice: (text) => JSON.parse(m.calendarFromNotice(text)),
    configure: (config) => JSON.parse(m.configure(JSON.stringify(config))),
    usePack: (packFileText) => JSON.parse(m.usePack(packFileText)),
    useBuiltInPack: () => JSON.parse(m.useBuiltInPack()),
  };
}
