// Image dimensions from the header alone (image-size), checked before any pixel is decoded: a small file can
// claim 30000x30000 pixels (a decompression bomb) and decoding it would need gigabytes.
import { imageSize } from 'image-size';
import type { ImageFormat } from './raw-image';
import { FORMAT_NAMES, ImageDecodeError } from './raw-image';

/**
 * The most pixels an image may have: Pillow's MAX_IMAGE_PIXELS (89,478,485, about 9459 x 9459), above which
 * Pillow warns of a decompression bomb. Decoded as RGBA that is ~360 MB; a 12000 x 4000 panorama passes.
 */
export const MAX_IMAGE_PIXELS = 89_478_485;

export interface ImageHeader {
  width: number;
  height: number;
  /** EXIF orientation (1-8) where the header has one; ignored when decoding (see docs/dataset.md). */
  orientation?: number;
}

/**
 * Reads the image's dimensions and refuses it when they are missing, zero or over MAX_IMAGE_PIXELS.
 * `where` is the file for the message, e.g. " (cats/a.png)".
 */
export function checkImageHeader(bytes: Uint8Array, format: ImageFormat, where: string): ImageHeader {
  const name = FORMAT_NAMES[format];
  let size: { width?: number; height?: number; orientation?: number };
  try {
    size = imageSize(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ImageDecodeError('corrupt', `corrupt or truncated ${name} image${where}: unreadable header (${why})`, format, { cause: e });
  }
  const { width, height } = size;
  if (!width || !height) throw new ImageDecodeError('corrupt', `corrupt ${name} image${where}: its header gives no size`, format);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ImageDecodeError(
      'too-large',
      `${name} image${where} is ${width} x ${height} pixels (${(width * height / 1e6).toFixed(0)} megapixels), over the limit of ${(MAX_IMAGE_PIXELS / 1e6).toFixed(0)} megapixels: refused before decoding (a decompression bomb, or a scan to downsize first)`,
      format,
    );
  }
  const cut = truncation(bytes, format);
  if (cut) throw new ImageDecodeError('corrupt', `corrupt or truncated ${name} image${where}: ${cut}`, format);
  return size.orientation ? { width, height, orientation: size.orientation } : { width, height };
}

/**
 * Why a PNG or JPEG ends early, or null. Browsers draw a truncated file with its missing rows grey while
 * Pillow refuses it ("image file is truncated"); checking the structure makes both sides refuse it.
 */
function truncation(b: Uint8Array, format: ImageFormat): string | null {
  if (format === 'png') {
    // Chunks: 4-byte length, 4-byte type, data, 4-byte CRC; the last one is IEND.
    let i = 8;
    while (i + 12 <= b.length) {
      const len = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
      if (b[i + 4] === 0x49 && b[i + 5] === 0x45 && b[i + 6] === 0x4e && b[i + 7] === 0x44) return null; // IEND
      i += 12 + len;
    }
    return 'the file ends before its IEND chunk';
  }
  if (format === 'jpeg') {
    // The entropy-coded scan follows the first SOS marker; an intact file has an EOI marker after it (an EXIF
    // thumbnail's EOI comes before the main image's SOS).
    let sos = -1;
    for (let i = 2; i + 3 < b.length;) {
      if (b[i] !== 0xff) return 'a damaged marker segment';
      const marker = b[i + 1];
      if (marker === 0xff) { i += 1; continue; } // fill byte
      if (marker === 0xda) { sos = i; break; }
      i += marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) ? 2 : 2 + ((b[i + 2] << 8) | b[i + 3]);
    }
    if (sos < 0) return 'the file ends before its image data (SOS marker)';
    for (let i = b.length - 2; i > sos; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return null;
    return 'the file ends before its end-of-image marker';
  }
  return null;
}
