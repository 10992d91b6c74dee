// The engine in headless Chromium, inside a real Worker, on WebGPU: the reference CLIP and ProReg numbers.
import { expect, test } from '@playwright/test';
import { readSharedJson } from '../src/testing/shared-fixtures';
import { routeShared } from './shared-route';

interface Reference { images: string[]; input_ids: number[][]; image_embeds: number[][]; text_embeds: number[][]; logits_per_image: number[][] }
const ref = readSharedJson<Reference>('fixtures', 'clip', 'tiny-clip-b32-reference', 'reference.json');

function maxRel(got: number[], want: number[][]): number {
  const flat = want.flat();
  const scale = Math.max(...flat.map(Math.abs));
  return Math.max(...flat.map((w, i) => Math.abs(got[i] - w) / scale));
}

test.beforeEach(async ({ page }) => {
  await routeShared(page);
  await page.goto('/e2e/harness/engine.html');
});

test('auto backend choice refuses a CPU-fallback WebGPU adapter and says why', async ({ page }) => {
  const r = (await page.evaluate(() => window.runEngineCheck({ kind: 'backend', backend: 'auto' }))) as { backend: { name: string; reason: string; adapter?: { isFallbackAdapter: boolean } } };
  if (r.backend.adapter?.isFallbackAdapter) {
    expect(r.backend.name).toBe('wasm');
    expect(r.backend.reason).toMatch(/CPU fallback/);
  }
  expect(r.backend.reason.length).toBeGreaterThan(10);
  // The thread count is what XNNPACK's pool really has (tfjs's binary alone would cap it at cores / 2).
  const { cores, isolated } = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated }));
  if (r.backend.name === 'wasm') {
    const want = !isolated ? 1 : cores <= 2 ? cores : cores - 1;
    expect(r.backend.reason).toContain(`XNNPACK SIMD, ${want} thread${want > 1 ? 's' : ''}`);
  }
});

test('the WASM GEMM behind matMul: every thread, fused multiply-add, equal to a float64 loop', async ({ page }) => {
  const r = (await page.evaluate(() => window.runEngineCheck({ kind: 'gemm', backend: 'wasm' }))) as { backend: { name: string; reason: string }; errors: number[] };
  const { cores, isolated } = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated }));
  const want = !isolated ? 1 : cores <= 2 ? cores : cores - 1;
  // Chromium has relaxed SIMD; the helpers share the threaded binary's heap.
  expect(r.backend.reason).toContain(`matMul: relaxed-SIMD FMA GEMM on ${want} thread${want > 1 ? 's' : ''}`);
  console.log('WASM GEMM error per case (relative to the sum of |products|):', r.errors.map((e) => e.toExponential(1)).join(' '));
  // float32 rounding gives ~1e-7; a wrong element, stride or thread boundary gives 1e-2 or more.
  for (const [i, err] of r.errors.entries()) expect(err, `case ${i}`).toBeLessThan(1e-5);
});

test('the passes the WASM pool splits between threads (attention, LayerNorm, quick_gelu) equal the cpu backend', async ({ page }) => {
  const r = (await page.evaluate(() => window.runEngineCheck({ kind: 'pool-passes', backend: 'wasm' }))) as { backend: { name: string; reason: string }; diffs: number[] };
  expect(r.backend.name).toBe('wasm');
  expect(r.backend.reason).toMatch(/GEMM on \d+ thread/);
  console.log('pool passes, max |wasm - cpu| / max |cpu|:', r.diffs.map((d) => d.toExponential(1)).join(' '));
  const names = ['attention', 'attention dqkv', 'class attention', 'class attention dqkv', 'LayerNorm', 'LayerNorm dx', 'LayerNorm dg', 'LayerNorm db', 'quick_gelu', 'quick_gelu dx'];
  expect(r.diffs.length).toBe(names.length);
  r.diffs.forEach((d, i) => expect(d, names[i]).toBeLessThan(1e-5));
});

test('the fused AdamW kernel on WebGPU (and WASM) equals the op-by-op update', async ({ page }) => {
  for (const backend of ['webgpu', 'wasm']) {
    const r = (await page.evaluate((b) => window.runEngineCheck({ kind: 'adamw', backend: b }), backend)) as { backend: { name: string }; fused: boolean; diffs: number[] };
    expect(r.backend.name).toBe(backend);
    expect(r.fused, backend).toBe(true);
    r.diffs.forEach((d, i) => expect(d, `${backend} output ${i}`).toBeLessThan(1e-5));
  }
});

for (const backend of ['webgpu', 'wasm', 'webgl', 'cpu']) {
  test(`tiny-clip-b32 matches the reference on ${backend} in a Worker`, async ({ page }) => {
    const ids = ref.input_ids.map((s) => s.slice(0, s.indexOf(49407) + 1));
    const r = (await page.evaluate((a) => window.runEngineCheck({ kind: 'clip-reference', backend: a.backend, images: a.images, ids: a.ids }), { backend, images: ref.images, ids })) as Record<string, number[]> & { backend: { name: string }; leaked: number };
    expect(r.backend.name).toBe(backend);
    expect(maxRel(r.image_embeds, ref.image_embeds)).toBeLessThan(1e-3);
    expect(maxRel(r.text_embeds, ref.text_embeds)).toBeLessThan(1e-3);
    expect(maxRel(r.logits_per_image, ref.logits_per_image)).toBeLessThan(1e-3);
    // From the files, decoded by the browser: PNGs are pixel-exact, the JPEG within a few 1/255.
    expect(maxRel(r.file_image_embeds, ref.image_embeds)).toBeLessThan(2e-2);
    expect(r.leaked).toBe(0);
  });
}

test('browser decoding + preprocessing: every image within 2/255 of the reference', async ({ page }) => {
  const r = (await page.evaluate((images) => window.runEngineCheck({ kind: 'preprocess', backend: 'wasm', images }), ref.images)) as { errors: Record<string, number> };
  console.log('browser preprocessing max error (1/255 units):', JSON.stringify(r.errors));
  // Measured here: 0 for every image, the JPEG too (Chromium decodes with libjpeg-turbo, like Pillow).
  for (const [name, err] of Object.entries(r.errors)) expect(err, name).toBeLessThanOrEqual(2.001);
});

for (const name of ['full-encoder', 'head-only']) {
  test(`the ${name} ProReg trajectory on WebGPU in a Worker`, async ({ page }) => {
    test.setTimeout(1_200_000); // SwiftShader compiles every pipeline on the CPU: minutes on a loaded machine
    const { runs } = readSharedJson<{ runs: { name: string; trajectory: { loss: number }[]; final_logits: number[][] }[] }>('fixtures', 'proreg-trajectories.json');
    const run = runs.find((r) => r.name === name)!;
    const r = (await page.evaluate((a) => window.runEngineCheck({ kind: 'trajectory', backend: 'webgpu', run: a }), run as unknown as Record<string, unknown>)) as { backend: { name: string }; losses: number[]; logits: number[] };
    expect(r.backend.name).toBe('webgpu');
    expect(r.losses).toHaveLength(run.trajectory.length);
    r.losses.forEach((l, i) => expect(Math.abs(l - run.trajectory[i].loss) / run.trajectory[i].loss).toBeLessThan(1e-3));
    expect(maxRel(r.logits, run.final_logits)).toBeLessThan(1e-3);
  });
}
