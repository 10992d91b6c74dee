import { describe, expect, it } from 'vitest';
import '../backend-node'; // turns on Node 20's relaxed SIMD flag, as the CLI does
import { GEMM, KC, NC, SCRATCH_BYTES } from './gemm-wasm';
import type { GemmExport } from './gemm-call';
import { hasRelaxedSimd, poolModuleBytes } from '../pool/pool';
import { bind } from '../wasm/pass';

const gemmModuleBytes = (fma: boolean) => poolModuleBytes(fma, { minPages: 1, shared: false }, []);

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

function instance(fma: boolean) {
  const memory = new WebAssembly.Memory({ initial: 256 });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(gemmModuleBytes(fma)), { env: { memory } });
  return { memory, gemm: bind(GEMM, inst.exports) as GemmExport };
}

interface Case { m: number; n: number; k: number; ta: boolean; tb: boolean; ldc?: number; bias?: boolean }

/** Runs one product in fresh memory; returns the worst error relative to sum |products| and whether
 * anything outside C's m x n window changed. */
function check(gemm: GemmExport, memory: WebAssembly.Memory, { m, n, k, ta, tb, ldc = n, bias = false }: Case) {
  const a = values(m * k, 1);
  const b = values(k * n, 2);
  const aOff = 64;
  const bOff = aOff + a.length + 16;
  const cOff = bOff + b.length + 16;
  const cLen = (m - 1) * ldc + n;
  const biasOff = cOff + cLen + 32;
  const biasValues = values(n, 5);
  const scratch = (biasOff + n + 64) * 4;
  const f32 = new Float32Array(memory.buffer);
  f32.fill(0);
  f32.set(a, aOff);
  f32.set(b, bOff);
  f32.fill(7, cOff - 16, cOff + cLen + 16); // sentinels around and between C's rows
  f32.set(biasValues, biasOff);
  const [rsA, csA] = ta ? [1, m] : [k, 1];
  const [rsB, csB] = tb ? [1, k] : [n, 1];
  gemm({ a: aOff * 4, rsA, csA, b: bOff * 4, rsB, csB, c: cOff * 4, ldc, m, n, k, scratch, bias: bias ? biasOff * 4 : 0 });
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias ? biasValues[j] : 0;
      let scale = bias ? Math.abs(biasValues[j]) : 0;
      for (let p = 0; p < k; p++) {
        const x = a[i * rsA + p * csA] * b[p * rsB + j * csB];
        s += x;
        scale += Math.abs(x);
      }
      worst = Math.max(worst, Math.abs(f32[cOff + i * ldc + j] - s) / scale);
    }
  }
  let outside = 0;
  for (let o = cOff - 16; o < cOff + cLen + 16; o++) {
    const rel = o - cOff;
    const inside = rel >= 0 && rel < cLen && rel % ldc < n;
    if (!inside && f32[o] !== 7) outside++;
  }
  return { worst, outside };
}

const cases: Case[] = [
  { m: 1, n: 1, k: 1, ta: false, tb: false },
  { m: 4, n: 8, k: 3, ta: false, tb: false }, // one whole tile
  { m: 5, n: 9, k: 7, ta: false, tb: false }, // a strip of 1 row, a partial panel of 1 column
  { m: 7, n: 13, k: KC + 1, ta: false, tb: true }, // k in two passes
  { m: 11, n: NC + 21, k: 2 * KC + 3, ta: true, tb: false }, // two column blocks, three passes
  { m: 23, n: 50, k: 64, ta: true, tb: true },
  { m: 6, n: 17, k: 9, ta: false, tb: false, ldc: 40 }, // C inside a wider matrix
  { m: 9, n: 13, k: KC + 5, ta: false, tb: false, bias: true }, // bias on the first pass only, partial panel
  { m: 5, n: NC + 3, k: 7, ta: true, tb: true, bias: true }, // bias across column blocks
];

describe.each([true, false])('generated GEMM (fma=%s)', (fma) => {
  it('validates here (relaxed SIMD: Node 20 behind the flag backend-node sets)', () => {
    expect(WebAssembly.validate(gemmModuleBytes(fma))).toBe(true);
    if (fma) expect(hasRelaxedSimd()).toBe(true);
  });

  it.each(cases)('C = A·B for %o, within float32 rounding, nothing else written', (c) => {
    const { gemm, memory } = instance(fma);
    const { worst, outside } = check(gemm, memory, c);
    expect(worst).toBeLessThan(1e-5); // float32 gives ~1e-7; an indexing error gives > 1e-2
    expect(outside).toBe(0);
  });

  it('needs no more scratch than it declares: memory past it is untouched', () => {
    const { gemm, memory } = instance(fma);
    const f32 = new Float32Array(memory.buffer);
    const [m, n, k] = [9, NC + 5, KC + 9];
    f32.set(values(m * k, 3), 0);
    f32.set(values(k * n, 4), m * k);
    const scratch = (m * k + k * n + m * n) * 4;
    const end = scratch / 4 + SCRATCH_BYTES / 4;
    f32.fill(3, end, end + 1024);
    gemm({ a: 0, rsA: k, csA: 1, b: m * k * 4, rsB: n, csB: 1, c: (m * k + k * n) * 4, ldc: n, m, n, k, scratch, bias: 0 });
    expect(f32.subarray(end, end + 1024).every((x) => x === 3)).toBe(true);
  });
});
