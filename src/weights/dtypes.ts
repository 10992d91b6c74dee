// safetensors dtypes and exact float conversions (f16, bf16, f8 -> f32; f32 -> f16/bf16 with round-to-nearest-even).
// All conversions work on bit patterns through Uint32Array views so NaN payloads and -0 survive.
import { WeightsError } from './errors';

export type FloatDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'F8_E4M3' | 'F8_E5M2';
export type IntDtype = 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';
export type Dtype = FloatDtype | IntDtype;

export const DTYPE_SIZES: Readonly<Record<Dtype, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, F8_E4M3: 1, F8_E5M2: 1,
  I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1,
};

export function isDtype(s: string): s is Dtype {
  return Object.prototype.hasOwnProperty.call(DTYPE_SIZES, s);
}

export function isFloatDtype(d: Dtype): d is FloatDtype {
  return d === 'F64' || d === 'F32' || d === 'F16' || d === 'BF16' || d === 'F8_E4M3' || d === 'F8_E5M2';
}

let littleEndian: boolean | undefined;
/** Typed-array views use platform byte order; safetensors is little-endian (as is every browser/Node target). */
export function assertLittleEndian(): void {
  littleEndian ??= new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (!littleEndian) {
    throw new WeightsError('unsupported-platform', 'This platform is big-endian; safetensors files cannot be read here.');
  }
}

/** f16 bits -> f32 bits, exact (subnormals normalised, inf/NaN kept). */
export function f16BitsToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp === 0) {
    if (mant === 0) return sign >>> 0;
    // Subnormal: shift until the implicit bit appears, lowering the exponent each step.
    let e = -14;
    while ((mant & 0x400) === 0) {
      mant <<= 1;
      e--;
    }
    return (sign | ((e + 127) << 23) | ((mant & 0x3ff) << 13)) >>> 0;
  }
  return (sign | ((exp - 15 + 127) << 23) | (mant << 13)) >>> 0;
}

let f16Table: Uint32Array | undefined;
/** 256 KB lookup table: one load per element is far faster than bit fiddling on 300M-element checkpoints. */
function getF16Table(): Uint32Array {
  if (!f16Table) {
    f16Table = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = f16BitsToF32Bits(h);
  }
  return f16Table;
}

let e4m3Table: Uint32Array | undefined;
/** F8_E4M3 is the "fn" variant (no inf; S.1111.111 is NaN), as in torch.float8_e4m3fn. */
function getE4M3Table(): Uint32Array {
  if (!e4m3Table) {
    e4m3Table = new Uint32Array(256);
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    for (let b = 0; b < 256; b++) {
      const e = (b >>> 3) & 0xf;
      const m = b & 7;
      const mag = e === 15 && m === 7 ? NaN : e === 0 ? m * 2 ** -9 : (1 + m / 8) * 2 ** (e - 7);
      f[0] = b & 0x80 ? -mag : mag;
      e4m3Table[b] = u[0];
    }
  }
  return e4m3Table;
}

export function f16ToF32(src: Uint16Array): Float32Array {
  const table = getF16Table();
  const out = new Float32Array(src.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < src.length; i++) bits[i] = table[src[i]];
  return out;
}

/** bf16 is the top half of an f32, so widening is a shift. */
export function bf16ToF32(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < src.length; i++) bits[i] = src[i] << 16;
  return out;
}

export function f8ToF32(src: Uint8Array, dtype: 'F8_E4M3' | 'F8_E5M2'): Float32Array {
  const out = new Float32Array(src.length);
  const bits = new Uint32Array(out.buffer);
  if (dtype === 'F8_E5M2') {
    // E5M2 is the top byte of an f16.
    const table = getF16Table();
    for (let i = 0; i < src.length; i++) bits[i] = table[src[i] << 8];
  } else {
    const table = getE4M3Table();
    for (let i = 0; i < src.length; i++) bits[i] = table[src[i]];
  }
  return out;
}

/** f32 bits -> f16 bits, round-to-nearest-even; overflow becomes inf, NaN stays NaN (quiet). */
export function f32BitsToF16Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e >= 1) {
    const rest = mant & 0x1fff;
    let h = sign | (e << 10) | (mant >>> 13);
    // A carry out of the mantissa correctly bumps the exponent (and 65520+ becomes inf).
    if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
    return h;
  }
  // Result is subnormal (or zero): count units of 2^-24.
  const shift = 14 - e;
  if (shift > 24) return sign;
  const full = mant | 0x800000;
  let q = full >>> shift;
  const rem = full & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rem > half || (rem === half && (q & 1) === 1)) q++;
  return sign | q;
}

/** f32 bits -> bf16 bits, round-to-nearest-even; NaN stays NaN (quiet bit forced so it cannot become inf). */
export function f32BitsToBf16Bits(x: number): number {
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) return ((x >>> 16) | 0x40) & 0xffff;
  return ((x >>> 0) + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}

export function f32ToF16Into(src: Float32Array, dst: Uint16Array): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < bits.length; i++) dst[i] = f32BitsToF16Bits(bits[i]);
}

export function f32ToBf16Into(src: Float32Array, dst: Uint16Array): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < bits.length; i++) dst[i] = f32BitsToBf16Bits(bits[i]);
}
