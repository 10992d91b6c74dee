// Dataset import from synthetic drops: layouts, zips (including hostile ones), duplicates and junk files.
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { zipSync } from 'fflate';
import { BROWSER_DECODABLE_FORMATS, importDataset, rejectionForDecodeError } from './dataset-import';
import type { DroppedFile } from './dataset-import';
import { commonRootDepth, classFromFileName, isHiddenPath, pathParts } from './dataset-layout';
import { contentKey, fnv1a64 } from './content-hash';
import { ImageDecodeError } from './raw-image';

/** A distinct tiny PNG per seed. */
function png(seed: number): Uint8Array {
  const p = new PNG({ width: 2, height: 2 });
  p.data.fill(seed & 255);
  return new Uint8Array(PNG.sync.write(p));
}
const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
const tiff = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
const text = (s: string) => new TextEncoder().encode(s);
const f = (path: string, bytes: Uint8Array): DroppedFile => ({ path, bytes });
const byPath = (r: ReturnType<typeof importDataset>) => Object.fromEntries(r.rejected.map((x) => [x.path, x.reason]));

describe('content hash', () => {
  it('is FNV-1a 64', () => {
    expect(fnv1a64(new Uint8Array(0))).toBe('cbf29ce484222325');
    expect(fnv1a64(text('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(text('foobar'))).toBe('85944171f73967e8');
    expect(contentKey(text('a'))).toBe('1:af63dc4c8601ec8c');
  });
});

describe('dataset layout', () => {
  it('strips shared root folders but keeps a lone class folder and split names', () => {
    const depth = (ps: string[]) => commonRootDepth(ps.map(pathParts));
    expect(depth(['bar/train/climbing/a.jpg', 'bar/test/x/b.jpg'])).toBe(1);
    expect(depth(['a/b/cats/1.png', 'a/b/dogs/1.png'])).toBe(2);
    expect(depth(['cats/1.png', 'cats/2.png'])).toBe(0);
    expect(depth(['train/cats/1.png'])).toBe(0);
    expect(depth(['x.jpg'])).toBe(0);
  });
  it('recognises hidden files and BAR class names', () => {
    expect(['.DS_Store', 'a/.hidden.png', '__MACOSX/cats/._1.png', 'cats/Thumbs.db'].every(isHiddenPath)).toBe(true);
    expect(isHiddenPath('cats/1.png')).toBe(false);
    expect(classFromFileName('pole vaulting_12.jpg')).toBe('pole vaulting');
    expect(classFromFileName('a_b_3.png')).toBe('a_b');
    expect(classFromFileName('noclass.png')).toBeNull();
  });
});

describe('importDataset', () => {
  it('uses class folders (split train) under a shared root and sorts classes', () => {
    const r = importDataset([f('pets/dogs/1.png', png(1)), f('pets/cats/1.png', png(2)), f('pets/cats/sub/2.png', png(3))]);
    expect(r.classes).toEqual(['cats', 'dogs']);
    expect(r.samples.map((s) => [s.path, s.className, s.label, s.split, s.format])).toEqual([
      ['pets/dogs/1.png', 'dogs', 1, 'train', 'png'],
      ['pets/cats/1.png', 'cats', 0, 'train', 'png'],
      ['pets/cats/sub/2.png', 'cats', 0, 'train', 'png'],
    ]);
    expect(r.rejected).toEqual([]);
  });

  it('rejects copies of files already in the dataset', () => {
    const r = importDataset([f('cats/new.png', png(1)), f('cats/other.png', png(2))], { existing: [f('old/cats/a.png', png(1))] });
    expect(r.samples.map((s) => s.path)).toEqual(['cats/other.png']);
    expect(r.rejected).toEqual([{ path: 'cats/new.png', reason: 'duplicate', duplicateOf: 'old/cats/a.png', message: 'cats/new.png is a byte-identical copy of old/cats/a.png; only the first is kept' }]);
  });

  it('reads split folders (train/valid/test/ood) and the class below them', () => {
    const r = importDataset([
      f('bar/train/climbing/climbing_1.jpg', png(1)), f('bar/valid/climbing/c2.png', png(2)),
      f('bar/Test/diving/d.png', png(3)), f('bar/ood/diving/e.png', png(4)), f('bar/extra/diving/z.png', png(5)),
      f('bar/train/loose.png', png(6)),
    ]);
    expect(r.samples.map((s) => `${s.split}:${s.className}`)).toEqual(['train:climbing', 'val:climbing', 'test:diving', 'ood:diving']);
    expect(byPath(r)).toEqual({ 'bar/extra/diving/z.png': 'no-class', 'bar/train/loose.png': 'no-class' });
    expect(r.rejected[0].message).toMatch(/outside the train\/val\/test\/ood folders/);
  });

  it('rejects loose files unless classFromName is set', () => {
    const files = [f('pole vaulting_12.jpg', png(1)), f('climbing_3.png', png(2)), f('x.png', png(3))];
    const r = importDataset(files);
    expect(r.samples).toEqual([]);
    expect(r.rejected.map((x) => x.reason)).toEqual(['no-class', 'no-class', 'no-class']);
    expect(r.rejected[0].message).toBe('pole vaulting_12.jpg is not inside a class folder (put it in a folder named after its class)');
    const named = importDataset(files, { classFromName: true });
    expect(named.classes).toEqual(['climbing', 'pole vaulting']);
    expect(byPath(named)).toEqual({ 'x.png': 'no-class' });
    const custom = importDataset(files, { classFromName: (n) => n[0] });
    expect(custom.classes).toEqual(['c', 'p', 'x']);
  });

  it('lists hidden files as such and gives each junk file its reason and sentence', () => {
    const r = importDataset([
      f('climbing/a.png', png(1)),
      f('climbing/notes.txt', text('hello')),
      f('climbing/empty.png', new Uint8Array(0)),
      f('climbing/anim.gif', gif),
      f('climbing/scan.tif', tiff),
      f('climbing/copy of a.png', png(1)),
      f('diving/a.png', png(1)),
      f('.DS_Store', text('junk')),
      f('__MACOSX/climbing/._a.png', text('junk')),
    ]);
    expect(r.samples.map((s) => s.path)).toEqual(['climbing/a.png', 'climbing/anim.gif']);
    expect(r.classes).toEqual(['climbing']);
    const rej = Object.fromEntries(r.rejected.map((x) => [x.path, x]));
    expect(Object.keys(rej).sort()).toEqual(['.DS_Store', '__MACOSX/climbing/._a.png', 'climbing/copy of a.png', 'climbing/empty.png', 'climbing/notes.txt', 'climbing/scan.tif', 'diving/a.png']);
    expect(rej['.DS_Store']).toMatchObject({ reason: 'hidden', message: expect.stringMatching(/hidden or system file/) });
    expect(rej['climbing/notes.txt']).toMatchObject({ reason: 'not-an-image', message: 'climbing/notes.txt is not an image (no PNG/JPEG/GIF/WebP/BMP/AVIF signature)' });
    expect(rej['climbing/empty.png']).toMatchObject({ reason: 'empty', message: 'climbing/empty.png is empty (0 bytes)' });
    expect(rej['climbing/scan.tif']).toMatchObject({ reason: 'unsupported-format', message: expect.stringMatching(/TIFF image/) });
    expect(rej['diving/a.png']).toMatchObject({ reason: 'duplicate', duplicateOf: 'climbing/a.png', message: expect.stringContaining('byte-identical copy of climbing/a.png') });
    // A Node-side caller that decodes only PNG/JPEG gets GIF as unsupported.
    const node = importDataset([f('c/anim.gif', gif)], { decodableFormats: new Set(['png', 'jpeg']) });
    expect(node.rejected[0]).toMatchObject({ reason: 'unsupported-format', message: 'c/anim.gif is a GIF image, which cannot be decoded here; convert it to PNG or JPEG' });
    expect(BROWSER_DECODABLE_FORMATS.has('gif')).toBe(true);
  });

  it('expands zips in place, refusing unsafe entries and listing hidden ones', () => {
    const zip = zipSync({
      'cats/1.png': png(1), 'dogs/1.png': png(2), '../evil.png': png(3), '/abs.png': png(4),
      '__MACOSX/cats/._1.png': text('x'), 'cats/readme.txt': text('hi'), 'inner.zip': zipSync({ 'a.png': png(5) }),
    });
    const r = importDataset([f('drop/pets.zip', zip), f('drop/birds/1.png', png(6))]);
    expect(r.classes).toEqual(['birds', 'cats', 'dogs']);
    expect(r.samples.map((s) => s.path)).toEqual(['drop/cats/1.png', 'drop/dogs/1.png', 'drop/birds/1.png']);
    expect(byPath(r)).toEqual({
      'drop/pets.zip:../evil.png': 'unsafe-path', 'drop/pets.zip:/abs.png': 'unsafe-path', 'drop/pets.zip:__MACOSX/cats/._1.png': 'hidden',
      'drop/cats/readme.txt': 'not-an-image', 'drop/inner.zip': 'not-an-image',
    });
    expect(r.rejected.find((x) => x.path.endsWith('evil.png'))?.message).toMatch(/points outside the archive/);
    expect(r.rejected.find((x) => x.path === 'drop/inner.zip')?.message).toMatch(/inside another archive/);
  });

  it('refuses zip bombs by entry count, declared size, and corrupt archives as a whole', () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i <= 20_000; i++) many[`c/${i}.txt`] = new Uint8Array(0);
    const r = importDataset([f('many.zip', zipSync(many, { level: 0 }))]);
    expect(r.rejected).toEqual([{ path: 'many.zip', reason: 'too-large', message: 'many.zip has more than 20,000 entries; split it into smaller archives' }]);

    // Forge the declared uncompressed size (central directory, offset 24) to 3 GiB.
    const big = zipSync({ 'c/a.png': png(1) }, { level: 0 });
    const dv = new DataView(big.buffer, big.byteOffset, big.byteLength);
    for (let o = big.length - 22; o >= 0; o--) {
      if (dv.getUint32(o, true) === 0x02014b50) { dv.setUint32(o + 24, 3 * 1024 ** 3, true); break; }
    }
    expect(importDataset([f('big.zip', big)]).rejected[0]).toMatchObject({ reason: 'too-large', message: 'big.zip expands to more than 2 GiB; split it into smaller archives' });

    const broken = zipSync({ 'c/a.png': png(1) }).slice(0, 30);
    expect(importDataset([f('broken.zip', broken)]).rejected[0]).toMatchObject({ path: 'broken.zip', reason: 'corrupt', message: expect.stringMatching(/^broken\.zip is not a readable zip archive/) });
  });

  it('maps decoder errors onto reasons', () => {
    expect(rejectionForDecodeError('a.png', new ImageDecodeError('corrupt', 'corrupt or truncated PNG image'))).toMatchObject({ reason: 'corrupt', message: 'a.png could not be decoded: corrupt or truncated PNG image' });
    expect(rejectionForDecodeError('a', new ImageDecodeError('unknown-format', 'x')).reason).toBe('not-an-image');
    expect(rejectionForDecodeError('a', new Error('boom')).reason).toBe('corrupt');
  });
});
