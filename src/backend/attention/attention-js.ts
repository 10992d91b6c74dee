// The fused attention (gemm/attention-call.ts) as JavaScript loops in float64, for the cpu backend and
// for WASM before the GEMM pool is attached. Same layouts: qkv [B, N, 3D], out/dy [B, Q, D], probs
// [B*H, Q, L] (L = N rounded up to 4, padding zero), dqkv [B, N, 3D].
import { probsStride } from './attention-call';
import type { AttentionShape } from './attention-shape';

export type { AttentionShape } from './attention-shape';

type At = (part: number, row: number, c: number) => number;

/** Visits every (sample, head) pair with index functions for its q/k/v, output and probabilities. */
function eachPair(s: AttentionShape, visit: (qkvAt: At, outAt: (row: number, c: number) => number, probsAt: (i: number, j: number) => number) => void): void {
  const { batch: B, tokens: N, queries: Q, heads: H, headWidth: h } = s;
  const D = H * h;
  const L = probsStride(N);
  for (let b = 0; b < B; b++) {
    for (let hd = 0; hd < H; hd++) {
      const pair = b * H + hd;
      visit(
        (part, row, c) => (b * N + row) * 3 * D + part * D + hd * h + c,
        (row, c) => (b * Q + row) * D + hd * h + c,
        (i, j) => (pair * Q + i) * L + j,
      );
    }
  }
}

export function attentionJs(s: AttentionShape, qkv: Float32Array, out: Float32Array, probs: Float32Array): void {
  const { tokens: N, queries: Q, headWidth: h } = s;
  const scale = 1 / Math.sqrt(h);
  const row = new Float64Array(N);
  probs.fill(0);
  eachPair(s, (at, outAt, pAt) => {
    for (let i = 0; i < Q; i++) {
      let max = -Infinity;
      for (let j = 0; j < N; j++) {
        let dot = 0;
        for (let c = 0; c < h; c++) dot += qkv[at(0, i, c)] * qkv[at(1, j, c)];
        row[j] = dot * scale;
        max = Math.max(max, row[j]);
      }
      let sum = 0;
      for (let j = 0; j < N; j++) sum += row[j] = Math.exp(row[j] - max);
      for (let j = 0; j < N; j++) probs[pAt(i, j)] = row[j] / sum;
      for (let c = 0; c < h; c++) {
        let acc = 0;
        for (let j = 0; j < N; j++) acc += probs[pAt(i, j)] * qkv[at(2, j, c)];
        out[outAt(i, c)] = acc;
      }
    }
  });
}

/** dqkv must start zero when Q < N (the q rows past Q get no gradient). */
export function attentionGradJs(s: AttentionShape, dy: Float32Array, qkv: Float32Array, probs: Float32Array, dqkv: Float32Array): void {
  const { tokens: N, queries: Q, headWidth: h } = s;
  const scale = 1 / Math.sqrt(h);
  const dS = new Float64Array(Q * N);
  eachPair(s, (at, outAt, pAt) => {
    for (let i = 0; i < Q; i++) {
      let dot = 0;
      for (let j = 0; j < N; j++) {
        let dp = 0;
        for (let c = 0; c < h; c++) dp += dy[outAt(i, c)] * qkv[at(2, j, c)];
        dS[i * N + j] = dp;
        dot += dp * probs[pAt(i, j)];
      }
      for (let j = 0; j < N; j++) dS[i * N + j] = scale * probs[pAt(i, j)] * (dS[i * N + j] - dot);
    }
    for (let c = 0; c < h; c++) {
      for (let j = 0; j < N; j++) {
        let dv = 0;
        let dk = 0;
        for (let i = 0; i < Q; i++) {
          dv += probs[pAt(i, j)] * dy[outAt(i, c)];
          dk += dS[i * N + j] * qkv[at(0, i, c)];
        }
        dqkv[at(2, j, c)] = dv;
        dqkv[at(1, j, c)] = dk;
      }
      for (let i = 0; i < Q; i++) {
        let dq = 0;
        for (let j = 0; j < N; j++) dq += dS[i * N + j] * qkv[at(1, j, c)];
        dqkv[at(0, i, c)] = dq;
      }
    }
  });
}
