// Multi-head attention straight from the qkv projection, as a sequence of GEMMs and softmax passes per
// (sample, head) pair: q, k and v are read in place through strides and each head's output is written
// into its columns of the merged result, so the split, the head transposes and the scale of the composed
// form disappear. The first Q tokens are the queries (all N, or only the class token where only its
// output is used). Pairs are independent: threads take contiguous ranges of them. Pure: no workers.
// Letters: B batch, N tokens, Q queries, H heads, h head width, D = H*h, L = the probabilities' row stride
// (N rounded up to 4). Shapes: qkv [B, N, 3D] (q | k | v, heads side by side in each), out and dy
// [B, Q, D], probs and dp [B*H, Q, L], dqkv [B, N, 3D] (q rows past Q left to the caller: zero).
import type { GemmExport } from '../gemm/gemm-call';
import type { CallArgs } from '../wasm/pass';
import type { SOFTMAX_ROWS, SOFTMAX_ROWS_GRAD } from './softmax-wasm';

/**
 * A range of attention pairs: the fields of a pool task, in their order in the control block. Byte offsets
 * qkv and probs always; forward writes out; backward reads out as dy, writes dqkv and uses dp as scratch.
 * Pairs [from, to) of the B*H (sample, head) pairs, sample-major.
 */
export const ATTENTION_CALL = ['qkv', 'out', 'probs', 'dqkv', 'dp', 'tokens', 'queries', 'heads', 'headWidth', 'from', 'to'] as const;
export type AttentionCall = Record<(typeof ATTENTION_CALL)[number], number>;

export interface AttentionExports {
  gemm: GemmExport;
  softmaxRows: (args: CallArgs<typeof SOFTMAX_ROWS.params>) => void;
  softmaxRowsGrad: (args: CallArgs<typeof SOFTMAX_ROWS_GRAD.params>) => void;
}

/** The probabilities' row stride in floats. */
export const probsStride = (tokens: number) => (tokens + 3) & ~3;

/** The call's sizes: strides of qkv (D3), of the output (D) and of the probabilities (L), and the scale. */
function dims(call: AttentionCall) {
  const { tokens: N, queries: Q, heads: H, headWidth: h } = call;
  return { N, Q, H, h, D: H * h, D3: 3 * H * h, L: probsStride(N), scale: 1 / Math.sqrt(h) };
}

/** Where pair p's operands start. */
function pairOffsets(call: AttentionCall, p: number) {
  const { N, Q, H, h, D, L } = dims(call);
  const b = Math.floor(p / H);
  const col = (p % H) * h;
  const row3 = (b * N * 3 * D + col) * 4; // q of this head, in qkv's layout
  return { q: row3, k: row3 + D * 4, v: row3 + 2 * D * 4, o: (b * Q * D + col) * 4, s: p * Q * L * 4 };
}

/** Forward for the call's pairs: probs = softmax(q k^T / sqrt(h)), out = probs v. */
export function runAttention(x: AttentionExports, call: AttentionCall, scratch: number): void {
  const { N, Q, h, D, D3, L, scale } = dims(call);
  for (let p = call.from; p < call.to; p++) {
    const at = pairOffsets(call, p);
    const s = call.probs + at.s;
    x.gemm({ a: call.qkv + at.q, rsA: D3, csA: 1, b: call.qkv + at.k, rsB: 1, csB: D3, c: s, ldc: L, m: Q, n: N, k: h, scratch, bias: 0 }); // [Q,h] @ [N,h]^T
    x.softmaxRows({ s, rows: Q, ld: L, n: N, scale });
    x.gemm({ a: s, rsA: L, csA: 1, b: call.qkv + at.v, rsB: D3, csB: 1, c: call.out + at.o, ldc: D, m: Q, n: h, k: N, scratch, bias: 0 }); // [Q,N] @ [N,h]
  }
}

/** Backward for the call's pairs: dqkv from dy (in `out`), qkv and the saved probs. */
export function runAttentionGrad(x: AttentionExports, call: AttentionCall, scratch: number): void {
  const { N, Q, h, D, D3, L, scale } = dims(call);
  for (let p = call.from; p < call.to; p++) {
    const at = pairOffsets(call, p);
    const [P, dS, dO] = [call.probs + at.s, call.dp + at.s, call.out + at.o];
    x.gemm({ a: P, rsA: 1, csA: L, b: dO, rsB: D, csB: 1, c: call.dqkv + at.v, ldc: D3, m: N, n: h, k: Q, scratch, bias: 0 }); // dv = P^T dO: [Q,N]^T @ [Q,h]
    x.gemm({ a: dO, rsA: D, csA: 1, b: call.qkv + at.v, rsB: 1, csB: D3, c: dS, ldc: L, m: Q, n: N, k: h, scratch, bias: 0 }); // dP = dO v^T: [Q,h] @ [N,h]^T
    x.softmaxRowsGrad({ p: P, dp: dS, rows: Q, ld: L, n: N, scale }); // dS = scale * dL/dscores
    x.gemm({ a: dS, rsA: L, csA: 1, b: call.qkv + at.k, rsB: D3, csB: 1, c: call.dqkv + at.q, ldc: D3, m: Q, n: h, k: N, scratch, bias: 0 }); // dq = dS k: [Q,N] @ [N,h]
    x.gemm({ a: dS, rsA: 1, csA: L, b: call.qkv + at.q, rsB: D3, csB: 1, c: call.dqkv + at.k, ldc: D3, m: N, n: h, k: Q, scratch, bias: 0 }); // dk = dS^T q: [Q,N]^T @ [Q,h]
  }
}

/** Multiply-adds of the call's pairs, forward (the backward does two and a half times as many). */
export const attentionMacs = (call: AttentionCall) => (call.to - call.from) * 2 * call.queries * call.tokens * call.headWidth;
