// Chroma upsampling and YCbCr -> RGB as libjpeg-turbo does them (jdsample.c "fancy" triangle filters,
// jdcolor.c integer tables), applied to jpeg-js's raw planes. jpeg-js alone uses nearest chroma
// upsampling and truncating float colour maths, which is up to ~40/255 off Pillow on colour edges.

export interface JpegFrameInfo {
  /** Per component: horizontal and vertical sampling factors and component id. */
  components: { id: number; h: number; v: number }[];
  /** An Adobe APP14 marker was seen (its transform flag overrides jpeg-js's colour options). */
  adobe: boolean;
}

/** Reads SOF and APP14 markers up to the first scan; null when no frame header is found. */
export function readJpegFrame(b: Uint8Array): JpegFrameInfo | null {
  let adobe = false;
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xda || marker === 0xd9) return null;
    const len = (b[i + 2] << 8) | b[i + 3];
    if (marker === 0xee) adobe = true;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const nf = b[i + 9];
      if (i + 10 + 3 * nf > b.length) return null;
      const components = [];
      for (let k = 0; k < nf; k++) {
        const p = i + 10 + 3 * k;
        components.push({ id: b[p], h: b[p + 1] >> 4, v: b[p + 1] & 15 });
      }
      return { components, adobe };
    }
    i += 2 + len;
  }
  return null;
}

/** True when the frame is plain YCbCr with a chroma layout this module upsamples like libjpeg-turbo. */
export function canFancyUpsample(f: JpegFrameInfo): boolean {
  if (f.adobe || f.components.length !== 3) return false;
  const [y, cb, cr] = f.components;
  if (y.id === 0x52 && cb.id === 0x47 && cr.id === 0x42) return false; // 'R','G','B' ids: not YCbCr
  if (cb.h !== cr.h || cb.v !== cr.v || cb.h !== 1 || cb.v !== 1) return false;
  return (y.h === 1 || y.h === 2) && (y.v === 1 || y.v === 2);
}

/** Triangle-filter upsampling of one chroma plane (cw x ch) by (fx, fy) in {1,2}, cropped to w x h. */
function upsample(src: Uint8Array, cw: number, ch: number, fx: number, fy: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const row = new Int32Array(cw); // per column: 3 * nearer row + further row (or 4 * row when fy = 1)
  for (let oy = 0; oy < h; oy++) {
    const cy = fy === 2 ? oy >> 1 : oy;
    // Image edges replicate the edge row (libjpeg's context rows).
    const other = fy === 2 ? Math.min(Math.max(cy + ((oy & 1) === 0 ? -1 : 1), 0), ch - 1) : cy;
    const a = cy * cw;
    const b = other * cw;
    for (let x = 0; x < cw; x++) row[x] = fy === 2 ? src[a + x] * 3 + src[b + x] : src[a + x];
    const o = oy * w;
    if (fx === 1) {
      if (fy === 2) {
        // h1v2: bias 1 for the upper output row, 2 for the lower.
        const bias = (oy & 1) === 0 ? 1 : 2;
        for (let x = 0; x < w; x++) out[o + x] = (row[x] + bias) >> 2;
      } else {
        for (let x = 0; x < w; x++) out[o + x] = row[x];
      }
      continue;
    }
    // fx = 2: first/last output columns replicate the edge sample (libjpeg's edge handling).
    const last = cw - 1;
    const put = (ox: number, v: number) => { if (ox < w) out[o + ox] = v; };
    if (fy === 2) {
      // h2v2: sums of 16ths, bias 8 for the left output of each pair and 7 for the right.
      for (let cx = 0; cx <= last; cx++) {
        const t3 = row[cx] * 3;
        put(2 * cx, cx === 0 ? (row[0] * 4 + 8) >> 4 : (t3 + row[cx - 1] + 8) >> 4);
        put(2 * cx + 1, cx === last ? (row[cx] * 4 + 7) >> 4 : (t3 + row[cx + 1] + 7) >> 4);
      }
    } else {
      // h2v1: quarters, bias 1 left and 2 right; the outermost outputs copy the sample.
      for (let cx = 0; cx <= last; cx++) {
        const t3 = row[cx] * 3;
        put(2 * cx, cx === 0 ? row[0] : (t3 + row[cx - 1] + 1) >> 2);
        put(2 * cx + 1, cx === last ? row[cx] : (t3 + row[cx + 1] + 2) >> 2);
      }
    }
  }
  return out;
}

const SCALEBITS = 16;
const ONE_HALF = 1 << (SCALEBITS - 1);
const FIX = (x: number): number => Math.trunc(x * (1 << SCALEBITS) + 0.5);
const crR = new Int32Array(256);
const cbB = new Int32Array(256);
const crG = new Int32Array(256);
const cbG = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  crR[i] = (FIX(1.402) * x + ONE_HALF) >> SCALEBITS;
  cbB[i] = (FIX(1.772) * x + ONE_HALF) >> SCALEBITS;
  crG[i] = -FIX(0.71414) * x;
  cbG[i] = -FIX(0.34414) * x + ONE_HALF;
}
const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * Converts jpeg-js output decoded with colorTransform=false (interleaved Y,Cb,Cr with nearest-upsampled
 * chroma) into RGB the way libjpeg-turbo would, given the frame's sampling factors.
 */
export function yccToRgbFancy(ycc: Uint8Array, w: number, h: number, f: JpegFrameInfo): Uint8Array {
  const fx = f.components[0].h;
  const fy = f.components[0].v;
  const cw = Math.ceil(w / fx);
  const chh = Math.ceil(h / fy);
  // Recover the native chroma planes: jpeg-js repeated each sample fx x fy times.
  const cb = new Uint8Array(cw * chh);
  const cr = new Uint8Array(cw * chh);
  for (let y = 0; y < chh; y++) {
    for (let x = 0; x < cw; x++) {
      const p = (y * fy * w + x * fx) * 3;
      cb[y * cw + x] = ycc[p + 1];
      cr[y * cw + x] = ycc[p + 2];
    }
  }
  const cbUp = fx === 1 && fy === 1 ? cb : upsample(cb, cw, chh, fx, fy, w, h);
  const crUp = fx === 1 && fy === 1 ? cr : upsample(cr, cw, chh, fx, fy, w, h);
  const out = new Uint8Array(w * h * 3);
  for (let i = 0, p = 0; i < w * h; i++, p += 3) {
    const y = ycc[p];
    const u = cbUp[i];
    const v = crUp[i];
    out[p] = clamp(y + crR[v]);
    out[p + 1] = clamp(y + ((cbG[u] + crG[v]) >> SCALEBITS));
    out[p + 2] = clamp(y + cbB[u]);
  }
  return out;
}
