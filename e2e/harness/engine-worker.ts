// Test-only worker: the engine's checks against the shared reference fixtures, on a chosen backend.
// Fixture files are fetched from /__shared/..., which the Playwright spec fulfils from ../shared.
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, configureWasmThreads } from '../../src/backend/select';
import { decodeImageBlob } from '../../src/data/decode-browser';
import { preprocessImage } from '../../src/data/preprocess';
import { loadClipBundle } from '../../src/hub/model-bundle';
import { memorySource, type FileSource } from '../../src/hub/file-source';
import { hubSource } from '../../src/hub/hf-hub';
import type { BackendName } from '../../src/protocol/messages';
import { DEFAULT_TRAIN_CONFIG, type StepPoint, type TrainConfig } from '../../src/protocol/train-types';
import { memoryData } from '../../src/train/memory-data';
import { fusedAdamW, hasFusedAdamW } from '../../src/train/fused-adamw';
import { opUpdate } from '../../src/train/optimizer';
import { Trainer } from '../../src/train/trainer';
import { classEmbeddings } from '../../src/train/zero-shot';
import { attentionCore } from '../../src/model/attention-core';
import { activation, layerNorm, layerNormSkip, linear } from '../../src/model/ops';
import { cosineLogits } from '../../src/train/finetune-model';
import { adapterFeatures, compiledKernelKeys, webGpuBackend } from '../../src/backend/webgpu/dispatch';
import { DEFAULT_LOSS, lossParts, PART_NAMES, type LossConfig } from '../../src/train/losses';

const MODEL = '/__shared/fixtures/clip/tiny-clip-b32';
const REF = '/__shared/fixtures/clip/tiny-clip-b32-reference';

const source: FileSource = {
  label: 'tiny-clip-b32',
  async read(file) {
    const r = await fetch(`${MODEL}/${file}`);
    return r.ok ? new Uint8Array(await r.arrayBuffer()) : null;
  },
};

async function f32(url: string): Promise<Float32Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`missing fixture ${url}`);
  return new Float32Array(await r.arrayBuffer());
}

async function referencePixels(images: string[]): Promise<Float32Array> {
  const out = new Float32Array(images.length * 3 * 224 * 224);
  for (let i = 0; i < images.length; i++) out.set(await f32(`${REF}/images/${images[i]}.pixels.f32`), i * 3 * 224 * 224);
  return out;
}

/**
 * Where a check's model comes from: the fixture (default), a hub repository (the page routes the hub), or a
 * folder under /__shared fetched into Blobs, as a dropped folder's files are.
 */
async function modelSource(model?: { hub?: string; dropped?: { folder: string; files: string[] } }): Promise<FileSource> {
  if (model?.hub) return hubSource(model.hub);
  if (model?.dropped) {
    const { folder, files } = model.dropped;
    const blobs = await Promise.all(files.map(async (f) => [f, await (await fetch(`${folder}/${f}`)).blob()] as const));
    return memorySource('the dropped model folder', Object.fromEntries(blobs));
  }
  return source;
}

async function clipReference(images: string[], ids: number[][], src: FileSource = source) {
  const bundle = await loadClipBundle(src);
  const before = tf.memory().numTensors;
  const px = tf.tensor4d(await referencePixels(images), [images.length, 3, 224, 224]);
  const img = bundle.model.encodeImage(px);
  const txt = bundle.model.encodeText(ids, bundle.tokenizer.endId);
  const logits = bundle.model.logits(img, txt);
  const out = { image_embeds: Array.from(await img.data()), text_embeds: Array.from(await txt.data()), logits_per_image: Array.from(await logits.data()) };
  // End to end from the image files, decoded by the browser and preprocessed by the engine.
  const fromFiles = new Float32Array(images.length * 3 * 224 * 224);
  for (let i = 0; i < images.length; i++) {
    const blob = await (await fetch(`${REF}/images/${images[i]}`)).blob();
    fromFiles.set(preprocessImage(await decodeImageBlob(blob, images[i]), bundle.preprocess), i * 3 * 224 * 224);
  }
  const px2 = tf.tensor4d(fromFiles, [images.length, 3, 224, 224]);
  const img2 = bundle.model.encodeImage(px2);
  const fileEmbeds = Array.from(await img2.data());
  tf.dispose([px, img, txt, logits, px2, img2]);
  const leaked = tf.memory().numTensors - before;
  bundle.model.dispose();
  return { ...out, file_image_embeds: fileEmbeds, leaked };
}

