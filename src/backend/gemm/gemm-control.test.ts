import { describe, expect, it } from 'vitest';
import { readTask, SLOT, writeTask } from './gemm-control';
import type { Task } from './pool-task';

describe('the pool control block', () => {
  const ctl = new Int32Array(new SharedArrayBuffer(4 * SLOT * 2));
  const tasks: Task[] = [
    { op: 'gemm', call: { a: 64, rsA: 3, csA: 1, b: 1024, rsB: 1, csB: 7, c: 4096, ldc: 9, m: 5, n: 9, k: 3, batches: 2, sa: 60, sb: 84, sc: 180, bias: 0 } },
    { op: 'attentionGrad', call: { qkv: 16, out: 32, probs: 48, dqkv: 64, dp: 80, tokens: 50, queries: 1, heads: 12, headWidth: 64, from: 3, to: 17 } },
    // LayerNorm's eps and AdamW's scalars travel as float bits (values exact in float32 here)
    { op: 'rows', call: { pass: 'layerNorm', args: [16, 32, 48, 64, 80, 96, 7, 768, 0.5], strides: [3072, 0, 0, 3072, 3072, 4, 0, 0, 0], from: 2, to: 9 } },
    { op: 'rows', call: { pass: 'adamw', args: [1, 2, 3, 4, 5, 6, 7, 8, 0.875, 0.25, -0.125, 1.5, 2, 0.75, 3, 0.0625], strides: [16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0], from: 0, to: 100 } },
  ];

  it.each(tasks.map((t) => [t.op, t] as const))('%s tasks read back as written, in either slot', (_, task) => {
    for (const slot of [0, 1]) {
      writeTask(ctl, slot, task);
      expect(readTask(ctl, slot)).toEqual(task);
    }
  });

  it('refuses a row pass with more arguments than a slot holds', () => {
    const args = new Array<number>(17).fill(0);
    expect(() => writeTask(ctl, 0, { op: 'rows', call: { pass: 'gelu', args, strides: args, from: 0, to: 1 } })).toThrow(/at most 16/);
  });
});
