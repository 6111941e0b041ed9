#!/usr/bin/env node
// Reads a ledger workbook exported by the page (台账 → 导出 Excel: sheets 台账, 办理记录, 案件) back into
// the JSON Lines that `referral audit` reads, with the page's own reader
// (web/js/components/ledger/ledger-model.js). Rows of 办理记录 may have been added or corrected in
// Excel or WPS, with names only (步骤, 办理机关, 对方 as the sheet shows them: read through the bundled
// pack's names, forms/qidong-2020-38); a bad row is named (sheet and row) and nothing is written.
// Usage: node scripts/ledger-xlsx.mjs LEDGER.xlsx > LEDGER.jsonl     (exit 2 on a bad workbook)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { ledgerFromWorkbook, ledgerJsonl } from '../web/js/components/ledger/ledger-model.js';
import { runAll } from '../web/js/read/zip-read.js';
import { readWorkbook } from '../web/js/read/workbook-read.js';
import { readLimits } from './lib/limits.mjs';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  process.stderr.write('usage: node scripts/ledger-xlsx.mjs LEDGER.xlsx > LEDGER.jsonl\n');
  process.exit(1);
}
// Read as the page reads it: sizes and dimensions checked before inflating or iterating (src/core/limits.h).
const limits = readLimits();
let wb;
try {
  wb = runAll(readWorkbook(XLSX, new Uint8Array(readFileSync(file)), limits));
} catch (e) {
  process.stderr.write(`ledger-xlsx: cannot read ${file} as a workbook (${e.message})\n`);
  process.exit(2);
}
// The pack's names of offices and steps, as the page writes them into the workbook.
const pack = (name) => JSON.parse(readFileSync(fileURLToPath(new URL(`../forms/qidong-2020-38/${name}`, import.meta.url)), 'utf8'));
const names = Object.fromEntries(pack('authorities.json').authorities.map((a) => [a.id, a.name]));
const actions = Object.fromEntries(pack('rules.json').actions.map((a) => [a.id, a.label]));
const r = ledgerFromWorkbook(XLSX, wb, { names, actions, limits });
if (!r.ok) {
  process.stderr.write(`ledger-xlsx: ${file}:\n${r.errors.map((e) => `  ${e}`).join('\n')}\n`);
  process.exit(2);
}
process.stdout.write(ledgerJsonl(r.lines));
