// Peak memory while loading a ViT-B/32-sized PyTorch .bin (F32, ~600 MB, random weights written here by
// the project's own torch.save-format writer) into a CLIP model on the cpu backend: the process's peak
// resident set above its level before the load, against the checkpoint's size. The model's own parameters
// are one checkpoint's worth, so a loader that held the whole file beside them would show ~2x.
//   --write-only <dir>   write the checkpoint folder and exit (run in its own process: its memory is not counted)
import { existsSync, mkdirSync, openSync, statSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { VIT_B32 } from '../../src/model/config';
import { clipSpec } from '../../src/model/params';
import { expectedCheckpointShapes } from '../../src/weights/clip-keys';
import { toHfConfig } from '../../src/weights/hf-config';
import { writeTorchZip } from '../../src/weights/torch-write';
import { byteVocab } from '../../src/testing/random-clip-node';
import { CLIP_PREPROCESSOR, loadClipBundle } from '../../src/hub/model-bundle';
import { folderSource } from '../../src/hub/folder-source-node';
import { nodeBackend, PartOutput } from './part-io';
import { row, errorRow } from '../rows';

const { values } = parseArgs({ options: { 'write-only': { type: 'string' }, 'model-dir': { type: 'string' }, out: { type: 'string' }, quick: { type: 'boolean', default: false } } });

/** A ViT-B/32 folder with pytorch_model.bin (F32, random in [-0.02, 0.02)) and the byte-level tokenizer. */
async function writeBinModel(dir: string): Promise<void> {
  if (existsSync(join(dir, 'pytorch_model.bin'))) return;
  mkdirSync(dir, { recursive: true });
  const shapes = expectedCheckpointShapes(VIT_B32);
  const specs = Object.entries(shapes).map(([name, shape]) => ({ name, shape, dtype: 'F32' as const }));
  let seed = 0x9e3779b9;
  const random = (n: number) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; // xorshift32
      a[i] = ((seed >>> 0) / 2 ** 32 - 0.5) * 0.04;
    }
    return a;
  };
  const tmp = join(dir, 'pytorch_model.bin.partial');
  const fd = openSync(tmp, 'w');
  await writeTorchZip(specs, (i) => (specs[i].name === 'logit_scale' ? new Float32Array([4.6052]) : random(specs[i].shape.reduce((a, d) => a * d, 1))), (chunk) => void writeSync(fd, chunk));
  closeSync(fd);
  const tok = byteVocab();
  // The byte vocabulary is smaller than CLIP's: the token table keeps CLIP's 49,408 rows in the config.
  writeFileSync(join(dir, 'config.json'), JSON.stringify(toHfConfig(VIT_B32)));
  writeFileSync(join(dir, 'vocab.json'), tok.vocab);
  writeFileSync(join(dir, 'merges.txt'), tok.merges);
  writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify(CLIP_PREPROCESSOR));
  const { renameSync } = await import('node:fs');
  renameSync(tmp, join(dir, 'pytorch_model.bin'));
}

const mb = (b: number) => b / 2 ** 20;

if (values['write-only']) {
  const t0 = performance.now();
  await writeBinModel(values['write-only']);
  console.error(`[bench] wrote a random ViT-B/32 pytorch_model.bin (F32) to ${values['write-only']} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else {
  if (!values.out || !values['model-dir']) throw new Error('--model-dir <dir> and --out <file.json> are required');
  const out = new PartOutput('load-bin', values.out);
  const backend = await nodeBackend('cpu');
  const dir = values['model-dir'];
  const fileBytes = statSync(join(dir, 'pytorch_model.bin')).size;
  try {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const t0 = performance.now();
    const bundle = await loadClipBundle(folderSource(dir));
    const seconds = (performance.now() - t0) / 1000;
    const peak = process.resourceUsage().maxRSS * 1024;
    const params = Object.values(clipSpec(VIT_B32)).reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
    const peakAbove = peak - Math.max(before, 0);
    out.emit(row('load-bin-peak-memory', backend, mb(peakAbove), 'MB', {
      checkpoint_mb: Math.round(mb(fileBytes)), ratio_to_checkpoint: Math.round((peakAbove / fileBytes) * 1000) / 1000, seconds: Math.round(seconds * 10) / 10,
      params_mb: Math.round(mb(params * 4)), rss_before_mb: Math.round(mb(before)), peak_before_load_mb: Math.round(mb(peakBefore)),
      note: 'peak resident set above the level before the load, ViT-B/32 F32 pytorch_model.bin read in ranges from disk into a cpu-backend model',
    }));
    bundle.model.dispose();
  } catch (e) {
    out.emit(errorRow('load-bin-peak-memory', backend, 'MB', e));
  }
  tf.disposeVariables();
}
