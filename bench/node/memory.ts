// Node part: peak tensor memory of a training step per scope (with its per-kernel time profile), and the
// no-growth check: tf.memory().numTensors after step 10 and after step N of a head-only run.
import { parseArgs } from 'node:util';
import { BENCH_VIT_B32, randomClip } from '../engine/geometry';
import { profileStep } from '../engine/step-profile';
import { runSteps } from '../engine/train-step';
import { explainAbort, wasmHeapMB } from '../engine/wasm-heap';
import { errorRow, row } from '../rows';
import { nodeBackend, PartOutput } from './part-io';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, out: { type: 'string' }, cases: { type: 'string', default: 'head:8,last-2:8,full:8' }, 'growth-steps': { type: 'string', default: '1000' } } });
const out = new PartOutput('memory', values.out!);
const backend = await nodeBackend(values.backend!);
const model = randomClip(BENCH_VIT_B32);

const growthSteps = Number(values['growth-steps']);
if (growthSteps > 0) {
  try {
    const run = await runSteps(model, { scope: 'head', batch: 8, microBatch: 8, warmup: 0, iters: growthSteps, capMs: Infinity, tensorsAt: [9, growthSteps - 1] });
    const a = run.numTensorsAfter[9];
    const b = run.numTensorsAfter[growthSteps - 1];
    out.emit(row('tensor-growth', backend, b - a, 'tensors', { scope: 'head', batch: 8, steps: run.stepsRun, tensors_after_step_10: a, [`tensors_after_step_${growthSteps}`]: b }));
  } catch (e) {
    out.emit(errorRow('tensor-growth', backend, 'tensors', explainAbort(e), { scope: 'head', batch: 8 }));
  }
}

const profiles: unknown[] = [];
// scope:batch, micro-batch = batch (at most 8)
for (const c of values.cases!.split(',').filter(Boolean)) {
  const [scope, b] = c.split(':');
  const batch = Number(b);
  const micro = Math.min(8, batch);
  try {
    const p = await profileStep(model, scope, batch, micro, scope === 'full' ? 0 : 1);
    profiles.push(p);
    out.set('profiles', profiles);
    out.emit(row('train-step-peak-memory', backend, p.peakBytes / 1e6, 'MB', { scope, batch, microBatch: micro, heap_mb: wasmHeapMB(), base_mb: Math.round(p.baseBytes / 1e6), profiled_step_ms: Math.round(p.stepMs), kernel_ms: p.kernelMs }));
  } catch (e) {
    out.emit(errorRow('train-step-peak-memory', backend, 'MB', explainAbort(e), { scope, batch, microBatch: micro }));
  }
}
model.dispose();
