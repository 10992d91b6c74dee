// The formats the browser decodes beyond PNG and JPEG, decoded in Node so the CLI accepts what the studio
// accepts: GIF (omggif), BMP (bmp-ts), WebP and AVIF (libwebp and libavif as WebAssembly, from @jsquash).
// Modes follow Pillow where it reads the format: GIF is a palette image (mode P), BMP is RGB.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { GifReader } from 'omggif';
import { decode as decodeBmp } from 'bmp-ts';
import type { RawImage } from './raw-image';
import { dropAlpha } from './raw-image';

/** RGBA -> RawImage: RGB when every pixel is opaque (as decode-browser.ts does), else RGBA. */
function fromRgba(rgba: Uint8Array, width: number, height: number, pilMode?: 'P'): RawImage {
  const n = width * height;
  let opaque = true;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) { opaque = false; break; }
  const base = opaque ? { width, height, channels: 3 as const, data: dropAlpha(rgba, n) } : { width, height, channels: 4 as const, data: rgba };
  return pilMode ? { ...base, pilMode } : base;
}

/** The first frame of a GIF (Pillow's convert('RGB') reads frame 0 too). */
export function decodeGif(bytes: Uint8Array): RawImage {
  const reader = new GifReader(bytes);
  const { width, height } = reader;
  const rgba = new Uint8Array(width * height * 4);
  reader.decodeAndBlitFrameRGBA(0, rgba);
  return fromRgba(rgba, width, height, 'P');
}

export function decodeBmp24(bytes: Uint8Array): RawImage {
  const bmp = decodeBmp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { toRGBA: true });
  const { width, height } = bmp;
  // Pillow opens BI_RGB bitmaps (24- and 32-bit) as RGB: the fourth byte is padding, not alpha.
  return { width, height, channels: 3, data: dropAlpha(new Uint8Array(bmp.data.buffer, bmp.data.byteOffset, width * height * 4), width * height) };
}

type WasmDecode = (buffer: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray } | null>;

const require = createRequire(import.meta.url);
const loaded = new Map<string, Promise<WasmDecode>>();

/** Loads a @jsquash decoder once, compiling its .wasm from node_modules (its own loader expects fetch). */
function wasmDecoder(pkg: 'webp' | 'avif'): Promise<WasmDecode> {
  let p = loaded.get(pkg);
  if (!p) {
    p = (async () => {
      const mod = (await import(`@jsquash/${pkg}/decode.js`)) as { default: WasmDecode; init: (m: WebAssembly.Module) => Promise<void> };
      const wasm = readFileSync(require.resolve(`@jsquash/${pkg}/codec/dec/${pkg}_dec.wasm`));
      await mod.init(await WebAssembly.compile(wasm));
      return mod.default;
    })();
    loaded.set(pkg, p);
  }
  return p;
}

/** WebP or AVIF through its reference library compiled to WebAssembly. */
export async function decodeWasmFormat(bytes: Uint8Array, format: 'webp' | 'avif'): Promise<RawImage> {
  const decode = await wasmDecoder(format);
  const copy = bytes.slice().buffer;
  const img = await decode(copy);
  if (!img || !img.width || !img.height) throw new Error('the decoder returned no image');
  return fromRgba(new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height);
}
