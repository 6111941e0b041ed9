// worker.js — the reader's Web Worker (issue #25): reads the .xlsx and ZIP files an official chooses
// (ops.js) off the page, so that the page answers while a large or hostile file is read and the
// read can be cancelled (reader.js terminates the worker). Bundled by scripts/bundle.mjs as a
// classic script: referral-reader.js beside the embed (same origin, allowed by the portal's
// script-src 'self'), and in the single file a non-executed block that reader.js starts from a
// blob: URL with SheetJS in front of it. Messages: {id, op, args} → {id, result} | {id, error}; the
// first, 'init', says where SheetJS is in the embed.
import LIMITS from 'referral:limits';
import { makeOps } from './ops.js';
import { PIECE } from './zip-read.js';

let xlsxUrl = '';
const hex = (digest) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
const ops = makeOps({
  limits: LIMITS,
  // SheetJS: in front of this script in the single file, else referral-xlsx.js beside the embed
  // (same origin), loaded when a workbook is first read.
  getXlsx: async () => {
    if (typeof self.XLSX !== 'object') importScripts(xlsxUrl);
    return self.XLSX;
  },
  pause: async () => {},
  piece: PIECE.worker,
  sha256Hex: async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes)),
});

self.onmessage = async ({ data }) => {
  const { id, op, args } = data;
  if (op === 'init') { xlsxUrl = args[0]; self.postMessage({ id, result: 'ready' }); return; }
  try {
    self.postMessage({ id, result: await ops[op](...args) });
  } catch (e) {
    self.postMessage({ id, error: { code: e?.code ?? 'invalid_value', message: String(e?.message ?? e), entry: e?.entry ?? '' } });
  }
};
