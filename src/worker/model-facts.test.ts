// The picker's facts come from the repository's listing, config.json and the memory estimate: the download
// size is the listing's, a scope fits WASM exactly when the estimate at one image per pass is under the heap
// budget (ViT-L/14 full fine-tuning does not, ViT-B/32's does), and images/s is the measured GFLOP/s over
// the model's FLOPs. Against the local test hub nothing but the listing and config.json is downloaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIT_B32, type ClipConfig } from '../model/config';
import type { BackendReport } from '../protocol/messages';
import { HUB_ORIGIN, hubSource } from '../hub/hf-hub';
import { estimateTrainingBytes, WASM_HEAP_BUDGET } from '../train/memory-estimate';
import { toHfConfig } from '../weights/hf-config';
import { tinyClipBinDir } from '../testing/shared-fixtures';
import { repoFromFolder, startTestHub, type TestHub } from '../testing/test-hub';
import { hubModelFacts, modelFacts, scopesOf, visionFlops } from './model-facts';

const VIT_L14: ClipConfig = {
  vision: { ...VIT_B32.vision, width: 1024, layers: 24, heads: 16, mlpWidth: 4096, patchSize: 14 },
  text: { ...VIT_B32.text, width: 768, heads: 12, mlpWidth: 3072 },
  projectionDim: 768,
};
const wasm: BackendReport = { name: 'wasm', reason: 'measured', measured: { wasm: 60 } };
/** A listing shaped like openai/clip-vit-*'s main branch (sizes are the listing's, whatever they are). */
const listing = (bin: number) => [
  { path: 'config.json', size: 4519 }, { path: 'pytorch_model.bin', size: bin }, { path: 'tf_model.h5', size: bin + 1 },
  { path: 'flax_model.msgpack', size: bin + 2 }, { path: 'vocab.json', size: 862328 }, { path: 'merges.txt', size: 524657 },
  { path: 'preprocessor_config.json', size: 316 }, { path: 'tokenizer_config.json', size: 905 }, { path: 'README.md', size: 7947 },
];

describe('model facts', () => {
  it('sizes from the listing, fits from the memory estimate, speed from the measured GFLOP/s', () => {
    for (const [cfg, bin] of [[VIT_B32, 605_247_071], [VIT_L14, 1_710_671_599]] as const) {
      const f = modelFacts('some/clip', listing(bin), toHfConfig(cfg), wasm);
      expect(f.weights).toEqual({ format: 'bin', files: ['pytorch_model.bin'] });
      expect(f.downloadBytes).toBe(bin + 4519 + 862328 + 524657 + 316 + 905); // weights + config + tokenizer, not tf/flax/README
      for (const [name, scope] of scopesOf(cfg)) {
        const m = f.memory!.find((x) => x.scope === name)!;
        expect(m.bytes).toBe(estimateTrainingBytes(cfg, scope, 1, 10, true));
        expect(m.fits).toBe(m.bytes <= WASM_HEAP_BUDGET);
      }
      expect(f.imagesPerSec!.encode).toBeCloseTo(60e9 / visionFlops(cfg.vision, cfg.projectionDim), 6);
    }
    const l14 = modelFacts('openai/clip-vit-large-patch14', listing(1), toHfConfig(VIT_L14), wasm);
    expect(l14.memory!.map((m) => [m.scope, m.fits])).toEqual([['head', true], ['last-2', true], ['full', false]]);
    expect(modelFacts('openai/clip-vit-base-patch32', listing(1), toHfConfig(VIT_B32), wasm).memory!.every((m) => m.fits)).toBe(true);
    // Published: ViT-B/32 4.4 GMACs and ViT-L/14 81 GMACs per image (forward).
    expect(visionFlops(VIT_B32.vision, 512) / 2e9).toBeCloseTo(4.4, 0);
    expect(visionFlops(VIT_L14.vision, 768) / 2e9).toBeGreaterThan(77);
    expect(visionFlops(VIT_L14.vision, 768) / 2e9).toBeLessThan(82);
  });

  it('without a measurement or on WebGPU, says what it does not know', () => {
    const f = modelFacts('a/b', listing(10), toHfConfig(VIT_B32), { name: 'webgpu', reason: 'chosen by you', measured: {} });
    expect(f.imagesPerSec).toBeNull();
    expect(f.memory!.every((m) => m.fits === null)).toBe(true);
    expect(modelFacts('a/b', [{ path: 'tf_model.h5', size: 5 }], null, wasm)).toEqual({ repo: 'a/b', holds: 'only TensorFlow (tf_model.h5) weights', downloadBytes: 0 });
  });
});

describe('model facts from the test hub', () => {
  let hub: TestHub;
  const repo = 'proreg-test/clip-vit-base-patch32-layout';
  const files = repoFromFolder(tinyClipBinDir(), { 'tf_model.h5': new Uint8Array(3000), 'flax_model.msgpack': new Uint8Array(4000) });
  beforeAll(async () => {
    hub = await startTestHub({ [repo]: files });
  });
  afterAll(() => hub.close());

  it('reads only the listing and config.json', async () => {
    const fetchImpl = ((url: string, init?: RequestInit) => fetch(url.replace(HUB_ORIGIN, hub.hubOrigin), init)) as typeof fetch;
    const f = await hubModelFacts(hubSource(repo, { fetchImpl }), wasm);
    const side = ['config.json', 'vocab.json', 'merges.txt', 'preprocessor_config.json', 'tokenizer_config.json'];
    expect(f.downloadBytes).toBe(files['pytorch_model.bin'].length + side.reduce((a, s) => a + files[s].length, 0));
    expect(f.parameters!.total).toBeGreaterThan(7e6);
    expect(hub.requests.map((r) => r.path)).toEqual([`/api/models/${repo}/tree/main`, `/${repo}/resolve/main/config.json`]);
  });
});
