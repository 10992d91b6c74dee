// A reload (or a closed tab) in the middle of work loses nothing that was done. The reload happens once the
// studio shows the work under way (a state, never a delay); afterwards the project is whole and the work
// starts again cleanly to the same end. (Mid-training with a checkpoint: e2e/project.spec.ts.)
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { expectFigure, test } from './page-log';
import { watchForText } from './seen-text';
import { strFromU8, unzipSync } from 'fflate';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { barSubset } from './bar-subset';
import { routeHub } from './hub-route';
import { loadModelAndData } from './model-and-data';

const NAME = 'Reloaded mid-import';
const REPO = 'proreg-test/tiny-clip-b32';

async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()]);
  return readFileSync((await d.path())!);
}

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
  const importing = await watchForText(page, 'Importing…');
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await importing();
  await reopened(page);
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await expect(dataset).toContainText('150 of 150 images', { timeout: 180_000 });
});

const RUN_NAME = 'Reloaded mid-run';

/** After a reload: the project, its images and the model are back (the model reloads itself). */
async function reopenedWithModel(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByRole('region', { name: 'Project' }).getByLabel('Project name')).toHaveValue(RUN_NAME, { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Dataset' })).toContainText('72 of 72 images', { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });
}

test('reload before the first checkpoint, mid-sweep and mid-export: each starts again cleanly, nothing done is lost', async ({ page }) => {
  test.setTimeout(900_000);
  await routeHub(page, { repos: { [REPO]: tinyClipDir } });
  await page.goto('/');
  await loadModelAndData(page, REPO);
  const project = page.getByRole('region', { name: 'Project' });
  await project.getByLabel('Project name').fill(RUN_NAME);
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Evaluations per epoch').fill('1');

  // Training, cut before its first checkpoint: paused before any step, with nothing saved yet.
  const controls = training.getByRole('group', { name: 'Run controls' });
  await training.getByRole('button', { name: 'Start training' }).click();
  await controls.getByRole('button', { name: 'Pause' }).click();
  await expect(controls.getByRole('button', { name: 'Resume' })).toBeVisible({ timeout: 60_000 });
  const runs = training.getByRole('table', { name: 'Training runs' });
  await expect(runs.getByRole('row', { name: /^#1 / })).toContainText('–'); // no checkpoint taken
  await reopenedWithModel(page);
  // The run is listed as cut before its first checkpoint; the settings stay, and the same run starts again.
  await expect(runs.getByRole('row', { name: /^#1 / })).toContainText('failed');
  await expect(training).toContainText('closed before the run took its first checkpoint');
  await expect(training.getByLabel('Evaluations per epoch')).toHaveValue('1');
  await training.getByRole('button', { name: 'Start training' }).click();
  await expect(runs.getByRole('row', { name: /^#2 / })).toContainText('done', { timeout: 300_000 });

  // The WiSE-FT / ensemble sweep, cut while it scores: the finished run is whole and sweeps again.
  const compare = page.getByRole('region', { name: 'Comparison' });
  await compare.getByRole('button', { name: /^Sweep #2 / }).click();
  const sweeping = await watchForText(page, 'Sweeping…');
  await compare.getByRole('button', { name: /^Run WiSE-FT and ensemble sweep on / }).click();
  await sweeping();
  await reopenedWithModel(page);
  await expect(runs.getByRole('row', { name: /^#2 / })).toContainText('done');
  await compare.getByRole('button', { name: /^Sweep #2 / }).click();
  await compare.getByRole('button', { name: /^Run WiSE-FT and ensemble sweep on / }).click();
  const sweep = compare.getByRole('figure', { name: /^Alpha sweep/ });
  await expectFigure(compare, sweep, 120_000);
  await expect(sweep.locator('path.recharts-curve[d^="M"]')).not.toHaveCount(0);
  // A finished sweep is part of the run's record: it is still drawn after a reload.
  await reopenedWithModel(page);
  await expect(compare.getByRole('figure', { name: /^Alpha sweep/ })).toBeVisible({ timeout: 120_000 });

  // The PyTorch export, cut while it is written: the run exports again, whole.
  const torchButton = runs.getByRole('button', { name: /^Export run as PyTorch project #2 / });
  const exportingRun = await watchForText(page, 'Exporting…');
  await torchButton.click();
  await exportingRun();
  await reopenedWithModel(page);
  const torchZip = unzipSync(new Uint8Array(await downloaded(page, () => torchButton.click())));
  expect(Object.keys(torchZip)).toEqual(expect.arrayContaining([expect.stringMatching(/train\.py$/), expect.stringMatching(/run\.json$/)]));

  // The project export, cut while it is written: it exports again with every image and both runs.
  const exportingProject = await watchForText(page, 'Exporting…');
  await project.getByRole('button', { name: 'Export project' }).click();
  await exportingProject();
  await reopenedWithModel(page);
  const projectZip = unzipSync(new Uint8Array(await downloaded(page, () => project.getByRole('button', { name: 'Export project' }).click())));
  const manifest = JSON.parse(strFromU8(projectZip['project.json']));
  expect(manifest.name).toBe(RUN_NAME);
  expect(Object.keys(projectZip).filter((n) => n.startsWith('images/') && !n.endsWith('/'))).toHaveLength(72);
});
