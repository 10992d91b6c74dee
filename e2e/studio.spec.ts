// The studio as a person uses it: a model from the hub (served from the fixture), a dropped BAR subset,
// prompts, two training runs with live charts, inspection and comparison. Real Worker, real files.
import { expect, type Locator, type Page } from '@playwright/test';
import { expectFigure, test } from './page-log';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { barSubset } from './bar-subset';
import { routeHub } from './hub-route';
import { longTasksSince, recordLongTasks } from './long-tasks';

const REPO = 'proreg-test/tiny-clip-b32';

async function shot(page: Page, region: Locator, name: string): Promise<void> {
  await region.scrollIntoViewIfNeeded();
  const path = test.info().outputPath(`${name}.png`);
  await region.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

async function zeroShotTest(prompts: Locator): Promise<string> {
  return (await prompts.getByLabel('Zero-shot accuracy').innerText()).replace(/\s+/g, ' ');
}

test('the studio journey: load, drop, prompt, train twice, inspect, compare', async ({ page }) => {
  test.setTimeout(600_000);
  await recordLongTasks(page);
  await routeHub(page, { repos: { [REPO]: tinyClipDir } });
  await page.goto('/');

  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Model id').fill(REPO);
  await model.getByRole('button', { name: 'Load model' }).click();
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  await expect(model.getByLabel('Backend report')).toContainText(/Running on (wasm|webgpu)/);
  // The production build (cross-origin isolated, unminified) runs XNNPACK on every core up to two.
  const report = (await model.getByLabel('Backend report').textContent()) ?? '';
  if (/Running on wasm/.test(report)) {
    const { cores, isolated } = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated }));
    const want = !isolated ? 1 : cores <= 2 ? cores : cores - 1;
    expect(report).toContain(`XNNPACK SIMD, ${want} thread${want > 1 ? 's' : ''}`);
  }
  await shot(page, model, 'model-panel');

  const dataset = page.getByRole('region', { name: 'Dataset' });
  await dataset.getByLabel('Choose image folder').setInputFiles(barSubset({ train: 8, test: 4 }));
  await expect(dataset).toContainText('72 of 72 images', { timeout: 120_000 });
  await expect(dataset.getByRole('table', { name: 'Classes' })).toContainText('pole vaulting');
  await shot(page, dataset, 'dataset-panel');

  const prompts = page.getByRole('region', { name: 'Prompts' });
  await expect(prompts.getByLabel('Zero-shot accuracy')).toContainText('%', { timeout: 120_000 });
  const before = await zeroShotTest(prompts);
  await prompts.getByRole('textbox', { name: 'Template 1', exact: true }).fill('a blurry photo of the {} action, outdoors.');
  await expect.poll(() => zeroShotTest(prompts), { timeout: 60_000 }).not.toBe(before);
  await expect(prompts).toContainText('tokens');
  await shot(page, prompts, 'prompt-panel');

  // Run 1: ProReg, two epochs, the classroom preset.
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Method').selectOption('proreg');
  await training.getByLabel('Epochs').fill('2');
  const t0 = await page.evaluate(() => performance.now());
  await training.getByRole('button', { name: 'Start training' }).click();
  const progress = training.getByLabel('Training progress');
  await expect(progress).toBeVisible({ timeout: 60_000 });
  await expect.poll(async () => progress.evaluate((p: HTMLProgressElement) => (p.max ? p.value / p.max : 0)), { timeout: 300_000 }).toBe(1);
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });
  const longTasks = await longTasksSince(page, t0);
  await shot(page, training, 'training-panel');

  const charts = page.getByRole('region', { name: 'Live charts' });
  for (const name of ['Error on the labels', 'Distance from the prompt’s guess', 'How much each image trusts the prompt']) await expect(charts).toContainText(name);
  await expect(charts.getByRole('img', { name: /Trust in the prompt against/ })).toBeVisible();
  await expect(charts.getByRole('img', { name: /Distance from the prompt against/ })).toBeVisible();
  await expect(charts).toContainText('Accuracy per split');
  await shot(page, charts, 'live-charts');

  // Inspection: a sample's history, then the images inside a confusion-matrix cell.
  const inspect = page.getByRole('region', { name: 'Inspection' });
  await inspect.getByRole('button', { name: /^Inspect / }).first().click();
  const detail = page.getByLabel('Sample history');
  await expect(detail).toBeVisible();
  await expect(page.getByLabel('Class probabilities')).toContainText(/zero-shot/i);
  await shot(page, inspect, 'inspection-sample');
  await page.getByRole('button', { name: 'Close' }).first().click();
  const cell = inspect.getByRole('button', { name: /predicted as .*: [1-9]\d* images/ }).first();
  await cell.click();
  const gallery = inspect.getByRole('group', { name: /^Images: / });
  await expect(gallery).toBeVisible();
  await expect(gallery.getByRole('button', { name: /^Inspect / }).first()).toBeVisible();
  await shot(page, inspect, 'confusion-cell');

  // Run 2: plain fine-tuning on the same data; compare with ProReg and the zero-shot baseline.
  await training.getByLabel('Method').selectOption('finetune');
  await training.getByRole('button', { name: 'Start training' }).click();
  await expect(training.getByRole('button', { name: 'Stop' })).toBeEnabled({ timeout: 60_000 });
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });
  const compare = page.getByRole('region', { name: 'Comparison' });
  const table = compare.getByRole('table', { name: 'Runs compared' });
  await expect(table.getByRole('row')).toHaveCount(4); // header, zero-shot, two runs
  await expect(table).toContainText('proreg');
  await expect(table).toContainText('finetune');
  await compare.getByRole('button', { name: /^Sweep / }).first().click();
  await compare.getByRole('button', { name: /^Run WiSE-FT and ensemble sweep on / }).click();
  const sweep = compare.getByRole('figure', { name: /Alpha sweep/ });
  await expectFigure(compare, sweep, 120_000);
  await expect(sweep.locator('path.recharts-curve[d^="M"]')).not.toHaveCount(0); // a flat line has no height, so count it
  await shot(page, compare, 'comparison');

  // How responsive the main thread stayed while the worker trained is reported, not asserted: a task's
  // duration depends on what else the machine runs, and no test may depend on wall-clock timing.
  const over = longTasks.filter((t) => t.duration > 100);
  test.info().annotations.push({ type: 'main-thread tasks over 100 ms while training', description: `${over.length} (longest ${Math.round(Math.max(0, ...longTasks.map((t) => t.duration)))} ms)` });
});
