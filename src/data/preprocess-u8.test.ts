// The compact uint8 path (preprocessToU8 + normalizeU8) against the float reference tensors.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from './decode-node';
import { normalizeU8, parsePreprocessorConfig, preprocessToU8 } from './preprocess';
import { readF32, sharedDir, sharedPath, tinyClipDir, tinyClipReferenceDir } from '../testing/shared-fixtures';

const rel = (abs: string) => relative(sharedDir, abs);
const cfg = parsePreprocessorConfig(JSON.parse(readFileSync(sharedPath(rel(join(tinyClipDir, 'preprocessor_config.json'))), 'utf8')));
const f = Math.fround;

/** torch's float32 ToTensor + Normalize of one byte, written out independently of preprocess.ts. */
const torchValue = (v: number, c: number) => f(f(f(v / 255) - f(cfg.mean[c])) / f(cfg.std[c]));

describe('preprocessToU8 + normalizeU8', () => {
  const images = ['landscape.png', 'portrait.png', 'square.png', 'tiny.png', 'gray.png', 'alpha.png', 'wide.png'];
  for (const name of images) {
    it(`${name}: bytes normalise bit-identically to the reference tensor`, () => {
      const base = rel(join(tinyClipReferenceDir, 'images', name));
      const img = decodeImageBytes(new Uint8Array(readFileSync(sharedPath(base))), name);
      const u8 = preprocessToU8(img, cfg);
      const ref = readF32(sharedPath(`${base}.pixels.f32`));
      expect(u8.length).toBe(3 * 224 * 224);
      // Independent float32 formula, element by element: 0/255 error, every value bit-equal.
      const plane = u8.length / 3;
      let mismatches = 0;
      for (let i = 0; i < u8.length; i++) if (!Object.is(torchValue(u8[i], Math.floor(i / plane)), ref[i])) mismatches++;
      expect(mismatches).toBe(0);
      // And the library's normaliser, written into a batch slot.
      const batch = new Float32Array(2 * u8.length).fill(NaN);
      normalizeU8(u8, cfg, batch, u8.length);
      expect(Buffer.from(batch.buffer, u8.length * 4).equals(Buffer.from(ref.buffer, ref.byteOffset, ref.byteLength))).toBe(true);
      expect(Number.isNaN(batch[0])).toBe(true);
    });
  }

  it('normalizeU8 matches the float32 formula for every byte and channel, and checks bounds', () => {
    const u8 = new Uint8Array(3 * 256).map((_, i) => i % 256);
    const out = normalizeU8(u8, cfg);
    for (let i = 0; i < u8.length; i++) expect(out[i]).toBe(torchValue(i % 256, Math.floor(i / 256)));
    expect(() => normalizeU8(u8, cfg, new Float32Array(10))).toThrow(/do not fit/);
    expect(() => normalizeU8(new Uint8Array(4), cfg)).toThrow(/not 3 planes/);
  });
});
