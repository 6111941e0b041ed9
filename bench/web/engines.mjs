// The two builds of the engine side by side under node: WebAssembly (the embed's referral-engine.js +
// .wasm) and JavaScript (wasm2js, referral-engine-js.js, the fallback without WebAssembly).
// For each: start-up (module instantiated, first describePack(), which loads and checks the pack),
// plan() on tests/examples/town-finds-unlicensed-food.json (200 calls) and packet() on
// tests/examples/packet-market-to-town.json (100 calls), after 20 warm-up calls each.
// Usage (after scripts/build wasm): node bench/web/engines.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = `${root}/build/wasm/bin`;
const require = createRequire(import.meta.url);
const caseText = readFileSync(`${root}/tests/examples/town-finds-unlicensed-food.json`, 'utf8');
const packetText = readFileSync(`${root}/tests/examples/packet-market-to-town.json`, 'utf8');

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
function time(fn, n) {
  for (let i = 0; i < 20; i += 1) fn();
  const t = [];
  for (let i = 0; i < n; i += 1) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
  return `median ${quantile(t, 0.5).toFixed(2)} ms, p95 ${quantile(t, 0.95).toFixed(2)} ms`;
}

const builds = {
  wasm: () => require(`${bin}/referral-engine.js`)({ wasmBinary: readFileSync(`${bin}/referral-engine.wasm`) }),
  js: () => require(`${bin}/referral-engine-js.js`)(),
};
for (const [name, load] of Object.entries(builds)) {
  const t0 = performance.now();
  const m = await load();
  const t1 = performance.now();
  if (!JSON.parse(m.describePack()).ok) throw new Error(`${name}: describePack failed`);
  const t2 = performance.now();
  if (!JSON.parse(m.plan(caseText)).ok || !JSON.parse(m.packet(packetText, '2026-06-01')).ok) throw new Error(`${name}: plan/packet failed`);
  console.log(`${name}: start-up ${(t1 - t0).toFixed(1)} ms + first call ${(t2 - t1).toFixed(1)} ms; ` +
    `plan ${time(() => m.plan(caseText), 200)}; packet ${time(() => m.packet(packetText, '2026-06-01'), 100)}`);
}