/** Max |ours - reference| per image in 1/255 units before normalisation, decoding with the browser. */
async function preprocessErrors(images: string[]) {
  const bundle = await loadClipBundle(source);
  const { std } = bundle.preprocess;
  const out: Record<string, number> = {};
  for (const name of images) {
    const blob = await (await fetch(`${REF}/images/${name}`)).blob();
    const ours = preprocessImage(await decodeImageBlob(blob, name), bundle.preprocess);
    const ref = await f32(`${REF}/images/${name}.pixels.f32`);
    const plane = ref.length / 3;
    let worst = 0;
    for (let i = 0; i < ref.length; i++) {
      const c = Math.floor(i / plane);
      worst = Math.max(worst, Math.abs(ours[i] - ref[i]) * std[c] * 255);
    }
    out[name] = worst;
  }
  bundle.model.dispose();
  return out;
}

/** GFLOP/s of a ViT-B MLP-sized product [400,768] x [768,3072] on the active backend. */
async function matmulSpeed(): Promise<number> {
  const a = tf.randomNormal([400, 768]);
  const b = tf.randomNormal([768, 3072]);
  await tf.matMul(a, b).data();
  const t0 = performance.now();
  for (let i = 0; i < 8; i++) await tf.matMul(a, b).data();
  const gflops = (2 * 400 * 768 * 3072 * 8) / ((performance.now() - t0) / 1000) / 1e9;
  tf.dispose([a, b]);
  return gflops;
}

