// `--training-ui` (and part of a full run): how responsive the studio's main thread stays while the worker
// trains. The production studio in headless Chromium loads the tiny CLIP (served as if from the hub) and a BAR
// subset, then runs one fixed training run (ProReg, head scope, batch 8, 30 epochs: ~180 steps, each a step
// event with per-sample arrays, evaluations twice per epoch) with every live chart on screen. Rows: the
// longest main-thread task and the count of tasks over 100 ms (Long Tasks API) from Start until the run is
// done, and the longest gap between two animation frames. `--profile` adds the main thread's hottest
// functions (CDP sampling profiler, self time) to the raw JSON, to see what the time went to; `--trace` the
// main thread's work by kind, as wall time and as the thread's own CPU time (comparable across loads), and the
// longest tasks with what ran inside each (trace-tasks.ts), and rows of each task's own CPU time: the longest
// task's CPU and the tasks over 16 and 50 ms of CPU, which say how the page fares on a loaded machine whatever
// the load during the bench. `--load N` runs N busy-looping processes beside the run (killed at its end), to
// see the wall-clock rows under a known extra load. `--interact` clicks and presses keys while the run trains
// and reports the time from each input to the frame that answers it (interactions.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { barSubset } from '../../e2e/bar-subset';
import { routeHub } from '../../e2e/hub-route';
import { longTasksSince, recordLongTasks } from '../../e2e/long-tasks';
import { repoRoot, tinyClipDir } from '../../src/testing/shared-fixtures';
import { PartOutput } from '../node/part-io';
import { errorRow, row } from '../rows';
import { hottest, profileWindow, type CpuProfile } from './cpu-profile';
import { interactionFigures, interactUntil, recordEvents } from './interactions';
import { longTasks, taskCpu, type TraceEvent } from './trace-tasks';

const { values } = parseArgs({ options: { out: { type: 'string' }, epochs: { type: 'string', default: '30' }, profile: { type: 'boolean', default: false }, trace: { type: 'boolean', default: false }, screenshot: { type: 'string' }, 'no-minify': { type: 'boolean', default: false }, 'cpu-throttle': { type: 'string', default: '1' }, load: { type: 'string', default: '0' }, interact: { type: 'boolean', default: false } } });
const out = new PartOutput('training-ui', values.out!);
const REPO = 'proreg-bench/tiny-clip-b32';
const BACKEND = 'browser-studio';

declare global {
  interface Window {
    __frames: number[];
  }
}

/** Every animation frame's time from the first script on (a string: tsx would wrap a named function in a helper the page lacks). */
async function recordFrames(page: Page): Promise<void> {
  await page.addInitScript({ content: 'window.__frames = []; (function tick(t) { if (t !== undefined) window.__frames.push(t); requestAnimationFrame(tick); })();' });
}

/**
 * Milliseconds per kind of renderer main-thread work (style, layout, paint, script, ...) in a trace: wall time
 * (`dur`), or with `cpu` the thread's own time (`tdur`), which on a loaded machine leaves out the time the
 * thread waited for a core, so runs at different loads compare.
 */
