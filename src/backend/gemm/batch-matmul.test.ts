import { describe, expect, it } from 'vitest';
import { planBatchMatMul } from './batch-matmul';

describe('planBatchMatMul', () => {
  it('reads transposed operands through strides', () => {
    const p = planBatchMatMul([768, 400], [768, 3072], true, false)!;
    expect(p.outShape).toEqual([400, 3072]);
    expect(p.call(0, 0, 0)).toMatchObject({ m: 400, n: 3072, k: 768, rsA: 1, csA: 400, rsB: 3072, csB: 1, ldc: 3072, batches: 1 });
    expect(planBatchMatMul([400, 3072], [768, 3072], false, true)!.call(0, 0, 0)).toMatchObject({ m: 400, n: 768, k: 3072, rsB: 1, csB: 3072 });
  });

  it('one matrix per batch element, or one shared; a batch times one matrix folds into a taller product', () => {
    const att = planBatchMatMul([96, 50, 64], [96, 50, 64], false, true)!;
    expect(att.outShape).toEqual([96, 50, 50]);
    expect(att.call(0, 0, 0)).toMatchObject({ batches: 96, sa: 50 * 64 * 4, sb: 50 * 64 * 4, sc: 50 * 50 * 4 });
    expect(planBatchMatMul([3, 70, 90], [90, 33], false, false)!.call(0, 0, 0)).toMatchObject({ m: 210, batches: 1 });
    const shared = planBatchMatMul([70, 90], [2, 3, 90, 33], false, false)!;
    expect(shared.outShape).toEqual([2, 3, 70, 33]);
    expect(shared.call(0, 0, 0)).toMatchObject({ batches: 6, sa: 0, sb: 90 * 33 * 4 });
  });

  it('leaves other broadcasts to tfjs, and names mismatched inner sizes', () => {
    expect(planBatchMatMul([2, 1, 4, 5], [1, 3, 5, 6], false, false)).toBeNull();
    expect(() => planBatchMatMul([4, 5], [6, 7], false, false)).toThrow(/inner shapes/);
  });
});
