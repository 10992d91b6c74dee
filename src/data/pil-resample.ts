// Bit-exact port of Pillow's 8-bit resampler (libImaging/Resample.c) and NEAREST scaling
// (libImaging/Geometry.c ImagingScaleAffine), written from the algorithm description.
// Only a sub-rectangle of the output is computed: each output pixel depends only on its own
// coefficients, so cropping before or after resampling gives identical bytes.

export type ResampleFilter = 'bicubic' | 'bilinear';

/** Fixed-point fraction bits: 32 - 8 (pixel) - 2 (headroom for negative lobes / overshoot). */
const PRECISION_BITS = 22;
const HALF = 1 << (PRECISION_BITS - 1);

const FILTERS: Record<ResampleFilter, { support: number; fn: (x: number) => number }> = {
  bicubic: {
    support: 2,
    fn: (x) => {
      const a = -0.5;
      if (x < 0) x = -x;
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
  bilinear: {
    support: 1,
    fn: (x) => {
      if (x < 0) x = -x;
      return x < 1 ? 1 - x : 0;
    },
  },
};

export interface Coeffs {
  /** Max taps per output sample. */
  ksize: number;
  /** Per output sample: first input index and number of taps. */
  bounds: Int32Array;
  /** Fixed-point weights, ksize per output sample. */
  kk: Int32Array;
}

const coeffCache = new Map<string, Coeffs>();

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for a full-image box, cached per (filter, in, out). */
export function resampleCoeffs(inSize: number, outSize: number, filter: ResampleFilter): Coeffs {
  const key = `${filter}:${inSize}:${outSize}`;
  const hit = coeffCache.get(key);
  if (hit) return hit;
  const { support: baseSupport, fn } = FILTERS[filter];
  const scale = inSize / outSize;
  // Downscaling widens the filter (antialiasing); upscaling keeps it at its base size.
  const filterscale = scale < 1 ? 1 : scale;
  const support = baseSupport * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Int32Array(outSize * ksize);
  const w = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C casts to int, i.e. truncates toward zero, before clamping.
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const v = fn((x + xmin - center + 0.5) * ss);
      w[x] = v;
      ww += v;
    }
    for (let x = 0; x < xmax; x++) {
      const k = ww !== 0 ? w[x] / ww : w[x];
      kk[xx * ksize + x] = k < 0 ? Math.trunc(-0.5 + k * (1 << PRECISION_BITS)) : Math.trunc(0.5 + k * (1 << PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  const c: Coeffs = { ksize, bounds, kk };
  coeffCache.set(key, c);
  return c;
}

const clip8 = (ss: number): number => {
  const v = ss >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Resamples interleaved 8-bit `src` (w x h x ch) to outW x outH like Pillow's ImagingResample (horizontal
 * pass first, each pass rounded and clipped to 8 bits) and returns only `region` of the result.
 */
export function resampleRegion(
  src: Uint8Array, w: number, h: number, ch: number,
  outW: number, outH: number, filter: ResampleFilter, region: Region,
): Uint8Array {
  const { x: rx, y: ry, w: rw, h: rh } = region;
  const needH = outW !== w;
  const needV = outH !== h;
  const vc = needV ? resampleCoeffs(h, outH, filter) : null;
  // Input rows the vertical pass will read (bounds are monotonic in the output index).
  const yFirst = vc ? vc.bounds[ry * 2] : ry;
  const yLast = vc ? vc.bounds[(ry + rh - 1) * 2] + vc.bounds[(ry + rh - 1) * 2 + 1] : ry + rh;
  const rowLen = rw * ch;
  const tmp = new Uint8Array((yLast - yFirst) * rowLen);

  if (needH) {
    const { ksize, bounds, kk } = resampleCoeffs(w, outW, filter);
    const rows = yLast - yFirst;
    if (ch === 1) horizontal1(src, w, yFirst, rows, tmp, rx, rw, ksize, bounds, kk);
    else if (ch === 3) horizontal3(src, w, yFirst, rows, tmp, rx, rw, ksize, bounds, kk);
    else horizontalN(src, w, ch, yFirst, rows, tmp, rx, rw, ksize, bounds, kk);
  } else {
    for (let y = yFirst; y < yLast; y++) {
      const s = (y * w + rx) * ch;
      tmp.set(src.subarray(s, s + rowLen), (y - yFirst) * rowLen);
    }
  }
  if (!vc) return tmp;

  const out = new Uint8Array(rh * rowLen);
  // int32 accumulators like Pillow's `int ss`: the fixed-point budget guarantees no overflow.
  const acc = new Int32Array(rowLen);
  const { ksize, bounds, kk } = vc;
  for (let i = 0; i < rh; i++) {
    const yy = ry + i;
    const ymin = bounds[yy * 2] - yFirst;
    const n = bounds[yy * 2 + 1];
    acc.fill(HALF);
    // Row-at-a-time accumulation keeps memory access sequential.
    for (let t = 0; t < n; t++) {
      const k = kk[yy * ksize + t];
      const row = (ymin + t) * rowLen;
      for (let q = 0; q < rowLen; q++) acc[q] += tmp[row + q] * k;
    }
    const o = i * rowLen;
    for (let q = 0; q < rowLen; q++) {
      const v = acc[q] >> PRECISION_BITS;
      out[o + q] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}

// Horizontal passes, specialised by channel count because the generic channel loop is ~3x slower.
function horizontal1(
  src: Uint8Array, w: number, y0: number, rows: number, tmp: Uint8Array,
  rx: number, rw: number, ksize: number, bounds: Int32Array, kk: Int32Array,
): void {
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const srcRow = (y0 + r) * w;
    for (let j = 0; j < rw; j++) {
      const xx = rx + j;
      const n = bounds[xx * 2 + 1];
      const kOff = xx * ksize;
      let p = srcRow + bounds[xx * 2];
      let s0 = HALF;
      for (let t = 0; t < n; t++, p++) s0 = (s0 + src[p] * kk[kOff + t]) | 0;
      tmp[o++] = clip8(s0);
    }
  }
}

function horizontal3(
  src: Uint8Array, w: number, y0: number, rows: number, tmp: Uint8Array,
  rx: number, rw: number, ksize: number, bounds: Int32Array, kk: Int32Array,
): void {
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const srcRow = (y0 + r) * w * 3;
    for (let j = 0; j < rw; j++) {
      const xx = rx + j;
      const n = bounds[xx * 2 + 1];
      const kOff = xx * ksize;
      let p = srcRow + bounds[xx * 2] * 3;
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      for (let t = 0; t < n; t++, p += 3) {
        const k = kk[kOff + t];
        s0 = (s0 + src[p] * k) | 0;
        s1 = (s1 + src[p + 1] * k) | 0;
        s2 = (s2 + src[p + 2] * k) | 0;
      }
      tmp[o++] = clip8(s0);
      tmp[o++] = clip8(s1);
      tmp[o++] = clip8(s2);
    }
  }
}

function horizontalN(
  src: Uint8Array, w: number, ch: number, y0: number, rows: number, tmp: Uint8Array,
  rx: number, rw: number, ksize: number, bounds: Int32Array, kk: Int32Array,
): void {
  let o = 0;
  for (let r = 0; r < rows; r++) {
    const srcRow = (y0 + r) * w * ch;
    for (let j = 0; j < rw; j++) {
      const xx = rx + j;
      const n = bounds[xx * 2 + 1];
      const kOff = xx * ksize;
      const p0 = srcRow + bounds[xx * 2] * ch;
      for (let c = 0; c < ch; c++) {
        let ss = HALF;
        for (let t = 0, p = p0 + c; t < n; t++, p += ch) ss = (ss + src[p] * kk[kOff + t]) | 0;
        tmp[o++] = clip8(ss);
      }
    }
  }
}

/** Source index per output index as ImagingScaleAffine computes it (accumulated double offsets). */
function nearestTable(inSize: number, outSize: number): Int32Array {
  const a = inSize / outSize;
  const t = new Int32Array(outSize);
  let xo = a * 0.5;
  for (let x = 0; x < outSize; x++) {
    const xin = xo < 0 ? -1 : Math.trunc(xo);
    t[x] = xin < 0 ? 0 : xin >= inSize ? inSize - 1 : xin;
    xo += a;
  }
  return t;
}

/** Pillow's NEAREST resize (used for modes P and 1), restricted to `region`. */
export function nearestRegion(
  src: Uint8Array, w: number, h: number, ch: number, outW: number, outH: number, region: Region,
): Uint8Array {
  const xs = nearestTable(w, outW);
  const ys = nearestTable(h, outH);
  const out = new Uint8Array(region.w * region.h * ch);
  let o = 0;
  for (let i = 0; i < region.h; i++) {
    const row = ys[region.y + i] * w;
    for (let j = 0; j < region.w; j++) {
      const p = (row + xs[region.x + j]) * ch;
      for (let c = 0; c < ch; c++) out[o++] = src[p + c];
    }
  }
  return out;
}

/** RGBA -> RGBa with Pillow's MULDIV255 rounding (Convert.c rgbA2rgba). */
export function premultiply(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3];
    for (let c = 0; c < 3; c++) {
      const tmp = rgba[i + c] * a + 128;
      out[i + c] = ((tmp >> 8) + tmp) >> 8;
    }
    out[i + 3] = a;
  }
  return out;
}

/** RGBa -> RGBA in place (Convert.c rgba2rgbA): alpha 0 and 255 keep the stored colour. */
export function unpremultiplyInPlace(rgba: Uint8Array): void {
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3];
    if (a === 0 || a === 255) continue;
    for (let c = 0; c < 3; c++) {
      const v = Math.floor((255 * rgba[i + c]) / a);
      rgba[i + c] = v > 255 ? 255 : v;
    }
  }
}
