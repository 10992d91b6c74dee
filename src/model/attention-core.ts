// The core of multi-head self-attention, softmax(q k^T / sqrt(h)) v per head, from the fused qkv
// projection, for every token's query or for the first Q tokens' only (the class token, where only its
// output is used). Where the backend registers the fused kernels (backend/attention on WASM and cpu) it is one
// kernel each way, reading q, k and v in place and saving only qkv and the probabilities for the
// backward pass; elsewhere (WebGPU, WebGL, and with a mask) it is composed from tfjs ops.
// Letters: B batch, N tokens, Q queries, D width, H heads, h = D/H head width.
import * as tf from '@tensorflow/tfjs-core';
import { ATTENTION, ATTENTION_GRAD, type AttentionAttrs } from '../backend/attention/attention';
import { hasKernel } from '../backend/wasm/host-kernel';

type Core = (qkv: tf.Tensor) => tf.Tensor;
const fusedCores = new Map<string, Core>();

/** The fused form for `heads` heads and `queries` queries: qkv [B, N, 3D] -> [B, Q, D]. */
function fusedCore(heads: number, queries: number): Core {
  const key = `${heads}/${queries}`;
  let fn = fusedCores.get(key);
  if (fn) return fn;
  const attrs: AttentionAttrs = { heads, queries };
  fn = tf.customGrad(((qkv: tf.Tensor, save: tf.GradSaveFunc) => {
    const [out, probs] = tf.engine().runKernel(ATTENTION, { qkv }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[]; // [B,Q,D], [B*H,Q,L]
    save([qkv, probs]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, [sq, sp]: tf.Tensor[]) => tf.engine().runKernel(ATTENTION_GRAD, { dy, qkv: sq, probs: sp }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Core;
  fusedCores.set(key, fn);
  return fn;
}

function composedCore(qkv: tf.Tensor, heads: number, Q: number, mask?: tf.Tensor): tf.Tensor {
  const [B, N, D3] = qkv.shape;
  const [D, H] = [D3 / 3, heads];
  const h = D / H;
  const heads4 = (m: tf.Tensor, n: number) => tf.reshape(tf.transpose(tf.reshape(m, [B, n, H, h]), [0, 2, 1, 3]), [B * H, n, h]); // [B*H, n, h]
  const q = heads4(tf.mul(tf.slice(qkv, [0, 0, 0], [B, Q, D]), 1 / Math.sqrt(h)), Q) as tf.Tensor3D; // [B*H, Q, h]
  const k = heads4(tf.slice(qkv, [0, 0, D], [B, N, D]), N) as tf.Tensor3D; // [B*H, N, h]
  const v = heads4(tf.slice(qkv, [0, 0, 2 * D], [B, N, D]), N) as tf.Tensor3D; // [B*H, N, h]
  let scores = tf.matMul(q, k, false, true); // [B*H, Q, N]
  if (mask) scores = tf.add(scores, Q === N ? mask : tf.slice(mask, [0, 0], [Q, N]));
  const out = tf.matMul(tf.softmax(scores) as tf.Tensor3D, v); // [B*H, Q, h]
  return tf.reshape(tf.transpose(tf.reshape(out, [B, H, Q, h]), [0, 2, 1, 3]), [B, Q, D]); // [B, Q, D]
}

/** qkv [B, N, 3D] (q | k | v, heads side by side) -> the heads' outputs side by side [B, Q, D] for the
 * first `queries` tokens (all by default); `mask` [N, N] is added to the scores (the text tower's causal
 * mask). */
export function attentionCore(qkv: tf.Tensor, heads: number, mask?: tf.Tensor, queries: number = qkv.shape[1] as number): tf.Tensor {
  if (!mask && hasKernel(ATTENTION)) return fusedCore(heads, queries)(qkv);
  return composedCore(qkv, heads, queries, mask);
}
