// Turns the files a user dropped (folders, loose images, zip archives) into a labelled dataset, with a
// reason and a readable sentence for every file left out. Bytes are only sniffed here, not decoded.
import type { ImageFormat } from './raw-image';
import { FORMAT_NAMES, ImageDecodeError, sniffImageFormat } from './raw-image';
import type { LayoutOptions, Split } from './dataset-layout';
import { commonRootDepth, detectSplits, isHiddenPath, pathParts, placeFile } from './dataset-layout';
import { HostileZipError, expandZip, isZip } from './dataset-zip';
import { contentKey, sameBytes } from './content-hash';

export type RejectReason =
  | 'not-an-image' | 'corrupt' | 'unsupported-format' | 'empty' | 'duplicate' | 'no-class'
  /** Over the pixel limit (image-header.ts) or an archive over its limits. */
  | 'too-large'
  /** Dot-files, __MACOSX, Thumbs.db, desktop.ini: listed, never imported. */
  | 'hidden'
  /** An archive entry with `..` or an absolute path. */
  | 'unsafe-path';

export interface DroppedFile {
  /** Relative to the dropped root, e.g. `bar/train/climbing/climbing_1.jpg`. */
  path: string;
  bytes: Uint8Array;
}

export interface DatasetSample {
  path: string;
  /** Index into ImportedDataset.classes. */
  label: number;
  className: string;
  split: Split;
  bytes: Uint8Array;
  /** From the magic bytes; the extension is never trusted (BAR has PNGs named .jpg). */
  format: ImageFormat;
}

export interface Rejection {
  path: string;
  reason: RejectReason;
  message: string;
  /** For 'duplicate': the path of the file that is kept. */
  duplicateOf?: string;
}

export interface ImportedDataset {
  /** Sorted by code unit, so indices are stable across machines and locales. */
  classes: string[];
  samples: DatasetSample[];
  rejected: Rejection[];
}

export interface ImportOptions extends LayoutOptions {
  /** Formats the caller's decoder handles; other recognised images are 'unsupported-format'. */
  decodableFormats?: ReadonlySet<ImageFormat>;
  /** Files already in the dataset: copies of them are 'duplicate'; they are not laid out again. */
  existing?: readonly DroppedFile[];
}

/** What createImageBitmap decodes in current browsers (see decode-browser.ts). */
export const BROWSER_DECODABLE_FORMATS: ReadonlySet<ImageFormat> = new Set<ImageFormat>(['png', 'jpeg', 'gif', 'webp', 'bmp', 'avif']);


interface Candidate { path: string; bytes: Uint8Array; format: ImageFormat }

/** Lays out the dropped files as a dataset; never throws for bad input files, it rejects them. */
export function importDataset(files: readonly DroppedFile[], opts: ImportOptions = {}): ImportedDataset {
  const decodable = opts.decodableFormats ?? BROWSER_DECODABLE_FORMATS;
  const rejected: Rejection[] = [];
  const candidates: Candidate[] = [];
  const seen = new Map<string, DroppedFile[]>();

  for (const e of opts.existing ?? []) {
    const key = contentKey(e.bytes);
    seen.set(key, [...(seen.get(key) ?? []), e]);
  }

  const consider = (path: string, bytes: Uint8Array, insideZip: boolean): void => {
    if (bytes.length === 0) {
      rejected.push({ path, reason: 'empty', message: `${path} is empty (0 bytes)` });
      return;
    }
    const format = sniffImageFormat(bytes);
    if (!format) {
      const message = insideZip && isZip(bytes)
        ? `${path} is a zip archive inside another archive; extract it first`
        : `${path} is not an image (no PNG/JPEG/GIF/WebP/BMP/AVIF signature)`;
      rejected.push({ path, reason: 'not-an-image', message });
      return;
    }
    if (!decodable.has(format)) {
      rejected.push({ path, reason: 'unsupported-format', message: `${path} is a ${FORMAT_NAMES[format]} image, which cannot be decoded here; convert it to PNG or JPEG` });
      return;
    }
    const key = contentKey(bytes);
    const same = seen.get(key) ?? [];
    const original = same.find((c) => sameBytes(c.bytes, bytes));
    if (original) {
      rejected.push({ path, reason: 'duplicate', duplicateOf: original.path, message: `${path} is a byte-identical copy of ${original.path}; only the first is kept` });
      return;
    }
    const c = { path, bytes, format };
    same.push(c);
    seen.set(key, same);
    candidates.push(c);
  };

  for (const file of files) {
    if (isHiddenPath(file.path)) {
      rejected.push({ path: file.path, reason: 'hidden', message: `${file.path} is a hidden or system file (a name starting with ".", __MACOSX, Thumbs.db); skipped` });
      continue;
    }
    if (!isZip(file.bytes)) {
      consider(file.path, file.bytes, false);
      continue;
    }
    // An archive stands for the folder it would extract to, beside the archive.
    const dir = pathParts(file.path).slice(0, -1).join('/');
    const at = (name: string) => (dir ? `${dir}/${name}` : name);
    try {
      const { entries, refused } = expandZip(file.bytes, file.path, isHiddenPath);
      for (const r of refused) rejected.push({ path: `${file.path}:${r.name}`, reason: r.reason, message: r.message });
      for (const e of entries) consider(at(e.name), e.bytes, true);
    } catch (e) {
      if (!(e instanceof HostileZipError)) throw e;
      rejected.push({ path: file.path, reason: e.reason, message: e.message });
    }
  }

  const rels = candidates.map((c) => pathParts(c.path));
  const depth = commonRootDepth(rels);
  const stripped = rels.map((r) => r.slice(depth));
  const hasSplits = detectSplits(stripped);
  const placed: Array<Omit<DatasetSample, 'label'>> = [];
  candidates.forEach((c, i) => {
    const place = placeFile(stripped[i], c.path, hasSplits, opts);
    if (place.ok) placed.push({ path: c.path, className: place.label, split: place.split, bytes: c.bytes, format: c.format });
    else rejected.push({ path: c.path, reason: 'no-class', message: place.message });
  });
  const classes = [...new Set(placed.map((s) => s.className))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(classes.map((c, i) => [c, i]));
  const samples = placed.map((s) => ({ ...s, label: index.get(s.className) as number }));
  return { classes, samples, rejected };
}

/** The rejection for a sample the caller's decoder refused later (ImageDecodeError codes map onto reasons). */
export function rejectionForDecodeError(path: string, err: unknown): Rejection {
  const reason: RejectReason = !(err instanceof ImageDecodeError) ? 'corrupt'
    : err.code === 'unknown-format' ? 'not-an-image' : err.code;
  const why = err instanceof Error ? err.message : String(err);
  return { path, reason, message: `${path} could not be decoded: ${why}` };
}
