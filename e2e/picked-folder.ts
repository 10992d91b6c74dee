// A folder "picked" through the File System Access API in a test: headless Chromium cannot drive the native
// folder dialog, so the folder's files are written into the page's origin-private file system (a real
// FileSystemDirectoryHandle, the same interface the dialog hands over) and `showDirectoryPicker` returns that
// handle. Everything after the dialog (walking the handle, reading the files) is the studio's own code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Page } from '@playwright/test';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Files sent to the page per call (base64 in the protocol's JSON). */
const CHUNK_BYTES = 4 << 20;

/**
 * Copies `dir` into the page's private file system and makes the folder dialog return it. The page must be
 * open on the studio's origin.
 */
export async function pickFolderWith(page: Page, dir: string): Promise<void> {
  await folderDialogReturns(page, await copyIntoPrivateFs(page, dir));
}

/** Copies `dir` into the origin's private file system (kept with the browser profile); returns its name there. */
export async function copyIntoPrivateFs(page: Page, dir: string): Promise<string> {
  const root = basename(dir);
  await page.evaluate(async (root) => {
    const opfs = await navigator.storage.getDirectory();
    await opfs.removeEntry(root, { recursive: true }).catch(() => undefined);
    await opfs.getDirectoryHandle(root, { create: true });
  }, root);
  let batch: { path: string; b64: string }[] = [];
  let bytes = 0;
  const send = async () => {
    await page.evaluate(async ({ root, batch }) => {
      const opfs = await (await navigator.storage.getDirectory()).getDirectoryHandle(root);
      for (const { path, b64 } of batch) {
        const parts = path.split('/');
        let d = opfs;
        for (const part of parts.slice(0, -1)) d = await d.getDirectoryHandle(part, { create: true });
        const w = await (await d.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
        await w.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
        await w.close();
      }
    }, { root, batch });
    batch = [];
    bytes = 0;
  };
  for (const file of walk(dir)) {
    const data = readFileSync(file);
    batch.push({ path: relative(dir, file).split('\\').join('/'), b64: data.toString('base64') });
    bytes += data.length;
    if (bytes > CHUNK_BYTES) await send();
  }
  if (batch.length) await send();
  return root;
}

/** Makes the folder dialog return the private file system's folder `root`. */
export async function folderDialogReturns(page: Page, root: string): Promise<void> {
  await page.evaluate((root) => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle(root);
  }, root);
}

/** Makes the folder dialog fail as `name` (AbortError: the person closed it; NotAllowedError: access refused). */
export async function folderDialogFails(page: Page, name: 'AbortError' | 'NotAllowedError'): Promise<void> {
  await page.evaluate((name) => {
    (window as unknown as { showDirectoryPicker: () => Promise<never> }).showDirectoryPicker = async () => {
      throw new DOMException(name === 'AbortError' ? 'The user aborted a request.' : 'The request is not allowed by the user agent or the platform in the current context.', name);
    };
  }, name);
}
