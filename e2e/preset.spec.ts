// A dataset preset fetched at run time from its public home (GitHub's URLs fulfilled from ../shared): the
// source is shown before anything is requested, the download shows progress, the images arrive with their
// classes and splits, and the files stay in Cache Storage for the next load.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { barDir } from '../src/testing/shared-fixtures';

/** GitHub as the preset sees it, serving 5 images per class and split of ../shared/datasets/bar. */
async function routeGitHub(page: Page, seen: string[]): Promise<void> {
  const files = ['train', 'test'].flatMap((split) => {
    const per = new Map<string, number>();
    return readdirSync(join(barDir, split)).sort().filter((f) => {
      const cls = f.slice(0, f.lastIndexOf('_'));
      per.set(cls, (per.get(cls) ?? 0) + 1);
      return per.get(cls)! <= 5;
    }).map((f) => `${split}/${f}`);
  });
  await page.route('https://api.github.com/**', (r) => {
    seen.push(r.request().url());
    return r.fulfill({ json: { tree: [...files, 'metadata.json'].map((path) => ({ path, type: 'blob' })) }, headers: { 'access-control-allow-origin': '*' } });
  });
  await page.route('https://raw.githubusercontent.com/**', (r) => {
    seen.push(r.request().url());
    const path = decodeURIComponent(new URL(r.request().url()).pathname.replace('/alinlab/BAR/master/', ''));
    return r.fulfill({ path: join(barDir, path), headers: { 'access-control-allow-origin': '*' } });
  });
}

test('the BAR preset shows its source first, downloads, imports and caches', async ({ context }) => {
  test.setTimeout(300_000);
  const page = await context.newPage();
  const seen: string[] = [];
  await routeGitHub(page, seen);
  await page.goto('/');
  const presets = page.getByRole('region', { name: 'Dataset' }).getByRole('group', { name: 'Presets' });
  await expect(presets).toContainText('github.com/alinlab/BAR');
  expect(seen).toEqual([]); // nothing requested before the user asks
  await presets.getByRole('button', { name: 'Load preset BAR (Biased Action Recognition)' }).click();
  const dataset = page.getByRole('region', { name: 'Dataset' });
  await expect(dataset).toContainText('60 of 60 images', { timeout: 120_000 });
  await expect(dataset.getByRole('table', { name: 'Classes' })).toContainText('pole vaulting');
  expect(new Set(seen.map((u) => new URL(u).host))).toEqual(new Set(['api.github.com', 'raw.githubusercontent.com']));
  await page.close();

  // Same profile: the files are in Cache Storage, so a later load needs no network.
  const again = await context.newPage();
  await again.goto('/');
  const cached = await again.evaluate(async () => (await (await caches.open('proreg-datasets-v1')).keys()).map((r) => new URL(r.url).host));
  expect(cached.filter((h) => h === 'raw.githubusercontent.com')).toHaveLength(61); // 60 images + metadata.json
  expect(cached).toContain('api.github.com');
});
