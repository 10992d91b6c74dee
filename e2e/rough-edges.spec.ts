// Each rough edge a class would hit, in the production studio with a real Worker: clearing and importing the
// same folder again (also after a reload), a rename onto an existing class (asked, undone), a dataset that
// cannot train, BAR's own metadata.json as groups, error messages without class names, a template without {},
// charts that draw what was measured and save the chart (not its legend icon), and the alpha sweep's axis and
// colours.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { expectFigure, test } from './page-log';
import { barDir, tinyClipDir } from '../src/testing/shared-fixtures';
import { barSubset } from './bar-subset';
import { routeHub } from './hub-route';

const REPO = 'proreg-test/tiny-clip-b32';

async function saved(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await download.path())!, 'utf8');
}

test('the rough edges: dataset, classes, training checks, groups, messages, charts', async ({ page }) => {
  test.setTimeout(600_000);
  await routeHub(page, { repos: { [REPO]: tinyClipDir } });
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  const dataset = page.getByRole('region', { name: 'Dataset' });
  const training = page.getByRole('region', { name: 'Training' });

  // A failed load says what happened, not which exception class carried it.
  await model.getByLabel('Model id').fill('nobody/nothing');
  await model.getByRole('button', { name: 'Load model' }).click();
  const alert = model.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: 60_000 });
  expect(await alert.innerText()).not.toMatch(/^\s*[A-Z]\w*Error:/);
  await model.getByLabel('Model id').fill(REPO);
  await model.getByRole('button', { name: 'Load model' }).click();
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });

  // Clear asks first; the same folder imports again after a clear, and again after a reload.
  const folder = barSubset({ train: 4, test: 2 });
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await expect(dataset).toContainText('36 of 36 images', { timeout: 120_000 });
  await dataset.getByRole('button', { name: 'Clear dataset' }).click();
  await dataset.getByRole('button', { name: 'Remove all images' }).click();
  await expect(dataset.getByRole('table', { name: 'Classes' })).toBeHidden();
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await expect(dataset).toContainText('36 of 36 images', { timeout: 120_000 });
  await expect(dataset).not.toContainText('rejected');
  await dataset.getByRole('button', { name: 'Clear dataset' }).click();
  await dataset.getByRole('button', { name: 'Remove all images' }).click();
  // Exporting the project waits for every pending edit to be stored: then the reload finds the cleared dataset.
  await saved(page, () => page.getByRole('region', { name: 'Project' }).getByRole('button', { name: 'Export project' }).click());
  await page.reload();
  await expect(dataset.getByText(/Drop a folder of images/)).toBeVisible();
  await expect(model).toContainText('7.5M total', { timeout: 120_000 }); // the project's model comes back from the cache
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await expect(dataset).toContainText('36 of 36 images', { timeout: 120_000 });
  await expect(dataset).not.toContainText('rejected');

  // BAR's own metadata.json: keys without extensions, an object per image.
  await dataset.getByLabel('Import groups (CSV or JSON)').setInputFiles(`${barDir}/metadata.json`);
  await expect(dataset).toContainText('36 images matched in metadata.json');

  // A rename onto an existing class asks, merges only when told, and can be undone; a blank name cannot be saved.
  const classes = dataset.getByRole('table', { name: 'Classes' });
  await classes.getByRole('button', { name: 'Rename class diving' }).click();
  await classes.getByLabel('New name for diving').fill('  ');
  await expect(classes.getByRole('button', { name: 'Save' })).toBeDisabled();
  await classes.getByLabel('New name for diving').fill('climbing');
  await classes.getByRole('button', { name: 'Save' }).click();
  await classes.getByRole('alertdialog', { name: 'Merge diving into climbing?' }).getByRole('button', { name: 'Merge classes' }).click();
  await expect(classes.getByRole('row')).toHaveCount(6); // header + 5 classes
  await dataset.getByRole('button', { name: 'Undo merge' }).click();
  await expect(classes.getByRole('row')).toHaveCount(7);

  // One class left: Start stays disabled and says what to add.
  for (const name of ['diving', 'fishing', 'pole vaulting', 'racing', 'throwing']) {
    await classes.getByRole('button', { name: `Delete class ${name}` }).click();
    await classes.getByRole('button', { name: `Confirm delete class ${name}` }).click();
  }
  await expect(training).toContainText('Training needs at least two classes (only “climbing”): add a folder of images for another class.');
  await expect(training.getByRole('button', { name: 'Start training' })).toBeDisabled();
  await dataset.getByRole('button', { name: 'Clear dataset' }).click();
  await dataset.getByRole('button', { name: 'Remove all images' }).click();
  await dataset.getByLabel('Choose image folder').setInputFiles(folder);
  await expect(dataset).toContainText('36 of 36 images', { timeout: 120_000 });

  // A template without {} gets the class appended, and says so.
  const prompts = page.getByRole('region', { name: 'Prompts' });
  await prompts.getByRole('textbox', { name: 'Template 1', exact: true }).fill('a photo of the action');
  await expect(prompts).toContainText('No {} placeholder: the class name is added at the end.');
  await prompts.getByRole('textbox', { name: 'Template 1', exact: true }).fill('a photo of a {}.');

  // A short run: charts draw straight segments between measured points, numbers without exponents, the
  // train series measured once is named so, and Save SVG saves the chart, not the legend's icon.
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Method').selectOption('proreg');
  await training.getByLabel('Scope').selectOption('head');
  await training.getByRole('button', { name: 'Start training' }).click();
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });
  const charts = page.getByRole('region', { name: 'Live charts' });
  const ce = charts.getByRole('figure', { name: 'Error on the labels (CE)' });
  await expect(ce.locator('path.line-curve')).toHaveCount(1);
  expect(await ce.locator('path.line-curve').getAttribute('d')).toMatch(/^M[\d.,\s-]+(L[\d.,\s-]+)*$/);
  expect(await charts.innerText()).not.toMatch(/\d(\.\d+)?e[-+]?\d/);
  const accuracy = charts.getByRole('figure', { name: 'Accuracy per split' });
  await expect(accuracy.getByRole('listitem')).toContainText(['train (end of run only)']);
  // The chart reads out its values from the keyboard: End picks the last evaluation, at the run's last step.
  const steps = /done · (\d+) steps/.exec(await training.innerText())?.[1];
  expect(steps).toBeTruthy();
  const plot = accuracy.getByRole('slider');
  await plot.focus();
  await page.keyboard.press('End');
  await expect(accuracy.locator('.plot-readout')).toContainText(`training step ${steps}`);
  await expect(accuracy.locator('.plot-readout')).toContainText(/train \(end of run only\): \d+\.\d%/);
  // what a screen reader hears: the same values as the plot's value text
  await expect(plot).toHaveAttribute('aria-valuetext', new RegExp(`^training step ${steps}: .*train \\(end of run only\\) \\d+\\.\\d%`));
  await page.keyboard.press('Escape');
  await expect(accuracy.locator('.plot-readout')).toHaveCount(0);
  const svg = await saved(page, () => accuracy.getByRole('button', { name: 'Save Accuracy per split as SVG' }).click());
  expect(svg).toContain('class="line-curve"');
  expect(svg).toContain('>train (end of run only)</text>');
  expect(svg).toContain('>Accuracy per split</text>');

  // The alpha sweep: accuracy on a 0-100% axis, WiSE-FT and ensemble in different colours.
  const compare = page.getByRole('region', { name: 'Comparison' });
  await compare.getByRole('button', { name: /^Run WiSE-FT and ensemble sweep on / }).click();
  const sweep = compare.getByRole('figure', { name: /^Alpha sweep: accuracy between zero-shot and fine-tuned/ });
  await expectFigure(compare, sweep, 120_000);
  const percentTicks = async () => (await sweep.locator('svg text').allTextContents()).filter((t) => /^\d+%$/.test(t.trim())).map((t) => t.trim());
  await expect.poll(percentTicks).toEqual(['0%', '25%', '50%', '75%', '100%']);
  const strokes = async (prefix: string) => sweep.locator('.recharts-legend-item').filter({ hasText: prefix }).locator('path, line').evaluateAll((els) => els.map((e) => e.getAttribute('stroke') ?? getComputedStyle(e).stroke));
  const wise = await strokes('WiSE-FT');
  const ens = await strokes('ensemble');
  expect(wise.length).toBeGreaterThan(0);
  for (const c of ens) expect(wise).not.toContain(c);
  const sweepSvg = await saved(page, () => sweep.getByRole('button', { name: /as SVG$/ }).click());
  expect(sweepSvg).toContain('recharts-line-curve');
});
