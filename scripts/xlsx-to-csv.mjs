#!/usr/bin/env node
// Converts the first sheet of an .xlsx catalogue (the office's 赋权事项清单) to CSV (UTF-8, RFC 4180)
// for the CLI, which reads CSV only:
//   node scripts/xlsx-to-csv.mjs LIST.xlsx > LIST.csv && referral check-catalogue LIST.csv
// The cells are read exactly as the page reads them (web/js/components/catalogue-import/xlsx-rows.mjs,
// @e965/xlsx): dates become Excel serial numbers, which the importer reads as dates. Exit 2 with a
// message on stderr when the file is no readable workbook.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sheetRowsWith } from '../web/js/components/catalogue-import/xlsx-rows.mjs';
import { readLimits } from './lib/limits.mjs';

const require = createRequire(import.meta.url);
const XLSX = require('@e965/xlsx');
const file = process.argv[2];
if (!file || process.argv.length !== 3) {
  process.stderr.write('usage: node scripts/xlsx-to-csv.mjs LIST.xlsx > LIST.csv\n');
  process.exit(2);
}
let rows;
try {
  rows = sheetRowsWith(XLSX, new Uint8Array(readFileSync(file)), readLimits());
} catch (e) {
  process.stderr.write(`xlsx-to-csv: ${file}: 无法读取（不是有效的 .xlsx 文件）/ not a readable workbook: ${e.message}\n`);
  process.exit(2);
}
const quote = (c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
process.stdout.write(rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n');
