// The model's parameter table: names and shapes derived from a ClipConfig. Linear weights are stored
// [in, out] so the forward pass multiplies without transposes (WASM's transposed matMul is slow); the
// attention's q, k and v are fused into one [D, 3D] matrix for one large matMul instead of three.
import type * as tf from '@tensorflow/tfjs-core';
import { visionTokens, type ClipConfig, type TowerConfig } from './config';

export type Params = Record<string, tf.Tensor>;
export type ParamSpec = Record<string, number[]>;

function towerSpec(prefix: string, t: TowerConfig, spec: ParamSpec): void {
  const D = t.width;
  for (let i = 0; i < t.layers; i++) {
    const p = `${prefix}.blocks.${i}`;
    spec[`${p}.ln1.g`] = [D];
    spec[`${p}.ln1.b`] = [D];
    spec[`${p}.attn.qkv.w`] = [D, 3 * D];
    spec[`${p}.attn.qkv.b`] = [3 * D];
    spec[`${p}.attn.out.w`] = [D, D];
    spec[`${p}.attn.out.b`] = [D];
    spec[`${p}.ln2.g`] = [D];
    spec[`${p}.ln2.b`] = [D];
    spec[`${p}.mlp.fc1.w`] = [D, t.mlpWidth];
    spec[`${p}.mlp.fc1.b`] = [t.mlpWidth];
    spec[`${p}.mlp.fc2.w`] = [t.mlpWidth, D];
    spec[`${p}.mlp.fc2.b`] = [D];
  }
}

/** Every vision parameter ('v.*'), in a stable order. */
export function visionSpec(cfg: ClipConfig): ParamSpec {
  const v = cfg.vision;
  const spec: ParamSpec = {
    'v.patch.w': [3 * v.patchSize * v.patchSize, v.width],
    'v.cls': [v.width],
    'v.pos': [visionTokens(v), v.width],
    'v.pre_ln.g': [v.width],
    'v.pre_ln.b': [v.width],
  };
  towerSpec('v', v, spec);
  spec['v.post_ln.g'] = [v.width];
  spec['v.post_ln.b'] = [v.width];
  spec['v.proj.w'] = [v.width, cfg.projectionDim];
  return spec;
}

/** Every text parameter ('t.*'). */
export function textSpec(cfg: ClipConfig): ParamSpec {
  const t = cfg.text;
  const spec: ParamSpec = { 't.tok': [t.vocabSize, t.width], 't.pos': [t.contextLength, t.width] };
  towerSpec('t', t, spec);
  spec['t.final_ln.g'] = [t.width];
  spec['t.final_ln.b'] = [t.width];
  spec['t.proj.w'] = [t.width, cfg.projectionDim];
  return spec;
}

export function clipSpec(cfg: ClipConfig): ParamSpec {
  return { ...visionSpec(cfg), ...textSpec(cfg), logit_scale: [] };
}

/** Parameters of the image encoder that belong to block i or later, plus everything after the blocks. */
export function visionParamsFromBlock(cfg: ClipConfig, firstBlock: number): string[] {
  return Object.keys(visionSpec(cfg)).filter((name) => {
    const m = /^v\.blocks\.(\d+)\./.exec(name);
    if (m) return Number(m[1]) >= firstBlock;
    return name.startsWith('v.post_ln') || name === 'v.proj.w';
  });
}

/** True for parameters that AdamW leaves without weight decay (biases, as in the official recipe). */
export function isBias(name: string): boolean {
  return name.endsWith('.b');
}
