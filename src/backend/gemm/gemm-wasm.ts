// The generated GEMM: C = A·B in float32 over a shared memory, single-threaded over the region it is given
// (threads split the columns between them). A and B are read through row and column strides, so transposed
// operands cost nothing extra: each KCxNC block of B is first packed into zero-padded panels of 8 columns
// (contiguous, so the tile reads it with one pointer and no cache-set conflicts); A is read in place when
// contiguous in k, else its strip is packed too.
// The 4x8 tile keeps 8 SIMD accumulators in registers (6 rows spill on V8: it keeps 15 of 16 vector
// registers) and, per step of k, loads two vectors of B, splats four values of A and does 8 multiply-adds:
// fused (relaxed SIMD) where the engine has them, else multiply then add as tfjs's XNNPACK build does.
import { Body, I32, V128, type FunctionDef } from '../wasm/wasm-encoder';
import { pass, passBody } from '../wasm/pass';

export const MR = 4;
export const NR = 8;
/** Depth of one pass over k: a 4xKC strip of A (4 KB) stays in L1 while the tile walks the columns. */
export const KC = 256;
/** Columns per packed block: KCxNC of B (512 KB) stays in L2 while the strips of A walk the rows. */
export const NC = 512;
/** Bytes of scratch `gemm` needs: the packed block of B, one C tile for the last, partial columns, one
 * packed strip of A (used when A's k-stride is not 1: a transposed A, as in weight gradients) and the bias
 * of the partial columns. */
export const SCRATCH_BYTES = KC * NC * 4 + MR * NR * 4 + KC * MR * 4 + NR * 4;

// tile(a, rsA, csA, bp, c, ldc, kc, accumulate, bias): an mr x 8 tile of C from A's strip and a packed
// panel; it starts from C (accumulate), else from 8 bias values on every row (bias != 0), else from zero.
function tile(mr: number, fma: boolean): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [a, rsA, csA, bp, c, ldc, kc, accumulate, bias] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const ap = Array.from({ length: mr }, () => f.local(I32));
  const acc = Array.from({ length: mr * 2 }, () => f.local(V128));
  const [b0, b1, av] = [f.local(V128), f.local(V128), f.local(V128)];
  for (let r = 0; r < mr; r++) f.get(a).get(rsA).i32(r).mul().add().set(ap[r]);
  f.get(accumulate).if_();
  for (let r = 0; r < mr; r++) {
    f.get(c).get(ldc).i32(r).mul().add().v128Load(0).set(acc[2 * r]);
    f.get(c).get(ldc).i32(r).mul().add().v128Load(16).set(acc[2 * r + 1]);
  }
  f.else_();
  f.get(bias).if_();
  for (let r = 0; r < mr; r++) f.get(bias).v128Load(0).set(acc[2 * r]).get(bias).v128Load(16).set(acc[2 * r + 1]);
  f.else_();
  for (const x of acc) f.v128Zero().set(x);
  f.end();
  f.end();
  f.block().loop();
  f.get(bp).v128Load(0).set(b0).get(bp).v128Load(16).set(b1);
  for (let r = 0; r < mr; r++) {
    f.get(ap[r]).v128LoadSplat32(0).set(av);
    for (const [bv, x] of [[b0, acc[2 * r]], [b1, acc[2 * r + 1]]]) {
      if (fma) f.get(av).get(bv).get(x).f32x4RelaxedMadd().set(x);
      else f.get(av).get(bv).f32x4Mul().get(x).f32x4Add().set(x);
    }
    f.get(ap[r]).get(csA).add().set(ap[r]);
  }
  f.get(bp).i32(NR * 4).add().set(bp);
  f.get(kc).i32(1).sub().tee(kc).brIf(0);
  f.end().end();
  for (let r = 0; r < mr; r++) {
    f.get(c).get(ldc).i32(r).mul().add().get(acc[2 * r]).v128Store(0);
    f.get(c).get(ldc).i32(r).mul().add().get(acc[2 * r + 1]).v128Store(16);
  }
  return f;
}

