// CLIP image preprocessing matching the reference pipeline (openai/CLIP's torchvision transform on a PIL
// image): Resize(S, BICUBIC) -> CenterCrop(S) -> convert('RGB') -> ToTensor -> Normalize.
import type { RawImage } from './raw-image';
import type { ResampleFilter, Region } from './pil-resample';
import { nearestRegion, premultiply, resampleRegion, unpremultiplyInPlace } from './pil-resample';

export interface PreprocessConfig {
  doResize: boolean;
  /** Target length of the shortest side. */
  shortestEdge: number;
  resample: ResampleFilter;
  doCenterCrop: boolean;
  cropHeight: number;
  cropWidth: number;
  doRescale: boolean;
  rescaleFactor: number;
  doNormalize: boolean;
  mean: [number, number, number];
  std: [number, number, number];
}

// PIL.Image.Resampling values used by Hugging Face configs.
const PIL_RESAMPLE: Record<number, ResampleFilter | undefined> = { 2: 'bilinear', 3: 'bicubic' };
const PIL_NAMES: Record<number, string> = { 0: 'nearest', 1: 'lanczos', 4: 'box', 5: 'hamming' };

function triple(v: unknown, field: string): [number, number, number] {
  const a = typeof v === 'number' ? [v, v, v] : v;
  if (!Array.isArray(a) || a.length !== 3 || !a.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new Error(`preprocessor_config.json: ${field} must be a number or 3 numbers`);
  }
  return [a[0], a[1], a[2]];
}

