// The studio's WebGPU kernels (backend/webgpu/) in headless Chromium, inside a real Worker, against the cpu
// backend: values and gradients at ViT-B/32 sizes and at awkward ones (odd token counts, one head, partial
// tiles). Here the adapter is SwiftShader, which computes exactly what a GPU would, slowly.
import { expect, test, type Page } from '@playwright/test';
import { readSharedJson } from '../src/testing/shared-fixtures';
import { routeShared } from './shared-route';

test.beforeEach(async ({ page }) => {
  await routeShared(page);
  await page.goto('/e2e/harness/engine.html');
});

interface FusedReply { backend: { name: string }; features: string[]; diffs: Record<string, number>; kernels: string[] }

async function fusedOps(page: Page, only: string[]): Promise<FusedReply> {
  return (await page.evaluate((o) => window.runEngineCheck({ kind: 'fused-ops', backend: 'webgpu', only: o }), only)) as FusedReply;
}

function expectClose(r: FusedReply, names: string[], tol: number): void {
  expect(r.backend.name).toBe('webgpu');
  console.log('max |webgpu - cpu| / max |cpu|:', Object.entries(r.diffs).map(([k, d]) => `${k}: ${d.toExponential(1)}`).join(', '));
  for (const n of names) expect(Object.keys(r.diffs).some((k) => k.startsWith(n)), n).toBe(true);
  for (const [k, d] of Object.entries(r.diffs)) expect(d, k).toBeLessThan(tol);
}

test('linear layer on WebGPU (bias, quick_gelu / gelu, residual fused; one program each way; the vec4 kernel where K and N are multiples of 4) equals cpu', async ({ page }) => {
  test.setTimeout(600_000);
  const r = await fusedOps(page, ['linear']);
  console.log('adapter features:', r.features.join(' ') || '(none)');
  expect(r.kernels).toContain('ProRegLinearGrad');
  expectClose(r, ['linear fc1 400x768x3072', 'linear odd 37x29x67', 'linear 1x3x1', 'linear 65x70x130', 'linear vec4 qkv 197x768x2304', 'linear vec4 odd 5x12x8', 'linear vec4 65x36x68', 'linear vec4 1x4x4'], 1e-5);
});

test('LayerNorm on WebGPU (one program each way; a residual path\'s gradient added in its backward) equals cpu', async ({ page }) => {
  const r = await fusedOps(page, ['layernorm']);
  expect(r.kernels).toContain('ProRegLayerNormGradFull');
  expect(r.kernels).toContain('ProRegLayerNormSkip');
  expectClose(r, ['layernorm 400x768', 'layernorm 400x768 skip dx', 'layernorm odd 37x29', 'layernorm odd 37x29 skip dg', 'layernorm 1x3', 'layernorm 1x3 skip db'], 1e-5);
});

test('attention on WebGPU (one program each way, q, k, v read from qkv in place) equals cpu', async ({ page }) => {
  const r = await fusedOps(page, ['attention']);
  expect(r.kernels).toContain('ProRegAttentionGrad');
  expectClose(r, ['attention vit-b32 4x50 12 heads', 'attention vit-b32 class query', 'attention odd 3x7 one head', 'attention odd 2x9 3 heads 4 queries'], 1e-5);
});

test('cosine head on WebGPU (one program each way) equals cpu', async ({ page }) => {
  test.setTimeout(300_000);
  const r = await fusedOps(page, ['head']);
  expect(r.kernels).toContain('ProRegCosineHeadGrad');
  expectClose(r, ['head vit-b32 8x512 345 classes dw', 'head odd 65x70 130 classes df', 'head 1x3 one class ds'], 1e-5);
});

test('the loss (every kind and weight variant) on WebGPU in two programs equals cpu, parts and gradient', async ({ page }) => {
  const r = await fusedOps(page, ['loss']);
  expect(r.kernels).toContain('ProRegLoss');
  expectClose(r, ['loss proreg official 8x345 w', 'loss proreg official 8x345 dz', 'loss proreg prob_ratio alpha 2 T 2 8x6 kl', 'loss proreg ce_ratio gamma 2 odd 65x7 dz', 'loss kd alpha 0.5 T 3 3x5 dz', 'loss ce one sample 1x3 loss'], 1e-5);
});

test('AdamW over many tensors in a few WebGPU programs equals the op-by-op update', async ({ page }) => {
  const r = (await page.evaluate(() => window.runEngineCheck({ kind: 'adamw-all', backend: 'webgpu' }))) as { backend: { name: string }; diffs: number[] };
  expect(r.backend.name).toBe('webgpu');
  console.log('AdamW-all max relative difference per output:', r.diffs.map((d) => d.toExponential(1)).join(' '));
  expect(r.diffs).toHaveLength(18);
  r.diffs.forEach((d, i) => expect(d, `tensor ${Math.floor(i / 3)} output ${i % 3}`).toBeLessThan(1e-5));
});

test('a WebGPU training run builds its pipelines before its first step: steps compile none', async ({ page }) => {
  test.setTimeout(900_000); // SwiftShader compiles every pipeline on the CPU
  const { runs } = readSharedJson<{ runs: ({ name: string } & Record<string, unknown>)[] }>('fixtures', 'proreg-trajectories.json');
  const run = { ...runs.find((r) => r.name === 'full-encoder')!, steps: 2 };
  const r = (await page.evaluate((a) => window.runEngineCheck({ kind: 'step-compiles', backend: 'webgpu', run: a }), run)) as { backend: { name: string }; atLoad: number; inPreparation: number; inStep: string[][]; phases: string[] };
  console.log('pipelines compiled: by the model load', r.atLoad, '| caching pass and warm-up', r.inPreparation, '| per step', r.inStep.map((k) => k.length).join(', '), JSON.stringify(r.inStep));
  expect(r.backend.name).toBe('webgpu');
  expect(r.phases).toContain('warming up');
  // the backward and the optimizer were compiled before the first step (the load compiles the forward only)
  expect(r.inPreparation).toBeGreaterThan(0);
  expect(r.inStep).toEqual([[], []]);
});
