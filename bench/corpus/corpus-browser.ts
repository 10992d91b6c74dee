// `--corpus`, browser part: the production studio in headless Chromium imports a generated folder of 1,000
// and 10,000 images (each size in a fresh browser), then loads the tiny CLIP and scores every image zero-shot,
// which preprocesses each one into the per-image cache (browser storage) and encodes it in batches.
// Rows per size: the import's time, its main-thread long tasks (count over 100 ms and the longest), the
// tab's memory after it (page and workers), the renderer's peak resident memory through the import and
// through the pass over every image, and how much of the cache went to browser storage.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { routeHub } from '../../e2e/hub-route';
import { longTasksSince, recordLongTasks } from '../../e2e/long-tasks';
import { copyIntoPrivateFs, folderDialogReturns } from '../../e2e/picked-folder';
import { repoRoot, tinyClipDir } from '../../src/testing/shared-fixtures';
import { PartOutput } from '../node/part-io';
import { errorRow, row } from '../rows';
import { busySpans, hottest } from '../studio/cpu-profile';
import { budgetFor, LONG_TASK_MS } from './budget';
import { MemorySampler, sampleUntil } from './memory-sampler';
import { rendererMemoryMb } from './process-memory';
import { writeScaleCorpus } from './scale-corpus';

// --pick dialog: the folder comes through the File System Access API's dialog (what Chromium users get; the
// dialog returns a copy of the folder in the page's private file system, e2e/picked-folder.ts); --pick input:
// through <input webkitdirectory> (the fallback of other browsers).
const { values } = parseArgs({ options: { out: { type: 'string' }, sizes: { type: 'string', default: '1000,10000' }, 'import-only': { type: 'boolean', default: false }, profile: { type: 'boolean', default: false }, pick: { type: 'string', default: 'dialog' } } });
if (values.pick !== 'dialog' && values.pick !== 'input') throw new Error(`--pick is dialog or input, not ${values.pick}`);
const out = new PartOutput('corpus-browser', values.out!);
const REPO = 'proreg-bench/tiny-clip-b32';
const HOUR = 60 * 60_000;
const mb = (b: number) => Math.round(b / 1024 ** 2);

interface MemoryBreakdown { bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }

/** Page (Window) and worker (DedicatedWorker) memory, as the browser attributes it. */
async function tabMemory(page: Page): Promise<{ tab_js_mb: number; window_mb: number; workers_mb: number } | null> {
  const mem = (await page.evaluate(async () => {
    const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<unknown> };
    return crossOriginIsolated && p.measureUserAgentSpecificMemory ? p.measureUserAgentSpecificMemory() : null;
  })) as MemoryBreakdown | null;
  if (!mem) return null;
  const of = (scope: string) => mem.breakdown.filter((b) => b.attribution.some((a) => a.scope === scope)).reduce((s, b) => s + b.bytes, 0);
  return { tab_js_mb: mb(mem.bytes), window_mb: mb(of('Window')), workers_mb: mb(of('DedicatedWorker')) };
}

async function storageMb(page: Page): Promise<number> {
  return mb(await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0));
}

