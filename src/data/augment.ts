// torchvision's RandAugment(num_ops=2, magnitude=9, num_magnitude_bins=31) on a PIL image, plus
// RandomHorizontalFlip(0.5) before it, as the ProReg training recipe applies to decoded images before
// CLIP preprocessing. Randomness comes only from the injected rng, so a seeded caller is reproducible.
import type { RawImage } from './raw-image';
import { dropAlpha } from './raw-image';
import type { AugImage } from './augment-ops';
import {
  affineNearest, autocontrast, brightness, color, contrast, equalize, hflip, posterize, sharpness, solarize,
} from './augment-ops';

/** The op list in torchvision's _augmentation_space order (the op index is drawn over this list). */
export const RAND_AUGMENT_OPS = [
  'Identity', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Rotate', 'Brightness', 'Color', 'Contrast',
  'Sharpness', 'Posterize', 'Solarize', 'AutoContrast', 'Equalize',
] as const;
export type RandAugmentOp = (typeof RAND_AUGMENT_OPS)[number];

export interface RandAugmentOptions {
  /** Ops applied in sequence (torchvision num_ops). Default 2. */
  numOps?: number;
  /** Magnitude bin, 0 <= magnitude < numMagnitudeBins. Default 9. */
  magnitude?: number;
  numMagnitudeBins?: number;
  /** RandomHorizontalFlip(p=0.5) before RandAugment. Default true. */
  flip?: boolean;
}

const f = Math.fround;
const DEG_TO_RAD = Math.PI / 180; // CPython's math.radians / math.degrees constants
const RAD_TO_DEG = 180 / Math.PI;

/** torch.linspace(start, end, bins)[i] in float32, as the CPU kernel's scalar path computes it. */
function linspaceAt(start: number, end: number, bins: number, i: number): number {
  const s = f(start);
  const e = f(end);
  if (bins === 1) return s;
  const step = f(f(e - s) / (bins - 1));
  return i < Math.floor(bins / 2) ? f(s + f(step * i)) : f(e - f(step * (bins - i - 1)));
}

/** Magnitude of `op` at bin `m` and whether it is signed, as _augmentation_space(bins, (h, w)). */
export function opMagnitude(op: RandAugmentOp, m: number, bins: number, width: number, height: number): { value: number; signed: boolean } {
  switch (op) {
    case 'ShearX': case 'ShearY': return { value: linspaceAt(0, 0.3, bins, m), signed: true };
    case 'TranslateX': return { value: linspaceAt(0, (150 / 331) * width, bins, m), signed: true };
    case 'TranslateY': return { value: linspaceAt(0, (150 / 331) * height, bins, m), signed: true };
    case 'Rotate': return { value: linspaceAt(0, 30, bins, m), signed: true };
    case 'Brightness': case 'Color': case 'Contrast': case 'Sharpness': return { value: linspaceAt(0, 0.9, bins, m), signed: true };
    // 8 - (arange(bins) / ((bins - 1) / 4)).round().int(), in float32 (no exact halves occur for 31 bins).
    case 'Posterize': return { value: 8 - Math.round(f(m / ((bins - 1) / 4))), signed: false };
    case 'Solarize': return { value: linspaceAt(255, 0, bins, m), signed: false };
    default: return { value: 0, signed: false };
  }
}

/** torchvision's _get_inverse_affine_matrix (angle, shear in degrees), for F.affine on PIL images. */
function inverseAffine(center: [number, number], angle: number, translate: [number, number], shear: [number, number]): number[] {
  const rot = angle * DEG_TO_RAD;
  const sx = shear[0] * DEG_TO_RAD;
  const sy = shear[1] * DEG_TO_RAD;
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0.0, -c, a, 0.0]; // scale 1
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

/** Python's float % (result takes the divisor's sign). */
const pyMod = (a: number, b: number) => { const r = a % b; return r !== 0 && r < 0 !== b < 0 ? r + b : r; };
/** Python's round(x, 15) on a double. */
const round15 = (x: number) => Number(x.toFixed(15));

/** PIL Image.rotate(angle, NEAREST, expand=False, fillcolor=0): counter-clockwise about the centre. */
export function rotate(img: AugImage, angleDeg: number): AugImage {
  const deg = pyMod(angleDeg, 360);
  if (deg === 0) return { ...img, data: img.data.slice() };
  // Pillow's fast paths (never hit by RandAugment's ±30°, kept so rotate() matches Image.rotate).
  if (deg === 180 || ((deg === 90 || deg === 270) && img.width === img.height)) return transpose(img, deg);
  const t = -(deg * DEG_TO_RAD);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const m = [round15(Math.cos(t)), round15(Math.sin(t)), 0.0, round15(-Math.sin(t)), round15(Math.cos(t)), 0.0];
  m[2] = m[0] * (-cx - 0) + m[1] * (-cy - 0) + m[2];
  m[5] = m[3] * (-cx - 0) + m[4] * (-cy - 0) + m[5];
  m[2] += cx;
  m[5] += cy;
  return affineNearest(img, m);
}

