import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../backend-node';
import { activation } from '../../model/ops';
import { GELU, GELU_GRAD } from './gelu-wasm';
import { poolModuleBytes } from '../pool/pool';
import { bind } from '../wasm/pass';
import { activeGemmPool } from '../pool/attach';

/** float64 quick_gelu and its derivative. */
const sig = (x: number) => 1 / (1 + Math.exp(-1.702 * x));
const gelu = (x: number) => x * sig(x);
const dgelu = (x: number) => sig(x) + 1.702 * x * sig(x) * (1 - sig(x));

describe('generated quick_gelu passes (in the pool module)', () => {
  it('matches float64 over [-60, 60] and at the extremes, within float32 rounding', () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const exports = new WebAssembly.Instance(new WebAssembly.Module(poolModuleBytes(false, { minPages: 1, shared: false }, [GELU, GELU_GRAD])), { env: { memory } }).exports;
    const [runGelu, runGeluGrad] = [bind(GELU, exports), bind(GELU_GRAD, exports)];
    const n = 4096;
    const f = new Float32Array(memory.buffer);
    for (let i = 0; i < n; i++) f[i] = -60 + (120 * i) / n;
    f.set([0, -0, 1e-30, -1e-30, 300, -300, 88, -88], n - 8);
    f.fill(1, n, 2 * n); // dy = 1: the output is the derivative itself
    runGelu({ x: 0, y: 2 * n * 4, groups: n / 4 });
    runGeluGrad({ x: 0, dy: n * 4, dx: 3 * n * 4, groups: n / 4 });
    for (let i = 0; i < n; i++) {
      const x = f[i];
      // absolute error scaled by |x| + 1: relative where the values are large, absolute near zero
      expect(Math.abs(f[2 * n + i] - gelu(x)) / (Math.abs(x) + 1), `gelu(${x})`).toBeLessThan(1e-6);
      expect(Math.abs(f[3 * n + i] - dgelu(x)), `gelu'(${x})`).toBeLessThan(1e-6);
      expect(Number.isFinite(f[2 * n + i]) && Number.isFinite(f[3 * n + i])).toBe(true);
    }
  });
});

describe('ProRegQuickGelu kernels', () => {
  it('run on WASM through the SIMD module: one kernel each way, no Sigmoid', async () => {
    await useNodeBackend('wasm');
    expect(activeGemmPool()).toBeDefined(); // the pool's SIMD passes run the kernels
    const x = tf.randomNormal([50, 3072], 0, 2, 'float32', 5);
    const fwd = await tf.profile(() => activation(x, 'quick_gelu'));
    expect(fwd.kernelNames.filter(Boolean)).toEqual(['ProRegQuickGelu']); // '' is customGrad's own record
    const bwd = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(activation(t, 'quick_gelu')))(x));
    expect(bwd.kernelNames).toContain('ProRegQuickGeluGrad');
    expect(bwd.kernelNames).not.toContain('Sigmoid');
  });

  it.each(['wasm', 'cpu'] as const)('on %s equal float64, sizes not a multiple of 4 included (JavaScript tail)', async (backend) => {
    await useNodeBackend(backend);
    const xs = Array.from({ length: 1003 }, (_, i) => Math.sin(i) * 8);
    const dys = Array.from({ length: 1003 }, (_, i) => Math.cos(i));
    const x = tf.tensor1d(xs);
    const y = activation(x, 'quick_gelu').dataSync();
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(activation(t, 'quick_gelu'), tf.tensor1d(dys))))(x).dataSync();
    xs.forEach((v, i) => {
      expect(y[i]).toBeCloseTo(gelu(v), 5);
      expect(dx[i]).toBeCloseTo(dys[i] * dgelu(v), 5);
    });
  });
});
