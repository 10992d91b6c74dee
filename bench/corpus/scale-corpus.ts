// Generated datasets for the scale rows: `n` small JPEGs (160x120, every one different) in 10 class folders.
// The seeded pattern repeats every 256 seeds, so the top row of 8x8 blocks spells the rest of the image's
// index in black and white: without it, 1,000 images would be 256 different ones and 744 duplicates.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { pattern } from '../../src/testing/corpus/corpus-images';

const W = 160;
const H = 120;
const BLOCK = 8;

/** The pattern of `i % 256` with `i >> 8` written in the top row of blocks (one bit each, up to 20 bits). */
export function scaleImage(i: number): Uint8Array {
  const px = pattern(W, H, i);
  const high = Math.floor(i / 256);
  for (let b = 0; b < W / BLOCK; b++) {
    const v = (high >> b) & 1 ? 255 : 0;
    for (let y = 0; y < BLOCK; y++) for (let x = b * BLOCK; x < (b + 1) * BLOCK; x++) px.fill(v, (y * W + x) * 4, (y * W + x) * 4 + 3);
  }
  return new Uint8Array(jpeg.encode({ width: W, height: H, data: px }, 80).data);
}

export function writeScaleCorpus(n: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), `proreg-scale-${n}-`)), 'images');
  for (let c = 0; c < 10; c++) mkdirSync(join(dir, `class-${c}`), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `class-${i % 10}`, `img-${i}.jpg`), scaleImage(i));
  return dir;
}
