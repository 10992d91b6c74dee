// Writes the random ViT-B/32 CLIP (full geometry, both towers, F16 ~300 MB) that ready-from-cache loads,
// once: an existing folder with a model.safetensors is kept.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VIT_B32 } from '../../src/model/config';
import { writeRandomClip } from '../../src/testing/random-clip-node';
import { useNodeBackend } from '../../src/backend/backend-node';

const dir = process.argv[2];
if (!dir) throw new Error('usage: write-model.ts <dir>');
if (!existsSync(join(dir, 'model.safetensors'))) {
  await useNodeBackend('wasm');
  const t0 = performance.now();
  writeRandomClip(dir, VIT_B32, { dtype: 'F16', seed: 0 });
  console.error(`[bench] wrote a random ViT-B/32 CLIP (F16) to ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
