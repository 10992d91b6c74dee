// A reload (or a closed tab) in the middle of work loses nothing that was done. The reload happens once the
// studio shows the work under way (a state, never a delay); afterwards the project is whole and the work
// starts again cleanly to the same end. (Mid-training with a checkpoint: e2e/project.spec.ts.)
import { expect, test, type Page } from '@playwright/test';
import { barSubset } from './bar-subset';

const NAME = 'Reloaded mid-import';

async function reopened(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByRole('region', { name: 'Project' }).getByLabel('Project name')).toHaveValue(NAME, { timeout: 60_000 });
}

test('reload mid-import: the project reopens whole and the same folder imports once', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/');
  const project = page.getByRole('region', { name: 'Project' });
  await expect(project.getByLabel('Project name')).toHaveValue(/\S/, { timeout: 60_000 }); // the project is open
  await project.getByLabel('Project name').fill(NAME);
  // An export saves first and waits for the write: after it the name is stored (a status read right after
  // typing may still show the previous "Saved").
  await Promise.all([page.waitForEvent('download'), project.getByRole('button', { name: 'Export project' }).click()]);

  // Import: cut while the engine reads the folder. Whatever was stored before the cut, the same folder
  // dropped again gives the whole dataset once (images already there are recognised as duplicates).
  const folder = barSubset({ train: 20, test: 5 });
  const dataset = page.getByRole('region', { name: 'Dataset' });
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await expect(dataset.getByText('Importing…')).toBeVisible();
  await reopened(page);
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await expect(dataset).toContainText('150 of 150 images', { timeout: 180_000 });
});
