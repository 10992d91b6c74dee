// Browser/worker image decoding through createImageBitmap + OffscreenCanvas.
// Differences from the Node path (and Pillow): the browser decodes JPEGs with its own libjpeg-turbo build
// (usually identical), always returns RGBA (so grey and palette images arrive as RGBA/RGB) and never
// exposes palette indices, so Pillow's NEAREST rule for palette images cannot be reproduced here.
import type { RawImage } from './raw-image';
import { FORMAT_NAMES, ImageDecodeError, describeFile, dropAlpha, sniffImageFormat } from './raw-image';
import { checkImageHeader } from './image-header';

/** Formats the browser may decode; others are rejected with a clear message before trying. */
const BROWSER_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp', 'bmp', 'avif']);

export async function decodeImageBlob(blob: Blob, name?: string): Promise<RawImage> {
  const where = describeFile(name ?? (blob instanceof File ? blob.name : undefined));
  if (blob.size === 0) throw new ImageDecodeError('empty', `empty image file${where}`);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const format = sniffImageFormat(bytes);
  if (!format) throw new ImageDecodeError('unknown-format', `not an image: unrecognised file signature${where}`);
  if (!BROWSER_FORMATS.has(format)) {
    throw new ImageDecodeError('unsupported-format', `${FORMAT_NAMES[format]} images are not supported${where}: convert to PNG or JPEG`, format);
  }
  // The header's size first: a decompression bomb must not reach the decoder.
  checkImageHeader(bytes, format, where);
  let bitmap: ImageBitmap;
  try {
    // Pillow ignores EXIF orientation, colour profiles and keeps alpha un-premultiplied: ask for the same.
    bitmap = await createImageBitmap(blob, {
      imageOrientation: 'none',
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch (e) {
    throw new ImageDecodeError('corrupt', `corrupt or truncated ${FORMAT_NAMES[format]} image${where}`, format, { cause: e });
  }
  try {
    const { width, height } = bitmap;
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
    ctx.drawImage(bitmap, 0, 0);
    // getImageData returns un-premultiplied RGBA.
    const rgba = new Uint8Array(ctx.getImageData(0, 0, width, height).data.buffer);
    return toPillowLike(rgba, width, height);
  } finally {
    bitmap.close();
  }
}

/** Drops an all-opaque alpha channel (RGB), keeping RGBA only when some pixel is transparent. */
function toPillowLike(rgba: Uint8Array, width: number, height: number): RawImage {
  const n = width * height;
  let opaque = true;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) { opaque = false; break; }
  if (!opaque) return { width, height, channels: 4, data: rgba };
  return { width, height, channels: 3, data: dropAlpha(rgba, n) };
}
