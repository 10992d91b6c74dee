// Folders picked through the browser's folder dialog (the File System Access API, which Chromium has): a
// closed dialog changes nothing, a refused one says so in words, and a dataset folder and a model folder
// picked this way load as they do through <input webkitdirectory> (the model keeps its folder's name).
// The dialog itself is replaced by a handle to the page's private file system (e2e/picked-folder.ts).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { barSubset } from './bar-subset';
import { test } from './page-log';
import { folderDialogFails, pickFolderWith } from './picked-folder';

test('a closed dialog changes nothing, a refused one says why, a picked folder imports', async ({ page }) => {
  await page.goto('/');
  const dataset = page.getByRole('region', { name: 'Dataset' });
  const choose = dataset.locator('label', { hasText: 'Choose image folder' });

  await folderDialogFails(page, 'AbortError');
  await choose.click();
  await expect(dataset.getByText('Reading the folder…')).toHaveCount(0);
  await expect(dataset.getByRole('alert')).toHaveCount(0);
  await expect(dataset.getByText('Importing…')).toHaveCount(0);

  await folderDialogFails(page, 'NotAllowedError');
  await choose.click();
  await expect(dataset.getByRole('alert')).toHaveText(/could not read the folder: The request is not allowed/);
  await expect(dataset.getByRole('alert')).not.toHaveText(/^\s*NotAllowedError/);

  await pickFolderWith(page, barSubset({ train: 3, test: 2 }));
  await choose.click();
  await expect(dataset).toContainText('30 of 30 images', { timeout: 120_000 });
  await expect(dataset.getByRole('alert')).toHaveCount(0);
  await expect(dataset.getByRole('button', { name: /^Open train\/climbing_/ }).first()).toBeVisible();
});

test('a model folder picked through the dialog loads and keeps its folder name', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = join(mkdtempSync(join(tmpdir(), 'proreg-dialog-model-')), 'class-clip');
  mkdirSync(dir);
  for (const f of readdirSync(tinyClipDir)) copyFileSync(join(tinyClipDir, f), join(dir, f));
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  await pickFolderWith(page, dir);
  await model.locator('label', { hasText: 'Choose model folder' }).click();
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  await expect(model.getByRole('button', { name: 'Delete cached model folder “class-clip”' })).toBeVisible();
});
