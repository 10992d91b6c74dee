// Pixel operations of torchvision's RandAugment on a PIL image, ported from Pillow's semantics
// (ImageEnhance, ImageOps, Image.transform with NEAREST) onto 8-bit interleaved L or RGB data.
// Float steps follow the C code's float32/double split so the bytes match Pillow.
import type { RawImage } from './raw-image';

/** An image the ops accept: 1 (L) or 3 (RGB) channels, no palette. */
export interface AugImage extends RawImage {
  channels: 1 | 3;
}

const f = Math.fround;
const withData = (img: AugImage, data: Uint8Array): AugImage => ({ width: img.width, height: img.height, channels: img.channels, data });

/** Pillow's Image.point with a 256-entry table applied to every band. */
export function applyLut(img: AugImage, lut: ArrayLike<number>): AugImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = lut[img.data[i]];
  return withData(img, out);
}

/** Per band 256-bin histograms (Image.histogram), band-major. */
function histograms(img: AugImage): Float64Array {
  const ch = img.channels;
  const h = new Float64Array(256 * ch);
  for (let i = 0; i < img.data.length; i++) h[(i % ch) * 256 + img.data[i]]++;
  return h;
}

/** Applies one LUT per band (band-major table of 256 * channels entries, clipped to 0..255 as Pillow's point does). */
function applyBandLuts(img: AugImage, luts: ArrayLike<number>): AugImage {
  const ch = img.channels;
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = luts[(i % ch) * 256 + img.data[i]];
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return withData(img, out);
}

/** ImageOps.posterize: keep the top `bits` bits. */
export function posterize(img: AugImage, bits: number): AugImage {
  const mask = ~(2 ** (8 - bits) - 1) & 0xff;
  return applyLut(img, Array.from({ length: 256 }, (_, i) => i & mask));
}

/** ImageOps.solarize: invert every value >= threshold. */
export function solarize(img: AugImage, threshold: number): AugImage {
  return applyLut(img, Array.from({ length: 256 }, (_, i) => (i < threshold ? i : 255 - i)));
}

/** ImageOps.autocontrast(cutoff=0): stretch each band's [lo, hi] to [0, 255]. */
export function autocontrast(img: AugImage): AugImage {
  const h = histograms(img);
  const luts = new Int32Array(256 * img.channels);
  for (let b = 0; b < img.channels; b++) {
    const o = b * 256;
    let lo = 0;
    while (lo < 255 && !h[o + lo]) lo++;
    let hi = 255;
    while (hi > 0 && !h[o + hi]) hi--;
    for (let ix = 0; ix < 256; ix++) {
      if (hi <= lo) luts[o + ix] = ix;
      else {
        const scale = 255.0 / (hi - lo);
        const offset = -lo * scale;
        luts[o + ix] = Math.trunc(ix * scale + offset);
      }
    }
  }
  return applyBandLuts(img, luts);
}

/** ImageOps.equalize: per band, Pillow's cumulative-histogram LUT (top bin clipped to 255). */
export function equalize(img: AugImage): AugImage {
  const h = histograms(img);
  const luts = new Int32Array(256 * img.channels);
  for (let b = 0; b < img.channels; b++) {
    const o = b * 256;
    let nonzero = 0;
    let total = 0;
    let last = 0;
    for (let i = 0; i < 256; i++) if (h[o + i]) { nonzero++; total += h[o + i]; last = h[o + i]; }
    const step = Math.floor((total - last) / 255);
    if (nonzero <= 1 || !step) {
      for (let i = 0; i < 256; i++) luts[o + i] = i;
      continue;
    }
    let n = Math.floor(step / 2);
    for (let i = 0; i < 256; i++) {
      luts[o + i] = Math.floor(n / step);
      n += h[o + i];
    }
  }
  return applyBandLuts(img, luts);
}

/** Image.blend(im1, im2, alpha) as libImaging's ImagingBlend: float32 alpha, truncation, clipping when extrapolating. */
export function blend(im1: Uint8Array, im2: Uint8Array, alpha: number): Uint8Array {
  const a = f(alpha);
  if (a === 0) return im1.slice();
  if (a === 1) return im2.slice();
  const out = new Uint8Array(im1.length);
  for (let i = 0; i < out.length; i++) {
    const t = f(im1[i] + f(a * (im2[i] - im1[i])));
    out[i] = t <= 0 ? 0 : t >= 255 ? 255 : t; // Uint8Array assignment truncates like the C cast
  }
  return out;
}

/** Pillow's convert('L') of RGB: ITU-R 601-2 luma in 16-bit fixed point. */
function luma(img: AugImage): Uint8Array {
  if (img.channels === 1) return img.data;
  const n = img.width * img.height;
  const l = new Uint8Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++) l[i] = (d[i * 3] * 19595 + d[i * 3 + 1] * 38470 + d[i * 3 + 2] * 7471 + 0x8000) >> 16;
  return l;
}

/** Spreads one value per pixel over the image's bands (convert('L') -> convert(mode)). */
function spread(img: AugImage, grey: Uint8Array): Uint8Array {
  if (img.channels === 1) return grey;
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < grey.length; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = grey[i];
  return out;
}

/** ImageEnhance.Brightness: blend with black. */
export function brightness(img: AugImage, factor: number): AugImage {
  return withData(img, blend(new Uint8Array(img.data.length), img.data, factor));
}

