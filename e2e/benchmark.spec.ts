// The benchmark table end to end on a BAR subset: four methods queued with one button, a reload in the
// middle of the queue, the queue continued, and the CSV export equal to what the table shows.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { routeHub } from './hub-route';
import { loadModelAndData } from './model-and-data';

const REPO = 'proreg-test/tiny-clip-b32';
const METHODS = ['zero-shot', 'linear-probe', 'coop', 'tip-adapter'];

/** The table's cells as text rows (header first). */
async function tableText(page: Page): Promise<string[][]> {
  const table = page.getByRole('region', { name: 'Benchmark' }).getByRole('table', { name: 'Benchmark table' });
  return table.locator('tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())));
}

test('benchmark: four methods with one button, a reload mid-queue, the table and its CSV agree', async ({ page }) => {
  test.setTimeout(900_000);
  await routeHub(page, { repos: { [REPO]: tinyClipDir } });
  await page.goto('/');
  await loadModelAndData(page, REPO);
  await page.getByRole('region', { name: 'Project' }).getByLabel('Project name').fill('Benchmark test');
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Epochs').fill('3');
  const bench = page.getByRole('region', { name: 'Benchmark' });
  for (const box of await bench.getByRole('checkbox').all()) await box.uncheck();
  for (const m of METHODS) await bench.getByRole('checkbox', { name: m, exact: true }).check();
  await bench.getByRole('button', { name: 'Run benchmark' }).click();

  // Reload once two of the four are done (the third is running or queued), after the project has saved.
  await expect(bench.getByLabel('Benchmark progress')).toContainText(/[23] of 4 runs done/, { timeout: 300_000 });
  await expect(page.getByRole('region', { name: 'Project' }).getByRole('status')).toHaveText('Saved', { timeout: 60_000 });
  await page.reload();
  await expect(page.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });
  // The queue survived: at least the two runs done before the reload are there. How far the rest got before
  // the page went away depends on the machine's speed, so continue only where something is left.
  await expect(bench.getByLabel('Benchmark progress')).toContainText(/[234] of 4 runs done/, { timeout: 60_000 });
  if (!/4 of 4/.test(await bench.getByLabel('Benchmark progress').innerText())) {
    await bench.getByRole('button', { name: 'Continue benchmark' }).click();
  }
  await expect(bench.getByLabel('Benchmark progress')).toContainText('4 of 4 runs done', { timeout: 600_000 });

  await bench.screenshot({ path: test.info().outputPath('benchmark-panel.png') });
  const rows = await tableText(page);
  expect(rows[0].slice(0, 4)).toEqual(['Method', 'ID', 'OOD', 'Worst group']);
  expect(rows.slice(1).map((r) => r[0])).toEqual(METHODS);
  for (const r of rows.slice(1)) expect(r[1]).toMatch(/^\d+\.\d$/); // one seed: the mean alone

  const [d] = await Promise.all([page.waitForEvent('download'), bench.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync((await d.path())!, 'utf8').trim().split('\n').map((l) => l.split(','));
  expect(csv).toEqual(rows);
});
