// Models from the hub (its URLs fulfilled from the fixture): the first load downloads with progress, a
// second page in the same profile loads from Cache Storage with the network blocked, a download cut midway
// resumes with Range, and a 404 or an offline start says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { tinyClipDir } from '../src/testing/shared-fixtures';
import { routeHub } from './hub-route';

const REPO = 'proreg-test/tiny-clip-b32';

async function loadModel(page: Page, repo: string): Promise<void> {
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Model id').fill(repo);
  await model.getByRole('button', { name: 'Load model' }).click();
}

test('first load downloads with progress; a second page loads from cache with the network blocked', async ({ context }) => {
  const first = await context.newPage();
  const downloads: string[] = [];
  await routeHub(first, { repos: { [REPO]: tinyClipDir }, onRequest: (file) => { downloads.push(file); return false; } });
  await first.goto('/');
  await loadModel(first, REPO);
  const progress = first.getByLabel('Model load progress');
  await expect(progress).toBeVisible({ timeout: 30_000 });
  await expect(first.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });
  expect(downloads).toEqual(expect.arrayContaining(['config.json', 'model.safetensors', 'vocab.json', 'merges.txt']));
  await first.close();

  const second = await context.newPage();
  const blocked: string[] = [];
  await second.route('https://huggingface.co/**', (route) => { blocked.push(route.request().url()); return route.abort('internetdisconnected'); });
  await second.goto('/');
  await loadModel(second, REPO);
  await expect(second.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });
  expect(blocked).toEqual([]); // everything came from Cache Storage
});

test('a download cut midway resumes from where it broke off', async ({ page }) => {
  const weights = readFileSync(join(tinyClipDir, 'model.safetensors'));
  const ranges: (string | null)[] = [];
  await routeHub(page, {
    repos: { [REPO]: tinyClipDir },
    onRequest: async (file, route) => {
      if (file !== 'model.safetensors') return false;
      const range = route.request().headers()['range'] ?? null;
      ranges.push(range);
      if (!range) {
        // Half the bytes, then the connection drops (the body is shorter than its declared length).
        await route.fulfill({ status: 200, body: weights.subarray(0, weights.length >> 1), headers: { 'content-length': String(weights.length), 'access-control-allow-origin': '*' } });
        return true;
      }
      const from = Number(/bytes=(\d+)-/.exec(range)![1]);
      await route.fulfill({ status: 206, body: weights.subarray(from), headers: { 'content-range': `bytes ${from}-${weights.length - 1}/${weights.length}`, 'access-control-allow-origin': '*' } });
      return true;
    },
  });
  await page.goto('/');
  await loadModel(page, REPO);
  await expect(page.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });
  expect(ranges[0]).toBeNull();
  expect(ranges.slice(1).some((r) => r !== null && /^bytes=\d+-$/.test(r))).toBe(true);
});

test('a missing repository and an offline start show what happened', async ({ page }) => {
  await routeHub(page, { repos: {} });
  await page.goto('/');
  await loadModel(page, 'nobody/no-such-clip');
  const model = page.getByRole('region', { name: 'Model' });
  await expect(model.getByRole('alert')).toContainText('nobody/no-such-clip is not on huggingface.co (no such repository', { timeout: 60_000 });

  await page.unroute('https://huggingface.co/**');
  await page.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
  await loadModel(page, 'openai/clip-vit-base-patch32');
  await expect(model.getByRole('alert')).toContainText('cannot reach huggingface.co (no network?)', { timeout: 60_000 });
});
