// Checkpoint -> ClipModel: parse config.json, check every key and shape against it, translate with the
// key table, then upload the parameters as tensors on the active backend. Tensors are read one parameter at
// a time and uploaded at once, so a checkpoint read lazily is never held whole beside the model.
import * as tf from '@tensorflow/tfjs-core';
import { ClipModel } from '../model/clip';
import type { ClipConfig } from '../model/config';
import { clipSpec, type Params } from '../model/params';
import { clipRules, expectedCheckpointShapes, paramsFromCheckpoint } from './clip-keys';
import { parseClipConfig } from './hf-config';
import type { SafetensorsFile } from './safetensors';
import { checkTensorSpec } from './tensor-spec';
import { checkFiniteTensor } from './finite-check';
import type { CheckpointTensor, WeightsFile } from './weights-file';

// Buffers some checkpoints carry that are not parameters.
const IGNORED_KEYS = /(^|\.)position_ids$/;

/** Validates a checkpoint against its config.json and returns the model's config. Throws WeightsError. */
export function checkClipCheckpoint(configJson: unknown, weights: { fileName: string; tensors: readonly CheckpointTensor[] }): ClipConfig {
  const config = parseClipConfig(configJson);
  checkTensorSpec(weights, expectedCheckpointShapes(config), { ignore: (n) => IGNORED_KEYS.test(n) });
  return config;
}

export function loadClipModel(configJson: unknown, weights: SafetensorsFile, onProgress?: (done: number, total: number) => void): ClipModel {
  const config = checkClipCheckpoint(configJson, weights);
  const host = paramsFromCheckpoint(config, { shape: (n) => weights.get(n)?.shape ?? [], read: (n) => weights.getFloat32(n) }, onProgress);
  const params: Params = {};
  for (const [name, t] of Object.entries(host)) params[name] = tf.tensor(t.data, t.shape, 'float32');
  return new ClipModel(config, params);
}

/** The same from any WeightsFile (safetensors, a PyTorch .bin, shards), reading tensors as they are needed. */
export async function loadClipWeights(configJson: unknown, weights: WeightsFile, onProgress?: (done: number, total: number) => void): Promise<ClipModel> {
  const config = checkClipCheckpoint(configJson, weights);
  const rules = clipRules(config);
  const shapes = clipSpec(config);
  const params: Params = {};
  try {
    for (const [i, r] of rules.entries()) {
      const parts: Float32Array[] = [];
      for (const k of Object.keys(r.keys)) {
        const v = await weights.readFloat32(k);
        checkFiniteTensor(weights.fileName, k, v);
        parts.push(v);
      }
      params[r.param] = tf.tensor(r.toParam(parts), shapes[r.param], 'float32');
      onProgress?.(i + 1, rules.length);
    }
  } catch (e) {
    tf.dispose(Object.values(params));
    throw e;
  }
  return new ClipModel(config, params);
}
