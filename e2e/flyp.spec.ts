// FLYP in the studio, as a person picks it: the Training panel's method list with ProReg's term switched on,
// a run on a BAR subset in a real Worker, the live charts of ce, kl and w, the run in the comparison table,
// the run exported as a PyTorch project that Debian's PyTorch trains and whose metrics come back beside it,
// and FLYP offered (alone and with ProReg) in the Benchmark panel.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { routeHub } from './hub-route';
import { loadModelAndData } from './model-and-data';
import { unpackTorchProject } from './torch-project-zip';

const python = process.env.PROREG_TORCH_PYTHON ?? '/usr/bin/python3';

const REPO = 'proreg-test/tiny-clip-b32';

test('FLYP with ProReg\'s term: chosen, trained, charted, compared, exported to PyTorch and imported back, offered in the benchmark', async ({ page }) => {
  test.setTimeout(600_000);
  await routeHub(page, { repos: { [REPO]: tinyClipDir } });
  await page.goto('/');
  await loadModelAndData(page, REPO);
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Method').selectOption('flyp');
  await expect(training).toContainText('FLYP: both encoders fine-tuned');
  // Its recipe's cosine schedule, the 500 warm-up steps clamped to a tenth of this shorter run; its memory
  // estimate counts the text tower it trains.
  await expect(training.getByLabel('Schedule', { exact: true })).toHaveValue('cosine');
  const hint = await training.getByText(/FLYP's recipe: 500 steps, or a tenth of a shorter run \(this run: \d+ steps\)/).textContent();
  const steps = Number(/this run: (\d+) steps/.exec(hint!)![1]);
  await expect(training.getByLabel('Warm-up steps')).toHaveValue(String(Math.min(500, Math.max(1, Math.floor(steps / 10)))));
  await expect(training.getByLabel('Scope').locator('..')).toContainText(/needs about [\d.]+ [MG]B at micro-batch/);
  await training.screenshot({ path: test.info().outputPath('flyp-config.png') });
  await training.getByLabel('Add ProReg\'s term').check();
  await training.getByLabel('Epochs').fill('1');
  await training.getByRole('button', { name: 'Start training' }).click();
  await expect(training.getByRole('button', { name: 'Stop' })).toBeEnabled({ timeout: 60_000 });
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });
  await training.screenshot({ path: test.info().outputPath('flyp-training.png') });

  const charts = page.getByRole('region', { name: 'Live charts' });
  for (const name of ['Error on the labels', 'Distance from the prompt’s guess', 'How much each image trusts the prompt']) await expect(charts).toContainText(name);
  await expect(charts.getByRole('img', { name: /Trust in the prompt against/ })).toBeVisible();
  await charts.screenshot({ path: test.info().outputPath('flyp-charts.png') });

  const table = page.getByRole('region', { name: 'Comparison' }).getByRole('table', { name: 'Runs compared' });
  await expect(table).toContainText('flyp');

  // Exported as a PyTorch project with its images: train.py trains it and its metrics import beside the run.
  await training.getByLabel('PyTorch exports include the images').check();
  const [download] = await Promise.all([page.waitForEvent('download'), training.getByRole('button', { name: /^Export run as PyTorch project #1/ }).click()]);
  const { root, proj } = await unpackTorchProject(download);
  const run = JSON.parse(readFileSync(join(proj, 'run.json'), 'utf8'));
  expect(run).toMatchObject({ method: 'flyp', config: { methodOptions: { proreg: true } }, optimizer: { betas: [0.9, 0.999], no_decay: 'none' } });
  const metrics = join(root, 'metrics.jsonl');
  const r = spawnSync(python, [join(proj, 'train.py'), '--model', tinyClipDir, '--metrics', metrics, '--out', join(root, 'out')], { encoding: 'utf8' });
  expect(r.status, r.stderr.slice(-2000)).toBe(0);
  const name = `flyp · ${run.scope}`;
  await training.getByLabel('Run files to import').setInputFiles([metrics, join(proj, 'run.json')]);
  await expect(training.getByRole('status')).toContainText(`Imported #2 ${name} (PyTorch)`);
  const row = (label: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  await expect(row(`#2 ${name} (PyTorch)`)).toContainText('done');
  const lossOf = async (label: string) => Number((await row(label).locator('[title^="step "]').getAttribute('title'))!.split(': ')[1]);
  const [browserLoss, torchLoss] = [await lossOf(`#1 ${name}`), await lossOf(`#2 ${name} (PyTorch)`)];
  console.log(`FLYP last loss: browser ${browserLoss}, PyTorch ${torchLoss}`);
  expect(Math.abs(torchLoss - browserLoss) / browserLoss).toBeLessThan(1e-3);

  const bench = page.getByRole('region', { name: 'Benchmark' });
  await expect(bench.getByRole('checkbox', { name: 'flyp', exact: true })).toBeVisible();
  await expect(bench.getByRole('checkbox', { name: 'flyp+proreg', exact: true })).toBeVisible();
});
