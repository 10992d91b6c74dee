// Real checkpoints as the hub really serves them, in the studio: a repository laid out like
// openai/clip-vit-base-patch32's main branch (pytorch_model.bin + tf_model.h5 + flax_model.msgpack, no
// safetensors; the tiny fixture's bytes stand in) loads through the hub's 302 to a storage origin, a cut
// download resumes with Range across the redirect, a TF/Flax-only repository is named so before any
// download, the evil pickle is refused naming its global, and a dropped .bin folder loads.
import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { tinyClipBinDir, tinyClipDir } from '../src/testing/shared-fixtures';
import { repoFromFolder, startTestHub, type TestHub } from '../src/testing/test-hub';
import { routeTestHub, watchEgress } from './test-hub-route';

const LAYOUT = 'proreg-test/clip-vit-base-patch32-layout';
const TF_ONLY = 'proreg-test/tf-flax-only';
const EVIL = 'proreg-test/evil-pickle';
const standIns = { 'tf_model.h5': new Uint8Array(3000).fill(7), 'flax_model.msgpack': new Uint8Array(4000).fill(9) };
let hub: TestHub;

test.beforeAll(async () => {
  hub = await startTestHub({
    [LAYOUT]: repoFromFolder(tinyClipBinDir(), standIns),
    [TF_ONLY]: { ...standIns, 'config.json': repoFromFolder(tinyClipDir)['config.json'] },
    [EVIL]: repoFromFolder(tinyClipBinDir('-evil')),
  });
});
test.afterAll(() => hub.close());

async function loadModel(page: Page, repo: string): Promise<void> {
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Model id').fill(repo);
  await model.getByRole('button', { name: 'Load model' }).click();
}

test('an openai-layout repository loads through the redirect to the storage host, resuming a cut download', async ({ page }) => {
  const egress = watchEgress(page);
  await routeTestHub(page, hub);
  hub.requests.length = 0;
  hub.cutOnce('pytorch_model.bin');
  await page.goto('/');
  await loadModel(page, LAYOUT);
  await expect(page.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });
  const bin = hub.requests.filter((r) => r.host === 'storage' && r.method === 'GET' && r.path.endsWith('pytorch_model.bin'));
  expect(bin[0].range).toBeNull();
  expect(bin.slice(1).some((r) => r.range !== null && /^bytes=\d+-$/.test(r.range))).toBe(true);
  expect(hub.requests.filter((r) => /model\.safetensors|tf_model|flax_model/.test(r.path))).toEqual([]);
  expect([...egress.storageHosts]).toEqual([new URL(hub.storageOrigin).host]);
  expect(egress.strangers()).toEqual([]);
});

test('a TF/Flax-only repository is named so before any download; the evil pickle is refused naming its global', async ({ page }) => {
  await routeTestHub(page, hub);
  hub.requests.length = 0;
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  await loadModel(page, TF_ONLY);
  await expect(model.getByRole('alert')).toContainText(`${TF_ONLY} has only TensorFlow (tf_model.h5) and Flax (flax_model.msgpack) weights`, { timeout: 60_000 });
  expect(hub.requests.filter((r) => r.path.includes('/resolve/'))).toEqual([]);

  await loadModel(page, EVIL);
  await expect(model.getByRole('alert')).toContainText('not a plain state dict: its pickle asks for the Python global posix.system', { timeout: 60_000 });
  expect(existsSync('/tmp/proreg-evil-pickle-ran')).toBe(false);
});

test('a dropped folder with only a legacy pytorch_model.bin loads; a dropped evil one is refused', async ({ page }) => {
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Choose model folder').setInputFiles(tinyClipBinDir('-legacy'));
  await expect(model).toContainText('7.5M total', { timeout: 120_000 });
  await model.getByLabel('Choose model folder').setInputFiles(tinyClipBinDir('-evil'));
  await expect(model.getByRole('alert')).toContainText('its pickle asks for the Python global posix.system', { timeout: 60_000 });
  expect(existsSync('/tmp/proreg-evil-pickle-ran')).toBe(false);
});

test('the model picker shows the download size from the listing and what fits, before any weights are downloaded', async ({ page }) => {
  await routeTestHub(page, hub);
  hub.requests.length = 0;
  await page.goto('/');
  const model = page.getByRole('region', { name: 'Model' });
  await model.getByLabel('Model id').fill(LAYOUT);
  await model.getByRole('button', { name: 'Look up sizes and fit' }).click();
  const row = model.getByRole('row', { name: LAYOUT });
  const files = repoFromFolder(tinyClipBinDir());
  const download = ['pytorch_model.bin', 'config.json', 'vocab.json', 'merges.txt', 'preprocessor_config.json', 'tokenizer_config.json'].reduce((a, f) => a + files[f].length, 0);
  await expect(row).toContainText(`${(download / 2 ** 20).toFixed(0)} MB`, { timeout: 60_000 });
  await expect(row).toContainText('7.5M');
  await expect(row).toContainText(/head ✓ · last-2 ✓ · full ✓/);
  // The suggested repositories are not on this test hub: each row says so.
  await expect(model.getByRole('row', { name: 'openai/clip-vit-large-patch14' })).toContainText('is not on huggingface.co', { timeout: 60_000 });
  expect(hub.requests.filter((r) => r.path.includes('/resolve/') && !r.path.endsWith('/config.json'))).toEqual([]);
  await page.screenshot({ path: 'test-results/model-picker.png', fullPage: true });
});
