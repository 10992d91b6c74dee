// The start of most studio specs: the tiny model from the (routed) hub and a BAR subset dropped as a folder.
import { expect, type Page } from '@playwright/test';
import { barSubset } from './bar-subset';

/** Loads `repo` (the tiny CLIP, 7.5M parameters) and drops 8 training and 4 test images per BAR class. */
export async function loadModelAndData(page: Page, repo: string): Promise<void> {
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Model id').fill(repo);
  await model.getByRole('button', { name: 'Load model' }).click();
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  const dataset = page.getByRole('region', { name: 'Dataset' });
  await dataset.getByLabel('Choose image folder').setInputFiles(barSubset({ train: 8, test: 4 }));
  await expect(dataset).toContainText('72 of 72 images', { timeout: 120_000 });
}
