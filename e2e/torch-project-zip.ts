// The studio's "Export run as PyTorch project" download, unpacked into a fresh folder: the project's folder.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, type Download } from '@playwright/test';
import { unzipSync } from 'fflate';

/** Unzips the download (one folder) under a new temporary root; returns the root and the project folder. */
export async function unpackTorchProject(download: Download): Promise<{ root: string; proj: string }> {
  expect(download.suggestedFilename()).toMatch(/-pytorch\.zip$/);
  const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const root = mkdtempSync(join(tmpdir(), 'proreg-e2e-project-'));
  for (const [name, bytes] of Object.entries(zip)) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), bytes);
  }
  return { root, proj: join(root, Object.keys(zip)[0].split('/')[0]) };
}
