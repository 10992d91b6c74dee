// Decoded-image type and format sniffing shared by the Node and browser decoders.
// Plain TypeScript: no DOM, no Node APIs.

/**
 * A decoded 8-bit image, channels interleaved row-major.
 * Channel counts follow Pillow's modes: 1 = L, 3 = RGB, 4 = RGBA (grey+alpha is stored as RGBA with the
 * grey replicated, which Pillow's LA mode resizes and converts identically).
 */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
  /**
   * Set when Pillow would hold the image in mode 'P' (palette) or '1' (1-bit): Pillow then resizes with
   * NEAREST whatever filter is asked, and convert('RGB') ignores palette transparency.
   */
  pilMode?: 'P' | '1';
}

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'tiff' | 'ico' | 'avif' | 'heic' | 'jxl' | 'svg';

/** Each format's name in messages. */
export const FORMAT_NAMES: Record<ImageFormat, string> = {
  png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', bmp: 'BMP', tiff: 'TIFF', ico: 'ICO', avif: 'AVIF', heic: 'HEIC/HEIF', jxl: 'JPEG XL', svg: 'SVG',
};

export type ImageDecodeErrorCode = 'empty' | 'unknown-format' | 'unsupported-format' | 'corrupt' | 'too-large';

/** A decoding failure with a machine-readable code, the detected format and the file name when known. */
export class ImageDecodeError extends Error {
  readonly code: ImageDecodeErrorCode;
  readonly format: ImageFormat | null;
  constructor(code: ImageDecodeErrorCode, message: string, format: ImageFormat | null = null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageDecodeError';
    this.code = code;
    this.format = format;
  }
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const ascii = (b: Uint8Array, at: number, len: number): string =>
  b.length >= at + len ? String.fromCharCode(...b.subarray(at, at + len)) : '';

/** Detects the container format from magic bytes; the file extension is never trusted. */
export function sniffImageFormat(b: Uint8Array): ImageFormat | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (ascii(b, 0, 2) === 'BM' && b.length >= 26) return 'bmp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00])) return 'ico';
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return 'jxl';
  if (ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
  }
  if (isSvg(b)) return 'svg';
  return null;
}

/** SVG is text: an optional BOM, XML declaration or comments, then an <svg element within the first 1 kB. */
function isSvg(b: Uint8Array): boolean {
  const head = ascii(b, 0, Math.min(b.length, 1024)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  return (head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!--') || head.startsWith('<!DOCTYPE svg')) && head.includes('<svg');
}

export function describeFile(name?: string): string {
  return name ? ` (${name})` : '';
}

/** Interleaved RGBA -> RGB, dropping alpha as Pillow's convert('RGB') does. */
export function dropAlpha(rgba: Uint8Array, pixels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    rgb[i * 3] = rgba[i * 4];
    rgb[i * 3 + 1] = rgba[i * 4 + 1];
    rgb[i * 3 + 2] = rgba[i * 4 + 2];
  }
  return rgb;
}
