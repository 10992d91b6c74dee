// Seeded random parameters for a given geometry: benchmarks and tests that need a model of real size
// without real weights. Scales follow CLIP's initialisation closely enough for stable activations.
import * as tf from '@tensorflow/tfjs-core';
import type { ClipConfig } from './config';
import { clipSpec, type Params } from './params';

export function randomParams(cfg: ClipConfig, seed = 0): Params {
  const params: Params = {};
  let s = seed;
  for (const [name, shape] of Object.entries(clipSpec(cfg))) {
    s += 1;
    if (name === 'logit_scale') params[name] = tf.scalar(Math.log(100));
    else if (name.endsWith('.g')) params[name] = tf.ones(shape);
    else if (name.endsWith('.b')) params[name] = tf.zeros(shape);
    else {
      const fanIn = shape.length === 2 && !name.endsWith('.tok') && !name.endsWith('.pos') ? shape[0] : shape[shape.length - 1];
      params[name] = tf.truncatedNormal(shape, 0, 1 / Math.sqrt(fanIn), 'float32', s);
    }
  }
  return params;
}
