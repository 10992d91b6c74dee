// `--corpus`, browser part: the production studio in headless Chromium imports a generated folder of 1,000
// and 10,000 images (each size in a fresh page). Rows: the time until every image is listed, the main
// thread's long tasks during the import (count over 100 ms and the longest), and the memory of the page and
// its workers after the import (performance.measureUserAgentSpecificMemory, which the isolated studio has).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { longTasksSince, recordLongTasks } from '../../e2e/long-tasks';
import { repoRoot } from '../../src/testing/shared-fixtures';
import { PartOutput } from '../node/part-io';
import { errorRow, row } from '../rows';
import { writeScaleCorpus } from './scale-corpus';

const { values } = parseArgs({ options: { out: { type: 'string' }, sizes: { type: 'string', default: '1000,10000' } } });
const out = new PartOutput('corpus-browser', values.out!);

interface MemoryBreakdown { bytes: number; breakdown: { bytes: number; types: string[] }[] }

async function main(): Promise<void> {
  const dist = mkdtempSync(join(tmpdir(), 'proreg-bench-dist-'));
  await build({ root: repoRoot, configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
  const server = await preview({ root: repoRoot, configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 5297, strictPort: false } });
  const base = server.resolvedUrls!.local[0];
  const browser = await chromium.launch(chromiumLaunchOptions());
  out.set('chromium', browser.version());
  try {
    for (const n of values.sizes!.split(',').map(Number)) {
      const dir = writeScaleCorpus(n);
      const page = await browser.newPage();
      try {
        await recordLongTasks(page);
        await page.goto(base);
        const dataset = page.getByRole('region', { name: 'Dataset' });
        await page.getByRole('region', { name: 'Project' }).getByLabel('Project name').waitFor();
        const t0 = await page.evaluate(() => performance.now());
        await dataset.getByLabel('Choose image folder').setInputFiles(dir);
        await dataset.getByText(`${n.toLocaleString('en')} of ${n.toLocaleString('en')} images`).waitFor({ timeout: 60 * 60_000 });
        const t1 = await page.evaluate(() => performance.now());
        const tasks = await longTasksSince(page, t0);
        const mem = await page.evaluate(async () => {
          const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<unknown> };
          return crossOriginIsolated && p.measureUserAgentSpecificMemory ? p.measureUserAgentSpecificMemory() : null;
        }) as MemoryBreakdown | null;
        const mb = (b: number) => b / 1024 ** 2;
        out.emit(row('corpus-import', 'browser-studio', (t1 - t0) / 1000, 's', { images: n, note: 'from the folder pick until every image is listed (engine reads, lays out and decodes each)' }));
        out.emit(row('corpus-import-long-tasks', 'browser-studio', tasks.filter((t) => t.duration > 100).length, 'tasks over 100 ms', { images: n, longest_ms: Math.round(Math.max(0, ...tasks.map((t) => t.duration))) }));
        if (mem) {
          const of = (type: string) => mem.breakdown.filter((b) => b.types.includes(type)).reduce((s, b) => s + b.bytes, 0);
          out.emit(row('corpus-import-memory', 'browser-studio', mb(mem.bytes), 'MB', { images: n, window_mb: Math.round(mb(of('Window'))), workers_mb: Math.round(mb(of('DedicatedWorker'))), note: 'after the import (measureUserAgentSpecificMemory: JS and DOM memory, not decoded bitmaps)' }));
        }
      } catch (e) {
        out.emit(errorRow('corpus-import', 'browser-studio', 's', e, { images: n }));
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.httpServer.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
