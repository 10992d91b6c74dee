// The entries of a zip archive, located without reading their data: torch.save writes a zip whose members
// are stored uncompressed (and 64-byte aligned), so a tensor's bytes are a plain range of the file. Reads
// the end-of-central-directory record (zip64 too), the central directory, then each local header for the
// data offset. fflate inflates whole archives into memory, which is what a 600 MB checkpoint must avoid.
import type { ByteRange } from './byte-range';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Where the member's (possibly compressed) bytes start in the file. */
  dataOffset: number;
}

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

const u64 = (v: DataView, at: number) => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
const viewOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && viewOf(head).getUint32(0, true) === LOCAL;
}

export async function readZipEntries(file: ByteRange): Promise<ZipEntry[]> {
  // The record is 22 bytes plus a comment of at most 65,535; search backwards for its signature.
  const tailLen = Math.min(file.size, 22 + 65535 + 20);
  const tailStart = file.size - tailLen;
  const tail = await file.read(tailStart, tailLen);
  const tv = viewOf(tail);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('its zip directory is missing from the end of the file');
  let count = tv.getUint16(at + 10, true);
  let cdSize = tv.getUint32(at + 12, true);
  let cdOffset = tv.getUint32(at + 16, true);
  if ((cdOffset === U32_MAX || count === 0xffff) && at >= 20 && tv.getUint32(at - 20, true) === EOCD64_LOCATOR) {
    const rec = await file.read(u64(tv, at - 20 + 8), 56);
    const rv = viewOf(rec);
    if (rec.length < 56 || rv.getUint32(0, true) !== EOCD64) throw new ZipFormatError('its zip64 directory record is damaged');
    count = u64(rv, 32);
    cdSize = u64(rv, 40);
    cdOffset = u64(rv, 48);
  }
  if (cdOffset + cdSize > file.size) throw new ZipFormatError(`its zip directory points past the end of the file (${cdOffset + cdSize} > ${file.size} bytes)`);
  const cd = await file.read(cdOffset, cdSize);
  const cv = viewOf(cd);
  const names = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cv.getUint32(p, true) !== CENTRAL) throw new ZipFormatError(`its zip directory is damaged at entry ${n}`);
    const method = cv.getUint16(p + 10, true);
    let compressedSize = cv.getUint32(p + 20, true);
    let size = cv.getUint32(p + 24, true);
    const nameLen = cv.getUint16(p + 28, true);
    const extraLen = cv.getUint16(p + 30, true);
    const commentLen = cv.getUint16(p + 32, true);
    let localOffset = cv.getUint32(p + 42, true);
    const name = names.decode(cd.subarray(p + 46, p + 46 + nameLen));
    // zip64 extra field: the 64-bit values of exactly the fields saturated above, in this order.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
      const id = cv.getUint16(e, true);
      const len = cv.getUint16(e + 2, true);
      if (id === 1) {
        let q = e + 4;
        if (size === U32_MAX) { size = u64(cv, q); q += 8; }
        if (compressedSize === U32_MAX) { compressedSize = u64(cv, q); q += 8; }
        if (localOffset === U32_MAX) localOffset = u64(cv, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, dataOffset: localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  // Local headers repeat the name and carry their own extra field; the data follows them.
  for (const e of entries) {
    const head = await file.read(e.dataOffset, 30);
    const hv = viewOf(head);
    if (head.length < 30 || hv.getUint32(0, true) !== LOCAL) throw new ZipFormatError(`its member ${e.name} has no local header where the directory says`);
    e.dataOffset += 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  }
  return entries;
}
