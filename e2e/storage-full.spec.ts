// Browser storage runs out during autosave (a real quota: Chromium's own, set small through the DevTools
// protocol): the studio says the project is not saved, keeps every image and edit in the tab, and exports
// the whole project on one click, from the alert.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { barSubset } from './bar-subset';
import { STUDIO_ORIGIN } from './ports';

test('storage full while saving: said in the UI, nothing lost in the tab, the project exported from the alert', async ({ page, context }) => {
  test.setTimeout(300_000);
  // Chromium fixes an origin's quota when its storage is first used: set it before the studio opens. 400 KB
  // holds the empty project; the dropped photos (about 900 KB of JPEG) will not fit.
  const cdp = await context.newCDPSession(page);
  const origin = new URL(STUDIO_ORIGIN).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 400 * 1024 });
  await page.goto('/');
  const project = page.getByRole('region', { name: 'Project' });
  await expect(project.getByLabel('Project name')).toHaveValue(/\S/, { timeout: 60_000 });
  await expect(project.getByRole('status')).toHaveText('Saved');

  const dataset = page.getByRole('region', { name: 'Dataset' });
  await dataset.getByLabel('Choose image folder').setInputFiles(barSubset({ train: 4, test: 2 }));
  await expect(dataset).toContainText('36 of 36 images', { timeout: 120_000 });
  const alert = project.getByRole('alert', { name: 'Project not saved' });
  await expect(alert).toContainText('Browser storage is full, so this project is no longer being saved', { timeout: 60_000 });
  await expect(alert).toContainText('export the project to keep it');
  await expect(project.getByRole('status')).toHaveText('Not saved');
  await project.screenshot({ path: test.info().outputPath('storage-full.png') });

  // Work goes on in the tab: a rename is kept in memory, and never shown as saved.
  await project.getByLabel('Project name').fill('Full disk');
  await expect(project.getByRole('status')).toHaveText('Not saved', { timeout: 60_000 });
  await expect(dataset).toContainText('36 of 36 images');

  const [download] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Export project now' }).click()]);
  expect(download.suggestedFilename()).toBe('Full-disk.proreg.zip');
  const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const json = JSON.parse(new TextDecoder().decode(entries['project.json'])) as { name: string; samples: unknown[] };
  expect(json.name).toBe('Full disk');
  expect(json.samples).toHaveLength(36);
  expect(Object.keys(entries).filter((k) => k.startsWith('images/'))).toHaveLength(36);
});
