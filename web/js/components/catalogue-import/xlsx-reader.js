// xlsx-reader — the first sheet of an .xlsx file as rows of text cells, for the catalogue import.
// Built on its own (scripts/bundle.mjs) and loaded only when an official picks an .xlsx file: SheetJS
// (@e965/xlsx 0.20.3, its "mini" build: XLSX without the legacy formats and code pages) is ~88 KB
// gzip, too much to parse on every start. Defines globalThis.ReferralXlsx.
import { SSF, read, utils } from '@e965/xlsx/dist/xlsx.mini.min.js';

// Cells as text as Excel shows them, except dates, given as their serial number so that the engine
// reads them as Excel dates whatever the cell's display format (m/d/yy …); empty cells as ''.
function sheetRows(bytes) {
  const book = read(bytes, { type: 'array', cellDates: false });
  const sheet = book.Sheets[book.SheetNames[0]];
  if (!sheet || !sheet['!ref']) throw new Error('no sheet');
  const range = utils.decode_range(sheet['!ref']);
  const rows = [];
  for (let r = 0; r <= range.e.r; r += 1) {
    const row = [];
    for (let c = 0; c <= range.e.c; c += 1) {
      const cell = sheet[utils.encode_cell({ r, c })];
      if (!cell || cell.v === undefined || cell.v === null) row.push('');
      else if (cell.t === 'n' && cell.z && SSF.is_date(cell.z)) row.push(String(cell.v));
      else if (cell.t === 'n' || cell.t === 'b') row.push(String(cell.v));
      else row.push(cell.w ?? String(cell.v));
    }
    rows.push(row);
  }
  return rows;
}

globalThis.ReferralXlsx = { sheetRows };
