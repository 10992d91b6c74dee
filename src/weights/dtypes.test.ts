import { describe, expect, it } from 'vitest';
import { bf16ToF32, f16BitsToF32Bits, f16ToF32, f32BitsToBf16Bits, f32BitsToF16Bits, f8ToF32 } from './dtypes';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x: number): number => ((f32[0] = x), u32[0]);
const valueOf = (bits: number): number => ((u32[0] = bits), f32[0]);
const decodeF16 = (h: number): number => f16ToF32(new Uint16Array([h]))[0];

/** Independent decoder straight from the IEEE definition, in float64. */
function referenceF16(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0x1f) return m ? NaN : s * Infinity;
  return e === 0 ? s * m * 2 ** -24 : s * (1 + m / 1024) * 2 ** (e - 15);
}

describe('f16 -> f32', () => {
  it('decodes known bit patterns', () => {
    expect(decodeF16(0x3c00)).toBe(1);
    expect(decodeF16(0x0001)).toBe(2 ** -24);
    expect(decodeF16(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(decodeF16(0x0400)).toBe(2 ** -14); // smallest normal
    expect(decodeF16(0x7bff)).toBe(65504);
    expect(decodeF16(0xfbff)).toBe(-65504);
    expect(decodeF16(0x7c00)).toBe(Infinity);
    expect(decodeF16(0xfc00)).toBe(-Infinity);
    expect(Object.is(decodeF16(0x8000), -0)).toBe(true);
    expect(decodeF16(0x7e00)).toBeNaN();
    expect(decodeF16(0xc000)).toBe(-2);
    expect(decodeF16(0x3555)).toBeCloseTo(0.333251953125, 12);
  });

  it('matches the reference decoder for all 65536 patterns', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const out = f16ToF32(all);
    for (let h = 0; h < 65536; h++) {
      const ref = referenceF16(h);
      if (Number.isNaN(ref)) expect(out[h]).toBeNaN();
      else if (!Object.is(out[h], ref)) expect.fail(`0x${h.toString(16)}: ${out[h]} != ${ref}`);
    }
  });

  it('keeps NaN payloads', () => {
    expect(f16BitsToF32Bits(0x7c01)).toBe(0x7f802000);
    expect(f16BitsToF32Bits(0xfe00)).toBe(0xffc00000);
  });
});

describe('f32 -> f16 (round to nearest even)', () => {
  it('round-trips every non-NaN f16 exactly', () => {
    for (let h = 0; h < 65536; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue;
      if (f32BitsToF16Bits(f16BitsToF32Bits(h)) !== h) expect.fail(`0x${h.toString(16)} did not round-trip`);
    }
  });

  it('rounds every midpoint to even and its neighbours to the nearest value', () => {
    // Positive finite f16 pairs (h, h+1), including the subnormal range (the jump to inf is tested below).
    for (let h = 0; h < 0x7bff; h++) {
      const mid = (referenceF16(h) + referenceF16(h + 1)) / 2; // exact in f32: one more mantissa bit
      const midBits = bitsOf(mid);
      expect(valueOf(midBits)).toBe(mid);
      const even = h & 1 ? h + 1 : h;
      if (f32BitsToF16Bits(midBits) !== even) expect.fail(`midpoint above 0x${h.toString(16)} should round to even`);
      if (f32BitsToF16Bits(midBits - 1) !== h) expect.fail(`just below midpoint above 0x${h.toString(16)}`);
      if (f32BitsToF16Bits(midBits + 1) !== h + 1) expect.fail(`just above midpoint above 0x${h.toString(16)}`);
      if (f32BitsToF16Bits((midBits | 0x80000000) >>> 0) !== (even | 0x8000)) expect.fail(`negative midpoint 0x${h.toString(16)}`);
    }
  });

  it('handles overflow, underflow and specials', () => {
    expect(f32BitsToF16Bits(bitsOf(65519.996))).toBe(0x7bff);
    expect(f32BitsToF16Bits(bitsOf(65520))).toBe(0x7c00); // ties to even -> inf
    expect(f32BitsToF16Bits(bitsOf(1e10))).toBe(0x7c00);
    expect(f32BitsToF16Bits(bitsOf(-1e10))).toBe(0xfc00);
    expect(f32BitsToF16Bits(bitsOf(Infinity))).toBe(0x7c00);
    expect(f32BitsToF16Bits(bitsOf(2 ** -25))).toBe(0); // tie with 0 and 2^-24 -> even (0)
    expect(f32BitsToF16Bits(bitsOf(2 ** -25 * 1.0001))).toBe(1);
    expect(f32BitsToF16Bits(bitsOf(1e-30))).toBe(0);
    expect(f32BitsToF16Bits(bitsOf(-1e-30))).toBe(0x8000);
    expect(f32BitsToF16Bits(1)).toBe(0); // f32 subnormal
    expect(f32BitsToF16Bits(bitsOf(NaN)) & 0x7fff).toBeGreaterThan(0x7c00);
    expect(f32BitsToF16Bits(0x7f800001) & 0x7fff).toBeGreaterThan(0x7c00); // signalling NaN stays NaN
  });
});

describe('bf16', () => {
  it('widens by shifting into the top half', () => {
    const out = bf16ToF32(new Uint16Array([0x3f80, 0xc000, 0x7f80, 0xff80, 0x0001, 0x8000, 0x7fc0]));
    expect(Array.from(out.slice(0, 4))).toEqual([1, -2, Infinity, -Infinity]);
    expect(out[4]).toBe(valueOf(0x00010000));
    expect(Object.is(out[5], -0)).toBe(true);
    expect(out[6]).toBeNaN();
  });

  it('narrows with round to nearest even', () => {
    expect(f32BitsToBf16Bits(0x3f808000)).toBe(0x3f80); // tie, even stays
    expect(f32BitsToBf16Bits(0x3f818000)).toBe(0x3f82); // tie, odd rounds up
    expect(f32BitsToBf16Bits(0x3f808001)).toBe(0x3f81);
    expect(f32BitsToBf16Bits(0x3f807fff)).toBe(0x3f80);
    expect(f32BitsToBf16Bits(0x7f7fffff)).toBe(0x7f80); // max f32 rounds to inf
    expect(f32BitsToBf16Bits(0xff800000)).toBe(0xff80);
    expect(f32BitsToBf16Bits(0x7f800001)).toBe(0x7fc0); // NaN with low payload must not become inf
    expect(f32BitsToBf16Bits(bitsOf(NaN))).toBe(0x7fc0);
  });
});

describe('f8', () => {
  it('decodes E4M3 (fn) and E5M2', () => {
    const e4 = f8ToF32(new Uint8Array([0x38, 0x7e, 0x01, 0xb8, 0x7f, 0x08]), 'F8_E4M3');
    expect(Array.from(e4.slice(0, 4))).toEqual([1, 448, 2 ** -9, -1]);
    expect(e4[4]).toBeNaN();
    expect(e4[5]).toBe(2 ** -6);
    const e5 = f8ToF32(new Uint8Array([0x3c, 0x7c, 0x01, 0xc0]), 'F8_E5M2');
    expect(Array.from(e5)).toEqual([1, Infinity, 2 ** -16, -2]);
  });
});
