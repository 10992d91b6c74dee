// Outgrowing the browser: a run trained in the studio is exported as a PyTorch project, run with Debian's
// PyTorch (the project's own train.py, nothing else), and its metrics imported back: the PyTorch run sits
// beside the browser run in Live charts, Inspection and Comparison, with the same losses within 1e-3.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readSharedJson, tinyClipDir, tinyClipReferenceDir } from '../src/testing/shared-fixtures';
import { routeHub } from './hub-route';
import { unpackTorchProject } from './torch-project-zip';

const REPO = 'proreg-test/tiny-clip-b32';
const python = process.env.PROREG_TORCH_PYTHON ?? '/usr/bin/python3';

/** The 8 reference images as class folders (the labels of the reference trajectories). */
function referenceFolder(): string {
  const { runs } = readSharedJson<{ runs: { images: string[]; classes: string[]; labels: number[] }[] }>('fixtures', 'proreg-trajectories.json');
  const dir = join(mkdtempSync(join(tmpdir(), 'proreg-e2e-torch-')), 'reference');
  runs[0].images.forEach((img, i) => {
    const cls = join(dir, 'train', runs[0].classes[runs[0].labels[i]]);
    mkdirSync(cls, { recursive: true });
    copyFileSync(join(tinyClipReferenceDir, 'images', img), join(cls, img));
  });
  return dir;
}

test('a browser run exported as a PyTorch project, run by train.py and imported back, matches the browser run', async ({ page }) => {
  test.setTimeout(600_000);
  await routeHub(page, { repos: { [REPO]: tinyClipDir } });
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Model id').fill(REPO);
  await model.getByRole('button', { name: 'Load model' }).click();
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  const dataset = page.getByRole('region', { name: 'Dataset' });
  await dataset.getByLabel('Choose image folder').setInputFiles(referenceFolder());
  await expect(dataset).toContainText('8 of 8 images', { timeout: 120_000 });

  // ProReg on the last block, several shuffled steps per epoch with accumulation and a warm-up schedule.
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Epochs', { exact: true }).fill('4');
  await training.getByLabel('Batch size', { exact: true }).fill('2');
  await training.getByLabel('Micro-batch', { exact: true }).fill('1');
  await training.getByLabel('Encoder learning rate', { exact: true }).fill('0.0001');
  await training.getByLabel('Head learning rate', { exact: true }).fill('0.01');
  await training.getByLabel('Schedule', { exact: true }).selectOption('warmup-linear');
  await training.getByRole('button', { name: 'Start training' }).click();
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });
  await expect(training.getByRole('table', { name: 'Training runs' })).toContainText('done');

  // The project, with its images, as the studio hands it over.
  await training.getByLabel('PyTorch exports include the images').check();
  const [download] = await Promise.all([page.waitForEvent('download'), training.getByRole('button', { name: /^Export run as PyTorch project #1/ }).click()]);
  const { root, proj } = await unpackTorchProject(download);
  const runJson = JSON.parse(readFileSync(join(proj, 'run.json'), 'utf8'));
  expect(runJson).toMatchObject({ method: 'proreg', scope: 'last-1', model: { kind: 'hub', repo: REPO, revision: 'main' } });
  const manifest = JSON.parse(readFileSync(join(proj, 'manifest.json'), 'utf8'));
  expect(manifest.samples).toHaveLength(8);
  for (const text of [JSON.stringify(runJson), JSON.stringify(manifest)]) expect(text).not.toContain(tmpdir());

  const metrics = join(root, 'metrics.jsonl');
  const r = spawnSync(python, [join(proj, 'train.py'), '--model', tinyClipDir, '--metrics', metrics, '--out', join(root, 'out'), '--sweep', '0,0.5,1'], { encoding: 'utf8' });
  expect(r.status, r.stderr.slice(-2000)).toBe(0);

  // Import: the metrics and the project's run.json.
  await training.getByLabel('Run files to import').setInputFiles([metrics, join(proj, 'run.json')]);
  await expect(training.getByRole('status')).toContainText(/Imported #2 proreg · last-1 \(PyTorch\)/);

  // Comparison: both runs done, the same accuracies, last losses within 1e-3.
  const table = page.getByRole('region', { name: 'Comparison' }).getByRole('table', { name: 'Runs compared' });
  const row = (name: RegExp) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  const browserRow = row(/^#1 proreg · last-1$/);
  const torchRow = row(/^#2 proreg · last-1 \(PyTorch\)$/);
  await expect(torchRow).toContainText('done');
  const cells = async (loc: typeof browserRow) => (await loc.getByRole('cell').allInnerTexts()).map((t) => t.trim());
  const [a, b] = [await cells(browserRow), await cells(torchRow)];
  const lossOf = async (loc: typeof browserRow) => Number((await loc.locator('[title^="step "]').getAttribute('title'))!.split(': ')[1]);
  const [la, lb] = [await lossOf(browserRow), await lossOf(torchRow)];
  expect(Math.abs(la - lb) / Math.abs(la)).toBeLessThan(1e-3);
  // Accuracy columns: the same predictions (the delta to zero-shot follows from them).
  expect(b.slice(1, -2)).toEqual(a.slice(1, -2));

  // The WiSE-FT / ensemble sweep train.py ran comes along.
  await torchRow.getByRole('button', { name: /^Sweep / }).click();
  await expect(page.getByRole('region', { name: 'Comparison' }).getByRole('figure', { name: /^Alpha sweep.*\(#2 proreg · last-1 \(PyTorch\)\)$/ })).toBeVisible();

  // Live charts show the imported run (the picker lists it and the loss chart has its points).
  const charts = page.getByRole('region', { name: 'Live charts' });
  await expect(charts.getByLabel('Run to chart').locator('option', { hasText: '(PyTorch)' })).toHaveCount(1);
  // Inspection ranks the imported run's samples by their per-sample values.
  const inspection = page.getByRole('region', { name: 'Inspection' });
  await expect(inspection).toContainText('(PyTorch)');
  await expect(inspection.getByRole('row')).not.toHaveCount(0);

  // A file that is not a run's metrics is refused with the reason; the runs stay.
  const rows = await table.getByRole('row').count();
  await training.getByLabel('Run files to import').setInputFiles({ name: 'notes.jsonl', mimeType: 'text/plain', buffer: Buffer.from('hello\n') });
  await expect(training.getByRole('alert')).toContainText('Cannot import this run: notes.jsonl line 1 is not JSON');
  await expect(table.getByRole('row')).toHaveCount(rows);
  await expect(torchRow).toContainText('done');
});