/** A seeded uniform [-1, 1) sequence (mulberry32), so failures reproduce. */
function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let t = seed >>> 0;
  for (let i = 0; i < n; i++) {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    out[i] = (((r ^ (r >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/**
 * tf.matMul on the active backend against a float64 loop, over shapes that take every path of the GEMM:
 * per case, the worst |error| relative to the sum of |products| (float32 rounding keeps it near 1e-7).
 */
async function gemmCheck() {
  const cases: [number[], number[], boolean, boolean][] = [
    [[203, 517], [517, 389], false, false], // split by columns, partial panel and strip
    [[517, 203], [517, 389], true, false], // transposed A (weight gradients)
    [[203, 517], [389, 517], false, true], // transposed B (input gradients)
    [[12, 50, 64], [12, 50, 64], false, true], // attention scores: split by matrices
    [[12, 50, 50], [12, 50, 64], false, false],
    [[3, 70, 90], [90, 33], false, false], // a batch times one matrix (folded)
    [[70, 90], [3, 90, 33], false, false], // one matrix times a batch
    [[301, 2000], [2000, 9], false, false], // narrow: split by rows; k spans several passes
    [[1, 7], [7, 1], false, false],
  ];
  const errors: number[] = [];
  cases.forEach(([as, bs, ta, tb], i) => {
    const av = seeded(as.reduce((x, y) => x * y, 1), 2 * i + 1);
    const bv = seeded(bs.reduce((x, y) => x * y, 1), 2 * i + 2);
    const c = tf.matMul(tf.tensor(av, as), tf.tensor(bv, bs), ta, tb);
    const got = c.dataSync();
    const [M, K] = ta ? [as.at(-1)!, as.at(-2)!] : [as.at(-2)!, as.at(-1)!];
    const N = tb ? bs.at(-2)! : bs.at(-1)!;
    const batches = c.size / (M * N);
    const na = av.length / (M * K);
    const nb = bv.length / (K * N);
    let worst = 0;
    for (let p = 0; p < batches; p++) {
      const ao = (na === 1 ? 0 : p) * M * K;
      const bo = (nb === 1 ? 0 : p) * K * N;
      for (let r = 0; r < M; r++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          let scale = 0;
          for (let k = 0; k < K; k++) {
            const x = av[ao + (ta ? k * M + r : r * K + k)] * bv[bo + (tb ? j * K + k : k * N + j)];
            s += x;
            scale += Math.abs(x);
          }
          worst = Math.max(worst, Math.abs(got[p * M * N + r * N + j] - s) / scale);
        }
      }
    }
    errors.push(worst);
    tf.dispose(c);
  });
  return { errors };
}

/** The fused AdamW kernel of the active backend against the op-by-op update: max relative difference
 * per output. */
async function adamwCheck() {
  const shape = [301, 259]; // past the size where WASM splits the pass between threads; not a multiple of 4
  const n = 301 * 259;
  const p = tf.tensor(seeded(n, 11), shape);
  const m = tf.mul(tf.tensor(seeded(n, 12), shape), 0.01);
  const v = tf.abs(tf.mul(tf.tensor(seeded(n, 13), shape), 1e-4));
  const g = tf.tensor(seeded(n, 14), shape);
  const attrs = { beta1: 0.9, beta2: 0.98, eps: 1e-8, lr: 2e-2, weightDecay: 0.05, bc1: 1 - 0.9 ** 7, bc2: 1 - 0.98 ** 7 };
  const fused = fusedAdamW(p, m, v, g, attrs);
  const ops = opUpdate(p, m, v, g, attrs);
  const diffs = await Promise.all(fused.map(async (t, i) => {
    const [a, b] = [await t.data(), await ops[i].data()];
    // relative per element, floored at 1e-3 of the output's largest value (an update that lands near 0
    // keeps float32's absolute error, not its relative one)
    let floor = 0;
    for (let j = 0; j < b.length; j++) floor = Math.max(floor, 1e-3 * Math.abs(b[j]));
    let worst = 0;
    for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]) / Math.max(floor, Math.abs(b[j])));
    return worst;
  }));
  tf.dispose([p, m, v, g, ...fused, ...ops]);
  return { fused: hasFusedAdamW(), diffs };
}

/** AdamW over several tensors in one call (ProRegAdamWAll) against the op-by-op update on the same backend,
 * in chunks small enough that tensors share a program and the list spans several programs. */
async function adamwAllCheck() {
  const shapes = [[301, 259], [7], [1], [768, 3072], [3, 5], [2304]];
  const lrs = [2e-2, 1e-3, 5e-2, 1e-4, 2e-2, 3e-3];
  const wds = [0.05, 0, 0.1, 0.01, 0, 0.05];
  const attrs = { beta1: 0.9, beta2: 0.98, eps: 1e-8, bc1: 1 - 0.9 ** 7, bc2: 1 - 0.98 ** 7 };
  const inputs: Record<string, tf.Tensor> = {};
  shapes.forEach((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    inputs[`p${i}`] = tf.tensor(seeded(n, 31 + i), shape);
    inputs[`m${i}`] = tf.mul(tf.tensor(seeded(n, 41 + i), shape), 0.01);
    inputs[`v${i}`] = tf.abs(tf.mul(tf.tensor(seeded(n, 51 + i), shape), 1e-4));
    inputs[`g${i}`] = tf.tensor(seeded(n, 61 + i), shape);
  });
  const all = tf.engine().runKernel('ProRegAdamWAll', inputs, { ...attrs, lrs, weightDecays: wds, chunk: 300_000 }) as tf.Tensor[];
  const diffs: number[] = [];
  for (let i = 0; i < shapes.length; i++) {
    const ops = opUpdate(inputs[`p${i}`], inputs[`m${i}`], inputs[`v${i}`], inputs[`g${i}`], { ...attrs, lr: lrs[i], weightDecay: wds[i] });
    for (let k = 0; k < 3; k++) {
      const [a, b] = [await all[3 * i + k].data(), await ops[k].data()];
      let floor = 0;
      for (let j = 0; j < b.length; j++) floor = Math.max(floor, 1e-3 * Math.abs(b[j]));
      let worst = a.length === b.length ? 0 : Infinity;
      for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]) / Math.max(floor, Math.abs(b[j])));
      diffs.push(worst);
    }
    tf.dispose(ops);
  }
  tf.dispose([...all, ...Object.values(inputs)]);
  return { diffs };
}

/**
 * The fused passes the WASM pool splits between threads (attention for every query and for the class
 * query alone, LayerNorm, quick_gelu: values and gradients, at ViT-B/32 sizes) against the cpu backend's
 * float64 loops (checked against tfjs's composed ops in the unit tests): max |difference| / max |cpu|.
 */
