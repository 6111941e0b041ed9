// packet-read.js — a received packet ZIP read as hostile input (issue #25, W4/W5): the checks of
// `referral verify` (src/host/packet_zip.h) in the same order, for the page. No DOM here.
//   1. openPacket: the ZIP's size and central directory (kPacketZipEntries, kPacketZipBytes declared
//      in all, no name twice), then packet.json alone inflated (at most kPacketJsonBytes);
//   2. the engine's verifyPacket on it (the caller, on the page);
//   3. manifestProblems: every entry against the manifest, from the directory still — none it does
//      not list, none it lists missing, each declared size the manifest's (attachments, at most
//      kAttachmentBytes) or the regenerated document's;
//   4. checkContents: each of the other entries inflated within its declared size, a document
//      compared byte for byte with the regenerated one, an attachment's SHA-256 with the manifest.
import { ReadRefused, inflateEntries, mib, zipDirectory } from './zip-read.js';

const WHAT = '材料包';
const utf8 = new TextEncoder();

// Runs steps (a generator of zip-read.js), awaiting pause() at each; `onEntry` for whole entries.
export async function drain(steps, pause, onEntry = async () => {}) {
  for (;;) {
    const { value, done } = steps.next();
    if (done) return value;
    if (value === null) await pause();
    else await onEntry(value);
  }
}

export async function openPacket(bytes, limits, pause, piece) {
  if (bytes.length > limits.kPacketZipBytes) throw new ReadRefused('too_large', `${WHAT}超过 ${mib(limits.kPacketZipBytes)}，未读取`);
  const directory = zipDirectory(bytes, { maxEntries: limits.kPacketZipEntries, maxTotal: limits.kPacketZipBytes, what: WHAT,
    notZip: '文件已损坏，或不是材料包（ZIP 压缩文件）。' });
  const manifest = directory.find((e) => e.name === 'packet.json');
  if (!manifest) throw new ReadRefused('missing_field', '材料包中没有材料包清单，不是移送助手导出的材料包。', 'packet.json');
  if (manifest.originalSize > limits.kPacketJsonBytes) {
    throw new ReadRefused('too_large', `材料包清单超过 ${mib(limits.kPacketJsonBytes)}（按 ZIP 目录声明），未解压`, 'packet.json');
  }
  let json = null;
  await drain(inflateEntries(bytes, directory, { want: (n) => n === 'packet.json', maxTotal: limits.kPacketZipBytes, what: WHAT, piece }),
    pause, async ([, data]) => { json = data; });
  return { directory: directory.map((e) => ({ name: e.name, size: e.originalSize })), packetJson: new TextDecoder().decode(json) };
}

// What the manifest says each entry must be: [{name, text} | {name, size, sha256}] (packet.json left out).
export function expectedEntries(v) {
  return v.files.filter((f) => f.name !== 'packet.json').map((f) => (f.attachment === undefined
    ? { name: f.name, text: f.text }
    : { name: f.name, size: v.attachments[f.attachment].size, sha256: v.attachments[f.attachment].sha256 }));
}

// Checks 3: [{name, ok: false, message}] for every entry that disagrees with the manifest, from the
// directory (such an entry is never inflated; the others are checked by their contents).
export function manifestProblems(directory, expected, limits) {
  const problems = [];
  const listed = new Map(expected.map((e) => [e.name, e]));
  const present = new Map(directory.map((e) => [e.name, e.size]));
  for (const e of directory) {
    if (e.name === 'packet.json' || (e.name.endsWith('/') && e.size === 0)) continue;
    if (!listed.has(e.name)) problems.push({ name: e.name, ok: false, message: '清单之外的文件：材料包清单中没有此文件' });
  }
  for (const f of expected) {
    if (!present.has(f.name)) { problems.push({ name: f.name, ok: false, message: '缺少此文件' }); continue; }
    const size = present.get(f.name);
    if (f.text !== undefined) {
      const want = utf8.encode(f.text).length;
      if (size !== want) problems.push({ name: f.name, ok: false, message: `大小（${size} 字节）与按清单重新生成的文书（${want} 字节）不同，文书已被改动，未解压` });
    } else if (f.size > limits.kAttachmentBytes || size > limits.kAttachmentBytes) {
      problems.push({ name: f.name, ok: false, message: `附件超过 ${mib(limits.kAttachmentBytes)}，未解压` });
    } else if (size !== f.size) {
      problems.push({ name: f.name, ok: false, message: `SHA-256 或大小与清单不符（清单 ${f.size} 字节；ZIP 中声明 ${size} 字节），未解压` });
    }
  }
  return problems;
}

const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

// Checks 4: [{name, ok, message}] in the manifest's order, each entry inflated once.
export async function checkContents(bytes, directory, expected, limits, pause, sha256Hex, piece) {
  const wanted = new Map(expected.map((e) => [e.name, e]));
  const found = new Map();
  await drain(inflateEntries(bytes, directory.map((e) => ({ name: e.name, originalSize: e.size })),
    { want: (n) => wanted.has(n), maxTotal: limits.kPacketZipBytes, what: WHAT, piece }), pause, async ([name, data]) => {
    const f = wanted.get(name);
    if (f.text !== undefined) {
      const ok = same(data, utf8.encode(f.text));
      found.set(name, { name, ok, message: ok ? '与材料包清单重新生成的文书一致' : '与材料包清单重新生成的文书不一致，文书已被改动' });
      return;
    }
    const digest = await sha256Hex(data);
    const ok = digest === f.sha256 && data.length === f.size;
    found.set(name, { name, ok, message: ok ? `SHA-256 一致（${digest.slice(0, 16)}…）`
      : `SHA-256 或大小与清单不符（清单 ${String(f.sha256).slice(0, 16)}…，${f.size} 字节；文件 ${digest.slice(0, 16)}…，${data.length} 字节）` });
  });
  return expected.map((f) => found.get(f.name) ?? { name: f.name, ok: false, message: '缺少此文件' });
}
