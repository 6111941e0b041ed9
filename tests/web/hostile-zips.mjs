// Hostile .xlsx and ZIP files for tests/web/hostile-files.test.mjs (issue #25), made when the test
// runs (none is committed): a ZIP writer that writes what it is told, duplicate names and sizes that
// lie included, and deflate data of any size built from one flushed megabyte repeated.
import zlib from 'node:zlib';

const MIB = 1 << 20;

// A ZIP of `entries` [{name, data} | {name, deflated, size, crc}] in that order; `declared` overrides
// the size the headers give. Deflated unless `stored`.
export function writeZip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.stored ? 0 : 8;
    const body = e.deflated ?? (e.stored ? Buffer.from(e.data) : zlib.deflateRawSync(Buffer.from(e.data), { level: 9 }));
    const size = e.declared ?? e.size ?? e.data.length;
    const crc = e.crc ?? (e.data ? zlib.crc32(Buffer.from(e.data)) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x800, 8); c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc >>> 0, 16); c.writeUInt32LE(body.length, 20); c.writeUInt32LE(size, 24); c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

// Deflate data inflating to `mib` MiB of spaces (about 1 KB per MiB): one MiB flushed, repeated, then
// a final empty block.
export function spaces(mib) {
  const block = zlib.deflateRawSync(Buffer.alloc(MIB, 0x20), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array(mib).fill(block), Buffer.from([3, 0])]);
}

// The entries of a ZIP, in order: [{name, data}].
export function entriesOf(bytes) {
  const out = [];
  const b = Buffer.from(bytes);
  let end = b.length - 22;
  while (b.readUInt32LE(end) !== 0x06054b50) end -= 1;
  let at = b.readUInt32LE(end + 16);
  for (let i = 0; i < b.readUInt16LE(end + 10); i += 1) {
    const method = b.readUInt16LE(at + 10);
    const csize = b.readUInt32LE(at + 20);
    const nlen = b.readUInt16LE(at + 28);
    const name = b.subarray(at + 46, at + 46 + nlen).toString('utf8');
    const local = b.readUInt32LE(at + 42);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + csize);
    out.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nlen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return out;
}

// A small workbook (SheetJS) whose first sheet declares <dimension ref="A1:XFD1048576"/>: 1.7×10¹⁰
// cells to a reader that trusts it. `rows`: the sheet's cells (array of arrays); extra sheets by name.
export function hugeDimensionXlsx(XLSX, rows, extra = {}) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  for (const [name, aoa] of Object.entries(extra)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
  const entries = entriesOf(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }));
  for (const e of entries) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(e.name)) continue;
    e.data = Buffer.from(e.data.toString('utf8').replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'));
  }
  return writeZip(entries);
}

// A workbook whose first sheet inflates to `mib` MiB (a 1 MB file to 1 GiB): declaring its true
// size, or (`lying`) the size of the genuine sheet.
export function xlsxBomb(XLSX, mib, { lying = false } = {}) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['事项名称'], ['x']]), 'Sheet1');
  const entries = entriesOf(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }));
  return writeZip(entries.map((e) => (e.name === 'xl/worksheets/sheet1.xml'
    ? { name: e.name, deflated: spaces(mib), size: lying ? e.data.length : mib * MIB, crc: 0 } : e)));
}