function mainThreadWork(events: TraceEvent[], cpu = false): Record<string, number> {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const out: Record<string, number> = {};
  if (!main) return out;
  for (const e of events) {
    const d = cpu ? e.tdur : e.dur;
    if (e.ph !== 'X' || e.tid !== main.tid || e.pid !== main.pid || !d) continue;
    if (!['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'FunctionCall', 'EvaluateScript', 'v8.callFunction', 'EventDispatch', 'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'HitTest', 'ParseHTML', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'UpdateLayerTree', 'IntersectionObserverController::computeIntersections', 'ThreadControllerImpl::RunTask', 'RunTask'].includes(e.name)) continue;
    out[e.name] = (out[e.name] ?? 0) + d / 1000;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
}

/** `n` processes that keep a core busy each, until killed. */
function busyLoops(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

/** Whether Start is enabled: a cheap check of the page (a Playwright locator's waiting would itself keep the main thread busy). */
const startEnabled = (page: Page) => page.evaluate(() => Array.from(document.querySelectorAll('button')).some((b) => b.textContent === 'Start training' && !b.disabled));

async function until(page: Page, wanted: boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if ((await startEnabled(page)) === wanted) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the run did not ${wanted ? 'end' : 'start'} within ${timeoutMs / 60_000} min`);
}

async function main(): Promise<void> {
  const dist = mkdtempSync(join(tmpdir(), 'proreg-bench-dist-'));
  await build({ root: repoRoot, configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true, minify: !values['no-minify'] } });
  const server = await preview({ root: repoRoot, configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 5298, strictPort: false } });
  const base = server.resolvedUrls!.local[0];
  const browser = await chromium.launch(chromiumLaunchOptions());
  out.set('chromium', browser.version());
  const epochs = Number(values.epochs);
  const throttle = Number(values['cpu-throttle']);
  const extraLoad = Number(values.load);
  const extra = { batch: 8, microBatch: 8, scope: 'head', epochs, cpu_throttle: throttle, extra_load: extraLoad, interact: values.interact };
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  let cdp: CDPSession | null = null;
  let loops: ChildProcess[] = [];
  try {
    await recordLongTasks(page);
    await recordFrames(page);
    await recordEvents(page);
    await routeHub(page, { repos: { [REPO]: tinyClipDir } });
    await page.goto(base);
    if (throttle > 1 || values.profile || values.trace) cdp = await page.context().newCDPSession(page);
    const model = page.getByRole('region', { name: 'Model' });
    await model.getByLabel('Model id').fill(REPO);
    await model.getByRole('button', { name: 'Load model' }).click();
    await model.getByText('7.5M total').waitFor({ timeout: 5 * 60_000 });
    const dataset = page.getByRole('region', { name: 'Dataset' });
    await dataset.getByLabel('Choose image folder').setInputFiles(barSubset({ train: 8, test: 4 }));
    await dataset.getByText('72 of 72 images').waitFor({ timeout: 5 * 60_000 });
    await page.getByRole('region', { name: 'Prompts' }).getByLabel('Zero-shot accuracy').getByText('%').first().waitFor({ timeout: 5 * 60_000 });

    const training = page.getByRole('region', { name: 'Training' });
    await training.getByRole('button', { name: 'Classroom quick' }).click();
    await training.getByLabel('Method').selectOption('proreg');
    await training.getByLabel('Scope').selectOption('head');
    await training.getByLabel('Epochs').fill(String(epochs));
    await training.getByLabel('Batch size').fill('8');
    await training.getByRole('textbox', { name: 'Micro-batch' }).fill('8');
    await training.getByLabel('Evaluations per epoch').fill('2');
    // What a person watching the run sees: the controls and the live charts.
    await page.getByRole('region', { name: 'Live charts' }).scrollIntoViewIfNeeded();
    if (throttle > 1) await cdp!.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    if (values.profile) {
      await cdp!.send('Profiler.enable');
      await cdp!.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp!.send('Profiler.start');
    }
    const traced: TraceEvent[] = [];
    if (values.trace) {
      cdp!.on('Tracing.dataCollected', (e) => traced.push(...(e.value as unknown as TraceEvent[])));
      await cdp!.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink.user_timing'] } } as never);
    }
    loops = busyLoops(extraLoad);
    const load0 = loadavg()[0];
    const t0 = await page.evaluate(() => performance.now());
    await training.getByRole('button', { name: 'Start training' }).click();
    await until(page, false, 2 * 60_000);
    // The run's end as the page sees it (Start enabled again), as a mark in the trace: the tasks before it are
    // the training's, those after it the final drawings.
    await page.evaluate(() => {
      const start = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Start training')!;
      new MutationObserver((_, o) => {
        if (start.disabled) return;
        performance.mark('proreg-run-end');
        o.disconnect();
      }).observe(start, { attributes: true, attributeFilter: ['disabled'] });
    });
    if (values.screenshot) {
      // The page as a person watching the run sees it, once the charts have some steps (not part of the figures' runs).
      await page.getByText(/^training step \d{2,}/).waitFor({ timeout: 10 * 60_000 });
      await page.screenshot({ path: values.screenshot, timeout: 30_000 });
      await page.getByRole('region', { name: 'Live charts' }).screenshot({ path: values.screenshot.replace(/(\.png)?$/, '-charts.png'), timeout: 30_000 });
    }
    const interactions = values.interact ? await interactUntil(page, () => startEnabled(page)) : 0;
    await until(page, true, 10 * 60_000);
    const t1 = await page.evaluate(() => performance.now());
    // The final drawings of every chart, one per task, within the trace (the figures after the run's end).
    if (values.trace) await new Promise((r) => setTimeout(r, 4000));
    if (values.screenshot) await page.getByRole('region', { name: 'Live charts' }).screenshot({ path: values.screenshot.replace(/(\.png)?$/, '-charts-done.png'), timeout: 30_000 });
    const load1 = loadavg()[0];
    for (const p of loops) p.kill();
    let profiled: CpuProfile | null = null;
    if (values.profile) {
      const { profile } = await cdp!.send('Profiler.stop');
      profiled = profile as never;
      writeFileSync(`${values.out}.cpuprofile`, JSON.stringify(profile)); // DevTools' Performance panel opens it
      out.set('profile_hottest', hottest(profile as never));
      // React components and other named app functions (capitalised), by inclusive time.
      out.set('profile_components', hottest(profile as never, 40, (h) => /^[A-Z]/.test(h.fn)));
    }
    if (values.trace) {
      const done = new Promise((r) => cdp!.once('Tracing.tracingComplete', r));
      await cdp!.send('Tracing.end');
      await done;
      out.set('main_thread_ms', mainThreadWork(traced));
      out.set('main_thread_cpu_ms', mainThreadWork(traced, true));
      out.set('long_tasks', longTasks(traced));
      // With --profile too, the costliest tasks' functions and React components (the profile shares the trace's clock).
      const costly = longTasks(traced, 16, 25, 'cpu').map((t, i) => (profiled && i < 10 ? { ...t, functions: hottest(profileWindow(profiled, t.ts, t.end), 8), components: hottest(profileWindow(profiled, t.ts, t.end), 8, (h) => /^[A-Z]/.test(h.fn)) } : t));
      out.set('long_tasks_by_cpu', costly);
      // The raw events beside the JSON, for a closer look (chrome://tracing or Perfetto open it).
      writeFileSync(`${values.out}.trace.json`, JSON.stringify({ traceEvents: traced }));
    }
    if (throttle > 1) await cdp!.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const tasks = (await longTasksSince(page, t0)).filter((t) => t.start <= t1);
    const frames = await page.evaluate(([a, b]) => window.__frames.filter((t) => t >= a && t <= b), [t0, t1]);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]);
    const steps = await page.evaluate(() => document.querySelector('[aria-label="Training progress"]')?.getAttribute('max') ?? null);
    const common = { ...extra, steps: steps === null ? null : Number(steps), run_s: Math.round((t1 - t0) / 100) / 10, load_avg_1m: Math.round(((load0 + load1) / 2) * 10) / 10 };
    const over = tasks.filter((t) => t.duration > 100);
    out.emit(row('training-ui-longest-task', BACKEND, Math.max(0, ...tasks.map((t) => t.duration)), 'ms', { ...common, note: 'longest main-thread task from Start until the run is done (Long Tasks API)' }));
    out.emit(row('training-ui-long-tasks', BACKEND, over.length, 'tasks over 100 ms', { ...common, long_task_ms: Math.round(tasks.reduce((s, t) => s + t.duration, 0)) }));
    const worst = gaps.indexOf(Math.max(...gaps));
    out.emit(row('training-ui-frame-gap', BACKEND, Math.max(0, ...gaps), 'ms', {
      ...common, frames: frames.length, gaps_over_100: gaps.filter((g) => g > 100).length,
      // where in the run (ms after Start) the longest gap began, and the other long ones
      longest_gap_at_ms: worst < 0 ? null : Math.round(frames[worst] - t0),
      gaps_over_100_at_ms: gaps.flatMap((g, i) => (g > 100 ? [Math.round(frames[i] - t0)] : [])).slice(0, 20),
      note: 'longest gap between two animation frames during the run',
    }));
    if (values.interact) {
      // the Start click is one too
      const figures = await interactionFigures(page, t0, t1, interactions + 1);
      out.emit(row('training-ui-interaction', BACKEND, figures.slowest[0]?.ms ?? 0, 'ms', { ...common, ...figures, note: 'the slowest interaction while the run trained: from the input to the frame that answered it (Event Timing; 0: every one answered within 16 ms)' }));
    }
    if (values.trace) {
      const end = traced.find((e) => e.name === 'proreg-run-end')?.ts ?? Infinity;
      const cpu = taskCpu(traced, -Infinity, end);
      const after = taskCpu(traced, end, Infinity);
      const extraCpu = {
        ...common, tasks: cpu.tasks, main_thread_cpu_ms: cpu.cpu_ms, top_cpu_ms: cpu.top_cpu_ms,
        after_run: { tasks: after.tasks, cpu_ms: after.cpu_ms, longest_cpu_ms: after.longest_cpu_ms, over_16_ms: after.over_16_ms, over_50_ms: after.over_50_ms, top_cpu_ms: after.top_cpu_ms.slice(0, 10) },
        note: 'from Start until the run ends; after_run: the 4 s that follow (each chart draws its final state)',
      };
      out.emit(row('training-ui-longest-task-cpu', BACKEND, cpu.longest_cpu_ms, 'ms', { ...extraCpu, note: `the costliest main-thread task's own CPU time (trace tdur), whatever the load, ${extraCpu.note}` }));
      out.emit(row('training-ui-tasks-cpu-over-16', BACKEND, cpu.over_16_ms, 'tasks over 16 ms of CPU', extraCpu));
      out.emit(row('training-ui-tasks-cpu-over-50', BACKEND, cpu.over_50_ms, 'tasks over 50 ms of CPU', extraCpu));
    }
  } catch (e) {
    await page.screenshot({ path: `${values.out}.error.png`, timeout: 30_000 }).catch(() => undefined);
    out.emit(errorRow('training-ui-longest-task', BACKEND, 'ms', e, { ...extra, note: `the page when it failed: ${values.out}.error.png` }));
  } finally {
    for (const p of loops) p.kill();
    await page.close();
    await browser.close();
    server.httpServer.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
