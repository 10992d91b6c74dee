// Projects survive anything, and exports are read by other tools: a reload during training resumes from the
// checkpoint with nothing lost; the exported model reloads in the studio and in the CLI with identical
// numbers; a project export -> import round-trips exactly; every request goes to a host the user chose.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { repoRoot, tinyClipDir, tinyClipReferenceDir } from '../src/testing/shared-fixtures';
import { routeHub } from './hub-route';
import { loadModelAndData } from './model-and-data';
import { DEV_ORIGIN, STUDIO_ORIGIN } from './ports';

const REPO = 'proreg-test/tiny-clip-b32';

async function setUp(page: Page, requests: string[]): Promise<void> {
  page.on('request', (r) => requests.push(r.url()));
  await routeHub(page, { repos: { [REPO]: tinyClipDir } });
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await d.path())!);
}

/** Hosts other than the studio's own and the model hub the user chose. */
function strangers(urls: string[]): string[] {
  return urls.map((u) => new URL(u)).filter((u) => ![new URL(STUDIO_ORIGIN).host, 'huggingface.co'].includes(u.host) && !['blob:', 'data:'].includes(u.protocol)).map((u) => u.href);
}

test('reload during training, then resume: the run continues from its checkpoint and nothing is lost', async ({ page }) => {
  test.setTimeout(600_000);
  const requests: string[] = [];
  await setUp(page, requests);
  await page.goto('/');
  await loadModelAndData(page, REPO);
  await page.getByRole('region', { name: 'Project' }).getByLabel('Project name').fill('Reload test');
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByLabel('Epochs').fill('60'); // long enough that the reload cuts it
  await training.getByLabel('Evaluations per epoch').fill('2');
  await training.getByRole('button', { name: 'Start training' }).click();
  // Wait for a checkpoint beyond the first epoch, then close the tab's state by reloading.
  await expect(training).toContainText(/checkpoint at step/i, { timeout: 120_000 });
  await page.waitForTimeout(1500);
  await page.reload();

  await expect(page.getByRole('region', { name: 'Project' }).getByLabel('Project name')).toHaveValue('Reload test', { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Dataset' })).toContainText('72 of 72 images', { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });
  const resume = page.getByRole('button', { name: /^Resume / });
  await expect(resume).toBeVisible({ timeout: 60_000 });
  await resume.click();
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });
  const table = page.getByRole('region', { name: 'Comparison' }).getByRole('table', { name: 'Runs compared' });
  await expect(table).toContainText('done', { timeout: 60_000 });
  expect(strangers(requests)).toEqual([]);
});

test('exported model reloads in the studio and the CLI with identical logits; project export -> import round-trips', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const requests: string[] = [];
  await setUp(page, requests);
  await page.goto('/');
  await loadModelAndData(page, REPO);
  const training = page.getByRole('region', { name: 'Training' });
  await training.getByRole('button', { name: 'Classroom quick' }).click();
  await training.getByRole('button', { name: 'Start training' }).click();
  await expect(training.getByRole('button', { name: 'Start training' })).toBeEnabled({ timeout: 300_000 });

  // The model, as files other tools read.
  const zip = unzipSync(new Uint8Array(await download(page, () => page.getByRole('button', { name: /^Export model / }).first().click())));
  const dir = join(mkdtempSync(join(tmpdir(), 'proreg-export-')), 'model');
  mkdirSync(dir);
  for (const [name, bytes] of Object.entries(zip)) if (!name.endsWith('/')) writeFileSync(join(dir, name.split('/').pop()!), bytes);
  const head = JSON.parse(readFileSync(join(dir, 'head.json'), 'utf8'));
  expect(head.classes).toHaveLength(6);
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  expect(cfg.model_type).toBe('clip');

  // The CLI reads it back.
  const texts = join(dir, '..', 'texts.json');
  writeFileSync(texts, JSON.stringify(['a photo of a climbing.', 'a photo of a diving.']));
  const image = join(tinyClipReferenceDir, 'images', 'square.png');
  const cli = spawnSync(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), '--import', join(repoRoot, 'scripts/resolve-extensionless.mjs'), join(repoRoot, 'src/cli/main.ts'), 'embed', '--model', dir, '--image', image, '--texts-file', texts], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const fromCli = JSON.parse(cli.stdout).logits_per_image[0] as number[];

  // The studio's engine reads the same folder (a real Worker, the browser's decoder) and gives the same logits.
  const harness = await browser.newPage({ baseURL: DEV_ORIGIN });
  await harness.route('**/__export/**', (r) => r.fulfill({ path: join(dir, decodeURIComponent(new URL(r.request().url()).pathname.split('/__export/')[1])) }));
  await harness.route('**/__image.png', (r) => r.fulfill({ path: image }));
  await harness.goto('/e2e/harness/engine.html');
  const fromStudio = (await harness.evaluate(() => window.runEngineCheck({ kind: 'embed-folder', backend: 'wasm', folder: '/__export', image: '/__image.png', texts: ['a photo of a climbing.', 'a photo of a diving.'] }))) as { logits: number[] };
  fromStudio.logits.forEach((v, i) => expect(Math.abs(v - fromCli[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(fromCli[i]))));
  await harness.close();

  // And the studio loads it as a dropped model folder.
  await page.getByRole('region', { name: 'Model' }).getByLabel('Choose model folder').setInputFiles(dir);
  await expect(page.getByRole('region', { name: 'Model' })).toContainText('7.5M total', { timeout: 120_000 });

  // The whole project as one file, imported into a fresh profile, exported again: the same content.
  const project = page.getByRole('region', { name: 'Project' });
  const first = await download(page, () => project.getByRole('button', { name: 'Export project' }).click());
  const other = await browser.newContext({ baseURL: STUDIO_ORIGIN, acceptDownloads: true });
  const fresh = await other.newPage();
  await routeHub(fresh, { repos: { [REPO]: tinyClipDir } });
  await fresh.goto('/');
  await fresh.getByRole('region', { name: 'Project' }).getByLabel('Import project file').setInputFiles({ name: 'p.proreg.zip', mimeType: 'application/zip', buffer: first });
  await expect(fresh.getByRole('region', { name: 'Dataset' })).toContainText('72 of 72 images', { timeout: 60_000 });
  const second = await download(fresh, () => fresh.getByRole('region', { name: 'Project' }).getByRole('button', { name: 'Export project' }).click());
  const a = unzipSync(new Uint8Array(first));
  const b = unzipSync(new Uint8Array(second));
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const name of Object.keys(a)) {
    if (name === 'project.json') {
      const ja = JSON.parse(strFromU8(a[name]));
      const jb = JSON.parse(strFromU8(b[name]));
      expect(jb).toEqual(ja);
    } else expect(Buffer.from(b[name]).equals(Buffer.from(a[name])), name).toBe(true);
  }
  await other.close();

  // A hostile file is refused with the reason, and the open project stays.
  await project.getByLabel('Import project file').setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from('PK not really a zip') });
  await expect(project.getByRole('alert')).toContainText(/project file/i);
  expect(strangers(requests)).toEqual([]);
});
