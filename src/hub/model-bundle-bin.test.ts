// Folders with PyTorch .bin weights load wherever model.safetensors does: the zip, legacy and sharded
// fixtures give the reference embeddings and logits to 1e-4 on cpu and wasm, read from disk in ranges;
// the evil pickle is refused naming its global.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../backend/backend-node';
import { folderSource } from './folder-source-node';
import { loadClipBundle } from './model-bundle';
import { referenceErrors } from '../testing/clip-reference';
import { tinyClipBinDir } from '../testing/shared-fixtures';

for (const backend of ['cpu', 'wasm']) {
  describe(`.bin model folders on ${backend}`, () => {
    for (const variant of ['', '-legacy', '-sharded'] as const) {
      it(`tiny-clip-b32-bin${variant} matches the reference to 1e-4`, async () => {
        await useNodeBackend(backend);
        const bundle = await loadClipBundle(folderSource(tinyClipBinDir(variant)));
        const err = await referenceErrors(bundle.model);
        expect(err.image).toBeLessThan(1e-4);
        expect(err.text).toBeLessThan(1e-4);
        expect(err.logits).toBeLessThan(1e-4);
        bundle.model.dispose();
        expect(tf.memory().numTensors).toBe(0);
      });
    }

    it('refuses tiny-clip-b32-bin-evil, naming the global', async () => {
      await useNodeBackend(backend);
      await expect(loadClipBundle(folderSource(tinyClipBinDir('-evil')))).rejects.toThrow(/not a plain state dict: its pickle asks for the Python global posix\.system/);
      expect(existsSync('/tmp/proreg-evil-pickle-ran')).toBe(false);
      expect(tf.memory().numTensors).toBe(0);
    });
  });
}
