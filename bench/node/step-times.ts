// Per-step figures of a full-encoder ProReg run at batch 8 (2 warm-up steps, then --steps timed ones): each
// step's wall time, the process's CPU time (user + system, every thread) and its minor page faults. On a
// shared machine the CPU time moves less with other processes' load than the wall time does; run two
// checkouts in turn for an A/B. Not part of `npm run bench` (whose rows are the median wall time).
//   npx tsx --import ./scripts/resolve-extensionless.mjs bench/node/step-times.ts --backend wasm --steps 3
import { parseArgs } from 'node:util';
import { BENCH_VIT_B32, randomClip } from '../engine/geometry';
import { runSteps } from '../engine/train-step';
import { wasmHeapMB } from '../engine/wasm-heap';
import { nodeBackend } from './part-io';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, steps: { type: 'string', default: '3' } } });
const warmup = 2;
await nodeBackend(values.backend!);
const model = randomClip(BENCH_VIT_B32);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpu: number[] = [];
const faults: number[] = [];
let c0 = 0;
let f0 = 0;
const run = await runSteps(model, { scope: 'full', batch: 8, microBatch: 8, warmup, iters: Number(values.steps), capMs: Infinity }, {
  begin: () => {
    c0 = cpuMs();
    f0 = process.resourceUsage().minorPageFault;
  },
  end: () => {
    cpu.push(Math.round(cpuMs() - c0));
    faults.push(process.resourceUsage().minorPageFault - f0);
  },
});
model.dispose();
console.log(JSON.stringify({ wall_ms: run.times.map(Math.round), cpu_ms: cpu.slice(warmup), page_faults: faults.slice(warmup), warmup_cpu_ms: cpu.slice(0, warmup), heap_mb: wasmHeapMB() }));