async function poolPassesCheck() {
  const outputs = () =>
    tf.tidy(() => {
      const qkv = tf.tensor3d(seeded(4 * 50 * 2304, 21), [4, 50, 2304]);
      const x = tf.tensor2d(seeded(400 * 768, 22), [400, 768]);
      const h = tf.tensor2d(seeded(400 * 3072, 23), [400, 3072]);
      const [g, b] = [tf.add(1, tf.mul(0.1, tf.tensor1d(seeded(768, 24)))), tf.tensor1d(seeded(768, 25))];
      const out: tf.Tensor[] = [];
      for (const Q of [50, 1]) {
        const w = tf.tensor3d(seeded(4 * Q * 768, 26), [4, Q, 768]);
        out.push(attentionCore(qkv, 12, undefined, Q), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(attentionCore(a, 12, undefined, Q), w)))(qkv));
      }
      const wx = tf.tensor2d(seeded(400 * 768, 27), [400, 768]);
      out.push(layerNorm(x, g, b, 1e-5), ...tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(layerNorm(a, c, d, 1e-5), wx)))([x, g, b]));
      const wh = tf.tensor2d(seeded(400 * 3072, 28), [400, 3072]);
      out.push(activation(h, 'quick_gelu'), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(activation(a, 'quick_gelu'), wh)))(h));
      return out.map((t) => t.dataSync().slice());
    });
  await chooseBackend('cpu');
  const want = outputs();
  const backend = await chooseBackend('wasm');
  const got = outputs();
  const diffs = got.map((a, i) => {
    let worst = 0;
    let scale = 0;
    for (let j = 0; j < a.length; j++) {
      worst = Math.max(worst, Math.abs(a[j] - want[i][j]));
      scale = Math.max(scale, Math.abs(want[i][j]));
    }
    return worst / scale;
  });
  return { backend, diffs };
}

