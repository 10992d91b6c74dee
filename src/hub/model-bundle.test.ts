import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useNodeBackend } from '../backend/backend-node';
import { loadClipBundle } from './model-bundle';
import { memorySource } from './file-source';
import { tinyClipDir } from '../testing/shared-fixtures';
import { writeSafetensors } from '../weights/safetensors-write';
import { parseSafetensors } from '../weights/safetensors';

const files: Record<string, Uint8Array> = Object.fromEntries(readdirSync(tinyClipDir).map((f) => [f, new Uint8Array(readFileSync(join(tinyClipDir, f)))]));
const without = (name: string) => Object.fromEntries(Object.entries(files).filter(([k]) => k !== name));
const load = (f: Record<string, Uint8Array>) => loadClipBundle(memorySource('the dropped folder', f));

beforeAll(async () => {
  await useNodeBackend('cpu');
});

describe('loading a model folder', () => {
  it('loads the fixture with its tokenizer and preprocessing', async () => {
    const b = await load(files);
    expect(b.model.parameterCount().vision).toBeGreaterThan(0);
    expect(b.tokenizer.endId).toBe(49407);
    expect(b.preprocess.cropHeight).toBe(224);
    b.model.dispose();
  });

  it('names each missing file', async () => {
    await expect(load(without('config.json'))).rejects.toThrow('the dropped folder has no config.json');
    await expect(load(without('vocab.json'))).rejects.toThrow('the dropped folder has no vocab.json');
    await expect(load(without('model.safetensors'))).rejects.toThrow('the dropped folder has no weights at all: the studio reads Hugging Face CLIP weights as model.safetensors or pytorch_model.bin');
    const tfOnly = { ...without('model.safetensors'), 'tf_model.h5': new Uint8Array([1]), 'flax_model.msgpack': new Uint8Array([1]) };
    await expect(load(tfOnly)).rejects.toThrow('the dropped folder has only TensorFlow (tf_model.h5) and Flax (flax_model.msgpack) weights');
    await expect(load({ ...without('model.safetensors'), 'pytorch_model.bin': new Uint8Array([1]) })).rejects.toThrow(/pytorch_model\.bin is not a PyTorch checkpoint/);
  });

  it('names a ResNet tower from config.json before reading any weights', async () => {
    const cfg = JSON.parse(new TextDecoder().decode(files['config.json']));
    const resnet = { ...cfg, vision_config: { ...cfg.vision_config, vision_layers: [3, 4, 6, 3] } };
    const reads: string[] = [];
    const src = memorySource('the dropped folder', { ...without('model.safetensors'), 'config.json': new TextEncoder().encode(JSON.stringify(resnet)), 'pytorch_model.bin': new Uint8Array([1]) });
    const counted = { ...src, read: (f: string) => (reads.push(f), src.read(f)), open: (f: string) => (reads.push(f), src.open!(f)) };
    await expect(loadClipBundle(counted)).rejects.toThrow(/ResNet \(or other non-ViT\) image tower/);
    expect(reads).toEqual(['config.json']);
  });

  it('refuses a wrong file in place of the weights', async () => {
    const html = new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>');
    await expect(load({ ...files, 'model.safetensors': html })).rejects.toThrow(/model\.safetensors/);
    await expect(load({ ...files, 'config.json': new TextEncoder().encode('{oops') })).rejects.toThrow('config.json from the dropped folder is not valid JSON');
  });

  it('names missing and unexpected tensors', async () => {
    const w = parseSafetensors(files['model.safetensors']);
    const kept = w.tensors.filter((t) => !t.ignored && t.name !== 'visual_projection.weight').map((t) => ({ name: t.name, shape: t.shape, data: w.getFloat32(t.name) }));
    kept.push({ name: 'vision_model.extra.weight', shape: [2], data: new Float32Array(2) });
    await expect(load({ ...files, 'model.safetensors': writeSafetensors(kept) })).rejects.toThrow(/visual_projection\.weight[\s\S]*vision_model\.extra\.weight|vision_model\.extra\.weight[\s\S]*visual_projection\.weight/);
  });

  it('loads a sharded checkpoint', async () => {
    const w = parseSafetensors(files['model.safetensors']);
    const all = w.tensors.filter((t) => !t.ignored).map((t) => ({ name: t.name, shape: t.shape, data: w.getFloat32(t.name) }));
    const half = Math.floor(all.length / 2);
    const shards = { 'model-00001-of-00002.safetensors': all.slice(0, half), 'model-00002-of-00002.safetensors': all.slice(half) };
    const weightMap = Object.fromEntries(Object.entries(shards).flatMap(([f, ts]) => ts.map((t) => [t.name, f])));
    const sharded = {
      ...without('model.safetensors'),
      'model.safetensors.index.json': new TextEncoder().encode(JSON.stringify({ metadata: {}, weight_map: weightMap })),
      ...Object.fromEntries(Object.entries(shards).map(([f, ts]) => [f, writeSafetensors(ts)])),
    };
    const b = await load(sharded);
    expect(b.model.parameterCount().total).toBeGreaterThan(1e6);
    b.model.dispose();
  });
});
