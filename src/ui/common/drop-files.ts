// Turns what a person drops or picks into files with paths: folders are walked recursively (their entries
// read until exhausted). Zips go to the engine as they are: it unpacks them off the main thread, under the
// same entry-count and size limits as project files, and sends back the images it took out for thumbnails.
import type { DatasetFile } from '../../protocol/messages';

export interface Walked {
  path: string;
  file: File;
  /** The picked folder's name, where the browser gives it apart from the paths (a directory handle). */
  root?: string;
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

/** The files as the engine takes them, in path order (so which of two identical files is kept never depends on the drop). */
export function toDatasetFiles(walked: Walked[]): DatasetFile[] {
  return walked
    .map(({ path, file }) => ({ path, blob: file as Blob }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A model folder keyed by base file name (config.json, model.safetensors, vocab.json, merges.txt, ...). */
export function modelFilesByName(walked: Walked[]): Record<string, Blob> {
  const files: Record<string, Blob> = {};
  for (const { path, file } of walked) files[path.slice(path.lastIndexOf('/') + 1)] = file;
  return files;
}

/** The name of the folder the files were picked or dropped from, when the browser tells it. */
export function droppedFolderName(walked: readonly Walked[]): string | null {
  if (walked[0]?.root) return walked[0].root;
  const rel = walked[0]?.file.webkitRelativePath || walked[0]?.path || '';
  const slash = rel.indexOf('/');
  return slash > 0 ? rel.slice(0, slash) : null;
}
