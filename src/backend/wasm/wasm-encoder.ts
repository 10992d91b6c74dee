// A small WebAssembly binary encoder: just what the generated kernels need (i32 arithmetic, loops, f32 and
// 128-bit SIMD loads, stores and arithmetic, relaxed fused multiply-add). Generating the modules in code lets
// one source make both GEMM variants (relaxed FMA where the engine validates it, plain multiply + add
// elsewhere) with no build step and no binary in the repository.

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

/** One function body under construction. Locals are declared by type and addressed by index. */
export class Body {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];

  constructor(readonly params: ValType[]) {}

  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  private simd(opcode: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...rest);
  }

  get(i: number) { return this.op(0x20, ...uleb(i)); }
  set(i: number) { return this.op(0x21, ...uleb(i)); }
  tee(i: number) { return this.op(0x22, ...uleb(i)); }
  i32(n: number) { return this.op(0x41, ...sleb(n | 0)); }
  add() { return this.op(0x6a); }
  sub() { return this.op(0x6b); }
  mul() { return this.op(0x6c); }
  ltS() { return this.op(0x48); }
  leS() { return this.op(0x4c); }
  gtS() { return this.op(0x4a); }
  eqz() { return this.op(0x45); }
  ne() { return this.op(0x47); }
  eq() { return this.op(0x46); }
  and_() { return this.op(0x71); }
  /** Of the two values below an i32 condition, the first if it is non-zero, else the second. */
  select() { return this.op(0x1b); }
  block() { return this.op(0x02, 0x40); }
  loop() { return this.op(0x03, 0x40); }
  if_() { return this.op(0x04, 0x40); }
  else_() { return this.op(0x05); }
  end() { return this.op(0x0b); }
  return_() { return this.op(0x0f); }
  brIf(depth: number) { return this.op(0x0d, ...uleb(depth)); }
  call(fn: number) { return this.op(0x10, ...uleb(fn)); }
  f32Load(offset = 0) { return this.op(0x2a, 2, ...uleb(offset)); }
  f32Store(offset = 0) { return this.op(0x38, 2, ...uleb(offset)); }
  f32Add() { return this.op(0x92); }
  f32Sub() { return this.op(0x93); }
  f32Mul() { return this.op(0x94); }
  f32Max() { return this.op(0x97); }
  f32Const0() { return this.op(0x43, 0, 0, 0, 0); }
  f32Const(v: number) { return this.op(0x43, ...new Uint8Array(new Float32Array([v]).buffer)); }
  f32Div() { return this.op(0x95); }
  f32Sqrt() { return this.op(0x91); }
  f32ConvertI32S() { return this.op(0xb2); }
  f32x4ExtractLane(lane: number) { return this.simd(0x1f, lane); }
  v128Load(offset = 0) { return this.simd(0x00, 4, ...uleb(offset)); }
  v128Store(offset = 0) { return this.simd(0x0b, 4, ...uleb(offset)); }
  v128LoadSplat32(offset = 0) { return this.simd(0x09, 2, ...uleb(offset)); }
  v128Zero() { return this.simd(0x0c, ...new Array<number>(16).fill(0)); }
  f32x4Add() { return this.simd(0xe4); }
  f32x4Mul() { return this.simd(0xe6); }
  f32x4Sub() { return this.simd(0xe5); }
  f32x4Sqrt() { return this.simd(0xe3); }
  f32x4Splat() { return this.simd(0x13); }
  f32x4Div() { return this.simd(0xe7); }
  f32x4Min() { return this.simd(0xe8); }
  f32x4Max() { return this.simd(0xe9); }
  f32x4Nearest() { return this.simd(0x6a); }
  i32x4TruncSatF32x4S() { return this.simd(0xf8); }
  i32x4Add() { return this.simd(0xae); }
  i32x4Shl() { return this.simd(0xab); }
  /** Four copies of int32 `v`. */
  i32x4Const(v: number) {
    const bytes = new Uint8Array(new Int32Array([v, v, v, v]).buffer);
    return this.simd(0x0c, ...bytes);
  }
  /** Four copies of float32 `v`. */
  f32x4Const(v: number) {
    const bytes = new Uint8Array(new Float32Array([v, v, v, v]).buffer);
    return this.simd(0x0c, ...bytes);
  }
  /** a * b + c, rounded once or twice as the hardware prefers (relaxed SIMD). */
  f32x4RelaxedMadd() { return this.simd(0x105); }

  encode(): number[] {
    const groups: number[][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...vec(groups.map(([n, t]) => [...uleb(n), t])), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/** The imported env.memory's limits, in 64 KiB pages. */
export interface MemoryImport {
  minPages: number;
  maxPages?: number;
  shared: boolean;
}

export interface FunctionDef {
  name?: string;
  body: Body;
}

/** A module that imports a memory as env.memory and defines `functions` (none return values). */
export function encodeModule(functions: FunctionDef[], memory: MemoryImport): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(f.body.params.map((t) => [t])), 0]);
  // A shared memory must declare its maximum; an unshared one leaves it open so any maximum matches.
  const limits = memory.shared ? [0x03, ...uleb(memory.minPages), ...uleb(memory.maxPages ?? 65536)] : [0x00, ...uleb(memory.minPages)];
  const imports = [[...uleb(3), ...utf8('env'), ...uleb(6), ...utf8('memory'), 0x02, ...limits]];
  const exports = functions.flatMap((f, i) => (f.name ? [[...uleb(f.name.length), ...utf8(f.name), 0x00, ...uleb(i)]] : []));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(functions.map((f) => f.body.encode()))),
  ]);
}
