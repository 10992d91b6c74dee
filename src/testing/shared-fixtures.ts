// Where the reference fixtures live. `PROREG_SHARED` overrides the default `../shared` beside the repo.
// A missing fixture is a failure, never a skip: tests read through these helpers and let them throw.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = resolve(process.env.PROREG_SHARED ?? join(repoRoot, '..', 'shared'));
export const fixturesDir = join(sharedDir, 'fixtures');
export const tinyClipDir = join(fixturesDir, 'clip', 'tiny-clip-b32');
/** The same tiny CLIP as PyTorch pickles: `-bin` (zip, F32), `-bin-legacy`, `-bin-sharded`, `-bin-evil`. */
export const tinyClipBinDir = (variant: '' | '-legacy' | '-sharded' | '-evil' = '') => join(fixturesDir, 'clip', `tiny-clip-b32-bin${variant}`);
export const tinyClipReferenceDir = join(fixturesDir, 'clip', 'tiny-clip-b32-reference');
export const barDir = join(sharedDir, 'datasets', 'bar');

/** Path of a shared file; throws with a clear message when it is absent. */
export function sharedPath(...parts: string[]): string {
  const p = join(sharedDir, ...parts);
  if (!existsSync(p)) {
    throw new Error(`missing reference fixture ${p}: put ../shared beside the repo or set PROREG_SHARED`);
  }
  return p;
}

export function readSharedJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8')) as T;
}

/** Reads a little-endian float32 file. */
export function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}
