import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeBackend } from '../backend/backend-node';
import { memorySource } from './file-source';
import { deleteLocalModel, filesToKeep, listLocalModels, localModelSource, storeLocalModel } from './local-models';
import { loadClipBundle } from './model-bundle';
import { memoryCaches } from '../testing/memory-caches';
import { tinyClipDir } from '../testing/shared-fixtures';

const blobs = (): Record<string, Blob> => Object.fromEntries(readdirSync(tinyClipDir).map((f) => [f, new Blob([readFileSync(join(tinyClipDir, f))])]));

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe('dropped model folders kept in browser storage', () => {
  it('keeps what the loader reads, lists it with its size, loads the same model from it and deletes it', async () => {
    const storage = memoryCaches();
    const folder = { ...blobs(), 'tf_model.h5': new Blob([new Uint8Array(1000)]), 'README.md': new Blob(['notes']) };
    const kept = filesToKeep(folder);
    expect(Object.keys(kept)).not.toContain('tf_model.h5');
    expect(Object.keys(kept)).not.toContain('README.md');
    expect(Object.keys(kept)).toContain('model.safetensors');
    const bytes = Object.values(kept).reduce((a, b) => a + b.size, 0);

    const stored = await storeLocalModel(storage, 'tiny-clip', folder);
    expect(stored).toMatchObject({ name: 'tiny-clip', bytes });
    expect(stored.key).toMatch(/^tiny-clip-[0-9a-f]{8}$/);
    // The same folder again replaces it (same key), it is not listed twice.
    expect((await storeLocalModel(storage, 'tiny-clip', folder)).key).toBe(stored.key);
    expect(await listLocalModels(storage)).toEqual([stored]);

    const fromStorage = await loadClipBundle(await localModelSource(storage, stored.key));
    const fromFolder = await loadClipBundle(memorySource('the folder', folder));
    expect(fromStorage.name).toBe('the model folder “tiny-clip”');
    const x = tf.randomUniform([1, 3, 224, 224], -1, 1, 'float32', 3);
    const a = fromStorage.model.encodeImage(x).dataSync();
    const b = fromFolder.model.encodeImage(x).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    fromStorage.model.dispose();
    fromFolder.model.dispose();

    await deleteLocalModel(storage, stored.key);
    expect(await listLocalModels(storage)).toEqual([]);
    await expect(localModelSource(storage, stored.key)).rejects.toThrow('no longer in browser storage');
  });

  it('says that storage is full and keeps nothing half-written', async () => {
    const folder = blobs();
    const bytes = Object.values(filesToKeep(folder)).reduce((a, b) => a + b.size, 0);
    const storage = memoryCaches({ quota: bytes - 1 });
    await expect(storeLocalModel(storage, 'tiny-clip', folder)).rejects.toThrow(
      new RegExp(`^browser storage is full: the model folder “tiny-clip” \\(${Math.max(1, Math.round(bytes / 1024 ** 2))} MB\\) cannot be kept for the next visit`),
    );
    expect(await listLocalModels(storage)).toEqual([]);
  });
});
