// CLIP's text tower: tokens + positions -> causal blocks -> final LN -> pooled at the first end-of-text token
// -> projection. Letters: B batch, L padded length (<= context), D width, E embedding.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from './config';
import { blocks } from './transformer';
import { layerNorm, linear } from './ops';
import type { Params } from './params';

/** Causal mask [L,L]: 0 on and below the diagonal, -1e9 above (exp underflows to 0 exactly like -inf). */
function causalMask(L: number): tf.Tensor {
  const m = new Float32Array(L * L);
  for (let i = 0; i < L; i++) for (let j = i + 1; j < L; j++) m[i * L + j] = -1e9;
  return tf.tensor2d(m, [L, L]);
}

/** Token ids [B,L] -> their embeddings [B,L,D] (no positions): the text tower's input table. */
export function tokenEmbeddings(p: Params, cfg: ClipConfig, ids: number[][]): tf.Tensor {
  const B = ids.length;
  const L = ids[0]?.length ?? 0;
  if (ids.some((s) => s.length !== L)) throw new Error('internal: token rows of different lengths');
  return tf.reshape(tf.gather(p['t.tok'], tf.tensor1d(ids.flat(), 'int32')), [B, L, cfg.text.width]); // [B, L, D]
}

/**
 * Token embeddings [B,L,D] -> text embeddings [B,E], read at `pool[b]` (each row's end-of-text place):
 * the tower after its token table, so prompt learners (CoOp) can put learned vectors in the sequence.
 * Differentiable in x: the pooled row is picked with a one-hot sum (gather's gradient needs
 * UnsortedSegmentSum, which WASM lacks).
 */
export function encodeTextEmbeddings(p: Params, cfg: ClipConfig, x: tf.Tensor, pool: readonly number[]): tf.Tensor {
  const t = cfg.text;
  const [B, L] = x.shape;
  if (L > t.contextLength) throw new Error(`a prompt has ${L} tokens; the text tower takes at most ${t.contextLength}`);
  const h = blocks(p, 't', tf.add(x, tf.slice(p['t.pos'], [0, 0], [L, t.width])), t, 0, t.layers, causalMask(L)); // [B, L, D]
  const normed = layerNorm(h, p['t.final_ln.g'], p['t.final_ln.b'], t.layerNormEps);
  const pick = new Float32Array(B * L);
  pool.forEach((i, b) => (pick[b * L + i] = 1));
  const pooled = tf.sum(tf.mul(normed, tf.tensor3d(pick, [B, L, 1])), 1); // [B, D]
  return linear(pooled, p['t.proj.w']); // [B, E]
}

/**
 * Token ids (each already with start and end tokens, at most contextLength long) -> text embeddings [B,E].
 * Sequences are right-padded to the longest one; the causal mask keeps padding from reaching the pooled token.
 */
export function encodeText(p: Params, cfg: ClipConfig, ids: number[][], endId: number): tf.Tensor {
  const t = cfg.text;
  const B = ids.length;
  const L = Math.max(...ids.map((s) => s.length));
  if (L > t.contextLength) throw new Error(`a prompt has ${L} tokens; the text tower takes at most ${t.contextLength}`);
  const flat = new Int32Array(B * L);
  const pool = new Int32Array(B);
  ids.forEach((s, b) => {
    flat.set(s, b * L);
    const eot = s.indexOf(endId); // pooling at the first end-of-text token (the reference's argmax)
    pool[b] = b * L + (eot >= 0 ? eot : s.length - 1);
  });
  return tf.tidy(() => {
    const tok = tf.reshape(tf.gather(p['t.tok'], tf.tensor1d(flat, 'int32')), [B, L, t.width]); // [B, L, D]
    const x = tf.add(tok, tf.slice(p['t.pos'], [0, 0], [L, t.width])); // [B, L, D]
    const h = blocks(p, 't', x, t, 0, t.layers, causalMask(L)); // [B, L, D]
    const normed = layerNorm(h, p['t.final_ln.g'], p['t.final_ln.b'], t.layerNormEps);
    const pooled = tf.gather(tf.reshape(normed, [B * L, t.width]), tf.tensor1d(pool, 'int32')); // [B, D]
    return linear(pooled, p['t.proj.w']); // [B, E]
  });
}
