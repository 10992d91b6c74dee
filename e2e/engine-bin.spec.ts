// PyTorch .bin checkpoints in a real Worker in Chromium: the openai-layout repository through the test
// hub's 302 to its storage origin, and the legacy and sharded folders as dropped files (Blobs read in
// ranges), give the reference embeddings and logits to 1e-4 on WASM and cpu.
import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readSharedJson, tinyClipBinDir } from '../src/testing/shared-fixtures';
import { repoFromFolder, startTestHub, type TestHub } from '../src/testing/test-hub';
import { routeShared } from './shared-route';
import { routeTestHub } from './test-hub-route';

interface Reference { images: string[]; input_ids: number[][]; image_embeds: number[][]; text_embeds: number[][]; logits_per_image: number[][] }
const ref = readSharedJson<Reference>('fixtures', 'clip', 'tiny-clip-b32-reference', 'reference.json');
const ids = ref.input_ids.map((s) => s.slice(0, s.indexOf(49407) + 1));
const LAYOUT = 'proreg-test/clip-vit-base-patch32-layout';
let hub: TestHub;

function maxRel(got: number[], want: number[][]): number {
  const flat = want.flat();
  const scale = Math.max(...flat.map(Math.abs));
  return Math.max(...flat.map((w, i) => Math.abs(got[i] - w) / scale));
}

test.beforeAll(async () => {
  hub = await startTestHub({ [LAYOUT]: repoFromFolder(tinyClipBinDir(), { 'tf_model.h5': new Uint8Array(3000), 'flax_model.msgpack': new Uint8Array(4000) }) });
});
test.afterAll(() => hub.close());

test.beforeEach(async ({ page }) => {
  await routeShared(page);
  await routeTestHub(page, hub);
  await page.goto('/e2e/harness/engine.html');
});

const dropped = (variant: '-legacy' | '-sharded') => ({ dropped: { folder: `/__shared/fixtures/clip/tiny-clip-b32-bin${variant}`, files: readdirSync(tinyClipBinDir(variant)) } });
const models: [string, unknown][] = [['the hub (302 to storage)', { hub: LAYOUT }], ['a dropped legacy folder', dropped('-legacy')], ['a dropped sharded folder', dropped('-sharded')]];

for (const backend of ['wasm', 'cpu']) {
  test(`.bin checkpoints match the reference on ${backend} in a Worker`, async ({ page }) => {
    for (const [what, model] of models) {
      hub.requests.length = 0;
      const r = (await page.evaluate((a) => window.runEngineCheck({ kind: 'clip-reference', backend: a.backend, images: a.images, ids: a.ids, model: a.model }), { backend, images: ref.images, ids, model })) as Record<string, number[]> & { backend: { name: string }; leaked: number };
      expect(r.backend.name).toBe(backend);
      expect(maxRel(r.image_embeds, ref.image_embeds), what).toBeLessThan(1e-4);
      expect(maxRel(r.text_embeds, ref.text_embeds), what).toBeLessThan(1e-4);
      expect(maxRel(r.logits_per_image, ref.logits_per_image), what).toBeLessThan(1e-4);
      expect(r.leaked).toBe(0);
      if (what.startsWith('the hub')) expect(hub.requests.some((q) => q.host === 'storage' && q.path.endsWith('pytorch_model.bin')), what).toBe(true);
    }
  });
}
