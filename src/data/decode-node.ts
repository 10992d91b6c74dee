// Node-side image decoding into Pillow-like modes: PNG (pngjs) and JPEG (jpeg-js) here, GIF, BMP, WebP
// and AVIF in decode-formats-node.ts, so the CLI accepts the formats the studio accepts.
// The format comes from magic bytes, never from the file name: some `.jpg` files are PNGs. The header's
// dimensions are checked before decoding (image-header.ts). EXIF orientation is ignored, as Pillow does.
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import type { ImageFormat, RawImage } from './raw-image';
import { FORMAT_NAMES, ImageDecodeError, describeFile, sniffImageFormat } from './raw-image';
import { canFancyUpsample, readJpegFrame, yccToRgbFancy } from './jpeg-ycc-node';
import { checkImageHeader } from './image-header';
import { decodeBmp24, decodeGif, decodeWasmFormat } from './decode-formats-node';

/** The formats that are recognised but never decoded (the browser cannot either). */
function unsupported(format: ImageFormat, where: string): ImageDecodeError {
  return new ImageDecodeError('unsupported-format', `${FORMAT_NAMES[format]} images are not supported${where}: convert to PNG or JPEG`, format);
}

/** Format from the magic bytes, with the empty, unknown and header checks done. */
function sniffChecked(bytes: Uint8Array, where: string): ImageFormat {
  if (bytes.length === 0) throw new ImageDecodeError('empty', `empty image file${where}`);
  const format = sniffImageFormat(bytes);
  if (!format) throw new ImageDecodeError('unknown-format', `not an image: unrecognised file signature${where}`);
  if (!['png', 'jpeg', 'gif', 'bmp', 'webp', 'avif'].includes(format)) throw unsupported(format, where);
  checkImageHeader(bytes, format, where);
  return format;
}

/**
 * Decodes PNG, JPEG, GIF or BMP bytes synchronously (WebP and AVIF need decodeImage). Throws ImageDecodeError
 * for empty, unknown, unsupported, oversized or corrupt input.
 */
export function decodeImageBytes(bytes: Uint8Array, name?: string): RawImage {
  const where = describeFile(name);
  const format = sniffChecked(bytes, where);
  if (format === 'png') return decodePng(bytes, where);
  if (format === 'jpeg') return decodeJpeg(bytes, where);
  if (format === 'webp' || format === 'avif') throw new Error(`decodeImageBytes cannot decode ${FORMAT_NAMES[format]}; use decodeImage`);
  try {
    return format === 'gif' ? decodeGif(bytes) : decodeBmp24(bytes);
  } catch (e) {
    throw corrupt(format, where, e);
  }
}

/** Decodes every format the studio accepts (PNG, JPEG, GIF, BMP, WebP, AVIF). */
export async function decodeImage(bytes: Uint8Array, name?: string): Promise<RawImage> {
  const where = describeFile(name);
  const format = sniffChecked(bytes, where);
  if (format !== 'webp' && format !== 'avif') return decodeImageBytes(bytes, name);
  try {
    return await decodeWasmFormat(bytes, format);
  } catch (e) {
    throw corrupt(format, where, e);
  }
}

function corrupt(format: ImageFormat, where: string, cause: unknown): ImageDecodeError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new ImageDecodeError('corrupt', `corrupt or truncated ${FORMAT_NAMES[format]} image${where}: ${why}`, format, { cause });
}

