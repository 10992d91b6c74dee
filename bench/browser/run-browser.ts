// Browser part: headless Chromium (found as the e2e tests find it) on the Vite dev server; each task runs in
// a fresh Worker with a wall-clock cap, and rows are written after every task so a crash keeps the rest.
import { cpus, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { routeShared } from '../../e2e/shared-route';
import { barDir, repoRoot, sharedDir } from '../../src/testing/shared-fixtures';
import { listImages } from '../node/image-files';
import { PartOutput } from '../node/part-io';
import { errorRow, row, type Row, type TimingPlan } from '../rows';
import type { BenchTask } from './tasks';

const { values } = parseArgs({ options: { parts: { type: 'string', default: 'forward,train-step,webgpu-count,preprocess,ready' }, quick: { type: 'boolean', default: false }, 'webgpu-train': { type: 'boolean', default: false }, 'count-image-size': { type: 'string', default: '64' }, out: { type: 'string' }, 'model-dir': { type: 'string' } } });
const quick = values.quick!;
const out = new PartOutput('browser', values.out!);
const s = 1000;
const MODEL_REPO = 'bench/vit-b32-random-f16';
const allCores = cpus().length;
// The studio's WASM threads (backend/select.ts): every core up to 2, else one left to the page. Where that
// leaves a core out, extra rows (`browser-wasm-<n>t`) give XNNPACK every core.
const studioThreads = allCores <= 2 ? allCores : allCores - 1;

const forwardPlans: Record<'wasm' | 'webgpu', Record<number, TimingPlan>> = quick
  ? { wasm: { 1: { warmup: 1, iters: 3, capMs: 5 * s }, 8: { warmup: 1, iters: 2, capMs: 8 * s }, 32: { warmup: 1, iters: 1, capMs: 0 } }, webgpu: { 1: { warmup: 1, iters: 1, capMs: 0 } } }
  : {
      wasm: { 1: { warmup: 2, iters: 9, capMs: 15 * s }, 8: { warmup: 1, iters: 5, capMs: 30 * s }, 32: { warmup: 1, iters: 3, capMs: 60 * s } },
      webgpu: { 1: { warmup: 1, iters: 3, capMs: 30 * s }, 8: { warmup: 0, iters: 1, capMs: 0 } },
    };

async function startVite(): Promise<ViteDevServer> {
  const server = await createServer({ root: repoRoot, configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error', server: { host: '127.0.0.1', port: 5298, strictPort: false, hmr: false } }); // no reload when a file changes mid-run
  await server.listen();
  return server;
}

async function openPage(browser: Browser, base: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`[browser console] ${m.text()}`));
  await routeShared(page);
  await page.goto(`${base}bench/browser/bench.html`);
  await page.waitForFunction(() => typeof window.runBench === 'function', null, { timeout: 120_000 });
  return page;
}

class Timeout extends Error {}
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Timeout(`${what} passed its ${ms / 1000} s cap and was stopped`)), ms))]);
}

async function main(): Promise<void> {
  const launch = chromiumLaunchOptions(); // throws a clear message when no Chromium is installed
  const server = await startVite();
  const base = server.resolvedUrls!.local[0];
  const browser = await chromium.launch(launch);
  out.set('chromium', browser.version());
  let page = await openPage(browser, base);
  const task = async (t: BenchTask, capMs: number, failRows: Row[]): Promise<void> => {
    try {
      const r = await within(page.evaluate((x) => window.runBench(x), t), capMs, `${t.kind} on ${t.backend}`);
      if ('info' in r) out.set(`info_${t.kind}_${t.backend}`, r.info);
      r.rows.forEach(out.emit);
      if (!r.ok) throw new Error(r.error);
    } catch (e) {
      const failed = failRows.filter((f) => !out.rows.some((r) => r.metric === f.metric && r.backend === f.backend && r.batch === f.batch && r.scope === f.scope));
      failed.forEach((f) => out.emit(errorRow(f.metric, f.backend, f.unit, e, { batch: f.batch, scope: f.scope, microBatch: f.microBatch })));
      if (e instanceof Timeout) {
        await page.close().catch(() => {});
        page = await openPage(browser, base);
      }
    }
  };
  const parts = new Set(values.parts!.split(','));
  try {
    for (const backend of parts.has('forward') ? (['wasm', 'webgpu'] as const) : []) {
      const plans = forwardPlans[backend];
      const label = `browser-${backend}`;
      await task({ kind: 'forward', backend, plans }, (backend === 'webgpu' ? 8 : 5) * 60 * s, Object.keys(plans).map((b) => row('vit-b32-forward', label, null, 'images/s', { batch: Number(b) })));
      if (!plans[32]) out.emit(row('vit-b32-forward', label, null, 'images/s', { batch: 32, note: 'not run: WebGPU here is SwiftShader (CPU emulation); batch 32 would take many minutes' }));
    }
    if (parts.has('forward') && allCores > studioThreads) {
      const plans = forwardPlans.wasm;
      await task({ kind: 'forward', backend: 'wasm', plans, threads: allCores }, 5 * 60 * s, Object.keys(plans).map((b) => row('vit-b32-forward', `browser-wasm-${allCores}t`, null, 'images/s', { batch: Number(b) })));
    }
    const trainRow = (backend: string) => [row('vit-b32-train-step', backend, null, 'images/s', { scope: 'full', batch: 8, microBatch: 8 })];
    if (parts.has('train-step')) await trainSteps(trainRow);
    if (parts.has('webgpu-count')) {
      // bench/engine/webgpu-count.ts's rows (not imported: it loads the engine)
      const failRows = [row('webgpu-programs-per-step', 'browser-webgpu', null, 'programs', { scope: 'full', batch: 8 }), row('webgpu-host-ms-per-step', 'browser-webgpu', null, 'ms', { scope: 'full', batch: 8 })];
      // 224 px runs ten times the tokens of 64 px through SwiftShader: a longer cap
      const imageSize = Number(values['count-image-size']);
      await task({ kind: 'webgpu-count', backend: 'webgpu', imageSize }, (imageSize > 64 ? 75 : 20) * 60 * s, failRows);
    }
    if (!quick && parts.has('preprocess')) await preprocess(page);
    if (!quick && parts.has('ready')) await ready(base);
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }

  async function trainSteps(trainRow: (backend: string) => Row[]): Promise<void> {
    const cases = quick ? 'full:8:2:1:0' : 'full:8:2:3:60'; // two warm-up steps: the heap grows through both (node/train-step.ts)
    await task({ kind: 'train-step', backend: 'wasm', cases }, 6 * 60 * s, trainRow('browser-wasm'));
    if (allCores > studioThreads) await task({ kind: 'train-step', backend: 'wasm', cases, threads: allCores }, 6 * 60 * s, trainRow(`browser-wasm-${allCores}t`));
    if (!values['webgpu-train']) out.emit(row('vit-b32-train-step', 'browser-webgpu', null, 'images/s', { scope: 'full', batch: 8, microBatch: 8, note: 'not run: on a SwiftShader adapter the caching pass, one step and the final evaluation take ~10 min (pass --webgpu-train to measure anyway)' }));
    else await task({ kind: 'train-step', backend: 'webgpu', cases: 'full:8:0:1:0' }, 15 * 60 * s, trainRow('browser-webgpu'));
  }
}

