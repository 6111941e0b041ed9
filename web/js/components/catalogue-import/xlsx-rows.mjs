// xlsx-rows — the first sheet of an .xlsx workbook as rows of text cells, header first, given a
// SheetJS build (`XLSX`: @e965/xlsx, in the page its mini build through xlsx-reader.js, in the CLI's
// scripts/xlsx-to-csv.mjs the package itself). Cells are text as Excel shows them, except numbers
// (their value: 序号 1, not "1.0") and dates, given as their Excel serial number so that the engine
// reads them as dates whatever the cell's display format (m/d/yy …); empty cells are ''.
export function sheetRowsWith(XLSX, bytes) {
  // An .xlsx is a ZIP archive; SheetJS would read other bytes as text, so anything else is refused here.
  if (!(bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4)) throw new Error('not an .xlsx (ZIP) file');
  const book = XLSX.read(bytes, { type: 'array', cellDates: false });
  const sheet = book.Sheets[book.SheetNames[0]];
  if (!sheet || !sheet['!ref']) throw new Error('the workbook has no sheet with cells');
  const range = XLSX.utils.decode_range(sheet['!ref']);
  const rows = [];
  for (let r = 0; r <= range.e.r; r += 1) {
    const row = [];
    for (let c = 0; c <= range.e.c; c += 1) {
      const cell = sheet[XLSX.utils.encode_cell({ r, c })];
      if (!cell || cell.v === undefined || cell.v === null) row.push('');
      else if (cell.t === 'n' || cell.t === 'b') row.push(String(cell.v));
      else row.push(cell.w ?? String(cell.v));
    }
    rows.push(row);
  }
  return rows;
}
