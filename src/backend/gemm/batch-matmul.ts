// tfjs's BatchMatMul (a [...batch, M, K] or transposed, b [...batch, K, N] or transposed) as one GemmCall.
import type { GemmCall } from './gemm-call';

const prod = (s: number[]) => s.reduce((x, y) => x * y, 1);

/** Numpy-style broadcast of two batch shapes, or null where they do not broadcast. */
function broadcast(x: number[], y: number[]): number[] | null {
  const n = Math.max(x.length, y.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = x[x.length - n + i] ?? 1;
    const b = y[y.length - n + i] ?? 1;
    if (a !== b && a !== 1 && b !== 1) return null;
    out.push(Math.max(a, b));
  }
  return out;
}

export interface BatchMatMulPlan {
  outShape: number[];
  /** The call for operands and output (and a bias[N], or 0) at these byte offsets. */
  call(a: number, b: number, c: number, bias?: number): GemmCall;
}

/**
 * The plan for `a`·`b`, or null where the batch dimensions broadcast other than all-to-one or one-to-one
 * (left to tfjs's kernel, which also reports shapes that do not broadcast). A batch of left operands times one right operand is folded into one taller product.
 */
export function planBatchMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): BatchMatMulPlan | null {
  const ra = aShape.length;
  const rb = bShape.length;
  const [M, K] = transposeA ? [aShape[ra - 1], aShape[ra - 2]] : [aShape[ra - 2], aShape[ra - 1]];
  const [K2, N] = transposeB ? [bShape[rb - 1], bShape[rb - 2]] : [bShape[rb - 2], bShape[rb - 1]];
  if (K !== K2) throw new Error(`inner shapes of a (${aShape}) and b (${bShape}) with transposeA=${transposeA} and transposeB=${transposeB} must match`);
  const outBatch = broadcast(aShape.slice(0, -2), bShape.slice(0, -2));
  const na = prod(aShape.slice(0, -2));
  const nb = prod(bShape.slice(0, -2));
  // each operand is either one matrix for all, or one per output matrix in the same order
  if (!outBatch || (na !== 1 && na !== prod(outBatch)) || (nb !== 1 && nb !== prod(outBatch))) return null;
  const batches = Math.max(na, nb);
  const [rsA, csA] = transposeA ? [1, M] : [K, 1];
  const [rsB, csB] = transposeB ? [1, K] : [N, 1];
  const fold = nb === 1 && na > 1 && !transposeA;
  return {
    outShape: [...outBatch, M, N],
    call: (a, b, c, bias = 0) => ({
      a, rsA, csA, b, rsB, csB, c, ldc: N,
      m: fold ? M * na : M,
      n: N,
      k: K,
      batches: fold ? 1 : batches,
      sa: na === 1 ? 0 : M * K * 4,
      sb: nb === 1 ? 0 : K * N * 4,
      sc: M * N * 4,
      bias,
    }),
  };
}
