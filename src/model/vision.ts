// CLIP's image tower (ViT): patches -> class token + positions -> pre-LN -> blocks -> post-LN(class) -> projection.
// Split in three so that caches can start from any block (train/caches.ts).
// Letters: B batch, S image side, P patch side, G = S/P grid side, N = G*G + 1 tokens, D width, E embedding.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from './config';
import { blocks, classTokenBlock } from './transformer';
import { layerNorm, linear } from './ops';
import type { Params } from './params';

/** pixels [B,3,S,S] (normalised) -> tokens after pre-LN [B,N,D]. */
export function visionEmbed(p: Params, cfg: ClipConfig, pixels: tf.Tensor): tf.Tensor {
  const v = cfg.vision;
  const B = pixels.shape[0];
  const P = v.patchSize;
  const G = v.imageSize / P;
  // The patch convolution (stride = kernel) is a matMul over flattened (c, kh, kw) patches: this keeps
  // its gradient on kernels every backend has (WASM lacks Conv2DBackpropFilter).
  const grid = tf.reshape(pixels, [B, 3, G, P, G, P]);
  const patches = tf.reshape(tf.transpose(grid, [0, 2, 4, 1, 3, 5]), [B * G * G, 3 * P * P]); // [B*G*G, 3PP]
  const emb = tf.reshape(linear(patches, p['v.patch.w']), [B, G * G, v.width]); // [B, G*G, D]
  const cls = tf.broadcastTo(tf.reshape(p['v.cls'], [1, 1, v.width]), [B, 1, v.width]); // [B, 1, D]
  const tokens = tf.add(tf.concat([cls, emb], 1), p['v.pos']); // [B, N, D]
  return layerNorm(tokens, p['v.pre_ln.g'], p['v.pre_ln.b'], v.layerNormEps);
}

/** Runs blocks [from, to) on hidden states [B,N,D]. */
export function visionBlocks(p: Params, cfg: ClipConfig, x: tf.Tensor, from = 0, to = cfg.vision.layers): tf.Tensor {
  return blocks(p, 'v', x, cfg.vision, from, to);
}

/** Class token after the last block -> post-LN -> projection: the image embedding [B,E] (not normalised). */
export function visionHead(p: Params, cfg: ClipConfig, x: tf.Tensor): tf.Tensor {
  const [B, , D] = x.shape;
  const cls = tf.reshape(tf.slice(x, [0, 0, 0], [B, 1, D]), [B, D]); // [B, D]
  return linear(layerNorm(cls, p['v.post_ln.g'], p['v.post_ln.b'], cfg.vision.layerNormEps), p['v.proj.w']); // [B, E]
}

/**
 * Hidden states entering block `from` [B,N,D] -> image embeddings [B,E] (not normalised): blocks
 * [from, L-1) on every token, then the last block for the class token alone (the head reads nothing else),
 * which saves ~3/4 of that block's work.
 */
export function visionFeatures(p: Params, cfg: ClipConfig, x: tf.Tensor, from = 0): tf.Tensor {
  const L = cfg.vision.layers;
  if (from >= L) return visionHead(p, cfg, x);
  return visionHead(p, cfg, classTokenBlock(p, `v.blocks.${L - 1}`, visionBlocks(p, cfg, x, from, L - 1), cfg.vision));
}

/** pixels [B,3,S,S] -> image embeddings [B,E]. */
export function encodeImage(p: Params, cfg: ClipConfig, pixels: tf.Tensor): tf.Tensor {
  return visionFeatures(p, cfg, visionEmbed(p, cfg, pixels));
}
