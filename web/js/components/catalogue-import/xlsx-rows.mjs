// xlsx-rows — the first sheet of an .xlsx workbook as rows of text cells, header first, given a
// SheetJS build (`XLSX`: @e965/xlsx, in the page its mini build in the reader's worker, in the CLI's
// scripts/xlsx-to-csv.mjs the package itself) and the limits of src/core/limits.h. Read as hostile
// input (web/js/read/workbook-read.js: sizes and dimensions checked before inflating or iterating);
// cells as the catalogue import reads them (catalogueCell). Throws a ReadRefused with a Chinese message.
import { ReadRefused, runAll } from '../../read/zip-read.js';
import { catalogueCell, readWorkbook, sheetRows } from '../../read/workbook-read.js';

// Steps (web/js/read/zip-read.js) ending in the rows.
export function* sheetRowsSteps(XLSX, bytes, limits, piece) {
  const book = yield* readWorkbook(XLSX, bytes, limits, { sheets: 0, piece });
  const rows = sheetRows(XLSX, book.Sheets[book.SheetNames[0]], limits, catalogueCell);
  if (!rows.length) throw new ReadRefused('invalid_value', '表格的第一个工作表中没有内容');
  return rows;
}

export const sheetRowsWith = (XLSX, bytes, limits) => runAll(sheetRowsSteps(XLSX, bytes, limits));
