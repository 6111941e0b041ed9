// The WebAssembly engine under node (issue #10: before/after -fno-exceptions): module start-up to
// the first plan, plan() and packet() on the wizard's JSON interface. Medians of repeated calls.
// Run: node --no-experimental-fetch bench/wasm-engine.mjs [DIR]   (DIR holds referral-engine.js and .wasm;
//      default build/wasm/bin)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? `${root}/build/wasm/bin`);
const require = createRequire(import.meta.url);
const caseText = readFileSync(`${root}/tests/examples/town-finds-unlicensed-food.json`, 'utf8');
const packetText = readFileSync(`${root}/tests/examples/packet-market-to-town.json`, 'utf8');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const t0 = performance.now();
const wasmBinary = readFileSync(`${dir}/referral-engine.wasm`);
const engine = await require(`${dir}/referral-engine.js`)({ wasmBinary });
const first = JSON.parse(engine.plan(caseText));
const startup = performance.now() - t0;
if (!first.ok) throw new Error('the first plan failed');

const time = (n, f) => {
  const xs = [];
  for (let i = 0; i < n; ++i) {
    const s = performance.now();
    f();
    xs.push(performance.now() - s);
  }
  return xs;
};
const plans = time(500, () => engine.plan(caseText));
const packets = time(100, () => {
  if (!JSON.parse(engine.packet(packetText, '2026-06-01')).ok) throw new Error('packet failed');
});
const bad = time(200, () => engine.plan('{"date": "\udcff'));
console.log(JSON.stringify({
  dir: path.relative(root, dir) || dir,
  wasm_bytes: wasmBinary.length,
  startup_to_first_plan_ms: +startup.toFixed(2),
  plan_median_ms: +median(plans).toFixed(3),
  packet_median_ms: +median(packets).toFixed(3),
  bad_input_median_ms: +median(bad).toFixed(3),
  loadavg: loadavg().map((x) => +x.toFixed(2)),
}));
