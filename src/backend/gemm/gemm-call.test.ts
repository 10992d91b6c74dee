import { describe, expect, it } from 'vitest';
import { splitCall, type GemmCall } from './gemm-call';

const base: GemmCall = { a: 1000, rsA: 64, csA: 1, b: 900000, rsB: 300, csB: 1, c: 5000000, ldc: 300, m: 50, n: 300, k: 64, batches: 1, sa: 0, sb: 0, sc: 0, bias: 0 };

/** Every output element (batch, row, column) each part writes, from its pointers and sizes. */
function cells(call: GemmCall, whole: GemmCall): string[] {
  const out: string[] = [];
  for (let p = 0; p < call.batches; p++) {
    const c0 = (call.c + p * call.sc - whole.c) / 4;
    for (let i = 0; i < call.m; i++) for (let j = 0; j < call.n; j++) out.push(String(c0 + i * call.ldc + j));
  }
  return out;
}

function expectPartition(whole: GemmCall, parts: GemmCall[]) {
  const all = parts.flatMap((p) => cells(p, whole));
  expect(new Set(all).size).toBe(all.length); // no element twice
  expect(all.sort()).toEqual(cells(whole, whole).sort()); // every element once
}

describe('splitCall', () => {
  it('splits columns into whole 8-wide panels, moving B and C together', () => {
    const parts = splitCall(base, 3);
    expect(parts).toHaveLength(3);
    parts.slice(0, -1).forEach((p) => expect(p.n % 8).toBe(0));
    parts.forEach((p) => expect((p.b - base.b) / 4).toBe((p.c - base.c) / 4)); // same column offset (csB = 1)
    parts.forEach((p) => expect(p.bias).toBe(0)); // no bias stays none
    expectPartition(base, parts);
    const withBias = splitCall({ ...base, bias: 40 }, 3);
    withBias.forEach((p) => expect(p.bias - 40).toBe(p.c - base.c)); // the bias moves with C's columns
  });

  it('with transposed B, moves B by whole rows of the stored matrix', () => {
    const t = { ...base, rsB: 1, csB: 64 };
    const parts = splitCall(t, 2);
    expect(parts[1].b - t.b).toBe(parts[1].c - t.c === 0 ? 0 : ((parts[1].c - t.c) / 4) * 64 * 4);
    expectPartition(t, parts);
  });

  it('splits matrices when there are enough of them', () => {
    const batched = { ...base, batches: 96, sa: 64 * 50 * 4, sb: 64 * 300 * 4, sc: 50 * 300 * 4 };
    const parts = splitCall(batched, 4);
    expect(parts.map((p) => p.batches)).toEqual([24, 24, 24, 24]);
    expectPartition(batched, parts);
  });

  it('splits rows of a narrow product, in steps of the tile height', () => {
    const narrow = { ...base, n: 9, ldc: 9, m: 301 };
    const parts = splitCall(narrow, 2);
    expect(parts[0].m % 4).toBe(0);
    expectPartition(narrow, parts);
  });

  it('never makes empty parts, and leaves one thread whole', () => {
    const tiny = { ...base, n: 8, m: 2 };
    expect(splitCall(tiny, 8).every((p) => p.m > 0 && p.n > 0 && p.batches > 0)).toBe(true);
    expectPartition(tiny, splitCall(tiny, 8));
    expect(splitCall(base, 1)).toEqual([base]);
  });
});
