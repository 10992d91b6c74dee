// `npm run bench [-- --quick]`: runs every benchmark part in its own process (one backend per process, and a
// WASM out-of-memory abort or a crash costs only that part's rows), then the summary.
//   --quick            the ViT-B/32 rows (forward, train step, .bin load memory) and the PyTorch reference only (< 6 min on 2 cores)
//   --skip-browser     Node rows only
//   --skip-torch       reuse bench/results/torch.json if present
//   --webgpu-train     also time a full-encoder step on browser WebGPU (~10 min on a SwiftShader adapter)
//   --count-image-size 224   count webgpu-programs-per-step on 224 px images (50 tokens, ViT-B/32's own) instead
//                      of 64 px (5 tokens): the same count, ~an hour longer on SwiftShader
//   --corpus           only the import of 1,000 and 10,000 generated images: CLI time and peak memory, the
//                      studio's time, main-thread long tasks and page/worker memory (bench/corpus/)
//   --training-ui      only the studio's main thread during a fixed training run: longest task, tasks over
//                      100 ms, longest frame gap, and each task's own CPU time from a trace (the longest,
//                      tasks over 16 and 50 ms: figures that hold at any load), and the time from a click or key
//                      to the frame that answers it (bench/studio/; also part of a full run)
// Writes bench/results/<part>.json (raw), summary.json, summary.txt and prints a table. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/testing/shared-fixtures';
import { errorRow, row, type Row } from './rows';
import { readJson, table, writeSummary } from './summary';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'skip-browser': { type: 'boolean', default: false }, 'skip-torch': { type: 'boolean', default: false }, 'webgpu-train': { type: 'boolean', default: false }, corpus: { type: 'boolean', default: false }, 'training-ui': { type: 'boolean', default: false }, 'count-image-size': { type: 'string', default: '64' } } });
const quick = values.quick!;
const results = join(repoRoot, 'bench', 'results');
const modelDir = join(results, '.model-cache', 'vit-b32-random-f16'); // ignored by git (bench/results/.gitignore)
const binDir = join(results, '.model-cache', 'vit-b32-random-bin-f32');
const min = 60_000;

interface Part {
  /** Raw output file name under bench/results (without .json). */
  name: string;
  cmd: string[];
  timeoutMs: number;
  /** The row to record when the part dies without writing any row. */
  onFail: { metric: string; backend: string; unit: string };
}

const tsPart = (name: string, script: string, args: string[], timeoutMs: number, onFail: Part['onFail']): Part => ({
  name,
  cmd: [process.execPath, ...process.execArgv, join(repoRoot, script), ...args, '--out', join(results, `${name}.json`)],
  timeoutMs,
  onFail,
});

const trainingUi = tsPart('training-ui', 'bench/studio/training-ui.ts', ['--trace', '--interact'], 30 * min, { metric: 'training-ui-longest-task', backend: 'browser-studio', unit: 'ms' });