async function measureSize(base: string, n: number): Promise<void> {
  const dir = writeScaleCorpus(n);
  const profile = mkdtempSync(join(tmpdir(), 'proreg-bench-profile-'));
  // The dialog's folder is copied into the browser profile's private file system by a first browser, so that
  // the copy's own memory is not in the renderer's peak measured below.
  let picked: string | null = null;
  let pickedMb = 0;
  if (values.pick === 'dialog') {
    const copier = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const page = copier.pages()[0] ?? (await copier.newPage());
    await page.goto(base);
    picked = await copyIntoPrivateFs(page, dir);
    pickedMb = await storageMb(page);
    await copier.close();
  }
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  out.set('chromium', context.browser()?.version() ?? null);
  let phase = 'corpus-import';
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await recordLongTasks(page);
    await routeHub(page, { repos: { [REPO]: tinyClipDir } });
    await page.goto(base);
    const dataset = page.getByRole('region', { name: 'Dataset' });
    await page.getByRole('region', { name: 'Project' }).getByLabel('Project name').waitFor();
    // --profile: the main thread's hottest functions through the import (the build is then unminified).
    const profiler = values.profile ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    }
    const sampler = await MemorySampler.start(context.browser()!, page, profile);
    // Waits by polling a cheap check (a locator's own waiting would be main-thread work of its own): the
    // import is over when "Importing…" is gone and the thumbnails count the images.
    const listed = () => page.evaluate(() => {
      if (Array.from(document.querySelectorAll('p.muted')).some((e) => e.textContent === 'Importing…')) return null;
      const m = Array.from(document.querySelectorAll('.thumbs .filters .muted'), (e) => /^([\d,]+) of ([\d,]+) images$/.exec(e.textContent ?? '')).find(Boolean);
      // "0 of 0" is the thumbnails' first render, before the new dataset (a deferred value) reaches them.
      return m && m[2] !== '0' ? Number(m[2].replaceAll(',', '')) : null;
    });
    let count: number | null = null;
    if (picked) await folderDialogReturns(page, picked);
    const t0 = await page.evaluate(() => performance.now());
    if (values.pick === 'dialog') await dataset.locator('label', { hasText: 'Choose image folder' }).click();
    else await dataset.getByLabel('Choose image folder').setInputFiles(dir);
    await sampleUntil(sampler, async () => (count = await listed()) !== null, HOUR);
    const t1 = await page.evaluate(() => performance.now());
    if (count !== n) throw new Error(`${count} of ${n} generated images were imported (the rest were refused: see the page's rejected files)`);
    if (profiler) {
      const cpu = (await profiler.send('Profiler.stop')).profile as never;
      writeFileSync(`${values.out}.import-${n}.cpuprofile`, JSON.stringify(cpu));
      out.set(`import_profile_hottest_${n}`, hottest(cpu));
      out.set(`import_busy_spans_${n}`, busySpans(cpu));
    }
    const tasks = await longTasksSince(page, t0);
    const long = tasks.filter((t) => t.duration > LONG_TASK_MS);
    out.set(`import_long_tasks_${n}`, long.map((t) => ({ at_ms: Math.round(t.start - t0), ms: Math.round(t.duration) })));
    const peaks = sampler.peaks();
    const budget = budgetFor(n);
    const cdp = await context.newCDPSession(page);
    const metrics = (await cdp.send('Performance.enable'), await cdp.send('Performance.getMetrics')).metrics;
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const tab = await tabMemory(page);
    const renderer = rendererMemoryMb(profile);
    out.emit(row('corpus-import', 'browser-studio', (t1 - t0) / 1000, 's', { images: n, pick: values.pick, note: 'from the folder pick until every image is listed (engine reads, checks, decodes each)' }));
    out.emit(row('corpus-import-long-tasks', 'browser-studio', long.length, `tasks over ${LONG_TASK_MS} ms`, {
      images: n, pick: values.pick, longest_ms: Math.round(Math.max(0, ...tasks.map((t) => t.duration))), target: '= 0', pass: long.length === 0,
    }));
    const peak = renderer?.peakMb ?? null;
    out.emit(row('corpus-import-peak-memory', 'browser-studio', peak === null ? null : Math.round(peak), 'MB', {
      images: n, budget_mb: budget.rendererMb, target: '<= budget_mb', pass: peak !== null && peak <= budget.rendererMb,
      main_heap_peak_mb: peaks.main_heap_peak_mb, workers_heap_peak_mb: peaks.workers_heap_peak_mb, workers_budget_mb: budget.workersMb,
      workers_pass: peaks.workers_heap_peak_mb <= budget.workersMb, memory_samples: peaks.samples,
      main_js_heap_mb: mb(heap), ...tab, storage_mb: (await storageMb(page)) - pickedMb,
      note: 'renderer peak resident set (VmHWM: page + workers, bitmaps and WASM included) through the import, against the budget (target); main/workers_heap_peak: largest V8 heaps (objects + ArrayBuffers) sampled every 0.5 s over CDP; window/workers: measureUserAgentSpecificMemory after it; main_js_heap: CDP JSHeapUsedSize after it',
    }));
    if (values['import-only']) return;

    // Every image through the per-image cache: the model loads, then zero-shot scores all of them.
    phase = 'corpus-stream';
    const model = page.getByRole('region', { name: 'Model' });
    await model.getByLabel('Model id').fill(REPO);
    await model.getByRole('button', { name: 'Load model' }).click();
    await model.getByText('7.5M total').waitFor({ timeout: HOUR });
    const t2 = await page.evaluate(() => performance.now());
    await page.getByRole('region', { name: 'Prompts' }).getByLabel('Zero-shot accuracy').getByText('%').first().waitFor({ timeout: 3 * HOUR });
    const t3 = await page.evaluate(() => performance.now());
    const streamed = rendererMemoryMb(profile);
    out.emit(row('corpus-stream', 'browser-studio', (t3 - t2) / 1000, 's', { images: n, note: 'model loaded -> every image preprocessed into the cache and encoded (zero-shot accuracy shown)' }));
    out.emit(row('corpus-stream-peak-memory', 'browser-studio', streamed?.peakMb ?? null, 'MB', {
      images: n, ...(await tabMemory(page)), storage_mb: (await storageMb(page)) - pickedMb, cache_mb_if_in_memory: mb(n * 3 * 224 * 224),
      note: 'renderer peak resident set through import and the pass over every image; storage_mb: browser storage used (images + preprocessed cache; the copy of the picked folder not counted); cache_mb_if_in_memory: the uint8 224 px views a RAM cache would hold',
    }));
  } catch (e) {
    out.emit(errorRow(phase, 'browser-studio', 's', e, { images: n }));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dirname(dir), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dist = mkdtempSync(join(tmpdir(), 'proreg-bench-dist-'));
  await build({ root: repoRoot, configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true, ...(values.profile ? { minify: false } : {}) } });
  const server = await preview({ root: repoRoot, configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 5297, strictPort: false } });
  const base = server.resolvedUrls!.local[0];
  try {
    for (const n of values.sizes!.split(',').map(Number)) await measureSize(base, n);
  } finally {
    server.httpServer.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
