// Multi-head attention from the qkv projection as kernels (ProRegAttention -> [out, probs],
// ProRegAttentionGrad -> dqkv) for WASM and cpu. tfjs composes it from a split, a scale, four head
// transposes, two batched products and a softmax, each a pass over memory; on WASM the GEMM pool runs it
// per (sample, head) pair on every thread, reading q, k and v in place (attention-call.ts). Before
// the pool is attached, and on cpu, JavaScript loops do (attention-js.ts). model/attention-core.ts uses
// the kernels where the active backend has them.
import { probsStride, type AttentionCall } from './attention-call';
import { attentionGradJs, attentionJs } from './attention-js';
import { attentionShape, type AttentionAttrs, type AttentionShape } from './attention-shape';
import { SOFTMAX_ROWS, SOFTMAX_ROWS_GRAD } from './softmax-wasm';
import { gemmPoolOf } from '../pool/attach';
import { hostOutputs, hostView, type HostBackend, type Info } from '../tfjs-adapter';
import { registerHostKernel, type WasmKernel } from '../wasm/host-kernel';

export type { AttentionAttrs } from './attention-shape';

/** {qkv [B, N, 3D]} {heads, queries?} -> [out [B, Q, D], probs [B*H, Q, L]]. */
export const ATTENTION = 'ProRegAttention';
/** {dy, qkv, probs} {heads, queries?} -> dqkv [B, N, 3D]. */
export const ATTENTION_GRAD = 'ProRegAttentionGrad';

/** Runs `work`; if it throws, frees `outputs` (not yet known to the engine) before passing the error on. */
function freeOnError(backend: HostBackend, outputs: Info[], work: () => void): void {
  try {
    work();
  } catch (err) {
    for (const o of outputs) backend.disposeData(o.dataId);
    throw err;
  }
}

/** The pool call for `s` over views in the WASM heap (byte offsets), every pair. */
function poolCall(s: AttentionShape, views: { qkv: Float32Array; out: Float32Array; probs: Float32Array; dqkv?: Float32Array; dp?: Float32Array }): AttentionCall {
  const { qkv, out, probs, dqkv, dp } = views;
  return { qkv: qkv.byteOffset, out: out.byteOffset, probs: probs.byteOffset, dqkv: dqkv?.byteOffset ?? 0, dp: dp?.byteOffset ?? 0, tokens: s.tokens, queries: s.queries, heads: s.heads, headWidth: s.headWidth, from: 0, to: s.batch * s.heads };
}

function register(): void {
  registerHostKernel<AttentionAttrs>(ATTENTION, ({ inputs, backend, attrs }) => {
    const s = attentionShape(inputs.qkv.shape, attrs);
    const D = s.heads * s.headWidth;
    const { infos, views } = hostOutputs(backend, [
      [s.batch, s.queries, D],
      [s.batch * s.heads, s.queries, probsStride(s.tokens)],
    ]);
    const qkv = hostView(backend, inputs.qkv);
    const [out, probs] = views;
    const pool = gemmPoolOf(backend);
    freeOnError(backend, infos, () => (pool ? pool.runAttention(poolCall(s, { qkv, out, probs }), false) : attentionJs(s, qkv, out, probs)));
    return infos;
  });
  registerHostKernel<AttentionAttrs>(ATTENTION_GRAD, ({ inputs, backend, attrs }) => {
    const s = attentionShape(inputs.qkv.shape, attrs);
    const pool = gemmPoolOf(backend);
    const { infos, views } = hostOutputs(backend, pool ? [inputs.qkv.shape, inputs.probs.shape] : [inputs.qkv.shape]);
    const [qkv, dy, probs] = [inputs.qkv, inputs.dy, inputs.probs].map((t) => hostView(backend, t));
    const [dqkv, dp] = views;
    if (s.queries < s.tokens) dqkv.fill(0); // the q rows past the queries get no gradient
    try {
      freeOnError(backend, infos.slice(0, 1), () => (pool ? pool.runAttention(poolCall(s, { qkv, out: dy, probs, dqkv, dp }), true) : attentionGradJs(s, dy, qkv, probs, dqkv)));
    } finally {
      if (pool) backend.disposeData(infos[1].dataId); // the scratch
    }
    return infos[0];
  });
}

/** The softmax passes are the pool's: its attention task calls them between GEMMs (attention-call.ts). */
export const attentionKernel: WasmKernel = { register, passes: [SOFTMAX_ROWS, SOFTMAX_ROWS_GRAD] };
