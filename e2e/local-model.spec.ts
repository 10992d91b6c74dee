// A model folder picked from disk is kept in the browser like a hub download: after a reload the project's
// model is back without picking the folder again, an interrupted run exports its last checkpoint and resumes,
// the kept folder is listed with its size and deleting it (asked first) frees that storage. When the
// browser's storage is full (a real quota, set through the DevTools protocol), the studio says so and the
// model still loads for the visit.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { formatBytes } from '../src/ui/common/format';
import { barSubset } from './bar-subset';

/** A model folder as a user has one: the tiny CLIP plus files the studio does not read (not kept). */
function modelFolder(): { dir: string; keptBytes: number } {
  const dir = join(mkdtempSync(join(tmpdir(), 'proreg-local-model-')), 'class-clip');
  mkdirSync(dir);
  let keptBytes = 0;
  for (const f of readdirSync(tinyClipDir)) {
    copyFileSync(join(tinyClipDir, f), join(dir, f));
    keptBytes += statSync(join(tinyClipDir, f)).size;
  }
  writeFileSync(join(dir, 'tf_model.h5'), new Uint8Array(4 << 20));
  writeFileSync(join(dir, 'README.md'), '# my class model\n');
  return { dir, keptBytes };
}

/** The page at 1366x768 with `region` in view, kept with the test's results. */
async function shot(page: Page, region: Locator, name: string): Promise<void> {
  await region.scrollIntoViewIfNeeded();
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

test.use({ viewport: { width: 1366, height: 768 } });

const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

test('a dropped model folder survives a reload: the interrupted run exports its checkpoint and resumes; delete frees it', async ({ page }) => {
  test.setTimeout(600_000);
  const { dir, keptBytes } = modelFolder();
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  const training = page.getByRole('region', { name: 'Training' });
  await model.getByLabel('Choose model folder').setInputFiles(dir);
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  const cached = model.getByRole('table', { name: 'Cached models' });
  const row = cached.getByRole('row').filter({ has: page.getByRole('button', { name: 'Delete cached model folder “class-clip”' }) });
  await expect(row).toContainText('(dropped folder)');
  await expect(row).toContainText(formatBytes(keptBytes)); // the extra TensorFlow copy and notes are not kept
  await page.getByRole('region', { name: 'Dataset' }).getByLabel('Choose image folder').setInputFiles(barSubset({ train: 8, test: 4 }));
  await expect(page.getByRole('region', { name: 'Dataset' })).toContainText('72 of 72 images', { timeout: 120_000 });

  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Epochs').fill('60'); // long enough that the reload cuts it
  await training.getByLabel('Evaluations per epoch').fill('2');
  await training.getByRole('button', { name: 'Start training' }).click();
  await expect(training).toContainText(/checkpoint at step/i, { timeout: 180_000 });
  await page.reload();

  // Back without asking: the model from browser storage, the run interrupted at its checkpoint.
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  await expect(model).toContainText('the model folder “class-clip”');
  await expect(model.getByRole('alert')).toHaveCount(0);
  await shot(page, cached, 'model-back-after-reload');
  const exportCkpt = training.getByRole('button', { name: /^Export checkpoint / });
  await expect(exportCkpt).toBeEnabled({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), exportCkpt.click()]);
  const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const head = JSON.parse(new TextDecoder().decode(Object.entries(zip).find(([n]) => n.endsWith('head.json'))![1]));
  expect(head.classes).toHaveLength(6);
  expect(head.step).toBeGreaterThan(0);
  expect(Object.keys(zip).some((n) => n.endsWith('model.safetensors'))).toBe(true);
  await training.getByRole('button', { name: /^Resume / }).click();
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });
  await expect(page.getByRole('region', { name: 'Comparison' }).getByRole('table', { name: 'Runs compared' })).toContainText('done', { timeout: 60_000 });

  // Delete asks first, then frees at least the folder's size.
  const before = await usage(page);
  await row.getByRole('button', { name: 'Delete cached model folder “class-clip”' }).click();
  const ask = cached.getByRole('alertdialog', { name: 'Delete folder “class-clip”?' });
  await expect(ask).toContainText(`Free ${formatBytes(keptBytes)}?`);
  await shot(page, ask, 'delete-kept-folder-asks');
  await ask.getByRole('button', { name: 'Keep it' }).click();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Delete cached model folder “class-clip”' }).click();
  await ask.getByRole('button', { name: 'Delete folder “class-clip”' }).click();
  await expect(row).toHaveCount(0);
  // The browser's estimate moves with the project's own saves meanwhile: within 1% of the folder's size.
  await expect.poll(async () => before - (await usage(page)), { timeout: 30_000 }).toBeGreaterThanOrEqual(0.99 * keptBytes);

  // Reloaded without it, the project says what is missing instead of loading something else.
  await page.reload();
  await expect(model.getByRole('alert')).toContainText('the model folder this project used is no longer in browser storage: pick or drop the folder again', { timeout: 60_000 });
});

test('browser storage full: the studio says so and the dropped model still loads for the visit', async ({ page }) => {
  test.setTimeout(300_000);
  const { dir, keptBytes } = modelFolder();
  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 4 << 20 });
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Choose model folder').setInputFiles(dir);
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  await expect(model.getByRole('alert')).toContainText(
    `browser storage is full: the model folder “class-clip” (${Math.round(keptBytes / 1024 ** 2)} MB) cannot be kept for the next visit. It is loaded for now`,
  );
  await expect(model.getByRole('table', { name: 'Cached models' }).getByRole('row').filter({ hasText: 'class-clip' })).toHaveCount(0);
  await shot(page, model.getByRole('alert'), 'storage-full');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
});
