// RandAugment ops on small synthetic images with hand-checked Pillow/torchvision results.
import { describe, expect, it } from 'vitest';
import type { AugImage } from './augment-ops';
import { autocontrast, brightness, color, contrast, equalize, hflip, posterize, sharpness, solarize } from './augment-ops';
import { RAND_AUGMENT_OPS, applyOp, opMagnitude, randAugment, rotate } from './augment';
import type { RawImage } from './raw-image';
import { makeRng } from '../shared/rng';

const grey = (w: number, h: number, px: number[]): AugImage => ({ width: w, height: h, channels: 1, data: new Uint8Array(px) });
const rgb = (w: number, h: number, px: number[]): AugImage => ({ width: w, height: h, channels: 3, data: new Uint8Array(px) });
const arr = (img: RawImage) => Array.from(img.data);

const seeded = makeRng;

describe('RandAugment magnitudes (torchvision _augmentation_space, 31 bins, magnitude 9)', () => {
  it('matches the linspace values', () => {
    expect(opMagnitude('Posterize', 9, 31, 10, 10)).toEqual({ value: 7, signed: false });
    expect(opMagnitude('Solarize', 9, 31, 10, 10)).toEqual({ value: 178.5, signed: false });
    expect(opMagnitude('Rotate', 9, 31, 10, 10)).toEqual({ value: 9, signed: true });
    expect(opMagnitude('ShearX', 9, 31, 10, 10).value).toBeCloseTo(0.09, 7);
    expect(opMagnitude('Brightness', 9, 31, 10, 10).value).toBeCloseTo(0.27, 7);
    expect(opMagnitude('TranslateX', 9, 31, 331, 662).value).toBe(45);
    expect(opMagnitude('TranslateY', 9, 31, 331, 662).value).toBe(90);
    expect(opMagnitude('Identity', 9, 31, 10, 10)).toEqual({ value: 0, signed: false });
    expect(opMagnitude('Posterize', 30, 31, 1, 1).value).toBe(4);
    expect(opMagnitude('Solarize', 30, 31, 1, 1).value).toBe(0);
  });
  it('lists the 14 ops in torchvision order', () => {
    expect(RAND_AUGMENT_OPS.length).toBe(14);
    expect(RAND_AUGMENT_OPS[0]).toBe('Identity');
    expect(RAND_AUGMENT_OPS[13]).toBe('Equalize');
  });
});

