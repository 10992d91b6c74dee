// Node part: preprocess images/s, decode + CLIP preprocessing of the BAR images (read from ../shared, never
// copied) in worker_threads, one per core. Files are read before the clock starts; workers are warm.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { barDir } from '../../src/testing/shared-fixtures';
import { errorRow, row } from '../rows';
import { listImages } from './image-files';
import { partArgs, PartOutput } from './part-io';

const args = partArgs();
const out = new PartOutput('preprocess', args.out);
const capMs = args.quick ? 10_000 : 60_000;
const threads = cpus().length;
try {
  const files = listImages(barDir);
  if (files.length === 0) throw new Error(`no images under ${barDir}`);
  const images = files.map((f) => ({ name: f.slice(barDir.length + 1), bytes: new Uint8Array(readFileSync(f)) }));
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { tsModule: new URL('./preprocess-worker.ts', import.meta.url).href } }));
  await Promise.all(workers.map((w) => new Promise((res, rej) => { w.once('message', res); w.once('error', rej); w.postMessage('ping'); })));
  const t0 = performance.now();
  const deadline = Date.now() + capMs;
  const results = await Promise.all(workers.map((w, i) => new Promise<{ done: number; failed: string[] }>((res, rej) => {
    w.once('message', res);
    w.once('error', rej);
    w.postMessage({ images: images.filter((_, j) => j % threads === i), deadline });
  })));
  const wall = performance.now() - t0;
  await Promise.all(workers.map((w) => w.terminate()));
  const done = results.reduce((a, r) => a + r.done, 0);
  const failed = results.flatMap((r) => r.failed);
  out.emit(row('preprocess', 'node-threads', (done * 1000) / wall, 'images/s', {
    threads, images: done, of: images.length, seconds: Math.round(wall) / 1000,
    ...(done < images.length ? { note: `time cap ${capMs / 1000} s: ${done} of ${images.length} images` } : {}),
    ...(failed.length ? { failed: failed.slice(0, 5), failed_count: failed.length } : {}),
  }));
} catch (e) {
  out.emit(errorRow('preprocess', 'node-threads', 'images/s', e, { threads }));
}