/** Named outputs (values and gradients) of the studio's fused ops at ViT-B/32 sizes and awkward ones. */
async function fusedOpCases(only?: string[]): Promise<Record<string, Float32Array>> {
  // read back asynchronously: tfjs's synchronous WebGPU read goes through a canvas, which a Worker on a
  // software adapter does not give back
  const out: Record<string, tf.Tensor> = {};
  const want = (name: string) => !only || only.some((o) => name.startsWith(o));
  let seed = 100;
  const rand = (shape: number[], scale = 1) => tf.mul(tf.tensor(seeded(shape.reduce((a, b) => a * b, 1), seed++), shape), scale);
  const linearCases: [string, number, number, number, boolean, 'quick_gelu' | 'gelu' | undefined, boolean][] = [
    ['linear fc1 400x768x3072 quick_gelu', 400, 768, 3072, true, 'quick_gelu', false],
    ['linear odd 37x29x67 gelu residual', 37, 29, 67, true, 'gelu', true],
    ['linear 1x3x1 residual', 1, 3, 1, true, undefined, true],
    ['linear 65x70x130 no bias', 65, 70, 130, false, undefined, false],
    // the vec4 kernel (K, N multiples of 4): ViT-B/16's 197 tokens (a partial row tile), a partial k tile
    // and column tile, a single row
    ['linear vec4 qkv 197x768x2304 residual', 197, 768, 2304, true, undefined, true],
    ['linear vec4 odd 5x12x8 gelu', 5, 12, 8, true, 'gelu', false],
    ['linear vec4 65x36x68 quick_gelu residual no bias', 65, 36, 68, false, 'quick_gelu', true],
    ['linear vec4 1x4x4', 1, 4, 4, true, undefined, false],
  ];
  for (const [name, M, K, N, hasBias, act, hasRes] of linearCases) {
    if (!want(name)) continue;
    tf.tidy(() => {
      const x = rand([M, K]);
      const w = rand([K, N], 1 / Math.sqrt(K));
      const b = rand([N]);
      const res = rand([M, N]);
      const wy = rand([M, N]);
      const f = (...t: tf.Tensor[]) => linear(t[0], t[1], hasBias ? t[2] : undefined, { activation: act, residual: hasRes ? t[3] : undefined });
      out[name] = tf.keep(f(x, w, b, res));
      const grads = tf.grads((...t: tf.Tensor[]) => tf.sum(tf.mul(f(...t), wy)))(hasBias ? (hasRes ? [x, w, b, res] : [x, w, b]) : [x, w]);
      grads.forEach((g, i) => (out[`${name} d${['x', 'w', 'b', 'res'][i]}`] = tf.keep(g)));
    });
  }
  const lnCases: [string, number, number][] = [
    ['layernorm 400x768', 400, 768],
    ['layernorm odd 37x29', 37, 29],
    ['layernorm 1x3', 1, 3],
  ];
  for (const [name, rows, d] of lnCases) {
    if (!want(name)) continue;
    tf.tidy(() => {
      // rows far from zero mean, as after a residual
      const x = tf.add(rand([rows, d], 3), 5);
      const g = tf.add(1, rand([d], 0.1));
      const b = rand([d]);
      const wy = rand([rows, d]);
      out[name] = tf.keep(layerNorm(x, g, b, 1e-5));
      const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(layerNorm(a, c, e, 1e-5), wy)))([x, g, b]);
      grads.forEach((t, i) => (out[`${name} d${['x', 'g', 'b'][i]}`] = tf.keep(t)));
      // with x also read by a residual path (layerNormSkip: on WebGPU its gradient is added inside the norm's)
      const wr = rand([rows, d]);
      const skipLoss = (a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => {
        const [y, res] = layerNormSkip(a, c, e, 1e-5);
        return tf.add(tf.sum(tf.mul(y, wy)), tf.sum(tf.mul(tf.mul(res, res), wr)));
      };
      out[`${name} skip`] = tf.keep(layerNormSkip(x, g, b, 1e-5)[1]);
      tf.grads(skipLoss)([x, g, b]).forEach((t, i) => (out[`${name} skip d${['x', 'g', 'b'][i]}`] = tf.keep(t)));
    });
  }
  const attnCases: [string, number, number, number, number, number][] = [
    ['attention vit-b32 4x50 12 heads', 4, 50, 768, 12, 50],
    ['attention vit-b32 class query', 4, 50, 768, 12, 1],
    ['attention odd 3x7 one head', 3, 7, 5, 1, 7],
    ['attention odd 2x9 3 heads 4 queries', 2, 9, 12, 3, 4],
  ];
  for (const [name, B, N, D, H, Q] of attnCases) {
    if (!want(name)) continue;
    tf.tidy(() => {
      const qkv = rand([B, N, 3 * D], 2);
      const wy = rand([B, Q, D]);
      out[name] = tf.keep(attentionCore(qkv, H, undefined, Q));
      out[`${name} dqkv`] = tf.keep(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(attentionCore(a, H, undefined, Q), wy)))(qkv));
    });
  }
  // the cosine head (ViT-B/32's E = 512; DomainNet's 345 classes) and awkward sizes (more rows than a
  // workgroup's threads, one class, one sample)
  const headCases: [string, number, number, number][] = [
    ['head vit-b32 8x512 345 classes', 8, 512, 345],
    ['head odd 65x70 130 classes', 65, 70, 130],
    ['head 1x3 one class', 1, 3, 1],
  ];
  for (const [name, B, E, C] of headCases) {
    if (!want(name)) continue;
    tf.tidy(() => {
      const f = rand([B, E]);
      const w = rand([C, E]);
      const s = tf.scalar(Math.log(100));
      const wy = rand([B, C]);
      out[name] = tf.keep(cosineLogits(f, w, s));
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(cosineLogits(a, b, c), wy)))([f, w, s]);
      grads.forEach((t, i) => (out[`${name} d${['f', 'w', 's'][i]}`] = tf.keep(t)));
    });
  }
  // every loss kind and weight variant, at batch 8 with 345 classes and at awkward sizes
  const lossCases: [string, number, number, Partial<LossConfig>][] = [
    ['loss proreg official 8x345', 8, 345, {}],
    ['loss proreg prob_ratio alpha 2 T 2 8x6', 8, 6, { variant: 'prob_ratio', alpha: 2, temperature: 2 }],
    ['loss proreg ce_ratio gamma 2 odd 65x7', 65, 7, { variant: 'ce_ratio', gamma: 2 }],
    ['loss kd alpha 0.5 T 3 3x5', 3, 5, { kind: 'kd', alpha: 0.5, temperature: 3 }],
    ['loss ce one sample 1x3', 1, 3, { kind: 'ce' }],
  ];
  for (const [name, B, C, cfg] of lossCases) {
    if (!want(name)) continue;
    tf.tidy(() => {
      // logits at CLIP's scale (|z| up to ~30): confident and unsure rows, so the weight varies
      const z = rand([B, C], 8);
      const t = rand([B, C], 8);
      const labels = tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 7) % C), 'int32');
      const lc: LossConfig = { ...DEFAULT_LOSS, ...cfg };
      const parts = lossParts(lc, z, t, labels);
      for (const k of ['loss', ...PART_NAMES] as const) out[`${name} ${k}`] = tf.keep(parts[k]);
      out[`${name} dz`] = tf.keep(tf.grad((a: tf.Tensor) => lossParts(lc, a, t, labels).loss)(z));
    });
  }
  const values: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(out)) values[k] = (await t.data()) as Float32Array;
  tf.dispose(Object.values(out));
  return values;
}

