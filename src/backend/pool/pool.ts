// The GEMM, the fused attention built on it and the registered kernels' row passes on this thread plus
// helper threads over one shared memory (the WASM backend's heap). A call is split (gemm-call.ts,
// attention-call.ts, ranges of rows), the helpers' parts are posted through the control block, this thread
// runs its own part and then waits for theirs. Small calls stay on this thread: waking a helper costs more.
import { attentionMacs, type AttentionCall } from '../attention/attention-call';
import { gemmFunctions, SCRATCH_BYTES } from '../gemm/gemm-wasm';
import { splitCall, type GemmCall } from '../gemm/gemm-call';
import { encodeModule, type MemoryImport } from '../wasm/wasm-encoder';
import { rowValues, type GeneratedPass, type Params, type Pass, type RowArgs } from '../wasm/pass';
import { checkLayout, DONE, SEQ, SLOT, STATUS, STOP, writeTask, type HelperInit } from './pool-control';
import { runTask, splitRange, taskExports, type PassLayout, type PoolExports, type Task } from './pool-task';

/** Below this many multiply-adds a product runs on the calling thread alone. */
export const PARALLEL_MIN_MACS = 1 << 18;
/** Below this many floats a row pass runs on the calling thread alone. */
export const PARALLEL_MIN_FLOATS = 1 << 16;

export interface HelperWorker {
  postMessage(message: HelperInit): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<{ ready?: boolean; error?: string }>) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent) => void): void;
  terminate(): void;
}

export interface GemmPoolOptions {
  memory: WebAssembly.Memory;
  /** Threads in all, this one included; helpers need a shared memory. */
  threads: number;
  /** Allocates scratch in `memory` (bytes -> byte offset). */
  malloc: (bytes: number) => number;
  spawn?: () => HelperWorker;
  /** The registered kernels' generated passes, after the GEMM in the module. */
  passes: readonly GeneratedPass[];
}

/** The pool's module: the GEMM and `passes`, exported by name, over an imported memory. */
export function poolModuleBytes(fma: boolean, memory: MemoryImport, passes: readonly GeneratedPass[]): Uint8Array<ArrayBuffer> {
  return encodeModule([...gemmFunctions(fma), ...passes.map((p) => p.define())], memory);
}

/** Whether this engine validates relaxed SIMD (fused multiply-add); without it the plain-SIMD variant runs. */
export function hasRelaxedSimd(): boolean {
  return WebAssembly.validate(poolModuleBytes(true, { minPages: 1, shared: false }, []));
}

