// zip-read.js — a ZIP read as hostile input (issue #25): what its central directory declares is
// checked before anything is inflated, and inflating is bounded by it. Used by the .xlsx readers
// (workbook-read.js) and the check of a received packet (packet-read.js), in the reader's Web
// Worker or, where no worker can start, on the page in small steps (reader.js). No DOM here.
//
// zipDirectory(bytes, {maxEntries, maxTotal}) → [{name, size, originalSize, compression}]: the central
//   directory as fflate's unzipSync reads it (its filter sees each entry before inflating and
//   inflates none here). Refused: more than maxEntries entries, declared sizes together over
//   maxTotal (a ZIP bomb, from what it declares), two entries of one name (the unzip keeps only the
//   last, so a forged copy placed before the genuine one went unseen: W5).
// inflateEntries(bytes, directory, {want, maxTotal, piece}) — a generator over fflate's streaming
//   Unzip, fed `piece` bytes per step (each step's work is bounded: at most about 1,000 times the
//   piece, deflate's largest ratio: 64 KiB in the worker, 1 KiB on the page, about a millisecond). Yields null after each step and [name, bytes] for each entry
//   `want(name)` selects, once whole. An entry inflating past its declared size, the total past
//   maxTotal, or local headers that disagree with the central directory (another name, another
//   order, one more or less) are refused; nothing past the limit is kept.
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

// A refusal: `code` as the engine's error codes (too_large, duplicate_id, invalid_value …), a
// Chinese message, and the entry it is about when there is one.
export class ReadRefused extends Error {
  constructor(code, message, entry = '') {
    super(message);
    this.name = 'ReadRefused';
    this.code = code;
    this.entry = entry;
  }
}

export const mib = (n) => `${Math.round(n / 1048576)} MiB`;

export function isZip(bytes) {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
}

export function zipDirectory(bytes, { maxEntries, maxTotal, what = '压缩文件', notZip = `${what}已损坏，或不是 ZIP 格式` }) {
  const entries = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (entries.length >= maxEntries) throw new ReadRefused('too_large', `${what}中的文件超过 ${maxEntries} 个`);
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize, compression: f.compression });
        return false;  // nothing inflated here
      },
    });
  } catch (e) {
    if (e instanceof ReadRefused) throw e;
    throw new ReadRefused('invalid_value', notZip);
  }
  const seen = new Set();
  let total = 0;
  for (const e of entries) {
    if (seen.has(e.name)) throw new ReadRefused('duplicate_id', `${what}中有两个同名文件“${e.name}”：其中一个是伪造或重复放入的，无法确定哪一个是原件`, e.name);
    seen.add(e.name);
    if (e.compression !== 0 && e.compression !== 8) throw new ReadRefused('invalid_value', `“${e.name}”的压缩方式无法读取`, e.name);
    total += e.originalSize;
    if (total > maxTotal) throw new ReadRefused('too_large', `${what}解压后超过 ${mib(maxTotal)}（按其目录声明的大小），未解压`);
  }
  return entries;
}

export const PIECE = { worker: 65536, page: 1024 };

export function* inflateEntries(bytes, directory, { want = () => true, maxTotal, piece = PIECE.worker, what = '压缩文件' }) {
  const declared = new Map(directory.map((e) => [e.name, e.originalSize]));
  let next = 0;        // the central directory's entry the next local header must be
  let total = 0;
  let failure = null;
  const whole = [];
  const fail = (e) => { failure ??= e; };
  const unzip = new Unzip((file) => {
    if (directory[next]?.name !== file.name) {
      fail(new ReadRefused('invalid_value', `${what}的目录与其中的文件不一致（“${file.name}”），文件可能已被改动`, file.name));
      return;
    }
    next += 1;
    if (!want(file.name)) return;  // not started: its data is skipped, never inflated
    const limit = declared.get(file.name);
    // Written in place as it comes (its size is declared and within the limits), never joined at the end.
    let out = null;
    let got = 0;
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) { fail(new ReadRefused('invalid_value', `“${file.name}”无法解压，文件已损坏`, file.name)); return; }
      got += data.length;
      total += data.length;
      if (got > limit) { fail(new ReadRefused('invalid_value', `“${file.name}”解压后超过其声明的大小，文件已损坏或被改动`, file.name)); return; }
      if (total > maxTotal) { fail(new ReadRefused('too_large', `${what}解压后超过 ${mib(maxTotal)}`, file.name)); return; }
      out ??= new Uint8Array(limit);
      out.set(data, got - data.length);
      if (!final) return;
      if (got !== limit) { fail(new ReadRefused('invalid_value', `“${file.name}”短于其声明的大小，文件已损坏`, file.name)); return; }
      whole.push([file.name, out ?? new Uint8Array(0)]);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length; at += piece) {
    try {
      unzip.push(bytes.subarray(at, at + piece), at + piece >= bytes.length);
    } catch {
      fail(new ReadRefused('invalid_value', `${what}已损坏，无法读取`));
    }
    if (failure) throw failure;
    while (whole.length) yield whole.shift();
    yield null;
  }
  if (next !== directory.length) throw new ReadRefused('invalid_value', `${what}的目录与其中的文件不一致，文件可能已被改动`);
}

// Runs a generator of steps to its end at once (in the worker, in node); its return value.
export function runAll(steps) {
  for (;;) {
    const { value, done } = steps.next();
    if (done) return value;
  }
}
