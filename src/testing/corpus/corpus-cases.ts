// The bad-input corpus: one table of files and what must happen to each, used by the CLI test (vitest) and
// the studio test (Playwright) alike. Good images sit beside the bad ones and must always be imported.
// Paths are relative to the dataset folder (class folders `cats/` and `dogs/`); entries of `archive.zip`
// that are refused are named `archive.zip:<entry>`. Add a case here for every bad file found in the wild.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Zip, ZipPassThrough } from 'fflate';
import type { RejectReason } from '../../data/dataset-import';
import {
  avifOf, bmpOf, bombPng, concat, fakeHeic, gifOf, greyAlphaPng, jpegOf, palettePng, rgb16Png, rgbPng, text, tiffOf, webpOf, withExifOrientation,
} from './corpus-images';

export interface CorpusCase {
  path: string;
  /** What the case stands for, shown when it fails. */
  what: string;
  expect: 'imported' | RejectReason;
  /** For imported images: the decoded width and height (EXIF orientation is ignored, as Pillow does). */
  size?: [number, number];
}

interface CorpusFile extends CorpusCase { bytes: () => Uint8Array | Promise<Uint8Array> }

const seeds = JSON.parse(readFileSync(join(import.meta.dirname, 'seeds.json'), 'utf8')) as { cmyk_jpeg: string };

const good1 = rgbPng(48, 32, 1);

/** An archive with good, unsafe, hidden and repeated entries (fflate's streaming writer allows repeats). */
function archive(): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => { if (err) throw err; parts.push(data); });
  const entries: [string, Uint8Array][] = [
    ['cats/from-zip.png', rgbPng(20, 20, 40)],
    ['cats/twice.png', rgbPng(20, 20, 41)],
    ['cats/twice.png', rgbPng(20, 20, 42)],
    ['cats/empty-in-zip.png', new Uint8Array(0)],
    ['../evil.png', rgbPng(8, 8, 43)],
    ['/abs/y.png', rgbPng(8, 8, 44)],
    ['C:\\win\\z.png', rgbPng(8, 8, 45)],
    ['.hidden-in-zip.png', rgbPng(8, 8, 46)],
    ['__MACOSX/cats/._from-zip.png', text('resource fork')],
  ];
  for (const [name, bytes] of entries) {
    const f = new ZipPassThrough(name);
    zip.add(f);
    f.push(bytes, true);
  }
  zip.end();
  return concat(parts);
}