/** Whether a thread here may block (Atomics.wait): workers and Node may, a page's main thread may not. */
function canBlock(ctl: Int32Array): boolean {
  try {
    Atomics.wait(ctl, 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class GemmPool {
  private seq = 0;

  private constructor(
    private readonly layouts: PassLayout[],
    private readonly exports: PoolExports,
    private readonly scratch: number,
    private readonly helpers: HelperWorker[],
    private readonly ctl: Int32Array,
    readonly fma: boolean,
  ) {}

  get threads(): number {
    return this.helpers.length + 1;
  }

  static async create(opts: GemmPoolOptions): Promise<GemmPool> {
    const shared = typeof SharedArrayBuffer !== 'undefined' && opts.memory.buffer instanceof SharedArrayBuffer;
    const fma = hasRelaxedSimd();
    const layouts = opts.passes.map(({ name, kinds }) => ({ name, kinds }));
    layouts.forEach(checkLayout);
    const module = await WebAssembly.compile(poolModuleBytes(fma, { minPages: 1, shared }, opts.passes));
    const instance = await WebAssembly.instantiate(module, { env: { memory: opts.memory } });
    const helpersWanted = shared && opts.spawn ? Math.max(0, opts.threads - 1) : 0;
    const control = helpersWanted > 0 ? new SharedArrayBuffer(4 * SLOT * helpersWanted) : new ArrayBuffer(4 * SLOT);
    const ctl = new Int32Array(control);
    const helpers: HelperWorker[] = [];
    if (helpersWanted > 0 && canBlock(ctl)) {
      for (let slot = 0; slot < helpersWanted; slot++) {
        const worker = opts.spawn!();
        const ready = new Promise<boolean>((resolve) => {
          worker.addEventListener('message', (e) => resolve(Boolean(e.data.ready)));
          worker.addEventListener('error', () => resolve(false));
        });
        worker.postMessage({ module, memory: opts.memory, control: control as SharedArrayBuffer, slot, scratch: opts.malloc(SCRATCH_BYTES), passes: layouts });
        if (await ready) helpers.push(worker);
        else {
          worker.terminate();
          break;
        }
      }
    }
    return new GemmPool(layouts, taskExports(instance.exports, layouts), opts.malloc(SCRATCH_BYTES), helpers, ctl, fma);
  }

  /** Runs `call` to completion (synchronously). */
  run(call: GemmCall): void {
    const macs = call.batches * call.m * call.n * call.k;
    const parts = macs < PARALLEL_MIN_MACS ? [call] : splitCall(call, this.threads);
    this.runParts(parts.map((c) => ({ op: 'gemm', call: c })));
  }

  /** Runs the attention pairs of `call`, forward or backward, to completion (synchronously). */
  runAttention(call: AttentionCall, grad: boolean): void {
    const parts = attentionMacs(call) < PARALLEL_MIN_MACS ? [call] : splitRange(call, this.threads);
    this.runParts(parts.map((c) => ({ op: grad ? 'attentionGrad' : 'attention', call: c })));
  }

  /**
   * Runs row pass `pass` over `rows` rows to completion: split between the threads when there are at least
   * PARALLEL_MIN_FLOATS floats (`floatsPerRow` each).
   */
  runRows<P extends Params>(pass: Pass<P>, args: RowArgs<P>, rows: number, floatsPerRow: number): void {
    const index = this.layouts.findIndex((l) => l.name === pass.name);
    if (index < 0) throw new Error(`the pool's module has no pass ${pass.name} (its kernel is not in backend/kernels.ts)`);
    const call = { pass: index, ...rowValues(pass, args), from: 0, to: rows };
    const parts = rows * floatsPerRow < PARALLEL_MIN_FLOATS ? [call] : splitRange(call, this.threads);
    this.runParts(parts.map((c) => ({ op: 'rows', call: c })));
  }

  /** Posts parts 1.. to the helpers, runs part 0 here, then waits for the helpers. */
  private runParts(parts: Task[]): void {
    const seqs: number[] = [];
    for (let i = 1; i < parts.length; i++) {
      const slot = i - 1;
      writeTask(this.ctl, slot, parts[i], this.layouts);
      this.seq = this.seq >= 0x7fffffff ? 1 : this.seq + 1; // an Int32 slot; -1 is STOP
      seqs.push(this.seq);
      Atomics.store(this.ctl, slot * SLOT + SEQ, this.seq);
      Atomics.notify(this.ctl, slot * SLOT + SEQ);
    }
    let failed = false;
    try {
      runTask(this.exports, parts[0], this.scratch);
    } finally {
      seqs.forEach((seq, slot) => {
        const at = slot * SLOT + DONE;
        for (let d = Atomics.load(this.ctl, at); d !== seq; d = Atomics.load(this.ctl, at)) Atomics.wait(this.ctl, at, d, 50);
        failed ||= this.ctl[slot * SLOT + STATUS] !== 0;
      });
    }
    if (failed) throw new Error('a GEMM helper thread failed (out-of-bounds operand?)');
  }

  dispose(): void {
    this.helpers.forEach((w, slot) => {
      Atomics.store(this.ctl, slot * SLOT + SEQ, STOP);
      Atomics.notify(this.ctl, slot * SLOT + SEQ);
      w.terminate();
    });
    this.helpers.length = 0;
  }
}
