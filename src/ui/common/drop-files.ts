// Turns what a person drops or picks into files with paths: folders are walked recursively (their entries
// read until exhausted), zips are unpacked here so the UI holds every image it shows.
import { unzip } from 'fflate';
import type { DatasetFile } from '../../protocol/messages';

interface Walked {
  path: string;
  file: File;
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    // readEntries returns at most ~100 entries per call: keep reading until it returns none.
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: Walked[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push({ path: prefix + entry.name, file });
  } else if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    for (const c of children) await walk(c, `${prefix}${entry.name}/`, out);
  }
}

/**
 * Files of a drop. One dropped folder is the root (its name is not part of the paths); several dropped
 * folders keep their names, so dropping class folders side by side works too.
 */
export async function filesFromDrop(dt: DataTransfer): Promise<Walked[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(dt.files ?? []));
  const out: Walked[] = loose.map((file) => ({ path: file.name, file }));
  const singleRoot = entries.length === 1 && entries[0].isDirectory;
  for (const e of entries) {
    if (singleRoot) {
      const children = await readAll((e as FileSystemDirectoryEntry).createReader());
      for (const c of children) await walk(c, '', out);
    } else await walk(e, '', out);
  }
  return out;
}

/** Files from <input type=file webkitdirectory>: paths relative to the picked folder. */
export function filesFromInput(list: FileList | null): Walked[] {
  const files = Array.from(list ?? []);
  return files.map((file) => {
    const rel = file.webkitRelativePath || file.name;
    const slash = rel.indexOf('/');
    return { path: file.webkitRelativePath && slash >= 0 ? rel.slice(slash + 1) : rel, file };
  });
}

const MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', bmp: 'image/bmp' };

export function mimeOf(path: string): string {
  return MIME[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? '';
}

function unzipBlob(blob: Blob): Promise<Record<string, Uint8Array>> {
  return blob.arrayBuffer().then(
    (buf) => new Promise((res, rej) => unzip(new Uint8Array(buf), (err, data) => (err ? rej(err) : res(data)))),
  );
}

/** Drops one common top folder ("bar/train/x.jpg" -> "train/x.jpg") when every path has it. */
export function stripCommonRoot(paths: string[]): string[] {
  if (paths.length === 0) return paths;
  const first = paths[0].split('/')[0];
  const all = paths.every((p) => p.startsWith(`${first}/`));
  return all ? paths.map((p) => p.slice(first.length + 1)) : paths;
}

/** Expands zips into their files (macOS metadata skipped); other files pass through. */
export async function toDatasetFiles(walked: Walked[]): Promise<DatasetFile[]> {
  const out: DatasetFile[] = [];
  for (const { path, file } of walked) {
    if (!path.toLowerCase().endsWith('.zip')) {
      out.push({ path, blob: file });
      continue;
    }
    const entries = Object.entries(await unzipBlob(file)).filter(
      ([p, bytes]) => !p.endsWith('/') && !p.startsWith('__MACOSX/') && !p.split('/').pop()!.startsWith('.') && bytes.length > 0,
    );
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const names = stripCommonRoot(entries.map(([p]) => p));
    entries.forEach(([, bytes], i) => {
      out.push({ path: dir + names[i], blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeOf(names[i]) }) });
    });
  }
  return out;
}

/** A model folder keyed by base file name (config.json, model.safetensors, vocab.json, merges.txt, ...). */
export function modelFilesByName(walked: Walked[]): Record<string, Blob> {
  const files: Record<string, Blob> = {};
  for (const { path, file } of walked) files[path.slice(path.lastIndexOf('/') + 1)] = file;
  return files;
}

/** The name of the folder the files were picked or dropped from, when the browser tells it. */
export function droppedFolderName(walked: readonly Walked[]): string | null {
  const rel = walked[0]?.file.webkitRelativePath || walked[0]?.path || '';
  const slash = rel.indexOf('/');
  return slash > 0 ? rel.slice(0, slash) : null;
}
