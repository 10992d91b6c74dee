// Encoders for the bad-input corpus: every image is made here from numbers (no one's photos). PNG is written
// by hand (every colour type and depth, and headers that lie), JPEG by jpeg-js (EXIF orientation spliced in),
// GIF by omggif, BMP by bmp-ts, WebP and AVIF by libwebp and libavif as WebAssembly (@jsquash).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { zlibSync } from 'fflate';
import jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';
import { encode as encodeBmp } from 'bmp-ts';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export interface PngSpec {
  width: number; height: number; colorType: 0 | 2 | 3 | 4 | 6; depth: 1 | 2 | 4 | 8 | 16;
  /** Row-major samples (one per channel), of the given depth. */
  samples: ArrayLike<number>; plte?: number[]; trns?: number[];
  /** Header dimensions that differ from the pixel data (a decompression-bomb header). */
  claim?: { width: number; height: number };
}

/** A PNG with filter type 0 on every row. */
export function encodePng(o: PngSpec): Uint8Array {
  const spp = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[o.colorType];
  const rowBytes = Math.ceil((o.width * spp * o.depth) / 8);
  const raw = new Uint8Array((rowBytes + 1) * o.height);
  for (let y = 0; y < o.height; y++) {
    const base = y * (rowBytes + 1) + 1;
    for (let i = 0; i < o.width * spp; i++) {
      const v = o.samples[y * o.width * spp + i];
      if (o.depth === 16) { raw[base + i * 2] = v >> 8; raw[base + i * 2 + 1] = v & 255; }
      else if (o.depth === 8) raw[base + i] = v;
      else raw[base + ((i * o.depth) >> 3)] |= v << (8 - o.depth - ((i * o.depth) & 7));
    }
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, o.claim?.width ?? o.width);
  dv.setUint32(4, o.claim?.height ?? o.height);
  ihdr[8] = o.depth;
  ihdr[9] = o.colorType;
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr)];
  if (o.plte) parts.push(pngChunk('PLTE', new Uint8Array(o.plte)));
  if (o.trns) parts.push(pngChunk('tRNS', new Uint8Array(o.trns)));
  parts.push(pngChunk('IDAT', zlibSync(raw)), pngChunk('IEND', new Uint8Array(0)));
  return concat(parts);
}

/** A smooth RGBA test pattern that differs with `seed` (so no two corpus images are byte-identical). */
export function pattern(width: number, height: number, seed: number, alpha?: (x: number, y: number) => number): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      px[i] = (x * 7 + seed * 31) & 255;
      px[i + 1] = (y * 5 + seed * 17) & 255;
      px[i + 2] = ((x + y) * 3 + seed * 59) & 255;
      px[i + 3] = alpha ? alpha(x, y) : 255;
    }
  }
  return px;
}

const channels = (rgba: Uint8Array, pick: number[]): number[] => {
  const out: number[] = [];
  for (let i = 0; i < rgba.length; i += 4) for (const c of pick) out.push(rgba[i + c]);
  return out;
};

export const rgbPng = (w: number, h: number, seed: number) => encodePng({ width: w, height: h, colorType: 2, depth: 8, samples: channels(pattern(w, h, seed), [0, 1, 2]) });

export const greyAlphaPng = (w: number, h: number, seed: number) =>
  encodePng({ width: w, height: h, colorType: 4, depth: 8, samples: channels(pattern(w, h, seed, (x) => (x * 9) & 255), [0, 3]) });

export const rgb16Png = (w: number, h: number, seed: number) =>
  encodePng({ width: w, height: h, colorType: 2, depth: 16, samples: channels(pattern(w, h, seed), [0, 1, 2]).map((v) => v * 257) });

export function palettePng(w: number, h: number, seed: number): Uint8Array {
  const plte = Array.from({ length: 16 * 3 }, (_, i) => (i * 16 + seed * 13) & 255);
  return encodePng({ width: w, height: h, colorType: 3, depth: 4, plte, samples: Array.from({ length: w * h }, (_, i) => (i + seed) % 16) });
}

/** A valid PNG header claiming `width` x `height` pixels, with a few bytes of real data behind it. */
export const bombPng = (width: number, height: number) =>
  encodePng({ width: 1, height: 1, colorType: 2, depth: 8, samples: [1, 2, 3], claim: { width, height } });

export function jpegOf(w: number, h: number, seed: number, quality = 90): Uint8Array {
  return new Uint8Array(jpeg.encode({ width: w, height: h, data: pattern(w, h, seed) }, quality).data);
}