/** ImageEnhance.Color: blend with the greyscale version. */
export function color(img: AugImage, factor: number): AugImage {
  return withData(img, blend(spread(img, luma(img)), img.data, factor));
}

/** ImageEnhance.Contrast: blend with a flat image at the rounded mean of the greyscale version. */
export function contrast(img: AugImage, factor: number): AugImage {
  const l = luma(img);
  let sum = 0;
  for (let i = 0; i < l.length; i++) sum += l[i];
  const mean = Math.trunc(sum / l.length + 0.5);
  return withData(img, blend(new Uint8Array(img.data.length).fill(mean), img.data, factor));
}

/** ImageFilter.SMOOTH (3x3, weights 1 around a 5, scale 13), as ImagingFilter3x3: float32, borders copied. */
export function smooth(img: AugImage): Uint8Array {
  const { width: w, height: h, channels: ch, data } = img;
  const out = data.slice();
  if (w < 3 || h < 3) return out; // Pillow returns a copy when the kernel does not fit
  const k1 = f(1 / 13);
  const k5 = f(5 / 13);
  const offset = f(0 + 0.5); // rounding bias added by Pillow
  const row = (p: number, kc: number) => f(f(f(data[p - ch] * k1) + f(data[p] * kc)) + f(data[p + ch] * k1));
  const stride = w * ch;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let c = 0; c < ch; c++) {
        const p = y * stride + x * ch + c;
        let ss = offset;
        ss = f(ss + row(p + stride, k1));
        ss = f(ss + row(p, k5));
        ss = f(ss + row(p - stride, k1));
        out[p] = ss <= 0 ? 0 : ss >= 255 ? 255 : ss;
      }
    }
  }
  return out;
}

/** ImageEnhance.Sharpness: blend with the SMOOTH-filtered image. */
export function sharpness(img: AugImage, factor: number): AugImage {
  return withData(img, blend(smooth(img), img.data, factor));
}

/** Image.transpose(FLIP_LEFT_RIGHT). */
export function hflip(img: AugImage): AugImage {
  const { width: w, height: h, channels: ch, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * ch;
      const d = (y * w + (w - 1 - x)) * ch;
      for (let c = 0; c < ch; c++) out[d + c] = data[s + c];
    }
  }
  return withData(img, out);
}

/**
 * Image.transform(size, AFFINE, a, NEAREST) with fill 0: output pixel (x, y) samples input
 * (a0 x + a1 y + a2, a3 x + a4 y + a5) at pixel centres. Like ImagingTransformAffine: pure scale/translate
 * matrices step in double, others in 16.16 fixed point when the corners fit, else in double.
 */
export function affineNearest(img: AugImage, a: readonly number[]): AugImage {
  const { width: w, height: h } = img;
  const fits = (x: number, y: number) => Math.abs(x * a[0] + y * a[1] + a[2]) < 32768 && Math.abs(x * a[3] + y * a[4] + a[5]) < 32768;
  const scaleOnly = a[1] === 0 && a[3] === 0;
  if (!scaleOnly && fits(0, 0) && fits(w, h) && fits(0, h) && fits(w, 0)) return affineFixed(img, a);
  const coord = (v: number) => (v < 0 ? -1 : Math.trunc(v));
  let xo = a[2] + a[1] * 0.5 + a[0] * 0.5;
  let yo = a[5] + a[4] * 0.5 + a[3] * 0.5;
  return sample(img, (put) => {
    for (let y = 0; y < h; y++) {
      let xx = xo;
      let yy = yo;
      for (let x = 0; x < w; x++) {
        put(x, y, coord(xx), coord(yy));
        xx += a[0];
        yy += a[3];
      }
      xo += a[1];
      yo += a[4];
    }
  });
}

/** Pillow's affine_fixed: 16.16 integer steps, FIX(v) = floor(v * 65536 + 0.5). */
function affineFixed(img: AugImage, a: readonly number[]): AugImage {
  const fix = (v: number) => Math.floor(v * 65536.0 + 0.5);
  const [a0, a1, a3, a4] = [fix(a[0]), fix(a[1]), fix(a[3]), fix(a[4])];
  let a2 = fix(a[2] + a[0] * 0.5 + a[1] * 0.5);
  let a5 = fix(a[5] + a[3] * 0.5 + a[4] * 0.5);
  return sample(img, (put) => {
    for (let y = 0; y < img.height; y++) {
      let xx = a2;
      let yy = a5;
      for (let x = 0; x < img.width; x++) {
        put(x, y, xx >> 16, yy >> 16);
        xx = (xx + a0) | 0;
        yy = (yy + a3) | 0;
      }
      a2 = (a2 + a1) | 0;
      a5 = (a5 + a4) | 0;
    }
  });
}

/** Runs a sampling loop that copies input (xin, yin) to output (x, y), leaving 0 outside the input. */
function sample(img: AugImage, loop: (put: (x: number, y: number, xin: number, yin: number) => void) => void): AugImage {
  const { width: w, height: h, channels: ch, data } = img;
  const out = new Uint8Array(data.length);
  loop((x, y, xin, yin) => {
    if (xin < 0 || xin >= w || yin < 0 || yin >= h) return;
    const s = (yin * w + xin) * ch;
    const d = (y * w + x) * ch;
    for (let c = 0; c < ch; c++) out[d + c] = data[s + c];
  });
  return withData(img, out);
}