// pack(b, rsB, csB, dst, kc, nb): dst[p][k][0..8] = B[k, 8p .. 8p+8], zero past column nb.
function pack(): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32]);
  const [b, rsB, csB, dst, kc, nb] = [0, 1, 2, 3, 4, 5];
  const [jp, k, j, src, row] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  f.i32(0).set(jp).block().loop();
  f.get(b).get(jp).get(csB).mul().add().set(row);
  f.i32(0).set(k).block().loop();
  f.get(csB).i32(4).eq().get(jp).i32(NR).add().get(nb).leS().and_().if_();
  f.get(dst).get(row).v128Load(0).v128Store(0).get(dst).get(row).v128Load(16).v128Store(16);
  f.else_();
  f.get(row).set(src).i32(0).set(j).block().loop();
  f.get(dst).get(j).i32(4).mul().add();
  f.get(src).f32Load(0).f32Const0().get(jp).get(j).add().get(nb).ltS().select();
  f.f32Store(0);
  f.get(src).get(csB).add().set(src);
  f.get(j).i32(1).add().tee(j).i32(NR).ltS().brIf(0);
  f.end().end();
  f.end();
  f.get(dst).i32(NR * 4).add().set(dst).get(row).get(rsB).add().set(row);
  f.get(k).i32(1).add().tee(k).get(kc).ltS().brIf(0);
  f.end().end();
  f.get(jp).i32(NR).add().tee(jp).get(nb).ltS().brIf(0);
  f.end().end();
  return f;
}

// packA(a, rsA, csA, dst, mr, kc): dst[k][r] = A[r, k] for r < mr, rows MR apart. Strided in k, A's strip
// would touch KC cache lines one k-stride apart (the same L1 sets when the stride is a multiple of 4 KB) for
// every panel; packed it is KC*MR*4 contiguous bytes.
function packA(): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32]);
  const [a, rsA, csA, dst, mr, kc] = [0, 1, 2, 3, 4, 5];
  const [k, r, src] = [f.local(I32), f.local(I32), f.local(I32)];
  f.i32(0).set(k).block().loop();
  // a whole strip's k-column is one vector when A is transposed (rows adjacent) and MR is 4
  f.get(rsA).i32(4).eq().get(mr).i32(MR).eq().and_().i32(MR === 4 ? 1 : 0).and_().if_();
  f.get(dst).get(a).v128Load(0).v128Store(0);
  f.else_();
  f.get(a).set(src).i32(0).set(r).block().loop();
  f.get(dst).get(r).i32(4).mul().add().get(src).f32Load(0).f32Store(0);
  f.get(src).get(rsA).add().set(src);
  f.get(r).i32(1).add().tee(r).get(mr).ltS().brIf(0);
  f.end().end();
  f.end();
  f.get(a).get(csA).add().set(a).get(dst).i32(MR * 4).add().set(dst);
  f.get(k).i32(1).add().tee(k).get(kc).ltS().brIf(0);
  f.end().end();
  return f;
}

// copyTile(src, ldSrc, dst, ldDst, rows, cols): the partial tile in and out of scratch.
function copyTile(): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32]);
  const [src, ldSrc, dst, ldDst, rows, cols] = [0, 1, 2, 3, 4, 5];
  const [r, j] = [f.local(I32), f.local(I32)];
  f.i32(0).set(r).block().loop();
  f.i32(0).set(j).block().loop();
  f.get(dst).get(r).get(ldDst).mul().add().get(j).i32(4).mul().add();
  f.get(src).get(r).get(ldSrc).mul().add().get(j).i32(4).mul().add().f32Load(0).f32Store(0);
  f.get(j).i32(1).add().tee(j).get(cols).ltS().brIf(0);
  f.end().end();
  f.get(r).i32(1).add().tee(r).get(rows).ltS().brIf(0);
  f.end().end();
  return f;
}

/** C[m,n] = A[m,k]·B[k,n] (+ bias[n] on every row when bias != 0). Strides in elements, pointers in bytes;
 * `scratch` is SCRATCH_BYTES of the calling thread's own. */
export const GEMM = pass('gemm', { a: 'ptr', rsA: 'i32', csA: 'i32', b: 'ptr', rsB: 'i32', csB: 'i32', c: 'ptr', ldc: 'i32', m: 'i32', n: 'i32', k: 'i32', scratch: 'ptr', bias: 'ptr' });

