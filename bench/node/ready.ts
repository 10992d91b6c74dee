// Node part: ready-from-cache, seconds from a model folder on disk (random ViT-B/32 CLIP, F16) to a model
// that has run its first forward: loadClipBundle(folderSource) + encodeImage on one image. The folder is
// written once by run.ts (writeRandomClip) outside the repository's tracked files.
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { folderSource } from '../../src/hub/folder-source-node';
import { loadClipBundle } from '../../src/hub/model-bundle';
import { errorRow, row } from '../rows';
import { nodeBackend, PartOutput } from './part-io';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, out: { type: 'string' }, 'model-dir': { type: 'string' } } });
const out = new PartOutput('ready', values.out!);
const backend = await nodeBackend(values.backend!);
try {
  const dir = values['model-dir']!;
  const t0 = performance.now();
  const bundle = await loadClipBundle(folderSource(dir));
  const loaded = performance.now() - t0;
  const S = bundle.model.config.vision.imageSize;
  const x = tf.zeros([1, 3, S, S]);
  const y = bundle.model.encodeImage(x);
  await y.data();
  const total = performance.now() - t0;
  tf.dispose([x, y]);
  bundle.model.dispose();
  out.emit(row('ready-from-cache', backend, total / 1000, 's', { load_s: Math.round(loaded) / 1000, first_forward_s: Math.round(total - loaded) / 1000, dtype: 'F16', model_mb: Math.round(statSync(join(dir, 'model.safetensors')).size / 1e6) }));
} catch (e) {
  out.emit(errorRow('ready-from-cache', backend, 's', e));
}
