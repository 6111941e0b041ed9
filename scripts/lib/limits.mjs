// limits.mjs — the input limits of src/core/limits.h, read from that header, for the JavaScript that
// checks them too (the page's readers, bundled as the module `referral:limits` by scripts/bundle.mjs;
// scripts/xlsx-to-csv.mjs and scripts/ledger-xlsx.mjs). limits.h stays their one owner: every
// `inline constexpr <integer type> kName = <expression>;` of it, evaluated (integers, <<, +, and
// names defined above), as {kName: number}.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const header = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/core/limits.h');

export function readLimits(file = header) {
  const limits = {};
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/inline\s+constexpr\s+(?:size_t|int|long long|unsigned)\s+(k\w+)\s*=\s*([^;]+);/g)) {
    const expr = m[2].trim();
    // Only what the header uses: integer literals (with u/ll suffixes), names above, << and +.
    const js = expr.replace(/\b(\d+)(?:u|ll|ull|l)?\b/gi, '$1').replace(/\b(k\w+)\b/g, (name) => {
      if (!(name in limits)) throw new Error(`limits.h: ${m[1]} uses ${name} before it is defined`);
      return String(limits[name]);
    });
    if (!/^[\d\s<+()]+$/.test(js)) throw new Error(`limits.h: cannot read ${m[1]} = ${expr}`);
    // << in JavaScript is 32-bit: evaluate shifts as multiplications.
    const value = Function(`"use strict"; return (${js.replace(/(\d+)\s*<<\s*(\d+)/g, (_, a, b) => `(${a} * ${2 ** Number(b)})`)});`)();
    if (!Number.isSafeInteger(value)) throw new Error(`limits.h: ${m[1]} is not an integer`);
    limits[m[1]] = value;
  }
  if (!limits.kWorkbookBytes || !limits.kPacketZipBytes) throw new Error('limits.h: the readers\' limits are missing');
  return limits;
}
