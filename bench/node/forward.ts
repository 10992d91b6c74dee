// Node part: vit-b32-forward at batch 1, 8, 32 (cpu: batch 1 only, it is slow).
import { BENCH_VIT_B32, randomClip } from '../engine/geometry';
import { benchForward } from '../engine/forward';
import type { TimingPlan } from '../rows';
import { nodeBackend, partArgs, PartOutput } from './part-io';

const args = partArgs();
const out = new PartOutput('forward', args.out);
const backend = await nodeBackend(args.backend);
const s = 1000;
const plans: Record<number, TimingPlan> = args.backend === 'cpu'
  ? { 1: args.quick ? { warmup: 0, iters: 1, capMs: 0 } : { warmup: 1, iters: 3, capMs: 30 * s } }
  : args.quick
    ? { 1: { warmup: 1, iters: 3, capMs: 5 * s }, 8: { warmup: 1, iters: 2, capMs: 8 * s }, 32: { warmup: 1, iters: 1, capMs: 0 } }
    : { 1: { warmup: 2, iters: 9, capMs: 15 * s }, 8: { warmup: 1, iters: 5, capMs: 30 * s }, 32: { warmup: 1, iters: 3, capMs: 60 * s } };
const model = randomClip(BENCH_VIT_B32);
await benchForward(model, backend, plans, out.emit);
model.dispose();