function plan(): Part[] {
  if (values['training-ui']) return [trainingUi];
  if (values.corpus) {
    const parts = [tsPart('corpus-node', 'bench/corpus/corpus-node.ts', [], 20 * min, { metric: 'corpus-import', backend: 'node-cli', unit: 's' })];
    if (!values['skip-browser']) parts.push(tsPart('corpus-browser', 'bench/corpus/corpus-browser.ts', [], 60 * min, { metric: 'corpus-import', backend: 'browser-studio', unit: 's' }));
    return parts;
  }
  const q = quick ? ['--quick'] : [];
  const fwd = (backend: string) => ({ metric: 'vit-b32-forward', backend: `node-${backend}`, unit: 'images/s' });
  const parts: Part[] = [];
  if (!values['skip-torch']) {
    parts.push({ name: 'torch', cmd: ['/usr/bin/python3', join(repoRoot, 'bench/reference/torch_vit_b32.py'), ...q, '--json', join(results, 'torch.json')], timeoutMs: 10 * min, onFail: { metric: 'torch-reference', backend: 'torch-cpu', unit: '' } });
  }
  parts.push(tsPart('forward-node-wasm', 'bench/node/forward.ts', ['--backend', 'wasm', ...q], 8 * min, fwd('wasm')));
  parts.push(tsPart('forward-node-cpu', 'bench/node/forward.ts', ['--backend', 'cpu', ...q], 5 * min, fwd('cpu')));
  const step = { metric: 'vit-b32-train-step', backend: 'node-wasm', unit: 'images/s' };
  parts.push(tsPart('train-step-node-wasm', 'bench/node/train-step.ts', ['--backend', 'wasm', ...q], 12 * min, step));
  // Full-encoder cases each in a process of their own, so heap_mb (the WASM heap never shrinks) is theirs.
  if (!quick) parts.push(tsPart('train-step-node-wasm-full', 'bench/node/train-step.ts', ['--backend', 'wasm', '--cases', 'full:8:2:3:40'], 6 * min, step));
  if (!quick) parts.push(tsPart('train-step-node-wasm-full-b32', 'bench/node/train-step.ts', ['--backend', 'wasm', '--cases', 'full:32:1:2:60:4'], 8 * min, step));
  if (!quick) {
    const mem = { metric: 'train-step-peak-memory', backend: 'node-wasm', unit: 'MB' };
    parts.push(tsPart('memory-node-wasm', 'bench/node/memory.ts', ['--backend', 'wasm', '--cases', 'head:8,last-2:8', '--growth-steps', '1000'], 8 * min, mem));
    // Full-encoder profiles in their own processes: an out-of-memory abort ends the WASM module.
    parts.push(tsPart('memory-node-wasm-full-b1', 'bench/node/memory.ts', ['--backend', 'wasm', '--cases', 'full:1', '--growth-steps', '0'], 5 * min, mem));
    parts.push(tsPart('memory-node-wasm-full-b8', 'bench/node/memory.ts', ['--backend', 'wasm', '--cases', 'full:8', '--growth-steps', '0'], 5 * min, mem));
    parts.push(tsPart('head-epoch-node-wasm', 'bench/node/head-epoch.ts', ['--backend', 'wasm'], 5 * min, { metric: 'head-epoch-2000', backend: 'node-wasm', unit: 's' }));
    parts.push(tsPart('method-steps-node-wasm', 'bench/node/method-steps.ts', ['--backend', 'wasm'], 8 * min, { metric: 'coop-step', backend: 'node-wasm', unit: 'ms' }));
    parts.push(tsPart('flyp-step-node-wasm', 'bench/node/flyp-step.ts', ['--backend', 'wasm'], 6 * min, { metric: 'flyp-step', backend: 'node-wasm', unit: 'ms' }));
    parts.push(tsPart('preprocess-node', 'bench/node/preprocess.ts', [], 5 * min, { metric: 'preprocess', backend: 'node-threads', unit: 'images/s' }));
    parts.push({ name: 'write-model', cmd: [process.execPath, ...process.execArgv, join(repoRoot, 'bench/node/write-model.ts'), modelDir], timeoutMs: 10 * min, onFail: { metric: 'ready-from-cache', backend: 'node-wasm', unit: 's' } });
    parts.push(tsPart('ready-node-wasm', 'bench/node/ready.ts', ['--backend', 'wasm', '--model-dir', modelDir], 5 * min, { metric: 'ready-from-cache', backend: 'node-wasm', unit: 's' }));
  }
  // A ViT-B/32 pytorch_model.bin (F32, ~600 MB) written in its own process, then loaded in another: peak memory.
  const loadBin = { metric: 'load-bin-peak-memory', backend: 'node-cpu', unit: 'MB' };
  parts.push({ name: 'write-bin-model', cmd: [process.execPath, ...process.execArgv, join(repoRoot, 'bench/node/load-bin.ts'), '--write-only', binDir], timeoutMs: 5 * min, onFail: loadBin });
  parts.push(tsPart('load-bin-node-cpu', 'bench/node/load-bin.ts', ['--model-dir', binDir], 5 * min, loadBin));
  if (!values['skip-browser']) {
    const countSize = values['count-image-size']!;
    const countMin = countSize === '64' ? 0 : 60; // the 224 px count's extra time on SwiftShader
    parts.push(tsPart('browser', 'bench/browser/run-browser.ts', [...q, ...(values['webgpu-train'] ? ['--webgpu-train'] : []), '--count-image-size', countSize, '--model-dir', modelDir], ((quick ? 8 : values['webgpu-train'] ? 40 : 25) + countMin) * min, { metric: 'browser', backend: 'chromium', unit: '' }));
    if (!quick) parts.push(trainingUi);
  }
  return parts;
}