async function preprocess(page: Page): Promise<void> {
  const workers = cpus().length;
  try {
    const urls = listImages(barDir).map((f) => `/__shared/${relative(sharedDir, f)}`);
    const capMs = 60 * s;
    const r = await within(page.evaluate((t) => window.runPreprocess(t), { urls, workers, capMs }), 5 * 60 * s, 'browser preprocess');
    out.emit(row('preprocess', 'browser-workers', (r.done * 1000) / r.ms, 'images/s', {
      threads: workers, images: r.done, of: r.of, seconds: Math.round(r.ms) / 1000,
      ...(r.done < r.of ? { note: `time cap ${capMs / 1000} s: ${r.done} of ${r.of} images` } : {}),
      ...(r.failed.length ? { failed: r.failed.slice(0, 5), failed_count: r.failed.length } : {}),
    }));
  } catch (e) {
    out.emit(errorRow('preprocess', 'browser-workers', 'images/s', e, { threads: workers }));
  }
}

/** Cache Storage of an incognito context is held in memory with a small quota: a profile on disk, as a user has. */
async function ready(base: string): Promise<void> {
  const dir = values['model-dir'];
  const label = 'browser-wasm';
  if (!dir || !existsSync(join(dir, 'model.safetensors'))) {
    out.emit(errorRow('ready-from-cache', label, 's', new Error(`no model folder (--model-dir ${dir ?? 'missing'})`)));
    return;
  }
  const profile = mkdtempSync(join(tmpdir(), 'proreg-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
  try {
    const page = await context.newPage();
    await page.goto(`${base}bench/browser/bench.html`);
    await page.waitForFunction(() => typeof window.runBench === 'function', null, { timeout: 120_000 });
    const files = ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt', 'preprocessor_config.json'];
    // Served by Vite from the folder (it lies under the repository root).
    const rel = relative(repoRoot, dir);
    if (rel.startsWith('..')) throw new Error(`the model folder ${dir} must lie under ${repoRoot} to be served`);
    const from = `/${rel.split(sep).join('/')}`;
    const bytes = await within(page.evaluate((a) => window.seedModelCache(a.repo, a.files, a.from), { repo: MODEL_REPO, files, from }), 5 * 60 * s, 'seeding Cache Storage');
    // Optional files the loader asks for: remembered as absent, as the hub source does.
    await page.evaluate((repo) => caches.open('proreg-models-v1').then((c) => c.put(`https://huggingface.co/${repo}/resolve/main/tokenizer_config.json`, new Response('', { headers: { 'x-proreg-missing': '1' } }))), MODEL_REPO);
    out.set('ready_cache_bytes', bytes);
    const r = await within(page.evaluate((t) => window.runBench(t), { kind: 'ready', backend: 'wasm', repo: MODEL_REPO } as BenchTask), 5 * 60 * s, 'ready-from-cache');
    r.rows.forEach(out.emit);
    if (!r.ok) throw new Error(r.error);
  } catch (e) {
    if (!out.rows.some((r) => r.metric === 'ready-from-cache' && r.backend === label)) out.emit(errorRow('ready-from-cache', label, 's', e));
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    out.emit(errorRow('browser', 'chromium', '', e));
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
