// An .xlsx is a zip archive. Before any parser sees one we read its central directory and refuse
// archives that would inflate too far (zip bombs): total size, ratio per entry, entry count. The
// declared sizes could lie, so `inflateEntry` also counts what really comes out and stops at the
// declared size.
import { createInflateRaw } from 'node:zlib';
import { Readable } from 'node:stream';
import { corrupt, unreadable } from './unreadable';

export interface ZipLimits {
  /** Total inflated bytes of all entries. */
  maxInflatedBytes: number;
  /** Inflated / compressed, for entries over 1 MB inflated. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxInflatedBytes: 500 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 10_000,
};

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflated
  crc32: number;
  compressedSize: number;
  size: number;
  /** Where the entry's compressed bytes start. */
  dataOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const RATIO_FLOOR = 1024 * 1024;

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LOCAL;
}

/** The archive's entries from its central directory, checked against the limits. */
export function zipEntries(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const end = findEndOfCentralDirectory(buf);
  const count = buf.readUInt16LE(end + 10);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw tooLarge(); // ZIP64: far beyond any ledger
  if (count > limits.maxEntries) throw tooLarge();

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw corrupt('xlsx', 'zip');
    const method = buf.readUInt16LE(at + 10);
    const crc32 = buf.readUInt32LE(at + 16);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    if (size === 0xffffffff || compressedSize === 0xffffffff) throw tooLarge();
    total += size;
    if (total > limits.maxInflatedBytes) throw tooLarge();
    if (size > RATIO_FLOOR && size / Math.max(compressedSize, 1) > limits.maxRatio) throw tooDense(name);
    entries.push({ name, method, crc32, compressedSize, size, dataOffset: localDataOffset(buf, localOffset, compressedSize, nameLength) });
    at = next;
  }
  return entries;
}

/**
 * The inflated bytes of an entry, as a stream that fails once more comes out than the central
 * directory declared: a lying archive is refused before it can grow memory or burn time.
 */
export function inflateEntry(buf: Buffer, entry: ZipEntry): Readable {
  const data = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) return Readable.from([data]);
  if (entry.method !== 8) throw corrupt('xlsx', `zip method ${entry.method}`);
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 }); // few, large chunks: a sheet is megabytes
  let seen = 0;
  inflate.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > entry.size) inflate.destroy(tooDense(entry.name));
  });
  inflate.end(data);
  return inflate;
}

/**
 * The chosen entries as a new archive, in the order given, each with its sizes in its local
 * header. A streaming unzipper reads this reliably (no data descriptors to hunt for), and parts
 * a reader needs first (shared strings before sheets) can come first. The compressed bytes are
 * not copied.
 */
export function repack(buf: Buffer, entries: ZipEntry[]): Buffer[] {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc32, 14);
    local.writeUInt32LE(e.compressedSize, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc32, 16);
    central.writeUInt32LE(e.compressedSize, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += 30 + name.length + e.compressedSize;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return [...parts, ...directory, end];
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
    if (buf.readUInt32LE(at) === EOCD) return at;
  }
  throw corrupt('xlsx', 'zip');
}

function localDataOffset(buf: Buffer, localOffset: number, compressedSize: number, centralNameLength: number): number {
  if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw corrupt('xlsx', 'zip');
  const nameLength = buf.readUInt16LE(localOffset + 26);
  const start = localOffset + 30 + nameLength + buf.readUInt16LE(localOffset + 28);
  if (nameLength !== centralNameLength || start + compressedSize > buf.length) throw corrupt('xlsx', 'zip');
  return start;
}

const tooLarge = () =>
  unreadable('import.zip_too_large', {
    zh: '工作簿解压后过大，已拒绝（可能是恶意的“压缩炸弹”文件）；请拆分成较小的文件',
    en: 'The workbook inflates to too large a size and was refused (possibly a zip bomb); split it into smaller files',
  });

const tooDense = (name: string) =>
  unreadable('import.zip_ratio', {
    zh: `工作簿中的 ${name} 压缩比异常，已拒绝（可能是恶意的“压缩炸弹”文件）`,
    en: `${name} in the workbook has an abnormal compression ratio and was refused (possibly a zip bomb)`,
  });