/** Runs a part with its output passed through; resolves with its exit status and the tail of stderr. */
function runPart(p: Part): Promise<{ code: number | null; tail: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(p.cmd[0], p.cmd.slice(1), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (b: Buffer) => {
      process.stderr.write(b);
      tail = (tail + b.toString()).slice(-1500);
    };
    child.stdout.on('data', (b: Buffer) => (p.name === 'torch' ? undefined : keep(b)));
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      tail += `\n(killed: passed its ${p.timeoutMs / min} min cap)`;
      child.kill('SIGKILL');
    }, p.timeoutMs);
    child.on('error', (e) => {
      tail += `\n${e.message}`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, tail, ms: performance.now() - t0 });
    });
  });
}

const lastLine = (s: string) => s.trim().split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 400);

async function main(): Promise<void> {
  mkdirSync(results, { recursive: true });
  // Raw files of a previous run would be mistaken for this run's rows.
  for (const f of readdirSync(results)) if (f.endsWith('.json') && !(values['skip-torch'] && f === 'torch.json') && !(values.corpus && !f.startsWith('corpus-')) && !(values['training-ui'] && f !== 'training-ui.json')) rmSync(join(results, f));
  const rows: Row[] = [];
  let chromium: string | null = null;
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  for (const p of plan()) {
    console.error(`\n[bench] ${p.name} ...`);
    const r = await runPart(p);
    timings[p.name] = Math.round(r.ms / 1000);
    if (p.name === 'torch') {
      // Its rows are the references (summary.ts reads torch.json), not rows of their own.
      if (r.code !== 0) console.error(`[bench] the PyTorch reference failed (exit ${r.code}): ${lastLine(r.tail)}`);
      continue;
    }
    const raw = readJson<{ rows?: Row[]; chromium?: string }>(join(results, `${p.name}.json`));
    if (raw?.chromium) chromium = raw.chromium;
    const got = raw?.rows ?? [];
    rows.push(...got);
    if (p.name === 'write-model' || p.name === 'write-bin-model') {
      if (r.code !== 0) rows.push(errorRow(p.onFail.metric, p.onFail.backend, p.onFail.unit, new Error(`writing the model failed: ${lastLine(r.tail)}`)));
      continue;
    }
    if (r.code !== 0 && !got.some((x) => x.error)) {
      rows.push(errorRow(p.onFail.metric, p.onFail.backend, p.onFail.unit, new Error(`${p.name} exited with ${r.code}: ${lastLine(r.tail)}`)));
    }
  }
  if (!quick && !values.corpus && !values['training-ui']) {
    rows.push(row('vit-b32-train-step', 'node-cpu', null, 'images/s', { scope: 'full', batch: 8, microBatch: 8, note: 'not run: the cpu backend needs ~30 s per image forward here, so one batch-8 step would take well over 10 minutes' }));
  }
  // The corpus and training-ui rows alone get a summary of their own (bench/results/<mode>/), beside a full run's.
  const mode = values.corpus ? 'corpus' : values['training-ui'] ? 'training-ui' : quick ? 'quick' : 'full';
  const summaryDir = mode === 'corpus' || mode === 'training-ui' ? join(results, mode) : results;
  mkdirSync(summaryDir, { recursive: true });
  const annotated = writeSummary(summaryDir, rows, chromium, mode);
  console.log(`\nProReg Studio benchmarks (${quick ? 'quick' : 'full'}), ${Math.round((performance.now() - t0) / 1000)} s; parts: ${JSON.stringify(timings)}\n`);
  console.log(table(annotated));
  console.log(`\nwrote ${join(summaryDir, 'summary.json')} and summary.txt`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