/** Exact quarter turns (counter-clockwise by `deg`), as Image.transpose. */
function transpose(img: AugImage, deg: 90 | 180 | 270 | number): AugImage {
  const { width: w, height: h, channels: ch, data } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Source of output (x, y); for 90/270 the image is square here.
      const [sx, sy] = deg === 180 ? [w - 1 - x, h - 1 - y] : deg === 90 ? [w - 1 - y, x] : [y, h - 1 - x];
      for (let c = 0; c < ch; c++) out[(y * w + x) * ch + c] = data[(sy * w + sx) * ch + c];
    }
  }
  return { ...img, data: out };
}

/** torchvision's _apply_op for a PIL image (interpolation NEAREST, fill 0). */
export function applyOp(img: AugImage, op: RandAugmentOp, magnitude: number): AugImage {
  const { width: w, height: h } = img;
  switch (op) {
    case 'Identity': return img;
    case 'ShearX': return affineNearest(img, inverseAffine([0, 0], 0, [0, 0], [Math.atan(magnitude) * RAD_TO_DEG, 0]));
    case 'ShearY': return affineNearest(img, inverseAffine([0, 0], 0, [0, 0], [0, Math.atan(magnitude) * RAD_TO_DEG]));
    case 'TranslateX': return affineNearest(img, inverseAffine([w * 0.5, h * 0.5], 0, [Math.trunc(magnitude), 0], [0, 0]));
    case 'TranslateY': return affineNearest(img, inverseAffine([w * 0.5, h * 0.5], 0, [0, Math.trunc(magnitude)], [0, 0]));
    case 'Rotate': return rotate(img, magnitude);
    case 'Brightness': return brightness(img, 1.0 + magnitude);
    case 'Color': return color(img, 1.0 + magnitude);
    case 'Contrast': return contrast(img, 1.0 + magnitude);
    case 'Sharpness': return sharpness(img, 1.0 + magnitude);
    case 'Posterize': return posterize(img, Math.trunc(magnitude));
    case 'Solarize': return solarize(img, magnitude);
    case 'AutoContrast': return autocontrast(img);
    case 'Equalize': return equalize(img);
  }
}

/**
 * Brings a decoded image into a mode RandAugment works on, as the reference loader's convert('RGB'):
 * RGBA loses its alpha (no premultiplication), palette images lose their NEAREST-resize marker. Grey stays
 * one channel: every op acts on L exactly as on its RGB replication, so preprocessing gives the same tensor.
 */
export function toAugImage(img: RawImage): AugImage {
  const { width, height, channels, data } = img;
  if (channels === 1 || channels === 3) return { width, height, channels, data };
  return { width, height, channels: 3, data: dropAlpha(data, width * height) };
}

/**
 * Random horizontal flip (p=0.5, when `flip`) then RandAugment, drawing from `rng` in torch's order: flip,
 * then per op its index and, for signed ops, its sign. Returns a new L or RGB image of the same size.
 */
export function randAugment(img: RawImage, rng: () => number, opts: RandAugmentOptions = {}): RawImage {
  const numOps = opts.numOps ?? 2;
  const bins = opts.numMagnitudeBins ?? 31;
  const m = opts.magnitude ?? 9;
  if (!Number.isInteger(numOps) || numOps < 0) throw new Error(`randAugment: numOps must be a non-negative integer, got ${numOps}`);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`randAugment: numMagnitudeBins must be a positive integer, got ${bins}`);
  if (!Number.isInteger(m) || m < 0 || m >= bins) throw new Error(`randAugment: magnitude must be an integer in [0, ${bins}), got ${m}`);
  let out = toAugImage(img);
  if ((opts.flip ?? true) && rng() < 0.5) out = hflip(out);
  for (let k = 0; k < numOps; k++) {
    const op = RAND_AUGMENT_OPS[Math.min(Math.floor(rng() * RAND_AUGMENT_OPS.length), RAND_AUGMENT_OPS.length - 1)];
    const { value, signed } = opMagnitude(op, m, bins, out.width, out.height);
    out = applyOp(out, op, signed && rng() < 0.5 ? -value : value);
  }
  // Identity-only runs must not hand back the caller's buffer.
  return out.data === img.data ? { ...out, data: out.data.slice() } : out;
}