/** fusedOpCases on the cpu backend and on `backend`: max |difference| / max |cpu| per output. */
async function fusedOpsCheck(backend: BackendName, only?: string[]) {
  await chooseBackend('cpu');
  const want = await fusedOpCases(only);
  const report = await chooseBackend(backend);
  const got = await fusedOpCases(only);
  const diffs: Record<string, number> = {};
  for (const [k, a] of Object.entries(got)) {
    let worst = 0;
    let scale = 0;
    for (let j = 0; j < a.length; j++) {
      worst = Math.max(worst, Math.abs(a[j] - want[k][j]));
      scale = Math.max(scale, Math.abs(want[k][j]));
    }
    diffs[k] = a.length !== want[k].length ? Infinity : scale > 0 ? worst / scale : worst; // all-zero outputs: the absolute difference
  }
  return { backend: report, features: await adapterFeatures(), diffs, kernels: ['ProRegLinear', 'ProRegLinearGrad', 'ProRegLayerNorm', 'ProRegLayerNormGradFull', 'ProRegLayerNormSkip', 'ProRegAttention', 'ProRegAttentionGrad', 'ProRegCosineHead', 'ProRegCosineHeadGrad', 'ProRegLoss'].filter((n) => tf.getKernel(n, backend) !== undefined) };
}

/** Logits of one image against texts, from a model folder served under `folder` (an exported model). */
async function embedFolder(folder: string, image: string, texts: string[]) {
  const src: FileSource = {
    label: folder,
    async read(file) {
      const r = await fetch(`${folder}/${file}`);
      return r.ok ? new Uint8Array(await r.arrayBuffer()) : null;
    },
  };
  const bundle = await loadClipBundle(src);
  const S = bundle.model.config.vision.imageSize;
  const px = preprocessImage(await decodeImageBlob(await (await fetch(image)).blob(), image), bundle.preprocess);
  const x = tf.tensor4d(px, [1, 3, S, S]);
  const img = bundle.model.encodeImage(x);
  const txt = bundle.model.encodeText(texts.map((t) => bundle.tokenizer.tokenize(t).ids), bundle.tokenizer.endId);
  const logits = bundle.model.logits(img, txt);
  const out = Array.from(await logits.data());
  tf.dispose([x, img, txt, logits]);
  bundle.model.dispose();
  return { logits: out };
}

interface Run { images: string[]; classes: string[]; template: string; labels: number[]; scope: string; alpha: number; variant: string; gamma: number; steps: number; optimizer: { lr_head: number; lr_encoder: number; weight_decay: number } }

async function trajectory(run: Run) {
  const bundle = await loadClipBundle(source);
  const px = await referencePixels(run.images);
  const per = 3 * 224 * 224;
  const pixels = new Map(run.images.map((_, i) => [i, px.slice(i * per, (i + 1) * per)]));
  const samples = run.labels.map((label, id) => ({ id, label, split: 'train' as const }));
  const cfg: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG, method: 'proreg', scope: run.scope, alpha: run.alpha, variant: run.variant as TrainConfig['variant'], gamma: run.gamma,
    lrEncoder: run.optimizer.lr_encoder, lrHead: run.optimizer.lr_head, weightDecay: run.optimizer.weight_decay, schedule: 'constant',
    epochs: run.steps, batchSize: 8, microBatch: 8, augment: 'none', valFraction: 0, evalsPerEpoch: 1,
  };
  const w0 = classEmbeddings(bundle.model, bundle.tokenizer, run.classes, [run.template]);
  const points: StepPoint[] = [];
  const trainer = new Trainer(bundle.model, w0, memoryData(run.classes, samples, pixels), cfg, { step: (p) => points.push(p) });
  const result = await trainer.train();
  const logits = Array.from(await trainer.logitsFor(samples.map((s) => s.id)));
  trainer.dispose();
  result.model.dispose();
  w0.dispose();
  bundle.model.dispose();
  return { losses: points.map((p) => p.loss), logits };
}

