// The pre-norm transformer block shared by both towers (CLIP's ResidualAttentionBlock).
// Letters: B batch, N tokens, D width, H heads, h = D/H head width, M MLP width.
import * as tf from '@tensorflow/tfjs-core';
import type { TowerConfig } from './config';
import { attentionCore } from './attention-core';
import { layerNorm, layerNormSkip, linear, linearPlus } from './ops';
import type { Params } from './params';

/** Multi-head self-attention on x [B,N,D] for the first Q tokens' queries (all by default), plus the
 * residual [B,Q,D]: [B,Q,D]; `mask` [N,N] is added to the scores (causal text mask). */
function attention(p: Params, prefix: string, x: tf.Tensor, t: TowerConfig, residual: tf.Tensor, mask?: tf.Tensor, Q = x.shape[1] as number): tf.Tensor {
  const [B, N, D] = x.shape;
  const qkv = linear(tf.reshape(x, [B * N, D]), p[`${prefix}.qkv.w`], p[`${prefix}.qkv.b`]); // [B*N, 3D]
  const heads = attentionCore(tf.reshape(qkv, [B, N, 3 * D]), t.heads, mask, Q); // [B, Q, D]
  return linearPlus(tf.reshape(heads, [B * Q, D]), p[`${prefix}.out.w`], p[`${prefix}.out.b`], residual);
}

/** residual + MLP(x), x [B,N,D]. */
function mlp(p: Params, prefix: string, x: tf.Tensor, t: TowerConfig, residual: tf.Tensor): tf.Tensor {
  const [B, N, D] = x.shape;
  const hidden = linear(tf.reshape(x, [B * N, D]), p[`${prefix}.fc1.w`], p[`${prefix}.fc1.b`], { activation: t.activation }); // [B*N, M]
  return linearPlus(hidden, p[`${prefix}.fc2.w`], p[`${prefix}.fc2.b`], residual);
}

/** One block: x + attn(ln1(x)), then + mlp(ln2(.)) (each residual read through layerNormSkip). */
export function block(p: Params, prefix: string, x: tf.Tensor, t: TowerConfig, mask?: tf.Tensor): tf.Tensor {
  const eps = t.layerNormEps;
  const [h1, x1] = layerNormSkip(x, p[`${prefix}.ln1.g`], p[`${prefix}.ln1.b`], eps);
  const a = attention(p, `${prefix}.attn`, h1, t, x1, mask);
  const [h2, a2] = layerNormSkip(a, p[`${prefix}.ln2.g`], p[`${prefix}.ln2.b`], eps);
  return mlp(p, `${prefix}.mlp`, h2, t, a2);
}

/**
 * A block's output for the class token (token 0) alone, [B,1,D]: equal to block(...)[:, :1]. Every token
 * still gives its key and value, but only the class token queries, and the output projection and MLP run
 * on its row: about a quarter of a block's work. For the last block where only the class token is read.
 */
export function classTokenBlock(p: Params, prefix: string, x: tf.Tensor, t: TowerConfig): tf.Tensor {
  const [B, , D] = x.shape;
  const eps = t.layerNormEps;
  const cls = tf.slice(x, [0, 0, 0], [B, 1, D]); // [B, 1, D]
  const a = attention(p, `${prefix}.attn`, layerNorm(x, p[`${prefix}.ln1.g`], p[`${prefix}.ln1.b`], eps), t, cls, undefined, 1);
  const [h2, a2] = layerNormSkip(a, p[`${prefix}.ln2.g`], p[`${prefix}.ln2.b`], eps);
  return mlp(p, `${prefix}.mlp`, h2, t, a2);
}

/** Blocks [from, to) of a tower ('v' or 't'). */
export function blocks(p: Params, tower: string, x: tf.Tensor, t: TowerConfig, from: number, to: number, mask?: tf.Tensor): tf.Tensor {
  let h = x;
  for (let i = from; i < to; i++) h = block(p, `${tower}.blocks.${i}`, h, t, mask);
  return h;
}
