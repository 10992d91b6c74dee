// Node part: vit-b32-train-step per scope and batch, through the real Trainer.
// --quick (and the cpu backend): the headline row only (ProReg, full encoder, batch 8); otherwise the cached
// scopes, and run.ts asks for the full-encoder cases (--cases) in a process of their own.
import { parseArgs } from 'node:util';
import { BENCH_VIT_B32, randomClip } from '../engine/geometry';
import { runSteps, TRAIN_METRIC } from '../engine/train-step';
import { explainAbort, wasmHeapMB } from '../engine/wasm-heap';
import { errorRow, rateRow } from '../rows';
import { nodeBackend, PartOutput } from './part-io';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, quick: { type: 'boolean', default: false }, out: { type: 'string' }, cases: { type: 'string' } } });
const out = new PartOutput('train-step', values.out!);
const backend = await nodeBackend(values.backend!);
const s = 1000;
// scope:batch:warmup:iters:capSeconds[:microBatch] (micro-batch 8 unless given). Full-encoder cases come last: on WASM an
// out-of-memory abort kills the module for every later case in this process. Full-encoder steps warm up twice on
// WASM: the heap grows through step 0 (optimizer state) and step 1 (peak activations), and first-touch page
// faults there cost ~1.5 s a step in the browser; steady-state training is what the rows measure.
const defaults = values.backend === 'cpu' ? 'full:8:1:1:0' : values.quick ? 'full:8:2:1:0' : 'head:8:2:20:5,head:32:2:20:5,last-2:8:1:5:15,last-2:32:1:3:30';
const model = randomClip(BENCH_VIT_B32);
for (const c of (values.cases ?? defaults).split(',')) {
  const [scope, b, w, n, cap, m] = c.split(':');
  const batch = Number(b);
  const microBatch = Number(m ?? 8);
  const plan = { warmup: Number(w), iters: Number(n), capMs: Number(cap) * s };
  try {
    const run = await runSteps(model, { scope, batch, microBatch, ...plan });
    if (run.times.length === 0) throw new Error(`no timed step (ran ${run.stepsRun})`);
    out.emit(rateRow(TRAIN_METRIC, backend, batch, run.times, plan, { scope, microBatch, prepare_ms: Math.round(run.prepareMs), heap_mb: wasmHeapMB() }));
  } catch (e) {
    out.emit(errorRow(TRAIN_METRIC, backend, 'images/s', explainAbort(e), { scope, batch, microBatch }));
  }
}
model.dispose();
