// workbook-read.js — an .xlsx read as hostile input (issue #25), for the catalogue import and the
// 台账 import (in the reader's worker or on the page in steps: reader.js) and for the node tools
// scripts/xlsx-to-csv.mjs and scripts/ledger-xlsx.mjs. No DOM here; SheetJS (@e965/xlsx) is passed in.
//
// Before SheetJS sees the file: its size (kWorkbookBytes), its ZIP directory (kWorkbookEntries
// parts, kWorkbookUnpackedBytes declared in all, no name twice: zip-read.js), and every part
// inflated once under those limits, so that what SheetJS inflates again is known to be bounded (a
// 1 MB file inflating to 1 GiB is refused without being inflated). SheetJS then reads in dense mode
// with sheetRows, and the rows are taken from the cells the sheet holds — never from the range its
// <dimension ref> declares: "A1:XFD1048576" in a 2 KB file was 1.7×10¹⁰ cells to iterate. A sheet
// with more than kSheetRows rows, or a cell with a value past kSheetColumns, is refused.
import { ReadRefused, inflateEntries, isZip, mib, zipDirectory } from './zip-read.js';

const WHAT = '表格文件';

// Steps (a generator, zip-read.js) that end in the workbook SheetJS read, dense. `sheets`: which
// sheets SheetJS parses (an index or names; the others are not read); `piece`: zip-read.js.
export function* readWorkbook(XLSX, bytes, limits, { sheets, piece } = {}) {
  if (bytes.length > limits.kWorkbookBytes) throw new ReadRefused('too_large', `${WHAT}超过 ${mib(limits.kWorkbookBytes)}，未读取`);
  if (!isZip(bytes)) throw new ReadRefused('invalid_value', '不是 .xlsx 文件（.xlsx 是 ZIP 格式）');
  const directory = zipDirectory(bytes, { maxEntries: limits.kWorkbookEntries, maxTotal: limits.kWorkbookUnpackedBytes, what: WHAT });
  // Every part inflated once within the limits (and dropped): what it declares is what it holds.
  for (const step of inflateEntries(bytes, directory, { want: () => true, maxTotal: limits.kWorkbookUnpackedBytes, what: WHAT, piece })) {
    if (step === null) yield null;
  }
  yield null;
  let book;
  try {
    book = XLSX.read(bytes, { type: 'array', dense: true, sheetRows: limits.kSheetRows + 1, cellDates: false, cellHTML: false,
      cellFormula: false, sheetStubs: false, bookVBA: false, ...(sheets === undefined ? {} : { sheets }) });
  } catch {
    throw new ReadRefused('invalid_value', '无法读取此 .xlsx 文件（文件已损坏，或不是 Excel / WPS 表格）');
  }
  return book;
}

// A sheet's cells as rows of cells: a dense sheet's own (what readWorkbook gives), or a sparse one's
// gathered from the cells it holds (a workbook made by SheetJS's utils) — never from its range.
function cellRows(XLSX, ws) {
  if (!ws) return [];
  if (ws['!data']) return ws['!data'];
  const data = [];
  for (const key of Object.keys(ws)) {
    if (key[0] === '!') continue;
    const { r, c } = XLSX.utils.decode_cell(key);
    (data[r] ??= [])[c] = ws[key];
  }
  return data;
}

// The rows of a sheet, each cell through `cell` (given undefined where the sheet has none), from the
// cells it holds. Refused past kSheetRows rows or kSheetColumns columns.
export function sheetRows(XLSX, ws, limits, cell) {
  const data = cellRows(XLSX, ws);
  if (data.length > limits.kSheetRows) throw new ReadRefused('too_large', `表格超过 ${limits.kSheetRows} 行，未读取`);
  const rows = new Array(data.length);
  for (let r = 0; r < data.length; r += 1) {
    const row = data[r] ?? [];
    if (row.length > limits.kSheetColumns) {
      throw new ReadRefused('too_large', `表格第 ${r + 1} 行超过 ${limits.kSheetColumns} 列，未读取`);
    }
    const out = new Array(row.length);
    for (let c = 0; c < row.length; c += 1) out[c] = cell(row[c]);
    rows[r] = out;
  }
  return rows;
}

// A cell as the catalogue import reads it: text as Excel shows it, except numbers (their value:
// 序号 1, not "1.0") and dates, given as their Excel serial number so that the engine reads them as
// dates whatever the cell's display format (m/d/yy …); empty cells are ''.
export function catalogueCell(cell) {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' || cell.t === 'b') return String(cell.v);
  return cell.w ?? String(cell.v);
}

// A cell as the ledger reads it back: its raw value (SheetJS's sheet_to_json raw: true).
export const rawCell = (cell) => (cell && cell.v !== null ? cell.v : undefined);

// Rows without a value anywhere dropped (sheet_to_json's blankrows: false), holes as undefined.
export function withoutBlankRows(rows) {
  return rows.filter((r) => r.some((v) => v !== undefined && v !== ''));
}