describe('colour ops', () => {
  it('Identity returns the image unchanged', () => {
    const img = rgb(2, 1, [1, 2, 3, 4, 5, 6]);
    expect(arr(applyOp(img, 'Identity', 0))).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('Posterize keeps the top bits', () => {
    expect(arr(posterize(grey(5, 1, [0, 1, 2, 255, 129]), 7))).toEqual([0, 0, 2, 254, 128]);
    expect(arr(posterize(grey(3, 1, [15, 16, 255]), 4))).toEqual([0, 16, 240]);
  });
  it('Solarize inverts values at or above the threshold', () => {
    expect(arr(solarize(grey(4, 1, [0, 178, 179, 255]), 178.5))).toEqual([0, 178, 76, 0]);
    expect(arr(solarize(grey(2, 1, [0, 255]), 0))).toEqual([255, 0]);
  });
  it('AutoContrast stretches each band separately', () => {
    // Band 0 spans 0..51 (scale 5), band 1 is flat (left alone), band 2 spans 100..255 (scale 255/155).
    const out = autocontrast(rgb(2, 1, [0, 7, 100, 51, 7, 255]));
    expect(arr(out)).toEqual([0, 7, 0, 255, 7, 255]);
  });
  it('Equalize on a two-level image maps the levels to 0 and 255; small images stay as they are', () => {
    const px = Array.from({ length: 512 }, (_, i) => (i < 256 ? 50 : 200));
    expect(new Set(arr(equalize(grey(32, 16, px))))).toEqual(new Set([0, 255]));
    expect(arr(equalize(grey(32, 16, px))).slice(254, 258)).toEqual([0, 0, 255, 255]);
    // Fewer than 256 pixels below the top level: Pillow's step is 0, identity.
    expect(arr(equalize(grey(4, 1, [50, 50, 200, 200])))).toEqual([50, 50, 200, 200]);
  });
  it('Brightness blends with black in float32 and clips', () => {
    expect(arr(brightness(grey(4, 1, [100, 200, 250, 0]), 1.27))).toEqual([127, 254, 255, 0]);
    expect(arr(brightness(grey(2, 1, [100, 7]), 0.73))).toEqual([73, 5]);
    expect(arr(brightness(grey(2, 1, [100, 7]), 0))).toEqual([0, 0]);
  });
  it('Color blends with the Pillow luma (greys unchanged)', () => {
    // L(255, 0, 0) = (255 * 19595 + 0x8000) >> 16 = 76.
    expect(arr(color(rgb(2, 1, [255, 0, 0, 9, 9, 9]), 0))).toEqual([76, 76, 76, 9, 9, 9]);
    expect(arr(color(rgb(1, 1, [9, 9, 9]), 1.9))).toEqual([9, 9, 9]);
  });
  it('Contrast blends with the rounded mean of the greyscale image', () => {
    // mean 50: factor 2 gives 50 + 2 (v - 50).
    expect(arr(contrast(grey(2, 1, [0, 100]), 2))).toEqual([0, 150]);
    expect(arr(contrast(grey(2, 1, [0, 100]), 0))).toEqual([50, 50]);
    // mean of 0, 0, 1 is 0.33 -> 0.
    expect(arr(contrast(grey(3, 1, [0, 0, 1]), 0))).toEqual([0, 0, 0]);
  });
  it('Sharpness uses the SMOOTH kernel (1,1,1;1,5,1;1,1,1)/13 and keeps the border pixels', () => {
    const img = grey(3, 3, [130, 0, 0, 0, 255, 0, 0, 0, 0]);
    // Factor 0 returns the degenerate image: centre = trunc(0.5 + (130 + 5 * 255) / 13) = 108.
    expect(arr(sharpness(img, 0))).toEqual([130, 0, 0, 0, 108, 0, 0, 0, 0]);
    // Factor 2 extrapolates: 108 + 2 (255 - 108) = 402 -> 255; borders keep their values.
    expect(arr(sharpness(img, 2))).toEqual([130, 0, 0, 0, 255, 0, 0, 0, 0]);
    const flat = rgb(4, 3, new Array(36).fill(77));
    expect(arr(sharpness(flat, 1.9))).toEqual(new Array(36).fill(77));
  });
});

describe('geometric ops (NEAREST, fill 0)', () => {
  const ramp = grey(5, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  it('horizontal flip mirrors each row', () => {
    expect(arr(hflip(ramp))).toEqual([5, 4, 3, 2, 1, 10, 9, 8, 7, 6]);
    expect(arr(hflip(rgb(2, 1, [1, 2, 3, 4, 5, 6])))).toEqual([4, 5, 6, 1, 2, 3]);
  });
  it('ShearX/ShearY with magnitude 0 are the identity', () => {
    expect(arr(applyOp(ramp, 'ShearX', 0))).toEqual(arr(ramp));
    expect(arr(applyOp(ramp, 'ShearY', 0))).toEqual(arr(ramp));
  });
  it('ShearX shifts lower rows by tan(shear) * y about the top-left corner', () => {
    // Output (x, y) samples x + 0.5 + 0.5 (y + 0.5): row 0 unchanged, row 1 moves left by one.
    expect(arr(applyOp(grey(4, 2, [1, 2, 3, 4, 5, 6, 7, 8]), 'ShearX', 0.5))).toEqual([1, 2, 3, 4, 6, 7, 8, 0]);
  });
  it('TranslateX/TranslateY shift by int(magnitude) and fill 0', () => {
    expect(arr(applyOp(ramp, 'TranslateX', 2.9))).toEqual([0, 0, 1, 2, 3, 0, 0, 6, 7, 8]);
    expect(arr(applyOp(ramp, 'TranslateX', -1))).toEqual([2, 3, 4, 5, 0, 7, 8, 9, 10, 0]);
    expect(arr(applyOp(ramp, 'TranslateY', 1))).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
  });
  it('Rotate turns counter-clockwise about the centre, keeping the size', () => {
    const sq = grey(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(arr(rotate(sq, 90))).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    expect(arr(rotate(sq, -90))).toEqual([7, 4, 1, 8, 5, 2, 9, 6, 3]);
    expect(arr(rotate(sq, 0))).toEqual(arr(sq));
    const solid = grey(20, 10, new Array(200).fill(9));
    const r = rotate(solid, 9);
    expect([r.width, r.height]).toEqual([20, 10]);
    expect(r.data[0]).toBe(0); // a corner rotates out of the frame
    expect(r.data[5 * 20 + 10]).toBe(9);
  });
});

describe('randAugment', () => {
  const photo = (): RawImage => {
    const data = new Uint8Array(17 * 11 * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 5) * 11) & 255;
    return { width: 17, height: 11, channels: 3, data };
  };
  it('is deterministic for a fixed seed and keeps the size', () => {
    const img = photo();
    const before = arr(img);
    for (let seed = 1; seed <= 30; seed++) {
      const a = randAugment(img, seeded(seed));
      const b = randAugment(img, seeded(seed));
      expect(arr(a)).toEqual(arr(b));
      expect([a.width, a.height, a.channels, a.data.length]).toEqual([17, 11, 3, img.data.length]);
      expect(a.data).not.toBe(img.data);
    }
    expect(arr(img)).toEqual(before); // the input is never modified
    const outs = new Set(Array.from({ length: 10 }, (_, s) => arr(randAugment(img, seeded(100 + s))).join()));
    expect(outs.size).toBeGreaterThan(5);
  });
  it('draws flip, then per op its index and sign, in that order', () => {
    const seq = [0.1, 11.5 / 14, 3.5 / 14, 0.2];
    const rng = () => seq.shift() ?? 0;
    const img = grey(5, 2, [1, 2, 3, 4, 5, 200, 7, 8, 9, 10]);
    // Flip; Solarize(178.5) turns 200 into 55; TranslateX on width 5 moves by int(-150/331 * 5 * 9/30) = 0.
    expect(arr(randAugment(img, rng))).toEqual([5, 4, 3, 2, 1, 10, 9, 8, 7, 55]);
    expect(seq.length).toBe(0);
  });
  it('converts RGBA to RGB and keeps grey as one channel; validates options', () => {
    const rgba: RawImage = { width: 1, height: 1, channels: 4, data: new Uint8Array([1, 2, 3, 0]) };
    expect(arr(randAugment(rgba, () => 0.99, { numOps: 0 }))).toEqual([1, 2, 3]);
    expect(randAugment(grey(3, 3, new Array(9).fill(5)), seeded(3)).channels).toBe(1);
    const pal: RawImage = { width: 1, height: 1, channels: 3, data: new Uint8Array([1, 2, 3]), pilMode: 'P' };
    expect(randAugment(pal, () => 0.99, { numOps: 0 }).pilMode).toBeUndefined();
    expect(() => randAugment(pal, Math.random, { magnitude: 31 })).toThrow(/magnitude/);
  });
  it('every op keeps the size of a non-square RGB image', () => {
    const img = photo();
    for (const op of RAND_AUGMENT_OPS) {
      const { value } = opMagnitude(op, 9, 31, img.width, img.height);
      const out = applyOp({ ...img, channels: 3 }, op, -value);
      expect([op, out.width, out.height, out.data.length]).toEqual([op, 17, 11, img.data.length]);
    }
  });
});
