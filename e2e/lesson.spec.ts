// The bias lesson as a teacher walks it, at a laptop's 1366x768: from the empty studio, with a BAR subset as
// "my own folder" and the tiny fixture CLIP served as the lesson's default hub model. Every step is saved as a
// screenshot; the result screen's numbers are checked against the runs' own evaluations in the Comparison
// panel.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { MODEL_SUGGESTIONS } from '../src/store/model-slice';
import { barSubset } from './bar-subset';
import { routeHub } from './hub-route';

test.use({ viewport: { width: 1366, height: 768 } });

async function shot(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`lesson-${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/** Accuracy (0..1) of a run on a split, as the Comparison table shows it. */
async function tableAccuracy(table: Locator, run: RegExp, split: string): Promise<number> {
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const col = headers.findIndex((h) => h.trim() === split);
  const row = table.getByRole('row', { name: run });
  const text = await row.getByRole('cell').nth(col - 1).innerText(); // the row header is not a cell
  return Number(/([\d.]+)%/.exec(text)![1]) / 100;
}

async function lessonAccuracy(lesson: Locator, method: string, column: 1 | 2): Promise<number> {
  const text = await lesson.getByRole('table', { name: 'Lesson results' }).getByRole('row', { name: new RegExp(`^${method}`) }).getByRole('cell').nth(column - 1).innerText();
  return Number(/(\d+)%/.exec(text)![1]) / 100;
}

test('the bias lesson: data, model, three runs, the result read from their numbers, presenter mode', async ({ page }) => {
  test.setTimeout(600_000);
  await routeHub(page, { repos: { [MODEL_SUGGESTIONS[0]]: tinyClipDir } });
  await page.goto('/');
  await shot(page, '0-empty-studio');

  await page.getByRole('button', { name: 'Bias lesson' }).click();
  const lesson = page.getByRole('dialog', { name: 'Bias lesson' });
  await expect(lesson.getByRole('heading', { name: 'Does the model learn the action, or the place?' })).toBeVisible();
  await shot(page, '1-question');
  await page.keyboard.press('ArrowRight');

  await expect(lesson.getByRole('heading', { name: 'The photos' })).toBeVisible();
  await lesson.getByLabel('Use my own photo folder').setInputFiles(barSubset({ train: 8, test: 4 }));
  await expect(lesson).toContainText('72 photos of 6 actions: 48 for training, 24 for testing.', { timeout: 120_000 });
  await shot(page, '2-data');
  await lesson.getByRole('button', { name: 'Next' }).click();

  await expect(lesson.getByRole('heading', { name: 'A model that already reads' })).toBeVisible();
  await expect(lesson).toContainText('Model ready', { timeout: 120_000 });
  await expect(lesson).toContainText('From the prompts alone it already gets', { timeout: 120_000 });
  await shot(page, '3-model');
  await lesson.getByRole('button', { name: 'Next' }).click();

  await expect(lesson.getByRole('heading', { name: 'Three ways to answer' })).toBeVisible();
  await expect(lesson).toContainText(/This takes (under a minute|about (a|\d+) minutes?) here \(measured: [\d.]+ photos per second on (wasm|webgpu)\)/, { timeout: 60_000 });
  await shot(page, '4-plan');
  await lesson.getByRole('button', { name: 'Start the three runs' }).click();

  await expect(lesson.getByRole('heading', { name: 'Training' })).toBeVisible();
  const runs = lesson.getByRole('list', { name: 'Lesson runs' });
  await expect(runs).toContainText(/Zero-shot \(prompts only\) — (running|done)/, { timeout: 120_000 });
  await shot(page, '5-runs');

  await expect(lesson.getByRole('heading', { name: 'What happened' })).toBeVisible({ timeout: 540_000 });
  const reading = lesson.getByLabel('What the numbers say');
  await expect(reading).toContainText('Plain fine-tuning reached');
  for (const name of ['Error on the labels (CE)', 'How much each image trusts the prompt (w)']) await expect(lesson.getByRole('figure', { name })).toBeVisible();
  await shot(page, '6-results');

  // Presenter mode: larger type, fewer controls, arrow keys move.
  await lesson.getByLabel('Presenter mode').check();
  await expect(lesson.getByText('Arrow keys move between steps.')).toBeHidden();
  await shot(page, '7-results-presenter');
  await page.keyboard.press('ArrowLeft');
  await expect(lesson.getByRole('heading', { name: 'Training' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(lesson.getByRole('heading', { name: 'What happened' })).toBeVisible();

  // The lesson's numbers are the runs' own (the Comparison table reads the same evaluations, rounded there to 0.1%).
  const lessonNumbers = {
    zs: [await lessonAccuracy(lesson, 'Zero-shot', 1), await lessonAccuracy(lesson, 'Zero-shot', 2)],
    ft: [await lessonAccuracy(lesson, 'Plain fine-tuning', 1), await lessonAccuracy(lesson, 'Plain fine-tuning', 2)],
    pr: [await lessonAccuracy(lesson, 'ProReg', 1), await lessonAccuracy(lesson, 'ProReg', 2)],
  };
  const paragraph = await reading.innerText();
  await lesson.getByRole('button', { name: 'Close lesson' }).click();
  const table = page.getByRole('region', { name: 'Comparison' }).getByRole('table', { name: 'Runs compared' });
  for (const [key, run] of [['zs', /^#1 zero-shot/], ['ft', /^#2 finetune/], ['pr', /^#3 proreg/]] as const) {
    const inPlace = await tableAccuracy(table, run, 'val');
    const offPlace = await tableAccuracy(table, run, 'test');
    expect(Math.abs(lessonNumbers[key][0] - inPlace)).toBeLessThanOrEqual(0.006);
    expect(Math.abs(lessonNumbers[key][1] - offPlace)).toBeLessThanOrEqual(0.006);
  }
  expect(paragraph).toMatch(new RegExp(`^Plain fine-tuning reached ${Math.round(lessonNumbers.ft[0] * 100)}% on images like its training ones (but|and) ${Math.round(lessonNumbers.ft[1] * 100)}% on images in unusual places`));
  expect(paragraph).toContain(`The prompts alone (zero-shot) scored ${Math.round(lessonNumbers.zs[1] * 100)}% off-place.`);
  const prWon = lessonNumbers.pr[1] > lessonNumbers.ft[1];
  if (!prWon) expect(paragraph).toContain('This time ProReg did not beat plain fine-tuning off-place');

  // After the lesson the studio leads with training and its live charts, side by side on one laptop screen.
  await page.evaluate(() => window.scrollTo(0, 0));
  const training = page.getByRole('region', { name: 'Training' });
  const charts = page.getByRole('region', { name: 'Live charts' });
  await expect(training.getByRole('button', { name: 'Start training' })).toBeInViewport();
  await expect(charts.getByRole('figure').first()).toBeInViewport();
  await shot(page, '8-studio-after');
});
