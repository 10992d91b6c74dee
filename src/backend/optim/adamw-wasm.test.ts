import { describe, expect, it } from 'vitest';
import { ADAMW_PASS } from './adamw-wasm';
import { poolModuleBytes } from '../pool/pool';
import type { AdamWScalars } from './adamw-scalars';
import { bind } from '../wasm/pass';

describe('generated AdamW pass', () => {
  it('equals the float64 update within float32 rounding, leaving its inputs alone', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const adamw = bind(ADAMW_PASS, new WebAssembly.Instance(new WebAssembly.Module(poolModuleBytes(false, { minPages: 1, shared: false }, [ADAMW_PASS])), { env: { memory } }).exports);
    const n = 512;
    const f = new Float32Array(memory.buffer);
    for (let i = 0; i < n; i++) {
      f[i] = Math.sin(i); // p
      f[n + i] = 0.01 * Math.cos(i); // m
      f[2 * n + i] = 1e-4 * (1 + Math.sin(3 * i)); // v >= 0
      f[3 * n + i] = Math.cos(7 * i); // g
    }
    const before = f.slice(0, 4 * n);
    const step = 5;
    const [lr, wd, beta1, beta2, eps] = [1e-3, 0.1, 0.9, 0.98, 1e-6];
    const s: AdamWScalars = { beta1, beta2, c1: 1 - beta1, c2: 1 - beta2, keep: 1 - lr * wd, stepSize: lr / (1 - beta1 ** step), invSqrtBc2: 1 / Math.sqrt(1 - beta2 ** step), eps };
    adamw({ p: 0, m: n * 4, v: 2 * n * 4, g: 3 * n * 4, p1: 4 * n * 4, m1: 5 * n * 4, v1: 6 * n * 4, groups: n / 4, ...s });
    for (let i = 0; i < n; i++) {
      const [p, m, v, g] = [before[i], before[n + i], before[2 * n + i], before[3 * n + i]];
      const m1 = beta1 * m + (1 - beta1) * g;
      const v1 = beta2 * v + (1 - beta2) * g * g;
      const p1 = p * (1 - lr * wd) - (lr / (1 - beta1 ** step)) * (m1 / (Math.sqrt(v1) / Math.sqrt(1 - beta2 ** step) + eps));
      // float32 rounding, relative to the terms each result adds up
      expect(Math.abs(f[5 * n + i] - m1)).toBeLessThan(3e-7 * (Math.abs(beta1 * m) + Math.abs((1 - beta1) * g)));
      expect(Math.abs(f[6 * n + i] - v1)).toBeLessThan(3e-7 * (beta2 * v + (1 - beta2) * g * g));
      expect(Math.abs(f[4 * n + i] - p1)).toBeLessThan(1e-6 * (Math.abs(p) + Math.abs(p1 - p * (1 - lr * wd))));
    }
    expect(f.subarray(0, 4 * n)).toEqual(before);
  });
});
