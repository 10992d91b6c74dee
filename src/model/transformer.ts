// The pre-norm transformer block shared by both towers (CLIP's ResidualAttentionBlock).
// Letters: B batch, N tokens, D width, H heads, h = D/H head width, M MLP width.
import * as tf from '@tensorflow/tfjs-core';
import type { TowerConfig } from './config';
import { activation, layerNorm, linear } from './ops';
import type { Params } from './params';

/** Multi-head self-attention on x [B,N,D]; `mask` [N,N] is added to the scores (causal text mask). */
function attention(p: Params, prefix: string, x: tf.Tensor, t: TowerConfig, mask?: tf.Tensor): tf.Tensor {
  const [B, N, D] = x.shape;
  const H = t.heads;
  const h = D / H;
  const qkv = linear(tf.reshape(x, [B * N, D]), p[`${prefix}.qkv.w`], p[`${prefix}.qkv.b`]); // [B*N, 3D]
  const [q0, k0, v0] = tf.split(qkv, 3, 1); // each [B*N, D]
  const heads = (m: tf.Tensor, perm: number[]) => tf.transpose(tf.reshape(m, [B, N, H, h]), perm);
  const q = tf.reshape(heads(tf.mul(q0, 1 / Math.sqrt(h)), [0, 2, 1, 3]), [B * H, N, h]); // [B*H, N, h]
  const k = tf.reshape(heads(k0, [0, 2, 1, 3]), [B * H, N, h]); // [B*H, N, h]
  const v = tf.reshape(heads(v0, [0, 2, 1, 3]), [B * H, N, h]); // [B*H, N, h]
  let scores = tf.matMul(q as tf.Tensor3D, k as tf.Tensor3D, false, true); // [B*H, N, N]
  if (mask) scores = tf.add(scores, mask);
  const out = tf.matMul(tf.softmax(scores) as tf.Tensor3D, v as tf.Tensor3D); // [B*H, N, h]
  const merged = tf.reshape(tf.transpose(tf.reshape(out, [B, H, N, h]), [0, 2, 1, 3]), [B * N, D]); // [B*N, D]
  return tf.reshape(linear(merged, p[`${prefix}.out.w`], p[`${prefix}.out.b`]), [B, N, D]);
}

function mlp(p: Params, prefix: string, x: tf.Tensor, t: TowerConfig): tf.Tensor {
  const [B, N, D] = x.shape;
  const hidden = activation(linear(tf.reshape(x, [B * N, D]), p[`${prefix}.fc1.w`], p[`${prefix}.fc1.b`]), t.activation); // [B*N, M]
  return tf.reshape(linear(hidden, p[`${prefix}.fc2.w`], p[`${prefix}.fc2.b`]), [B, N, D]);
}

/** One block: x + attn(ln1(x)), then + mlp(ln2(.)). */
export function block(p: Params, prefix: string, x: tf.Tensor, t: TowerConfig, mask?: tf.Tensor): tf.Tensor {
  const eps = t.layerNormEps;
  const a = tf.add(x, attention(p, `${prefix}.attn`, layerNorm(x, p[`${prefix}.ln1.g`], p[`${prefix}.ln1.b`], eps), t, mask));
  return tf.add(a, mlp(p, `${prefix}.mlp`, layerNorm(a, p[`${prefix}.ln2.g`], p[`${prefix}.ln2.b`], eps), t));
}

/** Blocks [from, to) of a tower ('v' or 't'). */
export function blocks(p: Params, tower: string, x: tf.Tensor, t: TowerConfig, from: number, to: number, mask?: tf.Tensor): tf.Tensor {
  let h = x;
  for (let i = from; i < to; i++) h = block(p, `${tower}.blocks.${i}`, h, t, mask);
  return h;
}
