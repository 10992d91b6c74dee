import { describe, expect, it } from 'vitest';
import { readTask, SLOT, writeTask } from './pool-control';
import type { PassLayout, Task } from './pool-task';
import { LAYER_NORM_PASS } from '../norm/layernorm-wasm';
import { ADAMW_PASS } from '../optim/adamw-wasm';
import { GELU } from '../activation/gelu-wasm';

const layouts: PassLayout[] = [GELU, LAYER_NORM_PASS, ADAMW_PASS];

describe('the pool control block', () => {
  const ctl = new Int32Array(new SharedArrayBuffer(4 * SLOT * 2));
  const tasks: Task[] = [
    { op: 'gemm', call: { a: 64, rsA: 3, csA: 1, b: 1024, rsB: 1, csB: 7, c: 4096, ldc: 9, m: 5, n: 9, k: 3, batches: 2, sa: 60, sb: 84, sc: 180, bias: 0 } },
    { op: 'attentionGrad', call: { qkv: 16, out: 32, probs: 48, dqkv: 64, dp: 80, tokens: 50, queries: 1, heads: 12, headWidth: 64, from: 3, to: 17 } },
    // LayerNorm's eps and AdamW's scalars travel as float bits (values exact in float32 here)
    { op: 'rows', call: { pass: 1, values: [16, 32, 48, 64, 80, 96, 7, 768, 0.5], strides: [3072, 0, 0, 3072, 3072, 4, 0, 0, 0], from: 2, to: 9 } },
    { op: 'rows', call: { pass: 2, values: [1, 2, 3, 4, 5, 6, 7, 8, 0.875, 0.25, -0.125, 1.5, 2, 0.75, 3, 0.0625], strides: [16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0], from: 0, to: 100 } },
  ];

  it.each(tasks.map((t) => [t.op, t] as const))('%s tasks read back as written, in either slot', (_, task) => {
    for (const slot of [0, 1]) {
      writeTask(ctl, slot, task, layouts);
      expect(readTask(ctl, slot, layouts)).toEqual(task);
    }
  });

  it('refuses a row pass with more arguments than a slot holds', () => {
    const args = new Array<number>(17).fill(0);
    const wide: PassLayout = { name: 'wide', kinds: args.map(() => 'ptr') };
    expect(() => writeTask(ctl, 0, { op: 'rows', call: { pass: 0, values: args, strides: args, from: 0, to: 1 } }, [wide])).toThrow(/at most 16/);
  });

  it('refuses a row call whose arguments do not match its pass description', () => {
    expect(() => writeTask(ctl, 0, { op: 'rows', call: { pass: 0, values: [0, 0], strides: [16, 16], from: 0, to: 1 } }, layouts)).toThrow(/2 arguments and 2 strides for 3 parameters/);
  });
});