/** Pipelines compiled so far on the WebGPU backend: tfjs's pipeline cache and the studio kernels', by key. */
function pipelineKeys(): Set<string> {
  const backend = webGpuBackend();
  if (!backend) throw new Error('not on WebGPU');
  return new Set([...Object.keys((backend as unknown as { pipelineCache: Record<string, unknown> }).pipelineCache), ...compiledKernelKeys(backend)]);
}

/**
 * A training run's pipelines on WebGPU: compiled by the model's load, by the run's preparation (caching pass
 * and warm-up) and during each step (counted from the trainer's pre-step check to its step event).
 */
async function stepCompiles(run: Run) {
  const bundle = await loadClipBundle(source);
  const px = await referencePixels(run.images);
  const per = 3 * 224 * 224;
  const pixels = new Map(run.images.map((_, i) => [i, px.slice(i * per, (i + 1) * per)]));
  const samples = run.labels.map((label, id) => ({ id, label, split: 'train' as const }));
  const cfg: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG, method: 'proreg', scope: run.scope, lrEncoder: run.optimizer.lr_encoder, lrHead: run.optimizer.lr_head,
    schedule: 'constant', epochs: run.steps, batchSize: 8, microBatch: 8, augment: 'none', valFraction: 0, evalsPerEpoch: 1,
  };
  const w0 = classEmbeddings(bundle.model, bundle.tokenizer, run.classes, [run.template]);
  const atStart = pipelineKeys();
  let before = atStart;
  const inStep: string[][] = [];
  const phases = new Set<string>();
  let prepared = 0;
  const added = (from: Set<string>) => [...pipelineKeys()].filter((k) => !from.has(k));
  const trainer = new Trainer(bundle.model, w0, memoryData(run.classes, samples, pixels), cfg, {
    progress: (p) => phases.add(p.phase),
    step: () => inStep.push(added(before)),
  }, {
    isStopped: () => false,
    waitWhilePaused: async () => {
      if (inStep.length === 0) prepared = added(atStart).length;
      before = pipelineKeys();
    },
  });
  const result = await trainer.train();
  trainer.dispose();
  result.model.dispose();
  w0.dispose();
  bundle.model.dispose();
  return { atLoad: atStart.size, inPreparation: prepared, inStep, phases: [...phases] };
}

self.onmessage = async (e: MessageEvent<{ kind: string; backend: BackendName | 'auto' } & Record<string, unknown>>) => {
  try {
    if (typeof e.data.threads === 'number') configureWasmThreads(e.data.threads);
    const backend = await chooseBackend(e.data.backend);
    let result: unknown;
    if (e.data.kind === 'backend') result = { backend };
    else if (e.data.kind === 'adamw') result = { backend, ...(await adamwCheck()) };
    else if (e.data.kind === 'pool-passes') result = await poolPassesCheck();
    else if (e.data.kind === 'adamw-all') result = { backend, ...(await adamwAllCheck()) };
    else if (e.data.kind === 'fused-ops') result = await fusedOpsCheck(e.data.backend as BackendName, e.data.only as string[] | undefined);
    else if (e.data.kind === 'gemm') result = { backend, ...(await gemmCheck()) };
    else if (e.data.kind === 'matmul') result = { backend, gflops: await matmulSpeed() };
    else if (e.data.kind === 'clip-reference') result = { backend, ...(await clipReference(e.data.images as string[], e.data.ids as number[][], await modelSource(e.data.model as Parameters<typeof modelSource>[0]))) };
    else if (e.data.kind === 'embed-folder') result = { backend, ...(await embedFolder(e.data.folder as string, e.data.image as string, e.data.texts as string[])) };
    else if (e.data.kind === 'preprocess') result = { backend, errors: await preprocessErrors(e.data.images as string[]) };
    else if (e.data.kind === 'step-compiles') result = { backend, ...(await stepCompiles(e.data.run as Run)) };
    else if (e.data.kind === 'trajectory') result = { backend, ...(await trajectory(e.data.run as Run)) };
    else throw new Error(`unknown check ${e.data.kind}`);
    self.postMessage({ ok: true, result });
  } catch (err) {
    self.postMessage({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
};
