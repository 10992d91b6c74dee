// Generated datasets for the scale rows: `n` small JPEGs (160x120, every one different) in 10 class folders.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jpegOf } from '../../src/testing/corpus/corpus-images';

export function writeScaleCorpus(n: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), `proreg-scale-${n}-`)), 'images');
  for (let c = 0; c < 10; c++) mkdirSync(join(dir, `class-${c}`), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `class-${i % 10}`, `img-${i}.jpg`), jpegOf(160, 120, i, 80));
  return dir;
}
