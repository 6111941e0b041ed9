// reader.js — the page's side of the reader (issue #25): the .xlsx and ZIP files an official chooses
// are read in a Web Worker (worker.js), so that the page keeps answering while a large or hostile
// file is read and the official can cancel it; where no worker can start (a portal whose CSP has a
// worker-src without 'self', an embed served from another origin), the same code (ops.js) runs on
// the page in steps of a few milliseconds, yielding to the page between them.
//
// Starting the worker: in the single file, from a blob: URL made of its inlined blocks (SheetJS, then
// the worker), which a page from file:// may start; in the embed, referral-reader.js beside this
// bundle (same origin: the portal's script-src 'self' allows it; a blob: URL it would refuse), which
// loads referral-xlsx.js beside it when a workbook is first read. A worker that reports an error
// before it answers, or does not answer within WORKER_START_MS, is given up for the page.
//
// makeReader(base) → {catalogueRows(bytes, opts), ledgerLines(bytes, opts), openPacket(bytes, opts),
//   packetContents(job, expected, opts), close(job), mode()}: opts {signal} (an AbortSignal: the
//   read stops, the promise rejects with ReadCancelled). Refusals reject with a ReadRefused.
import LIMITS from 'referral:limits';
import { inlinedBytes } from '../engine.js';
import { sha256Hex } from '../attachments.js';
import { loadXlsx } from '../xlsx.js';
import { makeOps } from './ops.js';
import { PIECE, ReadRefused } from './zip-read.js';

export { LIMITS };
export const WORKER_START_MS = 10000;

export class ReadCancelled extends Error {
  constructor() { super('已取消读取'); this.name = 'ReadCancelled'; }
}

// The worker, and where it finds SheetJS. In the single file, one blob: URL of its blocks, SheetJS in
// front (a worker started from a blob: URL of a page from file:// may not load another blob: URL);
// in the embed, the files beside this bundle, SheetJS loaded only when a workbook is first read.
function startWorker(base) {
  const inlined = document.getElementById('referral-reader');
  if (!inlined) {
    return { worker: new Worker(new URL('referral-reader.js', base).href), xlsxUrl: new URL('referral-xlsx.js', base).href, blobs: [] };
  }
  const xlsx = document.getElementById('referral-xlsx');
  const url = URL.createObjectURL(new Blob([...(xlsx ? [inlinedBytes(xlsx), '\n;\n'] : []), inlinedBytes(inlined)], { type: 'text/javascript' }));
  try {
    return { worker: new Worker(url), xlsxUrl: '', blobs: [url] };
  } catch (e) {  // where it may not start (some CSPs)
    URL.revokeObjectURL(url);
    throw e;
  }
}

export function makeReader(base) {
  let state = null;      // {worker, ready: Promise<boolean>, pending: Map}
  let onPage = false;    // no worker could start: the page reads
  let started = false;   // a worker has answered
  let seq = 0;
  let current = null;    // the AbortSignal of the read running on the page
  let last = 0;
  // On the page: a yield to the event loop every 8 ms of work, where a cancel is noticed.
  const pause = async () => {
    if (performance.now() - last < 8) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = performance.now();
    if (current?.aborted) throw new ReadCancelled();
  };
  const here = makeOps({ limits: LIMITS, getXlsx: () => loadXlsx(base), pause, sha256Hex, piece: PIECE.page });

  const stop = (reason) => {
    if (!state) return;
    state.worker.terminate();
    for (const u of state.blobs ?? []) URL.revokeObjectURL(u);
    for (const p of state.pending.values()) p.reject(reason);
    state = null;
  };
  const worker = () => {
    if (onPage) return null;
    if (state) return state;
    let made;
    try {
      made = startWorker(base);
    } catch (e) {
      console.warn('移送助手: the reader\'s worker cannot start; files are read on the page.', e?.message ?? e);
      onPage = true;
      return null;
    }
    const s = { worker: made.worker, pending: new Map() };
    s.ready = new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), WORKER_START_MS);
      s.pending.set(0, { resolve: () => { clearTimeout(timer); resolve(true); }, reject: () => { clearTimeout(timer); resolve(false); } });
    });
    s.worker.onmessage = ({ data }) => {
      const p = s.pending.get(data.id);
      if (!p) return;
      s.pending.delete(data.id);
      if (data.error) p.reject(new ReadRefused(data.error.code, data.error.message, data.error.entry));
      else p.resolve(data.result);
    };
    s.worker.onerror = (e) => {
      e.preventDefault?.();
      const failed = new ReadRefused('internal', '读取文件时出错，请重试');
      for (const p of s.pending.values()) p.reject(failed);
      s.pending.clear();
      if (state === s) stop(failed);
    };
    s.worker.postMessage({ id: 0, op: 'init', args: [made.xlsxUrl] });
    s.ready.then((ok) => { started ||= ok; });
    s.blobs = made.blobs;  // revoked when this worker ends
    state = s;
    return s;
  };

  async function run(op, args, { signal, transfer = [] } = {}) {
    if (signal?.aborted) throw new ReadCancelled();
    const s = worker();
    if (s && !(await s.ready)) {
      if (state === s) stop(new ReadCancelled());
      console.warn('移送助手: the reader\'s worker did not start; files are read on the page.');
      onPage = true;
    }
    if (onPage) {
      current = signal ?? null;
      last = performance.now();
      try {
        return await here[op](...args);
      } finally {
        current = null;
      }
    }
    return new Promise((resolve, reject) => {
      const id = ++seq;
      state.pending.set(id, { resolve, reject });
      // A cancel ends the worker at once, whatever it is doing; the next read starts another.
      signal?.addEventListener('abort', () => stop(new ReadCancelled()), { once: true });
      state.worker.postMessage({ id, op, args }, transfer.filter((b) => b.byteLength));
    });
  }

  return {
    limits: LIMITS,
    catalogueRows: (bytes, opts) => run('catalogueRows', [bytes], opts),
    ledgerLines: (bytes, opts = {}) => run('ledgerLines', [bytes, opts.words ?? {}], opts),
    // The bytes stay with the reader for packetContents; with {owned: true} (bytes read from the
    // official's file, used for nothing else) they are moved to the worker, not copied: a packet may be large.
    openPacket: (job, bytes, opts = {}) => run('openPacket', [job, bytes], { ...opts, transfer: opts.owned ? [bytes.buffer] : [] }),
    packetContents: (job, expected, opts) => run('packetContents', [job, expected], opts),
    close: (job) => { if (onPage) here.close(job); else state?.worker.postMessage({ id: -1, op: 'close', args: [job] }); },
    // 'worker' once a worker has answered, 'page' once none could start, else 'idle' (none asked for yet).
    mode: () => (onPage ? 'page' : started ? 'worker' : 'idle'),
  };
}