function positiveInt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new Error(`preprocessor_config.json: ${field} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Parses a Hugging Face CLIP `preprocessor_config.json` (object or JSON text). */
export function parsePreprocessorConfig(json: unknown): PreprocessConfig {
  const j = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  if (!j || typeof j !== 'object') throw new Error('preprocessor_config.json: expected an object');
  const size = j.size ?? 224;
  let shortestEdge: number;
  if (typeof size === 'number') shortestEdge = positiveInt(size, 'size');
  else if (typeof size === 'object' && size && 'shortest_edge' in size) {
    shortestEdge = positiveInt((size as { shortest_edge: unknown }).shortest_edge, 'size.shortest_edge');
  } else {
    throw new Error(`preprocessor_config.json: only size.shortest_edge or a number is supported, got ${JSON.stringify(size)}`);
  }
  const crop = j.crop_size ?? shortestEdge;
  let cropHeight: number;
  let cropWidth: number;
  if (typeof crop === 'number') cropHeight = cropWidth = positiveInt(crop, 'crop_size');
  else {
    const c = crop as { height?: unknown; width?: unknown };
    cropHeight = positiveInt(c.height, 'crop_size.height');
    cropWidth = positiveInt(c.width, 'crop_size.width');
  }
  const resampleId = j.resample ?? 3;
  const resample = typeof resampleId === 'number' ? PIL_RESAMPLE[resampleId] : undefined;
  if (!resample) {
    const label = typeof resampleId === 'number' ? (PIL_NAMES[resampleId] ?? 'unknown') : 'invalid';
    throw new Error(`preprocessor_config.json: resample=${JSON.stringify(resampleId)} (${label}) is not supported; use 3 (bicubic) or 2 (bilinear)`);
  }
  const flag = (k: string, dflt: boolean): boolean => (typeof j[k] === 'boolean' ? (j[k] as boolean) : dflt);
  const rescaleFactor = j.rescale_factor ?? 1 / 255;
  if (typeof rescaleFactor !== 'number' || !Number.isFinite(rescaleFactor)) {
    throw new Error('preprocessor_config.json: rescale_factor must be a number');
  }
  const std = triple(j.image_std ?? [0.26862954, 0.26130258, 0.27577711], 'image_std');
  if (std.some((s) => s === 0)) throw new Error('preprocessor_config.json: image_std must be non-zero');
  return {
    doResize: flag('do_resize', true),
    shortestEdge,
    resample,
    doCenterCrop: flag('do_center_crop', true),
    cropHeight,
    cropWidth,
    doRescale: flag('do_rescale', true),
    rescaleFactor,
    doNormalize: flag('do_normalize', true),
    mean: triple(j.image_mean ?? [0.48145466, 0.4578275, 0.40821073], 'image_mean'),
    std,
  };
}

/** torchvision's _compute_resized_output_size for an int size: short side -> S, long side truncated. */
export function resizedSize(width: number, height: number, s: number): [number, number] {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const newLong = Math.floor((s * long) / short);
  return width <= height ? [s, newLong] : [newLong, s];
}

/** Python's round() for the x.0 / x.5 values CenterCrop produces: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return Math.round(x);
  return f % 2 === 0 ? f : f + 1;
}

/** Offset of the crop window in the image, negative when torchvision would pad (zero fill). */
function cropOffset(size: number, crop: number): number {
  if (crop > size) return -Math.floor((crop - size) / 2);
  return roundHalfEven((size - crop) / 2);
}

const lutCache = new Map<string, Float32Array>();

/** Per channel, the float32 value of each byte after ToTensor and Normalize, rounded as torch does. */
function valueLut(cfg: PreprocessConfig): Float32Array {
  const key = `${cfg.doRescale}:${cfg.rescaleFactor}:${cfg.doNormalize}:${cfg.mean}:${cfg.std}`;
  let lut = lutCache.get(key);
  if (lut) return lut;
  lut = new Float32Array(3 * 256);
  const f = Math.fround;
  for (let c = 0; c < 3; c++) {
    const m = f(cfg.mean[c]);
    const s = f(cfg.std[c]);
    for (let v = 0; v < 256; v++) {
      // torch's ToTensor divides by 255 in float32; other factors multiply.
      let x = !cfg.doRescale ? v : cfg.rescaleFactor === 1 / 255 ? f(v / 255) : f(v * cfg.rescaleFactor);
      if (cfg.doNormalize) x = f(f(x - m) / s);
      lut[c * 256 + v] = x;
    }
  }
  lutCache.set(key, lut);
  return lut;
}

/**
 * Resizes and centre-crops a decoded image to the 8-bit RGB bytes Pillow holds just before ToTensor,
 * as CHW uint8 [3, cropHeight, cropWidth] (or [3, h, w] of the resized image when centre cropping is off).
 * A quarter of the float32 size: this is what training keeps in memory.
 */
export function preprocessToU8(img: RawImage, cfg: PreprocessConfig): Uint8Array {
  const { width, height, channels: ch } = img;
  if (width <= 0 || height <= 0) throw new Error('preprocessImage: empty image');
  const [rw, rh] = cfg.doResize ? resizedSize(width, height, cfg.shortestEdge) : [width, height];
  const outW = cfg.doCenterCrop ? cfg.cropWidth : rw;
  const outH = cfg.doCenterCrop ? cfg.cropHeight : rh;
  const left = cfg.doCenterCrop ? cropOffset(rw, outW) : 0;
  const top = cfg.doCenterCrop ? cropOffset(rh, outH) : 0;
  // Part of the resized image inside the crop window; the rest of the window is zero padding.
  const x0 = Math.max(left, 0);
  const y0 = Math.max(top, 0);
  const region: Region = { x: x0, y: y0, w: Math.min(left + outW, rw) - x0, h: Math.min(top + outH, rh) - y0 };

  let px: Uint8Array;
  if (rw === width && rh === height) {
    // Same size: torchvision/Pillow return the image untouched (no RGBa round trip).
    px = cropRows(img.data, width, ch, region);
  } else if (img.pilMode) {
    // Pillow forces NEAREST for modes P and 1.
    px = nearestRegion(img.data, width, height, ch, rw, rh, region);
  } else if (ch === 4) {
    // Pillow resizes RGBA as premultiplied RGBa, then converts back.
    px = resampleRegion(premultiply(img.data), width, height, 4, rw, rh, cfg.resample, region);
    unpremultiplyInPlace(px);
  } else {
    px = resampleRegion(img.data, width, height, ch, rw, rh, cfg.resample, region);
  }

  const plane = outW * outH;
  // Padding is byte 0 in every channel (a fresh array is already zero).
  const out = new Uint8Array(3 * plane);
  const ox = x0 - left;
  const oy = y0 - top;
  const g = ch === 1; // grey -> RGB replicates; RGBA -> RGB drops alpha (convert('RGB') after the crop)
  for (let i = 0; i < region.h; i++) {
    let p = i * region.w * ch;
    let o = (oy + i) * outW + ox;
    for (let j = 0; j < region.w; j++, p += ch, o++) {
      out[o] = px[p];
      out[plane + o] = px[g ? p : p + 1];
      out[2 * plane + o] = px[g ? p : p + 2];
    }
  }
  return out;
}

/**
 * ToTensor + Normalize of CHW uint8 RGB (from preprocessToU8) into float32, bit-identical to torch's
 * float32 math. Writes into `out` at `offset` when given (e.g. one slot of a batch buffer).
 */
export function normalizeU8(u8: Uint8Array, cfg: PreprocessConfig, out?: Float32Array, offset = 0): Float32Array {
  if (u8.length % 3 !== 0) throw new Error(`normalizeU8: length ${u8.length} is not 3 planes`);
  const dst = out ?? new Float32Array(u8.length);
  if (offset < 0 || offset + u8.length > dst.length) {
    throw new Error(`normalizeU8: ${u8.length} values at offset ${offset} do not fit in ${dst.length}`);
  }
  const lut = valueLut(cfg);
  const plane = u8.length / 3;
  for (let c = 0; c < 3; c++) {
    const base = c * plane;
    const l = c * 256;
    for (let i = 0; i < plane; i++) dst[offset + base + i] = lut[l + u8[base + i]];
  }
  return dst;
}

/**
 * Preprocesses a decoded image into a float32 CHW tensor [3, cropHeight, cropWidth]
 * (or [3, h, w] of the resized image when centre cropping is off).
 */
export function preprocessImage(img: RawImage, cfg: PreprocessConfig): Float32Array {
  return normalizeU8(preprocessToU8(img, cfg), cfg);
}

function cropRows(src: Uint8Array, w: number, ch: number, r: Region): Uint8Array {
  const out = new Uint8Array(r.w * r.h * ch);
  for (let i = 0; i < r.h; i++) {
    const s = ((r.y + i) * w + r.x) * ch;
    out.set(src.subarray(s, s + r.w * ch), i * r.w * ch);
  }
  return out;
}
