// xlsx-reader — the .xlsx reader of the catalogue import, built on its own (scripts/bundle.mjs) and
// run only when an official picks an .xlsx file: SheetJS (@e965/xlsx 0.20.3, its "mini" build: XLSX
// without the legacy formats and code pages) is ~88 KB gzip, too much to parse on every start.
// Defines globalThis.ReferralXlsx = {sheetRows(bytes) → [[cell]]}.
import * as XLSX from '@e965/xlsx/dist/xlsx.mini.min.js';
import { sheetRowsWith } from './xlsx-rows.mjs';

globalThis.ReferralXlsx = { sheetRows: (bytes) => sheetRowsWith(XLSX, bytes) };