function gemm(tiles: number[], packFn: number, packAFn: number, copyFn: number): Body {
  const { f, at: params } = passBody(GEMM);
  const { a, rsA, csA, b, rsB, csB, c, ldc, m, n, k, scratch, bias } = params;
  const [jc, nb, pc, kc, ir, mr, jr, acc, cp, ct, ldt, ap, rsT, csT, at, bt, bj] = Array.from({ length: 17 }, () => f.local(I32));
  for (const x of [rsA, csA, rsB, csB, ldc]) f.get(x).i32(4).mul().set(x);
  f.get(scratch).i32(KC * NC * 4).add().set(ct);
  f.get(ct).i32(MR * NR * 4).add().set(at);
  f.get(at).i32(KC * MR * 4).add().set(bt);
  f.i32(0).set(jc).block().loop();
  min(f, () => f.get(n).get(jc).sub(), NC, nb);
  f.i32(0).set(pc).block().loop();
  min(f, () => f.get(k).get(pc).sub(), KC, kc);
  f.get(pc).i32(0).gtS().set(acc);
  f.get(b).get(pc).get(rsB).mul().add().get(jc).get(csB).mul().add().get(rsB).get(csB).get(scratch).get(kc).get(nb).call(packFn);
  f.i32(0).set(ir).block().loop();
  min(f, () => f.get(m).get(ir).sub(), MR, mr);
  // the strip of A for (ir, pc): in place when contiguous in k, else packed
  f.get(a).get(ir).get(rsA).mul().add().get(pc).get(csA).mul().add().set(ap);
  f.get(rsA).set(rsT).get(csA).set(csT);
  f.get(csA).i32(4).ne().if_();
  f.get(ap).get(rsA).get(csA).get(at).get(mr).get(kc).call(packAFn);
  f.get(at).set(ap).i32(4).set(rsT).i32(MR * 4).set(csT);
  f.end();
  f.i32(0).set(jr).block().loop();
  f.get(c).get(ir).get(ldc).mul().add().get(jc).get(jr).add().i32(4).mul().add().set(cp);
  f.get(ldc).set(ldt);
  // this panel's bias (0: none)
  f.get(bias).if_().get(bias).get(jc).get(jr).add().i32(4).mul().add().set(bj).else_().i32(0).set(bj).end();
  // partial last panel: work on a scratch tile (padded B gives zeros in the extra columns), bias copied too
  f.get(jr).i32(NR).add().get(nb).gtS().if_();
  f.get(acc).if_().get(cp).get(ldc).get(ct).i32(NR * 4).get(mr).get(nb).get(jr).sub().call(copyFn).end();
  f.get(ct).set(cp).i32(NR * 4).set(ldt);
  f.get(bj).if_().get(bj).i32(0).get(bt).i32(0).i32(1).get(nb).get(jr).sub().call(copyFn).get(bt).set(bj).end();
  f.end();
  for (let r = 1; r <= MR; r++) {
    f.get(mr).i32(r).eq().if_();
    f.get(ap).get(rsT).get(csT);
    f.get(scratch).get(jr).get(kc).mul().i32(4).mul().add();
    f.get(cp).get(ldt).get(kc).get(acc).get(bj).call(tiles[r - 1]).end();
  }
  f.get(jr).i32(NR).add().get(nb).gtS().if_();
  f.get(ct).i32(NR * 4).get(c).get(ir).get(ldc).mul().add().get(jc).get(jr).add().i32(4).mul().add().get(ldc).get(mr).get(nb).get(jr).sub().call(copyFn);
  f.end();
  f.get(jr).i32(NR).add().tee(jr).get(nb).ltS().brIf(0);
  f.end().end();
  f.get(ir).i32(MR).add().tee(ir).get(m).ltS().brIf(0);
  f.end().end();
  f.get(pc).i32(KC).add().tee(pc).get(k).ltS().brIf(0);
  f.end().end();
  f.get(jc).i32(NC).add().tee(jc).get(n).ltS().brIf(0);
  f.end().end();
  return f;
}

/** local `out` = min(value pushed by `push`, limit). */
function min(f: Body, push: () => void, limit: number, out: number): void {
  push();
  f.set(out).i32(limit).get(out).get(out).i32(limit).gtS().select().set(out);
}

/** The GEMM and the functions it calls; they open the pool's module (the calls use these indices). */
export function gemmFunctions(fma: boolean): FunctionDef[] {
  const fns: FunctionDef[] = [];
  const tiles: number[] = [];
  for (let r = 1; r <= MR; r++) tiles.push(fns.push({ body: tile(r, fma) }) - 1);
  const packFn = fns.length;
  fns.push({ body: pack() });
  const packAFn = fns.length;
  fns.push({ body: packA() });
  const copyFn = fns.length;
  fns.push({ body: copyTile() });
  fns.push({ name: GEMM.name, body: gemm(tiles, packFn, packAFn, copyFn) });
  return fns;
}
