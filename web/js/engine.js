// engine.js — the one file that touches the engine module (wasm/referral.d.ts).
// Two builds of the same C++ engine: WebAssembly (referral-engine.js + .wasm, or inlined in the single
// file), and the fallback translated to plain JavaScript by wasm2js (referral-engine-js.js), used only
// when this browser cannot compile WebAssembly: it has none, or a Content-Security-Policy refuses it
// (a browser older than Chromium 97 does not know 'wasm-unsafe-eval' and so refuses every module
// under a CSP without 'unsafe-eval'). The choice is made at run time and shown nowhere; only when
// neither can start does loadEngine reject, with an EngineUnavailable whose message is for people.
import { inflateSync } from 'fflate';

// What the page says when nothing can run (never Emscripten's own text).
export const UNSUPPORTED_MESSAGE = '此浏览器无法运行移送助手：请使用 360 安全浏览器的极速模式、Edge 或 Chrome 86 以上版本打开本文件。';

export class EngineUnavailable extends Error {
  constructor(causes) {
    super(UNSUPPORTED_MESSAGE);
    this.name = 'EngineUnavailable';
    this.causes = causes;  // what each build reported, for developers (console, tests)
  }
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
// Under a CSP that refuses it this throws "Wasm code generation disallowed by embedder".
export function canCompileWasm() {
  try {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.Module !== 'function') return false;
    return new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])) instanceof WebAssembly.Module;
  } catch {
    return false;
  }
}

// The single file carries its engines as the text of non-executed <script type="text/plain"
// id="referral-engine…"> blocks (scripts/bundle.mjs), so that parsing them never delays the first
// page: they are run from a blob: URL once the first page has been painted. Large ones are stored
// deflated and in base64 (data-encoding="deflate-raw;base64"): a third of the bytes to parse.
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
export function inlinedBytes(data) {
  const text = data.textContent.trim();
  if (data.dataset.encoding !== 'deflate-raw;base64') return new TextEncoder().encode(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return inflateSync(bytes);
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

// Starts one build: its factory is a global once its script ran (inlined in the single file, or
// fetched from beside this bundle). Emscripten's own output (abort texts) goes to the console as
// warnings, never to the page.
async function start(globalName, file, baseUrl, log) {
  if (typeof globalThis[globalName] !== 'function' && !(await runInlined(file.replace(/\.js$/, '')))) {
    await injectScript(new URL(file, baseUrl).href);
  }
  // The single file's .wasm, inlined beside the loader script.
  const wasm = globalName === 'ReferralModule' ? document.getElementById('referral-engine-wasm') : null;
  return globalThis[globalName]({
    ...(wasm ? { wasmBinary: inlinedBytes(wasm) } : {}),
    locateFile: (p) => new URL(p, baseUrl).href,
    print: () => {},
    printErr: (text) => log.push(String(text)),
  });
}

// Resolves to {kind, plan, relevantQuestions, describePack, workdays, packet, verifyPacket, auditLedger,
// importCatalogue, calendarFromNotice, configure}: objects
// in, parsed envelopes out; `kind` is 'wasm' or 'js'. Rejects with EngineUnavailable.
export async function loadEngine(baseUrl, { preferJs = false } = {}) {
  const causes = [];
  let m = null;
  let kind = 'wasm';
  if (!preferJs && canCompileWasm()) {
    try {
      m = await start('ReferralModule', 'referral-engine.js', baseUrl, causes);
    } catch (e) {
      causes.push(`wasm: ${e && e.message ? e.message : e}`);
    }
  } else {
    causes.push('wasm: this page cannot compile WebAssembly');
  }
  if (!m) {
    kind = 'js';
    try {
      m = await start('ReferralModuleJs', 'referral-engine-js.js', baseUrl, causes);
    } catch (e) {
      causes.push(`js: ${e && e.message ? e.message : e}`);
    }
  }
  if (!m) {
    console.warn('移送助手: no engine could start.', causes.join(' | '));
    throw new EngineUnavailable(causes);
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
  };
}
