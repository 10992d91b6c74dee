// The bad-input corpus dropped on the studio as a folder: every case of the table gets its expected outcome,
// the same as in the CLI (src/cli/cli-corpus.test.ts): the good images are imported (the zip's too, unpacked
// by the engine), every bad file is listed as rejected with its reason, and nothing crashes. Both ways of
// picking a folder get the same outcome: the File System Access API's folder dialog (Chromium) and the
// <input webkitdirectory> other browsers fall back on.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { CORPUS_CASES } from '../src/testing/corpus/corpus-cases';
import { writeCorpus } from '../src/testing/corpus/write-corpus-node';
import { pickFolderWith } from './picked-folder';

const ways: Record<string, (page: Page, dataset: Locator, dir: string) => Promise<void>> = {
  'the folder dialog': async (page, dataset, dir) => {
    await pickFolderWith(page, dir);
    await dataset.locator('label', { hasText: 'Choose image folder' }).click();
  },
  '<input webkitdirectory>': (_page, dataset, dir) => dataset.getByLabel('Choose image folder').setInputFiles(dir),
};

for (const [way, pick] of Object.entries(ways)) test(`every corpus case is imported or rejected with its named reason (${way})`, async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const corpus = await writeCorpus();
  await page.goto('/');
  const dataset = page.getByRole('region', { name: 'Dataset' });
  await pick(page, dataset, corpus);
  const imported = CORPUS_CASES.filter((c) => c.expect === 'imported');
  const refused = CORPUS_CASES.filter((c) => c.expect !== 'imported');
  await expect(dataset).toContainText(`${imported.length} of ${imported.length} images`, { timeout: 120_000 });
  await dataset.getByText(`${refused.length} files rejected`, { exact: false }).click();
  const listed = dataset.getByRole('list', { name: 'Rejected files' }).getByRole('listitem');
  await expect(listed).toHaveCount(refused.length); // the list renders once opened
  const items = await listed.evaluateAll((lis) =>
    lis.map((li) => ({ path: li.querySelector('code')?.textContent ?? '', reason: li.querySelector('.tag')?.textContent ?? '' })),
  );
  const got = new Map(items.map((i) => [i.path, i.reason]));
  for (const c of refused) expect(got.get(c.path), `${c.path} (${c.what})`).toBe(c.expect);
  expect(items).toHaveLength(refused.length);
  // Every imported image is listed under its path (found with the search box), images from the zip with a thumbnail too.
  const search = dataset.getByLabel('Search images');
  for (const c of imported) {
    await search.fill(c.path);
    await expect(dataset.getByRole('button', { name: `Open ${c.path}`, exact: true }), c.path).toHaveCount(1);
  }
  await search.fill('cats/from-zip.png');
  await expect(dataset.getByRole('button', { name: 'Open cats/from-zip.png' }).locator('img')).toHaveCount(1);
  expect(errors).toEqual([]);
});