/** The JPEG with an EXIF APP1 segment holding only an Orientation tag, right after SOI. */
export function withExifOrientation(jpg: Uint8Array, orientation: number): Uint8Array {
  // TIFF header (little-endian), one IFD with one entry: tag 0x0112, SHORT, count 1, value.
  const tiff = [0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
  const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff]; // "Exif\0\0"
  const len = payload.length + 2;
  const app1 = new Uint8Array([0xff, 0xe1, len >> 8, len & 255, ...payload]);
  return concat([jpg.subarray(0, 2), app1, jpg.subarray(2)]);
}

export function gifOf(w: number, h: number, seed: number): Uint8Array {
  const buf = new Uint8Array(w * h * 2 + 1024);
  const palette = Array.from({ length: 16 }, (_, i) => ((i * 16 + seed) << 16) | ((255 - i * 16) << 8) | ((i * 40 + seed * 7) & 255));
  const writer = new GifWriter(buf, w, h, { palette });
  writer.addFrame(0, 0, w, h, Array.from({ length: w * h }, (_, i) => (i + (i / w) | 0) % 16));
  return buf.slice(0, writer.end());
}

export function bmpOf(w: number, h: number, seed: number): Uint8Array {
  // bmp-ts reads its input as ABGR.
  const rgba = pattern(w, h, seed);
  const abgr = Buffer.alloc(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) { abgr[i] = 255; abgr[i + 1] = rgba[i + 2]; abgr[i + 2] = rgba[i + 1]; abgr[i + 3] = rgba[i]; }
  return new Uint8Array(encodeBmp({ data: abgr, width: w, height: h, bitPP: 24 }).data);
}

const require = createRequire(import.meta.url);

type WasmEncode = (img: { data: Uint8ClampedArray; width: number; height: number; colorSpace: 'srgb' }, opts: Record<string, unknown>) => Promise<ArrayBuffer>;

async function wasmEncoder(pkg: 'webp' | 'avif'): Promise<WasmEncode> {
  const mod = (await import(`@jsquash/${pkg}/encode.js`)) as { default: WasmEncode; init: (m: WebAssembly.Module) => Promise<void> };
  await mod.init(await WebAssembly.compile(readFileSync(require.resolve(`@jsquash/${pkg}/codec/enc/${pkg}_enc.wasm`))));
  return mod.default;
}

export async function webpOf(w: number, h: number, seed: number): Promise<Uint8Array> {
  const encode = await wasmEncoder('webp');
  return new Uint8Array(await encode({ data: new Uint8ClampedArray(pattern(w, h, seed)), width: w, height: h, colorSpace: 'srgb' }, { lossless: 1 }));
}

export async function avifOf(w: number, h: number, seed: number): Promise<Uint8Array> {
  const encode = await wasmEncoder('avif');
  return new Uint8Array(await encode({ data: new Uint8ClampedArray(pattern(w, h, seed)), width: w, height: h, colorSpace: 'srgb' }, { quality: 60 }));
}

/** A little-endian TIFF with one 2x2 RGB strip: a real TIFF, which neither side decodes. */
export function tiffOf(): Uint8Array {
  const entries: [number, number, number, number][] = [
    [256, 3, 1, 2], [257, 3, 1, 2], [258, 3, 1, 8], [259, 3, 1, 1], [262, 3, 1, 2], [273, 4, 1, 8 + 2 + 9 * 12 + 4], [277, 3, 1, 3], [278, 3, 1, 2], [279, 4, 1, 12],
  ];
  const ifd = new Uint8Array(2 + entries.length * 12 + 4);
  const dv = new DataView(ifd.buffer);
  dv.setUint16(0, entries.length, true);
  entries.forEach(([tag, type, count, value], i) => {
    dv.setUint16(2 + i * 12, tag, true);
    dv.setUint16(4 + i * 12, type, true);
    dv.setUint32(6 + i * 12, count, true);
    if (type === 3) dv.setUint16(10 + i * 12, value, true);
    else dv.setUint32(10 + i * 12, value, true);
  });
  return concat([new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]), ifd, new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9])]);
}

/** An ISO-BMFF header with the HEIC brand and nothing decodable behind it, as a phone export that lost its data. */
export function fakeHeic(): Uint8Array {
  const ftyp = [0x00, 0x00, 0x00, 0x18, ...[...'ftypheic'].map((c) => c.charCodeAt(0)), 0, 0, 0, 0, ...[...'mif1heic'].map((c) => c.charCodeAt(0))];
  return concat([new Uint8Array(ftyp), new Uint8Array(200).map((_, i) => (i * 37) & 255)]);
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
