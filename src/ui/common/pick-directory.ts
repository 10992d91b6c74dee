// A folder picked through the File System Access API (Chromium, Edge): the browser hands over one handle
// and the files are read a directory and a few files at a time, so no main-thread task grows with the
// folder. An <input webkitdirectory> instead builds one list of every file in a single task (7.6 s at
// 10,000 images on a busy 2-core machine); it stays the fallback where the API is missing.
import type { Walked } from './drop-files';

type DirectoryPicker = (options?: { mode?: 'read' | 'readwrite'; id?: string }) => Promise<FileSystemDirectoryHandle>;

function picker(): DirectoryPicker | null {
  if (typeof window === 'undefined') return null;
  const pick = (window as Window & { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
  return typeof pick === 'function' ? pick.bind(window) : null;
}

export function canPickDirectory(): boolean {
  return picker() !== null;
}

/** Files read at once: each is a round trip to the browser, so a few run side by side. */
const READ_AT_ONCE = 32;

/**
 * The files under a directory handle, paths relative to it (its own name is not part of them, as with a
 * picked folder), with `root` set to its name.
 */
export async function filesFromDirectory(dir: FileSystemDirectoryHandle): Promise<Walked[]> {
  const handles: { path: string; handle: FileSystemFileHandle }[] = [];
  const pending: { prefix: string; dir: FileSystemDirectoryHandle }[] = [{ prefix: '', dir }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    for await (const entry of next.dir.values()) {
      if (entry.kind === 'file') handles.push({ path: next.prefix + entry.name, handle: entry as FileSystemFileHandle });
      else pending.push({ prefix: `${next.prefix}${entry.name}/`, dir: entry as FileSystemDirectoryHandle });
    }
  }
  const out: Walked[] = new Array(handles.length);
  for (let at = 0; at < handles.length; at += READ_AT_ONCE) {
    await Promise.all(handles.slice(at, at + READ_AT_ONCE).map(async ({ path, handle }, i) => {
      out[at + i] = { path, file: await handle.getFile(), root: dir.name };
    }));
  }
  return out;
}

/** Asks for a folder; null when the person cancels the dialog. Other failures (permission refused) throw. */
export async function pickDirectory(): Promise<FileSystemDirectoryHandle | null> {
  const pick = picker();
  if (!pick) return null;
  try {
    return await pick({ mode: 'read' });
  } catch (e) {
    if ((e as { name?: string }).name === 'AbortError') return null;
    throw e;
  }
}
