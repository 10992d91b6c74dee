// The hub as it really serves models, against two local servers: the tree API lists files with sizes
// before any download, a repository laid out like openai/clip-vit-base-patch32's main branch (.bin, tf,
// flax; no safetensors) loads through the 302 to the storage host, a download cut there resumes with Range
// across the redirect, the cache then serves everything offline, and a TF/Flax-only repository is named so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend/backend-node';
import { HUB_ORIGIN, hubSource, listHubFiles } from './hf-hub';
import { loadClipBundle } from './model-bundle';
import { chooseWeights, noWeightsMessage } from './weights-choice';
import { referenceErrors } from '../testing/clip-reference';
import { memoryCaches } from '../testing/memory-caches';
import { tinyClipBinDir, tinyClipDir } from '../testing/shared-fixtures';
import { repoFromFolder, startTestHub, type TestHub } from '../testing/test-hub';

const LAYOUT = 'proreg-test/clip-vit-base-patch32-layout';
const TF_ONLY = 'proreg-test/tf-flax-only';
const standIns = { 'tf_model.h5': new Uint8Array(3000).fill(7), 'flax_model.msgpack': new Uint8Array(4000).fill(9) };
const layout = repoFromFolder(tinyClipBinDir(), standIns);
let hub: TestHub;
let online = true;
/** The studio's fetch, with huggingface.co answered by the local hub. */
const fetchImpl = ((url: string, init?: RequestInit) => {
  if (!online) return Promise.reject(new TypeError('Failed to fetch'));
  return fetch(url.replace(HUB_ORIGIN, hub.hubOrigin), init);
}) as typeof fetch;

beforeAll(async () => {
  hub = await startTestHub({
    [LAYOUT]: layout,
    [TF_ONLY]: { ...standIns, 'config.json': repoFromFolder(tinyClipDir)['config.json'] },
  });
  await useNodeBackend('cpu');
});
afterAll(() => hub.close());

describe('the hub as it is', () => {
  it('lists files with sizes before any download and picks the .bin', async () => {
    const files = await listHubFiles(LAYOUT, { fetchImpl });
    expect(Object.fromEntries(files.map((f) => [f.path, f.size]))).toEqual(Object.fromEntries(Object.entries(layout).map(([k, v]) => [k, v.length])));
    expect(chooseWeights(files)).toEqual({ format: 'bin', files: ['pytorch_model.bin'], bytes: layout['pytorch_model.bin'].length });
    expect(hub.requests.filter((r) => r.path.includes('/resolve/'))).toEqual([]);
  });

  it('loads the openai-layout repository through the redirect, resumes a cut download with Range, then works offline', async () => {
    hub.requests.length = 0;
    hub.cutOnce('pytorch_model.bin');
    const cacheStorage = memoryCaches();
    const src = hubSource(LAYOUT, { fetchImpl, cacheStorage });
    await src.list!();
    const bundle = await loadClipBundle(src);
    const err = await referenceErrors(bundle.model);
    expect(Math.max(err.image, err.text, err.logits)).toBeLessThan(1e-4);
    bundle.model.dispose();
    const weights = hub.requests.filter((r) => r.path.endsWith('pytorch_model.bin'));
    expect(weights.map((r) => [r.host, r.range])).toEqual([['hub', null], ['storage', null], ['hub', expect.stringMatching(/^bytes=\d+-$/)], ['storage', expect.stringMatching(/^bytes=\d+-$/)]]);
    // Known from the listing to be absent, or not needed: never requested.
    expect(hub.requests.filter((r) => /model\.safetensors|tf_model|flax_model/.test(r.path))).toEqual([]);

    online = false;
    try {
      const offline = hubSource(LAYOUT, { fetchImpl, cacheStorage });
      expect((await offline.list!()).length).toBe(Object.keys(layout).length);
      const again = await loadClipBundle(offline);
      expect(again.model.parameterCount().total).toBe(bundle.model.parameterCount().total);
      again.model.dispose();
    } finally {
      online = true;
    }
  });

  it('says plainly what a repository without CLIP weights holds, and what a missing one is', async () => {
    const choice = chooseWeights(await listHubFiles(TF_ONLY, { fetchImpl }));
    expect(choice.format === 'none' && noWeightsMessage(TF_ONLY, choice.holds)).toBe(
      'proreg-test/tf-flax-only has only TensorFlow (tf_model.h5) and Flax (flax_model.msgpack) weights: the studio reads Hugging Face CLIP weights as model.safetensors or pytorch_model.bin (single or sharded)',
    );
    await expect(listHubFiles('nobody/no-such-clip', { fetchImpl })).rejects.toThrow('nobody/no-such-clip is not on huggingface.co (no such repository, or no revision "main"): check the model id');
  });
});
