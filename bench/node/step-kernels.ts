// What one full-encoder ProReg step at batch 8 asks of the backend, independent of the machine's load: every
// kernel of step --at (steps before it warm up) from tf.profile, counted by name and by name + input shapes,
// with the bytes each name's outputs hold and the step's tensor totals. Two checkouts whose JSON files agree
// run the same kernels on the same shapes; a difference is a difference in work. Not part of `npm run bench`.
//   npx tsx --import ./scripts/resolve-extensionless.mjs bench/node/step-kernels.ts --backend wasm --out K.json
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { BENCH_VIT_B32, randomClip } from '../engine/geometry';
import { runSteps } from '../engine/train-step';
import { nodeBackend } from './part-io';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, at: { type: 'string', default: '1' }, out: { type: 'string' } } });
if (!values.out) throw new Error('--out <file.json> is required');
const at = Number(values.at);
await nodeBackend(values.backend!);
const model = randomClip(BENCH_VIT_B32);
const engine = tf.engine();
let from = 0;
let to = 0;
let stepMs = NaN;
const info = await tf.profile(async () => {
  const run = await runSteps(model, { scope: 'full', batch: 8, microBatch: 8, warmup: at, iters: 1, capMs: Infinity }, {
    begin: (s) => {
      if (s === at) from = engine.state.activeProfile.kernels.length;
    },
    end: (s) => {
      if (s === at) to = engine.state.activeProfile.kernels.length;
    },
  });
  stepMs = run.times[0];
  return [];
});
model.dispose();

const kernels = info.kernels.slice(from, to);
const msOf = (k: (typeof kernels)[number]) => (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0);
const byName: Record<string, { count: number; outputBytes: number; ms: number }> = {};
const byShape: Record<string, number> = {};
for (const k of kernels) {
  const t = (byName[k.name] ??= { count: 0, outputBytes: 0, ms: 0 });
  t.count += 1;
  t.outputBytes += k.outputShapes.reduce((a, s) => a + 4 * s.reduce((x, y) => x * y, 1), 0);
  t.ms += msOf(k);
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  byShape[key] = (byShape[key] ?? 0) + 1;
}
const summary = {
  backend: tf.getBackend(),
  step: at,
  kernels: kernels.length,
  peakBytes: Math.max(...kernels.map((k) => k.totalBytesSnapshot)),
  newBytes: info.newBytes,
  newTensors: info.newTensors,
  // 'forward' is customGrad's wrapper around kernels that are logged themselves
  kernelMs: Math.round(kernels.filter((k) => k.name !== 'forward').reduce((a, k) => a + msOf(k), 0)),
  stepMs: Math.round(stepMs),
};
writeFileSync(values.out, JSON.stringify({ ...summary, byName, byShape: Object.fromEntries(Object.entries(byShape).sort()) }, null, 1));
console.log(JSON.stringify(summary));
