// Multi-head attention straight from the qkv projection, as a sequence of GEMMs and softmax passes per
// (sample, head) pair: q, k and v are read in place through strides and each head's output is written
// into its columns of the merged result, so the split, the head transposes and the scale of the composed
// form disappear. The first Q tokens are the queries (all N, or only the class token where only its
// output is used). Pairs are independent: threads take contiguous ranges of them. Pure: no workers.
// Letters: B batch, N tokens, Q queries, H heads, h head width, D = H*h, L = the probabilities' row stride
// (N rounded up to 4). Shapes: qkv [B, N, 3D] (q | k | v, heads side by side in each), out and dy
// [B, Q, D], probs and dp [B*H, Q, L], dqkv [B, N, 3D] (q rows past Q left to the caller: zero).
import type { GemmExport } from './gemm-call';
import type { SoftmaxExport, SoftmaxGradExport } from './softmax-wasm';

export interface AttentionCall {
  /** Byte offsets: qkv and probs always; forward writes out; backward reads out as dy, writes dqkv and
   * uses dp as scratch. */
  qkv: number;
  out: number;
  probs: number;
  dqkv: number;
  dp: number;
  tokens: number;
  queries: number;
  heads: number;
  headWidth: number;
  /** Pairs [from, to) of the B*H (sample, head) pairs, sample-major. */
  from: number;
  to: number;
}

/** The order of a call's fields in the shared control block. */
export const ATTENTION_FIELDS = ['qkv', 'out', 'probs', 'dqkv', 'dp', 'tokens', 'queries', 'heads', 'headWidth', 'from', 'to'] as const;

export interface AttentionExports {
  gemm: GemmExport;
  softmaxRows: SoftmaxExport;
  softmaxRowsGrad: SoftmaxGradExport;
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
    x.gemm(call.qkv + at.q, D3, 1, call.qkv + at.k, 1, D3, s, L, Q, N, h, scratch, 0); // [Q,h] @ [N,h]^T
    x.softmaxRows(s, Q, L, N, scale);
    x.gemm(s, L, 1, call.qkv + at.v, D3, 1, call.out + at.o, D, Q, h, N, scratch, 0); // [Q,N] @ [N,h]
  }
}

/** Backward for the call's pairs: dqkv from dy (in `out`), qkv and the saved probs. */
export function runAttentionGrad(x: AttentionExports, call: AttentionCall, scratch: number): void {
  const { N, Q, h, D, D3, L, scale } = dims(call);
  for (let p = call.from; p < call.to; p++) {
    const at = pairOffsets(call, p);
    const [P, dS, dO] = [call.probs + at.s, call.dp + at.s, call.out + at.o];
    x.gemm(P, 1, L, dO, D, 1, call.dqkv + at.v, D3, N, h, Q, scratch, 0); // dv = P^T dO: [Q,N]^T @ [Q,h]
    x.gemm(dO, D, 1, call.qkv + at.v, 1, D3, dS, L, Q, N, h, scratch, 0); // dP = dO v^T: [Q,h] @ [N,h]^T
    x.softmaxRowsGrad(P, dS, Q, L, N, scale); // dS = scale * dL/dscores
    x.gemm(dS, L, 1, call.qkv + at.k, D3, 1, call.dqkv + at.q, D3, Q, h, N, scratch, 0); // dq = dS k: [Q,N] @ [N,h]
    x.gemm(dS, 1, L, call.qkv + at.q, D3, 1, call.dqkv + at.k, D3, N, h, Q, scratch, 0); // dk = dS^T q: [Q,N]^T @ [Q,h]
  }
}

/** Multiply-adds of the call's pairs, forward (the backward does two and a half times as many). */
export const attentionMacs = (call: AttentionCall) => (call.to - call.from) * 2 * call.queries * call.tokens * call.headWidth;