const FILES: CorpusFile[] = [
  { path: 'cats/good-1.jpg', what: 'plain JPEG', expect: 'imported', size: [40, 30], bytes: () => jpegOf(40, 30, 2) },
  { path: 'cats/good-2.png', what: 'plain RGB PNG', expect: 'imported', size: [32, 32], bytes: () => rgbPng(32, 32, 3) },
  { path: 'dogs/good-1.png', what: 'plain RGB PNG', expect: 'imported', size: [48, 32], bytes: () => good1 },
  { path: 'dogs/good-2.jpg', what: 'plain JPEG', expect: 'imported', size: [30, 40], bytes: () => jpegOf(30, 40, 4) },
  { path: 'cats/name with spaces.png', what: 'spaces in the name', expect: 'imported', size: [16, 16], bytes: () => rgbPng(16, 16, 5) },
  { path: 'cats/ünïcødé 猫 🐈.png', what: 'unicode name', expect: 'imported', size: [16, 12], bytes: () => rgbPng(16, 12, 6) },
  { path: 'cats/png-named.jpg', what: 'a PNG named .jpg', expect: 'imported', size: [24, 24], bytes: () => rgbPng(24, 24, 7) },
  { path: 'cats/jpeg-named.png', what: 'a JPEG named .png', expect: 'imported', size: [24, 16], bytes: () => jpegOf(24, 16, 8) },
  { path: 'cats/exif-rotated.jpg', what: 'JPEG with EXIF orientation 6 (ignored, as Pillow does)', expect: 'imported', size: [40, 20], bytes: () => withExifOrientation(jpegOf(40, 20, 9), 6) },
  { path: 'cats/cmyk.jpg', what: 'CMYK JPEG (Adobe APP14)', expect: 'imported', size: [24, 16], bytes: () => new Uint8Array(Buffer.from(seeds.cmyk_jpeg, 'base64')) },
  { path: 'cats/one-pixel.png', what: '1x1 image', expect: 'imported', size: [1, 1], bytes: () => rgbPng(1, 1, 10) },
  { path: 'dogs/panorama.png', what: '40000x100 panorama', expect: 'imported', size: [40000, 100], bytes: () => rgbPng(40000, 100, 11) },
  { path: 'dogs/grey-alpha.png', what: 'grey + alpha PNG', expect: 'imported', size: [20, 10], bytes: () => greyAlphaPng(20, 10, 12) },
  { path: 'dogs/palette.png', what: 'palette PNG (4-bit)', expect: 'imported', size: [18, 9], bytes: () => palettePng(18, 9, 13) },
  { path: 'dogs/sixteen-bit.png', what: '16-bit RGB PNG', expect: 'imported', size: [12, 12], bytes: () => rgb16Png(12, 12, 14) },
  { path: 'dogs/anim.gif', what: 'GIF', expect: 'imported', size: [20, 14], bytes: () => gifOf(20, 14, 15) },
  { path: 'dogs/lossless.webp', what: 'WebP', expect: 'imported', size: [22, 14], bytes: () => webpOf(22, 14, 16) },
  { path: 'dogs/bitmap.bmp', what: 'BMP', expect: 'imported', size: [17, 11], bytes: () => bmpOf(17, 11, 17) },
  { path: 'dogs/photo.avif', what: 'AVIF', expect: 'imported', size: [16, 16], bytes: () => avifOf(16, 16, 18) },
  { path: 'archive.zip', what: 'a zip of a class folder', expect: 'imported', bytes: archive },
  { path: 'dogs/zz-copy-of-good-1.png', what: 'byte-identical copy of dogs/good-1.png', expect: 'duplicate', bytes: () => good1 },
  { path: 'cats/zero-byte.jpg', what: 'zero-byte download', expect: 'empty', bytes: () => new Uint8Array(0) },
  { path: 'cats/truncated.jpg', what: 'JPEG cut in half', expect: 'corrupt', bytes: () => { const j = jpegOf(64, 64, 19); return j.slice(0, j.length >> 1); } },
  { path: 'dogs/truncated.png', what: 'PNG cut before IEND', expect: 'corrupt', bytes: () => { const p = rgbPng(64, 64, 20); return p.slice(0, p.length - 30); } },
  { path: 'dogs/text.jpg', what: 'text named .jpg', expect: 'not-an-image', bytes: () => text('this is not a picture\n') },
  { path: 'cats/readme.txt', what: 'a text file', expect: 'not-an-image', bytes: () => text('notes about the cats\n') },
  { path: 'cats/bomb.png', what: 'PNG whose header claims 30000x30000 (decompression bomb)', expect: 'too-large', bytes: () => bombPng(30000, 30000) },
  { path: 'dogs/max-header.png', what: 'PNG whose header claims 65535x65535', expect: 'too-large', bytes: () => bombPng(65535, 65535) },
  { path: 'cats/scan.tiff', what: 'TIFF', expect: 'unsupported-format', bytes: tiffOf },
  { path: 'cats/vector.svg', what: 'SVG', expect: 'unsupported-format', bytes: () => text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n') },
  { path: 'dogs/phone.heic', what: 'fake HEIC (brand only)', expect: 'unsupported-format', bytes: fakeHeic },
  { path: 'cats/.hidden.png', what: 'dot-file', expect: 'hidden', bytes: () => rgbPng(8, 8, 21) },
  { path: 'dogs/..%2F..%2Fescape.png', what: 'a `..%2F`-style name', expect: 'hidden', bytes: () => rgbPng(8, 8, 22) },
];

/** What the archive's entries must become (they are not files of the folder). */
const ARCHIVE_CASES: CorpusCase[] = [
  { path: 'cats/from-zip.png', what: 'image inside the zip', expect: 'imported', size: [20, 20] },
  { path: 'cats/twice.png', what: 'first of a repeated entry', expect: 'imported', size: [20, 20] },
  { path: 'archive.zip:cats/twice.png', what: 'second of a repeated entry', expect: 'corrupt' },
  { path: 'cats/empty-in-zip.png', what: 'empty entry', expect: 'empty' },
  { path: 'archive.zip:../evil.png', what: 'path traversal entry', expect: 'unsafe-path' },
  { path: 'archive.zip:/abs/y.png', what: 'absolute entry', expect: 'unsafe-path' },
  { path: 'archive.zip:C:\\win\\z.png', what: 'Windows drive entry', expect: 'unsafe-path' },
  { path: 'archive.zip:.hidden-in-zip.png', what: 'hidden entry', expect: 'hidden' },
  { path: 'archive.zip:__MACOSX/cats/._from-zip.png', what: 'macOS resource fork', expect: 'hidden' },
];

/** Every expected outcome: the folder's files (the archive itself stands for its entries) and the entries. */
export const CORPUS_CASES: CorpusCase[] = [...FILES.filter((f) => f.path !== 'archive.zip').map(({ bytes: _b, ...c }) => c), ...ARCHIVE_CASES];

export const CORPUS_CLASSES = ['cats', 'dogs'];

/** The corpus's files and their bytes. */
export async function corpusFiles(): Promise<{ path: string; bytes: Uint8Array }[]> {
  return Promise.all(FILES.map(async (f) => ({ path: f.path, bytes: await f.bytes() })));
}