function decodePng(bytes: Uint8Array, where: string): RawImage {
  // IHDR is always the first chunk: colour type and depth decide the Pillow mode.
  if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
    throw corrupt('png', where, new Error('missing IHDR'));
  }
  const depth = bytes[24];
  const colorType = bytes[25];
  let png: PNG;
  try {
    // pngjs zeroes the colour of tRNS-matched grey/RGB pixels; Pillow ignores that key, so drop it.
    const src = colorType === 0 || colorType === 2 ? withoutChunk(bytes, 'tRNS') : bytes;
    const buf = Buffer.from(src.buffer, src.byteOffset, src.byteLength);
    // 16-bit samples are kept raw so they can be reduced the way Pillow does (pngjs would round instead).
    png = PNG.sync.read(buf, { skipRescale: depth === 16 });
  } catch (e) {
    throw corrupt('png', where, e);
  }
  const { width, height } = png;
  const src = png.data as unknown as ArrayLike<number>; // RGBA, Uint16Array when depth is 16
  const n = width * height;
  // Pillow unpacks 16-bit colour as the high byte; 16-bit grey becomes mode I;16, whose conversion to
  // L/RGB clips at 255 rather than scaling.
  const to8 = depth !== 16 ? (v: number) => v : colorType === 0 ? (v: number) => (v > 255 ? 255 : v) : (v: number) => v >> 8;

  if (colorType === 0) {
    // Grey: tRNS is ignored, as Pillow's convert('RGB') does for mode L.
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = to8(src[i * 4]);
    return depth === 1 ? { width, height, channels: 1, data, pilMode: '1' } : { width, height, channels: 1, data };
  }
  if (colorType === 2 || (colorType === 3 && !hasTransparency(src, n))) {
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      data[i * 3] = to8(src[i * 4]);
      data[i * 3 + 1] = to8(src[i * 4 + 1]);
      data[i * 3 + 2] = to8(src[i * 4 + 2]);
    }
    return colorType === 3 ? { width, height, channels: 3, data, pilMode: 'P' } : { width, height, channels: 3, data };
  }
  if (colorType === 3 || colorType === 4 || colorType === 6) {
    const data = new Uint8Array(n * 4);
    if (depth === 16) for (let i = 0; i < n * 4; i++) data[i] = to8(src[i]);
    else data.set(src as Uint8Array);
    return colorType === 3 ? { width, height, channels: 4, data, pilMode: 'P' } : { width, height, channels: 4, data };
  }
  throw corrupt('png', where, new Error(`invalid colour type ${colorType}`));
}

/** The PNG with every chunk of the given type removed (chunks are length, type, data, CRC). */
function withoutChunk(b: Uint8Array, type: string): Uint8Array {
  const keep: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  let removed = false;
  while (i + 12 <= b.length) {
    const len = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
    const end = Math.min(i + 12 + len, b.length);
    if (String.fromCharCode(...b.subarray(i + 4, i + 8)) === type) removed = true;
    else keep.push(b.subarray(i, end));
    i = end;
  }
  if (!removed) return b;
  if (i < b.length) keep.push(b.subarray(i));
  const out = new Uint8Array(keep.reduce((n, k) => n + k.length, 0));
  let o = 0;
  for (const k of keep) { out.set(k, o); o += k.length; }
  return out;
}

function hasTransparency(rgba: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (rgba[i * 4 + 3] !== 255) return true;
  return false;
}

function decodeJpeg(bytes: Uint8Array, where: string): RawImage {
  const frame = readJpegFrame(bytes);
  if (!frame) throw corrupt('jpeg', where, new Error('no frame header (SOF) found'));
  const fancy = canFancyUpsample(frame);
  let out: { width: number; height: number; data: Uint8Array };
  try {
    // RGB without alpha saves a copy; tolerantDecoding off so truncated scans fail as in Pillow.
    // For plain YCbCr we take the raw planes and finish the colour work like libjpeg-turbo.
    out = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      colorTransform: fancy ? false : undefined,
      tolerantDecoding: false,
      maxResolutionInMP: 200,
      maxMemoryUsageInMB: 2048,
    });
  } catch (e) {
    throw corrupt('jpeg', where, e);
  }
  const { width, height, data } = out;
  if (!width || !height || data.length !== width * height * 3) throw corrupt('jpeg', where, new Error('bad dimensions'));
  if (frame.components.length === 1) {
    // Pillow keeps greyscale JPEGs in mode L; jpeg-js replicated Y into RGB.
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = data[i * 3];
    return { width, height, channels: 1, data: grey };
  }
  return { width, height, channels: 3, data: fancy ? yccToRgbFancy(data, width, height, frame) : data };
}
