// ops.js — what the reader does with a file the official chose, the same in its Web Worker
// (worker.js) and, where no worker can start, on the page (reader.js): each op reads hostile input
// within the limits of src/core/limits.h, in steps, awaiting `pause()` between them (nothing in the
// worker; on the page a yield to the event loop, where a cancel is also noticed). No DOM here.
//   catalogueRows(bytes)        → the first sheet's rows of text cells (catalogue import)
//   ledgerLines(bytes, words)   → {ok, lines} | {ok: false, errors} (台账 import: ledger-model.js; words:
//                                 {names, actions} of the pack, to read rows typed with names only)
//   openPacket(job, bytes)      → {directory, packetJson}; the bytes are kept under `job`
//   packetContents(job, expected) → [{name, ok, message}]; then the bytes are let go
// A refusal throws a ReadRefused (zip-read.js): {code, message (Chinese), entry}.
import { sheetRowsSteps } from '../components/catalogue-import/xlsx-rows.mjs';
import { SHEETS, ledgerFromWorkbook } from '../components/ledger/ledger-model.js';
import { readWorkbook } from './workbook-read.js';
import { checkContents, drain, openPacket } from './packet-read.js';

export function makeOps({ limits, getXlsx, pause, sha256Hex, piece }) {
  const jobs = new Map();
  return {
    async catalogueRows(bytes) {
      const XLSX = await getXlsx();
      return drain(sheetRowsSteps(XLSX, bytes, limits, piece), pause);
    },
    async ledgerLines(bytes, { names = {}, actions = {} } = {}) {
      const XLSX = await getXlsx();
      const wb = await drain(readWorkbook(XLSX, bytes, limits, { sheets: [SHEETS.cases, SHEETS.events], piece }), pause);
      return ledgerFromWorkbook(XLSX, wb, { names, actions, limits });
    },
    async openPacket(job, bytes) {
      const opened = await openPacket(bytes, limits, pause, piece);
      jobs.set(job, { bytes, directory: opened.directory });
      return opened;
    },
    async packetContents(job, expected) {
      const j = jobs.get(job);
      jobs.delete(job);
      if (!j) throw new Error('packet job unknown');
      return checkContents(j.bytes, j.directory, expected, limits, pause, sha256Hex, piece);
    },
    close(job) { jobs.delete(job); },
  };
}
