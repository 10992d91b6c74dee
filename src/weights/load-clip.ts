// Checkpoint -> ClipModel: parse config.json, check every key and shape against it, translate with the
// key table, then upload the parameters as tensors on the active backend.
import * as tf from '@tensorflow/tfjs-core';
import { ClipModel } from '../model/clip';
import type { ClipConfig } from '../model/config';
import type { Params } from '../model/params';
import { expectedCheckpointShapes, paramsFromCheckpoint } from './clip-keys';
import { parseClipConfig } from './hf-config';
import type { SafetensorsFile } from './safetensors';
import { checkTensorSpec } from './tensor-spec';

// Buffers some checkpoints carry that are not parameters.
const IGNORED_KEYS = /(^|\.)position_ids$/;

/** Validates a checkpoint against its config.json and returns the model's config. Throws WeightsError. */
export function checkClipCheckpoint(configJson: unknown, weights: SafetensorsFile): ClipConfig {
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
